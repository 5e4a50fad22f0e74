/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/allocation_resize.h"
#include "mgmt/profiles/virtual_system_management.h"

/* The config VM vs was created from, as far as hv/api.h tells it back. */
static void config_of(const struct virtual_system *vs, struct hv_vm_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", vs->info.name);
	snprintf(c->image, sizeof(c->image), "%s", vs->image != NULL ? vs->image : "");
	c->memory_bytes = vs->info.memory_bytes;
	c->vcpus = vs->info.vcpus;
}

/* hv_vm_create()'s refusal of the new sizes as the method's answer. */
static enum cim_status refused(struct cim_call *call, struct cim_result *res, int err,
			       const struct hv_vm_config *c)
{
	if (err == -ENOMEM) {
		return cim_return(call, res, VSMS_FAILED,
				  "no room for %llu KiB in pool vmanhv:pool:memory: VM %s is "
				  "unchanged", (unsigned long long)(c->memory_bytes >> 10), c->name);
	}
	if (err == -EINVAL || err == -EFBIG) {
		return cim_return(call, res, VSMS_INVALID_PARAMETER, "VM %s: %s (it is unchanged)",
				  c->name, hv_error_text(err));
	}
	return cim_return(call, res, VSMS_FAILED, "VM %s: %s (it is unchanged)", c->name,
			  hv_error_text(err));
}

/* Destroy the old VM and create the new one; the old one again on failure.
 * 0, or -1 when the method's answer (a failure) is set. */
static int recreate(const struct virtual_system *vs, const struct hv_vm_config *now,
				const struct hv_vm_config *next, struct cim_call *call,
				struct cim_result *res)
{
	char label[VIRTUAL_SYSTEM_ELEMENT_NAME_MAX];
	uint32_t id = 0;
	int err, back;

	snprintf(label, sizeof(label), "%s", vs->element_name);
	err = hv_vm_destroy(vs->info.id);
	if (err != 0) {
		(void)cim_return(call, res, err == -EBUSY ? VSMS_INVALID_STATE : VSMS_FAILED,
				 "VM %s: %s", vs->info.name, hv_error_text(err));
		return -1;
	}
	virtual_system_forget(vs->info.id);
	err = hv_vm_create(next, &id);
	if (err != 0) {
		back = hv_vm_create(now, &id);
		if (back != 0) {
			(void)cim_return(call, res, VSMS_FAILED,
					 "VM %s lost: the new sizes failed (%s) and so did the "
					 "old ones (%s)", now->name, hv_error_text(err),
					 hv_error_text(back));
			return -1;
		}
		virtual_system_note(id, now->name, label, now->image);
		(void)refused(call, res, err, next);
		return -1;
	}
	virtual_system_note(id, next->name, label, next->image);
	return 0;
}

int allocation_settle_new(uint32_t id, const char *name, const struct allocation_terms *t,
			  struct cim_call *call, struct cim_result *res)
{
	if (allocation_terms_set(name, t) != 0) {
		snprintf(res->message, sizeof(res->message), "no room to keep VM %s's terms", name);
	} else if (allocation_memory_fits(name, res) == CIM_OK) {
		return 0;
	}
	(void)hv_vm_destroy(id);	/* DEFINED: cannot be busy */
	virtual_system_forget(id);
	allocation_terms_forget(name);
	res->status = CIM_OK;
	call->return_value = VSMS_FAILED;
	return -1;
}

static bool is_running(enum hv_vm_state s)
{
	return s == HV_VM_RUNNING || s == HV_VM_PAUSED;
}

/*
 * Whether ch changes only what a running VM may change (DSP1041 lets the
 * terms of an active allocation change): its processor Weight and Limit,
 * its memory Weight.  Quantities, Reservation, pools and affinity decide
 * where and how much of the host it holds: they wait for it to stop.
 */
static bool only_shares(const struct virtual_system *vs, const struct allocation_change *ch)
{
	struct allocation_terms was, next = ch->terms;

	allocation_terms_get(vs->info.name, &was);
	next.cpu_weight = was.cpu_weight;
	next.cpu_limit = was.cpu_limit;
	next.memory_weight = was.memory_weight;
	return ch->vcpus == vs->info.vcpus && ch->memory_bytes == vs->info.memory_bytes &&
	       memcmp(&next, &was, sizeof(was)) == 0;
}

/* New Weight or Limit of a running VM: kept, and its vCPUs' next slices follow them. */
static enum cim_status reshare(const struct virtual_system *vs,
			       const struct allocation_change *ch, struct cim_call *call,
			       struct cim_result *res)
{
	int err;

	if (allocation_terms_set(vs->info.name, &ch->terms) != 0) {
		return cim_return(call, res, VSMS_FAILED, "no room to keep VM %s's terms",
				  vs->info.name);
	}
	err = allocation_schedule(vs->info.name, vs->info.id, vs->info.vcpus);
	if (err != 0) {
		return cim_return(call, res, VSMS_FAILED, "VM %s: the scheduler refused its "
				  "terms: %s", vs->info.name, hv_error_text(err));
	}
	return cim_return(call, res, VSMS_COMPLETED, "%s", "");
}

enum cim_status allocation_resize(const struct virtual_system *vs,
				  const struct allocation_change *ch, uint32_t bad_terms,
				  struct cim_call *call, struct cim_result *res)
{
	const char *problem = allocation_terms_problem(&ch->terms, ch->vcpus);
	struct hv_vm_config now, next;
	bool resized;

	if (is_running(vs->info.state) && problem == NULL && only_shares(vs, ch)) {
		return reshare(vs, ch, call, res);
	}
	if (is_running(vs->info.state)) {
		return cim_return(call, res, VSMS_INVALID_STATE,
				  "VM %s is running: stop it before changing its processors, "
				  "memory, Reservation, pool or affinity (Weight and Limit may "
				  "change)", vs->info.name);
	}
	if (problem != NULL) {
		return cim_return(call, res, bad_terms, "VM %s: %s", vs->info.name, problem);
	}
	if (allocation_memory_room(vs->info.name, ch->terms.pool_id[ALLOCATION_MEMORY],
				   ch->memory_bytes, res) != CIM_OK) {
		res->status = CIM_OK;	/* the message names the pool: the method ran */
		call->return_value = VSMS_FAILED;
		return CIM_OK;
	}
	config_of(vs, &now);
	next = now;
	next.vcpus = ch->vcpus;
	next.memory_bytes = ch->memory_bytes;
	resized = next.vcpus != now.vcpus || next.memory_bytes != now.memory_bytes;
	if (resized && now.image[0] == '\0') {
		return cim_return(call, res, VSMS_FAILED,
				  "VM %s was not defined through DefineSystem: its guest image is "
				  "unknown, so it cannot be made again with new sizes", vs->info.name);
	}
	if (resized && recreate(vs, &now, &next, call, res) != 0) {
		return CIM_OK;	/* answered: the VM is as it was (or, said so, lost) */
	}
	if (allocation_terms_set(vs->info.name, &ch->terms) != 0) {
		return cim_return(call, res, VSMS_FAILED, "no room to keep VM %s's terms",
				  vs->info.name);
	}
	return cim_return(call, res, VSMS_COMPLETED, "%s", "");
}
