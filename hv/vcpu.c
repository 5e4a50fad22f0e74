/* SPDX-License-Identifier: MIT */
/*
 * The vCPU run loop.  Each CPU that runs guests has a small queue; the
 * management CPU adds vCPUs and sends CPU_CMD_RUN_VCPUS, and the CPU runs
 * them one slice at a time (at most SCHED_SLICE_US, ended by the VMX
 * preemption timer, SDM Vol. 3C 25.5.1, or by the vCPU halting) until the
 * queue is empty.  Which vCPU gets the next slice follows its VM's Weight
 * and Limit (hv/sched_share.h, docs/scheduler.md); the cost stays at slice
 * boundaries, never on the exit path.  Only that CPU touches a queued
 * vCPU's VMCS and registers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "hv/clock.h"
#include "hv/spinlock.h"
#include "hv/vcpu.h"
#include "hv/vm.h"

#define VCPUS_PER_CPU	8U

struct vcpu_queue {
	struct spinlock lock;
	struct vcpu *vcpu[VCPUS_PER_CPU];
	uint32_t next;			/* round-robin cursor among equal virtual times */
	uint64_t clock;			/* the virtual time last picked (a waking vCPU's floor) */
};

static struct vcpu_queue queues[MAX_CPUS];
/* Per CPU: the vCPU in its slice (the xAPIC page is per vCPU at one address). */
static struct vcpu *running[MAX_CPUS];

int vcpu_start(struct vcpu *vcpu, uint32_t cpu)
{
	struct vcpu_queue *q = &queues[cpu];
	int err = -EBUSY;

	vcpu->cpu = cpu;
	vcpu_power_on(vcpu);
	spin_lock(&q->lock);
	for (uint32_t i = 0; i < VCPUS_PER_CPU && err != 0; i++) {
		if (q->vcpu[i] == NULL) {
			q->vcpu[i] = vcpu;
			err = 0;
		}
	}
	spin_unlock(&q->lock);
	if (err == 0) {
		smp_send_command(cpu, CPU_CMD_RUN_VCPUS);
	}
	return err;
}

void vcpu_power_on(struct vcpu *vcpu)
{
	vlapic_init(&vcpu->lapic, vcpu->index, clock_tsc_khz());
	memset(&vcpu->vmx.regs, 0, sizeof(vcpu->vmx.regs));
	for (uint32_t i = 0; i < VMX_GUEST_MSRS; i++) {
		vcpu->vmx.guest_msrs[i].value = 0;	/* SYSCALL MSRs and the like: 0 at reset */
	}
	vcpu->init_pending = false;
	vcpu->sipi_pending = false;
	vcpu->last_event[0] = '\0';
	vcpu->parked = false;
	vcpu->halted_for_good = false;
	if (vcpu->index == 0U) {
		vcpu->vm->vcpus_halted = 0;	/* every vCPU powers on together */
	}
	/* The BSP runs from the loader's state; APs wait for INIT-SIPI-SIPI. */
	vcpu->wait_for_sipi = vcpu->index != 0U;
	vcpu->state = vcpu->wait_for_sipi ? VCPU_WAITING : VCPU_RUNNABLE;
}

void vcpu_kick(const struct vcpu *vcpu)
{
	smp_send_command(vcpu->cpu, CPU_CMD_RUN_VCPUS);
}

/*
 * A vCPU on another CPU needs that CPU woken (out of the guest by an
 * external-interrupt exit, or out of its idle HLT); on this CPU the run
 * loop sees the event before it next picks a vCPU.
 */
static void wake(const struct vcpu *vcpu)
{
	if (vcpu->cpu != this_cpu()->index) {
		vcpu_kick(vcpu);
	}
}

/* Whether the ICR's destination (field or shorthand, 10.6.1) includes `to`. */
static bool addressed(const struct vcpu *from, const struct vcpu *to,
		      const struct vlapic_ipi *ipi)
{
	switch (ipi->shorthand) {
	case VLAPIC_DEST_SELF:
		return to == from;
	case VLAPIC_DEST_ALL:
		return true;
	case VLAPIC_DEST_OTHERS:
		return to != from;
	default:
		return vlapic_matches(&to->lapic, ipi);
	}
}

/* One message to one vCPU.  INIT/SIPI become flags its own CPU acts on. */
static void deliver(struct vcpu *to, const struct vlapic_ipi *ipi)
{
	if (ipi->mode == VLAPIC_DM_INIT) {
		/* A SIPI from before this INIT is void; one after it must survive. */
		__atomic_store_n(&to->sipi_pending, false, __ATOMIC_RELEASE);
		__atomic_store_n(&to->init_pending, true, __ATOMIC_RELEASE);
	} else if (ipi->mode == VLAPIC_DM_STARTUP) {
		/* A SIPI reaches only a CPU waiting for one (SDM Vol. 3A 8.4.2). */
		if (!to->wait_for_sipi && !to->init_pending) {
			return;
		}
		to->sipi_vector = ipi->vector;
		__atomic_store_n(&to->sipi_pending, true, __ATOMIC_RELEASE);
	} else if (!(ipi->trigger_level ? vlapic_accept_level(&to->lapic, ipi->vector)
					 : vlapic_accept(&to->lapic, ipi->vector))) {
		return;
	}
	wake(to);
}

/* To each vCPU the message addresses (`from` NULL: a device, no shorthand). */
static int send_message(struct vm *vm, const struct vcpu *from, const struct vlapic_ipi *ipi)
{
	if (ipi->mode == VLAPIC_DM_NMI || ipi->mode == VLAPIC_DM_SMI) {
		return -ENOTSUP;
	}
	if (ipi->mode == VLAPIC_DM_INIT && !ipi->level_assert) {
		return 0;	/* INIT level de-assert: no effect on x2APIC CPUs (10.6.1) */
	}
	for (uint32_t i = 0; i < vm->vcpu_count; i++) {
		struct vcpu *to = &vm->vcpu[i];

		if (!addressed(from, to, ipi)) {
			continue;
		}
		deliver(to, ipi);
		/* Lowest priority goes to one CPU: the first addressed (10.6.2.4). */
		if (ipi->mode == VLAPIC_DM_LOWEST) {
			break;
		}
	}
	return 0;
}

int vcpu_send_ipi(struct vcpu *from, const struct vlapic_ipi *ipi)
{
	return send_message(from->vm, from, ipi);
}

/*
 * Device messages in a mode not emulated for devices (NMI, SMI, INIT,
 * ExtINT from an I/O APIC pin) are dropped: only fixed and lowest-priority
 * pins reach the vCPUs.
 */
void vcpu_deliver(struct vm *vm, const struct vlapic_ipi *message)
{
	if (message->mode == VLAPIC_DM_FIXED || message->mode == VLAPIC_DM_LOWEST) {
		send_message(vm, NULL, message);
	}
}

uint32_t vcpu_queue_length(uint32_t cpu)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < VCPUS_PER_CPU; i++) {
		n += queues[cpu].vcpu[i] != NULL ? 1U : 0U;
	}
	return n;
}

/*
 * Whether a waiting vCPU has something to run for: INIT, a SIPI while it
 * waits for one, or an interrupt its APIC would deliver (its timer is
 * brought up to `now` first).  Its own CPU only.
 */
static bool has_event(struct vcpu *v, uint64_t now)
{
	if (v->init_pending) {
		return true;
	}
	if (v->wait_for_sipi) {
		return v->sipi_pending;
	}
	vlapic_timer_update(&v->lapic, now);
	return vlapic_pending_vector(&v->lapic) >= 0;
}

/*
 * A vCPU of a paused VM is not picked (it costs no CPU), unless its VM
 * must stop or it has yet to clear its VMCS for a reset.
 */
static bool held(const struct vcpu *v)
{
	const struct vm *vm = v->vm;

	return vm->paused && !vm->stop_requested && !(vm->reset_requested && !v->parked);
}

static uint64_t period_ticks(void)
{
	return clock_tsc_khz() * SCHED_PERIOD_US / 1000U;
}

/*
 * What is left of the VM's Limit budget in this period (UINT64_MAX: no
 * Limit); when nothing, *wake_at comes down to the next period's start.
 */
static uint64_t budget_left(struct vm *vm, uint64_t now, uint64_t *wake_at)
{
	uint64_t budget = __atomic_load_n(&vm->budget_ticks, __ATOMIC_RELAXED);
	uint64_t period, left;

	if (budget == 0U) {
		return UINT64_MAX;	/* no Limit (nor a period to divide by) */
	}
	period = now / period_ticks();
	spin_lock(&vm->sched_lock);
	left = sched_budget_left(&vm->budget, period, budget);
	spin_unlock(&vm->sched_lock);
	if (left == 0U && (period + 1U) * period_ticks() < *wake_at) {
		*wake_at = (period + 1U) * period_ticks();
	}
	return left;
}

/*
 * Whether v wants this CPU now: runnable, or waiting with an event, and
 * its VM within its Limit.  A stop or reset request is served regardless.
 */
static bool wants_cpu(struct vcpu *v, uint64_t now, uint64_t *wake_at)
{
	if (held(v)) {
		return false;
	}
	if (v->vm->reset_requested || v->vm->stop_requested) {
		return true;
	}
	if (v->state != VCPU_RUNNABLE && !(v->state == VCPU_WAITING && has_event(v, now))) {
		return false;
	}
	return budget_left(v->vm, now, wake_at) > 0U;
}

/*
 * The next vCPU to run: of those that want the CPU, the one with the least
 * virtual time (Weight, sched_share_pick); NULL when none, with *wake_at
 * the start of the next period if a Limit holds some back.  A waking vCPU
 * is not credited more than one default slice behind the queue.
 */
static struct vcpu *pick_next(struct vcpu_queue *q, bool *queue_empty, uint64_t *wake_at)
{
	uint64_t vtime[VCPUS_PER_CPU], now = rdtsc();
	uint64_t lag = clock_tsc_khz() * SCHED_SLICE_US / 1000U;
	bool wants[VCPUS_PER_CPU];
	struct vcpu *found = NULL;
	uint32_t i;

	*queue_empty = true;
	*wake_at = VLAPIC_NO_DEADLINE;
	spin_lock(&q->lock);
	for (i = 0; i < VCPUS_PER_CPU; i++) {
		struct vcpu *v = q->vcpu[i];

		*queue_empty = *queue_empty && v == NULL;
		wants[i] = v != NULL && wants_cpu(v, now, wake_at);
		vtime[i] = v != NULL ? v->vtime : 0U;
	}
	i = sched_share_pick(vtime, wants, VCPUS_PER_CPU, q->next,
			     q->clock > lag ? q->clock - lag : 0U);
	if (i != SCHED_NO_VCPU) {
		found = q->vcpu[i];
		found->vtime = vtime[i];
		found->state = VCPU_RUNNABLE;
		q->next = (i + 1U) % VCPUS_PER_CPU;
		q->clock = vtime[i] > q->clock ? vtime[i] : q->clock;
	}
	spin_unlock(&q->lock);
	return found;
}

/* Charge a slice of `ran` ticks: the vCPU's virtual time and CPU time, its VM's Limit. */
static void account(struct vcpu *v, uint64_t ran)
{
	struct vm *vm = v->vm;

	v->vtime += sched_share_charge(ran, __atomic_load_n(&vm->sched.weight, __ATOMIC_RELAXED));
	__atomic_store_n(&v->ran_ticks, v->ran_ticks + ran, __ATOMIC_RELAXED);
	if (__atomic_load_n(&vm->budget_ticks, __ATOMIC_RELAXED) != 0U) {
		spin_lock(&vm->sched_lock);
		sched_budget_charge(&vm->budget, rdtsc() / period_ticks(), ran);
		spin_unlock(&vm->sched_lock);
	}
}

/* The vCPU will never run again: clear its VMCS, leave the queue, report. */
static void retire(struct vcpu_queue *q, struct vcpu *vcpu)
{
	vmx_vcpu_unload(&vcpu->vmx);
	spin_lock(&q->lock);
	for (uint32_t i = 0; i < VCPUS_PER_CPU; i++) {
		if (q->vcpu[i] == vcpu) {
			q->vcpu[i] = NULL;
		}
	}
	spin_unlock(&q->lock);
	vcpu->state = VCPU_DONE;
	vm_vcpu_done(vcpu);
}

/*
 * INIT: an AP returns to wait-for-SIPI with its APIC reset and its VMCS
 * cleared, to be set up afresh at the SIPI (SDM Vol. 3A 8.4, 10.4.7.3).
 * vmanhv does not emulate a reset of the BSP: INIT to vCPU 0 stops the VM.
 */
static int take_init(struct vcpu *vcpu)
{
	if (vcpu->index == 0U) {
		return vcpu_stop(vcpu, "INIT IPI to vCPU 0, the BSP: a reset is not emulated");
	}
	vmx_vcpu_unload(&vcpu->vmx);
	vlapic_init_signal(&vcpu->lapic);
	vcpu->wait_for_sipi = true;
	return VCPU_WAIT;
}

/* SIPI vector VV: real mode at VV00:0000, i.e. physical VV000 (8.4.1). */
static void take_sipi(struct vcpu *vcpu)
{
	vcpu->boot = (struct vcpu_boot){
		.mode = VCPU_MODE_REAL,
		.cs_selector = (uint16_t)(vcpu->sipi_vector << 8),
		.rip = 0,
		.rsp = 0,
	};
	memset(&vcpu->vmx.regs, 0, sizeof(vcpu->vmx.regs));
	vcpu->wait_for_sipi = false;
}

/* INIT and SIPI that arrived since the last entry; VCPU_CONTINUE when it may run. */
static int take_start_events(struct vcpu *vcpu)
{
	if (__atomic_exchange_n(&vcpu->init_pending, false, __ATOMIC_ACQ_REL) &&
	    take_init(vcpu) == VCPU_STOP) {
		return VCPU_STOP;
	}
	if (!vcpu->wait_for_sipi) {
		return VCPU_CONTINUE;
	}
	if (!__atomic_exchange_n(&vcpu->sipi_pending, false, __ATOMIC_ACQ_REL)) {
		return VCPU_WAIT;
	}
	take_sipi(vcpu);
	return VCPU_CONTINUE;
}

/*
 * The earliest APIC timer deadline (TSC) of the vCPUs queued here that
 * wait, other than `except`; VLAPIC_NO_DEADLINE when none.
 */
static uint64_t next_timer(struct vcpu_queue *q, const struct vcpu *except)
{
	uint64_t next = VLAPIC_NO_DEADLINE;

	spin_lock(&q->lock);
	for (uint32_t i = 0; i < VCPUS_PER_CPU; i++) {
		const struct vcpu *v = q->vcpu[i];

		if (v != NULL && v != except && v->state == VCPU_WAITING && !v->wait_for_sipi &&
		    !v->vm->paused &&
		    vlapic_timer_next(&v->lapic) < next) {
			next = vlapic_timer_next(&v->lapic);
		}
	}
	spin_unlock(&q->lock);
	return next;
}

/*
 * The VM is paused: leave the CPU.  For a reset, clear the VMCS here (only
 * this CPU may) so that the next entry sets it up afresh from vcpu->boot.
 */
static void park(struct vcpu *vcpu)
{
	if (vcpu->vm->reset_requested && !vcpu->parked) {
		vmx_vcpu_unload(&vcpu->vmx);
		__atomic_store_n(&vcpu->parked, true, __ATOMIC_RELEASE);
	}
}

/*
 * One slice of `vcpu`: enter and handle exits until it yields, waits or
 * stops.  The slice ends where its VM's Limit budget runs out, and early
 * when the APIC timer of a vCPU waiting on this CPU expires, so that its
 * interrupt is not held back by a whole slice of its neighbour (and
 * coalesced with the next).
 */
static int run_slice(struct vcpu_queue *q, struct vcpu *vcpu)
{
	uint64_t now = rdtsc(), unused = VLAPIC_NO_DEADLINE;
	uint64_t slice = clock_tsc_khz() * SCHED_SLICE_US / 1000U;
	uint64_t left = budget_left(vcpu->vm, now, &unused);
	uint64_t slice_end = now + (left < slice ? left : slice);	/* no further than the Limit */
	uint64_t neighbour = next_timer(q, vcpu);
	char why[VM_STOP_REASON_LEN];
	int action = VCPU_CONTINUE;

	if (neighbour < slice_end) {
		slice_end = neighbour;
	}

	running[this_cpu()->index] = vcpu;
	while (action == VCPU_CONTINUE) {
		if (__atomic_load_n(&vcpu->vm->stop_requested, __ATOMIC_ACQUIRE)) {
			return vcpu_stop(vcpu, "stopped by request");
		}
		if (__atomic_load_n(&vcpu->vm->paused, __ATOMIC_ACQUIRE)) {
			park(vcpu);
			return VCPU_YIELD;
		}
		action = take_start_events(vcpu);
		if (action != VCPU_CONTINUE) {
			return action;
		}
		if (!vcpu->vmx.loaded && vmx_vcpu_load(vcpu, why, sizeof(why)) != 0) {
			vm_set_stop_reason(vcpu->vm, why);
			return VCPU_STOP;
		}
		action = vmx_vcpu_run_once(vcpu, slice_end);
	}
	return action;
}

/*
 * Every vCPU here waits or is over its VM's Limit: sleep (a waiting vCPU
 * costs no CPU) until an IPI or, when a guest's APIC timer is armed or a
 * Limit's period ends (`wake_at`), until that deadline, counted by
 * this CPU's own LAPIC timer raising the wake-up vector.  That timer's rate
 * is a calibration, not the TSC: it is armed for 15/16 of the time left,
 * and the run loop sleeps again for the rest, so that the guest's
 * interrupt comes at its TSC deadline and not a calibration error later.
 */
static void idle_until_event(struct vcpu_queue *q, uint64_t wake_at)
{
	uint64_t deadline = next_timer(q, NULL), now = rdtsc();

	if (wake_at < deadline) {
		deadline = wake_at;	/* a Limit's next period */
	}

	if (deadline != VLAPIC_NO_DEADLINE) {
		unsigned __int128 ticks = deadline > now ? deadline - now : 0U;

		ticks = (ticks - ticks / 16U) * clock_lapic_khz() / clock_tsc_khz() + 1U;
		lapic_timer_oneshot(ticks > UINT32_MAX ? UINT32_MAX : (uint32_t)ticks,
				    VECTOR_WAKEUP);
	}
	cpu_idle();
	irq_disable();
	if (deadline != VLAPIC_NO_DEADLINE) {
		lapic_timer_stop();
	}
}

/*
 * The xAPIC page at 0xFEE00000 (the VM's MMIO bus; `device` is the VM):
 * the access goes to the APIC of the vCPU that made it, the one in its
 * slice on this CPU.  What the page refuses stops the VM, naming it.
 */
void vcpu_xapic_window(void *device, uint64_t offset, uint8_t size, bool is_read,
		       uint64_t *value)
{
	struct vcpu *vcpu = running[this_cpu()->index];
	struct vlapic_ipi ipi;
	uint32_t v = (uint32_t)*value;
	int result;

	if (vcpu == NULL || vcpu->vm != device) {
		return;		/* MMIO comes only from a vCPU's exit: cannot happen */
	}
	result = vlapic_mmio(&vcpu->lapic, offset, size, !is_read, &v, rdtsc(), &ipi);
	if (result == -EPERM) {
		vcpu_request_stop(vcpu, "xAPIC page at 0xFEE00000 accessed while the APIC is "
				  "disabled or in x2APIC mode (offset 0x%lx)", offset);
	} else if (result < 0) {
		vcpu_request_stop(vcpu, "xAPIC: %u-byte %s at offset 0x%lx; only aligned 32-bit "
				  "accesses are defined", size, is_read ? "read" : "write", offset);
	} else if (result == VLAPIC_WRITE_LEVEL_EOI) {
		vm_ioapic_eoi(vcpu->vm, ipi.vector);
	} else if (result == VLAPIC_WRITE_IPI && vcpu_send_ipi(vcpu, &ipi) != 0) {
		vcpu_request_stop(vcpu, "IPI with delivery mode %u (NMI/SMI) is not emulated",
				  (unsigned int)ipi.mode);
	}
	*value = result < 0 ? 0xFFFFFFFFU : is_read ? v : *value;
}

void vcpu_run_queued(uint32_t cpu)
{
	struct vcpu_queue *q = &queues[cpu];

	for (;;) {
		bool empty;
		uint64_t wake_at, start;
		struct vcpu *v = pick_next(q, &empty, &wake_at);
		int action;

		if (v == NULL) {
			if (empty) {
				return;
			}
			idle_until_event(q, wake_at);
			continue;
		}
		start = rdtsc();
		action = run_slice(q, v);
		account(v, rdtsc() - start);
		if (action == VCPU_STOP) {
			retire(q, v);
		} else if (action == VCPU_WAIT) {
			v->state = VCPU_WAITING;
		}
	}
}

void vcpu_request_stop(struct vcpu *vcpu, const char *fmt, ...)
{
	char reason[VM_STOP_REASON_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	vcpu_stop(vcpu, "%s", reason);
	vm_request_stop(vcpu->vm);
}

int vcpu_stop(struct vcpu *vcpu, const char *fmt, ...)
{
	char reason[VM_STOP_REASON_LEN];
	va_list ap;
	int len;

	len = vcpu->vm->vcpu_count > 1U ? snprintf(reason, sizeof(reason), "vCPU %u: ",
						   vcpu->index) : 0;
	va_start(ap, fmt);
	len += vsnprintf(reason + len, sizeof(reason) - (size_t)len, fmt, ap);
	va_end(ap);
	if (vcpu->last_event[0] != '\0' && len > 0 && (size_t)len < sizeof(reason)) {
		snprintf(reason + len, sizeof(reason) - (size_t)len, " (after %s)",
			 vcpu->last_event);
	}
	vm_set_stop_reason(vcpu->vm, reason);
	return VCPU_STOP;
}

void vcpu_note_event(struct vcpu *vcpu, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vcpu->last_event, sizeof(vcpu->last_event), fmt, ap);
	va_end(ap);
}
