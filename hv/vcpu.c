/* SPDX-License-Identifier: MIT */
/*
 * The vCPU run loop.  Each CPU that runs guests has a small queue; the
 * management CPU adds vCPUs and sends CPU_CMD_RUN_VCPUS, and the CPU runs
 * them round-robin, one slice each (VCPU_SLICE_US, ended by the VMX
 * preemption timer or by the vCPU halting), until the queue is empty.
 * Only that CPU touches a queued vCPU's VMCS and registers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "hv/clock.h"
#include "hv/spinlock.h"
#include "hv/vcpu.h"
#include "hv/vm.h"

#define VCPUS_PER_CPU	8U
#define VCPU_SLICE_US	10000U

struct vcpu_queue {
	struct spinlock lock;
	struct vcpu *vcpu[VCPUS_PER_CPU];
	uint32_t next;			/* round-robin cursor */
};

static struct vcpu_queue queues[MAX_CPUS];

int vcpu_start(struct vcpu *vcpu, uint32_t cpu)
{
	struct vcpu_queue *q = &queues[cpu];
	int err = -EBUSY;

	vcpu->cpu = cpu;
	vcpu->state = VCPU_RUNNABLE;
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

void vcpu_kick(const struct vcpu *vcpu)
{
	smp_send_command(vcpu->cpu, CPU_CMD_RUN_VCPUS);
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
 * The next vCPU that may run, round-robin; NULL when none.  A waiting vCPU
 * with a stop request is picked too, so that it stops.
 */
static struct vcpu *pick_next(struct vcpu_queue *q, bool *queue_empty)
{
	struct vcpu *found = NULL;

	*queue_empty = true;
	spin_lock(&q->lock);
	for (uint32_t n = 0; n < VCPUS_PER_CPU && found == NULL; n++) {
		uint32_t i = (q->next + n) % VCPUS_PER_CPU;
		struct vcpu *v = q->vcpu[i];

		if (v == NULL) {
			continue;
		}
		*queue_empty = false;
		if (v->state == VCPU_RUNNABLE || v->vm->stop_requested) {
			found = v;
			q->next = (i + 1U) % VCPUS_PER_CPU;
		}
	}
	spin_unlock(&q->lock);
	return found;
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
	vm_vcpu_done(vcpu->vm);
}

/* One slice of `vcpu`: enter and handle exits until it yields, waits or stops. */
static int run_slice(struct vcpu *vcpu)
{
	uint64_t slice_end = rdtsc() + clock_tsc_khz() * VCPU_SLICE_US / 1000U;
	char why[VM_STOP_REASON_LEN];
	int action = VCPU_CONTINUE;

	if (!vcpu->vmx.loaded && vmx_vcpu_load(vcpu, why, sizeof(why)) != 0) {
		vm_set_stop_reason(vcpu->vm, why);
		return VCPU_STOP;
	}
	while (action == VCPU_CONTINUE) {
		if (__atomic_load_n(&vcpu->vm->stop_requested, __ATOMIC_ACQUIRE)) {
			return vcpu_stop(vcpu, "stopped by request");
		}
		action = vmx_vcpu_run_once(vcpu, slice_end);
	}
	return action;
}

void vcpu_run_queued(uint32_t cpu)
{
	struct vcpu_queue *q = &queues[cpu];

	for (;;) {
		bool empty;
		struct vcpu *v = pick_next(q, &empty);
		int action;

		if (v == NULL) {
			if (empty) {
				return;
			}
			cpu_idle();	/* every vCPU waits: sleep until an IPI */
			irq_disable();
			continue;
		}
		action = run_slice(v);
		if (action == VCPU_STOP) {
			retire(q, v);
		} else if (action == VCPU_WAIT) {
			v->state = VCPU_WAITING;
		}
	}
}

int vcpu_stop(struct vcpu *vcpu, const char *fmt, ...)
{
	char reason[VM_STOP_REASON_LEN];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(reason, sizeof(reason), fmt, ap);
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
