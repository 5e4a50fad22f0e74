/* SPDX-License-Identifier: MIT */
/*
 * Placement of a starting VM's vCPUs on CPUs (hv/vm.h vm_placement_plan):
 * the DSP1044 terms that decide where, not how much (docs/scheduler.md).
 * A Reservation of N holds N CPUs where nothing else runs, for as long as
 * the VM runs; an affinity (DSP1041 HostResource with MappingBehavior 5
 * Hard Affinity) allows only the CPUs it names.  Among the CPUs left, the
 * least loaded gets the next vCPU.  CPU 0 never runs guests (DESIGN.md
 * section 4).
 */
#include <errno.h>

#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "hv/vm.h"

static bool cpu_usable(uint32_t i)
{
	return i != 0U && vmx_cpu_is_on(i) && !cpus[i].stopped;
}

static uint64_t usable_cpus(void)
{
	uint64_t mask = 0;

	for (uint32_t i = 1; i < smp_cpu_count() && i < MAX_CPUS; i++) {
		mask |= cpu_usable(i) ? 1ULL << i : 0U;
	}
	return mask;
}

/* The CPUs that running VMs other than `vm` hold by their Reservations. */
static uint64_t held_by_others(const struct vm *vm)
{
	uint64_t held = 0;

	for (uint32_t id = 0; id < VM_MAX; id++) {
		const struct vm *other = vm_get(id);

		if (other != NULL && other != vm && other->state == VM_STATE_RUNNING) {
			held |= other->reserved_cpus;
		}
	}
	return held;
}

/*
 * The least loaded CPU of `mask` (vCPUs queued there plus `planned`);
 * ties go round-robin, so that VMs started one after the other spread.
 */
static uint32_t least_loaded(uint64_t mask, const uint32_t *planned)
{
	static uint32_t last;
	uint32_t n = smp_cpu_count() < MAX_CPUS ? smp_cpu_count() : MAX_CPUS;
	uint32_t best = 0, best_load = UINT32_MAX;

	for (uint32_t k = 1; k <= n; k++) {
		uint32_t i = (last + k) % n;
		uint32_t load = (mask >> i) & 1U ? vcpu_queue_length(i) + planned[i] : UINT32_MAX;

		if (load < best_load) {
			best_load = load;
			best = i;
		}
	}
	last = best;
	return best;
}

/* `count` CPUs of `mask` where no vCPU is queued; -EADDRINUSE when fewer are. */
static int reserve(uint64_t mask, uint32_t count, uint64_t *reserved)
{
	*reserved = 0;
	for (uint32_t i = 1; i < MAX_CPUS && count > 0U; i++) {
		if ((mask >> i) & 1U && vcpu_queue_length(i) == 0U) {
			*reserved |= 1ULL << i;
			count--;
		}
	}
	return count == 0U ? 0 : -EADDRINUSE;
}

int vm_placement_plan(const struct vm *vm, uint32_t *where, uint64_t *reserved)
{
	uint64_t usable = usable_cpus(), mask;
	uint32_t planned[MAX_CPUS] = { 0 };
	int err;

	*reserved = 0;
	if (usable == 0U) {
		return -ENODEV;
	}
	mask = usable & ~held_by_others(vm);
	if (vm->sched.affinity != 0U) {
		mask &= vm->sched.affinity;
	}
	if (mask == 0U) {
		return -EADDRINUSE;
	}
	if (vm->sched.reserved_cpus > 0U) {
		err = reserve(mask, vm->sched.reserved_cpus, reserved);
		if (err != 0) {
			return err;
		}
		mask = *reserved;
	}
	for (uint32_t i = 0; i < vm->vcpu_count; i++) {
		where[i] = least_loaded(mask, planned);
		planned[where[i]]++;
	}
	return 0;
}
