/* SPDX-License-Identifier: MIT */
/*
 * The VMs as DSP1057 virtual systems: each VM is a CIM_ComputerSystem
 * keyed CreationClassName "CIM_ComputerSystem" + Name = the VM's name (the
 * hypervisor's unique, stable name for it, docs/profiles.md), served by a
 * second provider of the class the host's instance belongs to.
 *
 * What the hypervisor does not keep, management does, per VM: the label a
 * client gave (ElementName, editable) and the guest image it was defined
 * with.  Both are looked up by the VM's id and name together, so a record
 * never outlives its VM.
 */
#ifndef VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_H
#define VMANHV_MGMT_PROFILES_VIRTUAL_SYSTEM_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/api.h"
#include "mgmt/cim/cim.h"

#define VIRTUAL_SYSTEM_CLASS		"CIM_ComputerSystem"
#define VIRTUAL_SYSTEM_ELEMENT_NAME_MAX	64U	/* bytes, NUL included (MaxElementNameLen 63) */

/* One VM as management sees it; the strings live as long as the VM's record. */
struct virtual_system {
	struct hv_vm_info info;
	const char *element_name;	/* the label; the VM's name until a client changes it */
	const char *image;		/* the guest image it was defined with; NULL if unknown */
	uint16_t startup_action;	/* VSSD AutomaticStartupAction: 2 None, 3, 4 */
	const char *initrd;		/* its initrd (a guest file); NULL for none */
	const char *cmdline;		/* the kernel's command line; NULL for none */
};

/* The VM with id `id` (below HV_VM_MAX): 0 or -ENOENT. */
int virtual_system_at(uint32_t id, struct virtual_system *vs);
/* The VM named `name`: 0 or -ENOENT. */
int virtual_system_find(const char *name, struct virtual_system *vs);
typedef int (*virtual_system_fn)(void *ctx, const struct virtual_system *vs);
/*
 * fn for each VM from the `from`-th on (0-based, in id order: a provider's
 * stable order); non-zero from fn stops the walk and is returned.
 */
int virtual_system_each(uint32_t from, virtual_system_fn fn, void *ctx);

/* What a provider's virtual_system_fn passes its instances to: its
 * enumerate()'s callback and context. */
struct virtual_system_emit {
	cim_instance_fn fn;
	void *ctx;
};

/*
 * Whether `name` can name a new VM: 1 to HV_VM_NAME_LEN - 1 of
 * [A-Za-z0-9._-] (hv/api.h), and not the host's Name, which the VM's
 * CIM_ComputerSystem would otherwise share.  NULL, or why not.
 */
const char *virtual_system_name_problem(const char *name);

/* Remember what DefineSystem knew about the VM just created as `id`. */
void virtual_system_note(uint32_t id, const char *name, const char *element_name,
			 const char *image);
/* Remember what the VM just created as `id` boots (config's name, image,
 * initrd, command line) and its label. */
void virtual_system_note_config(uint32_t id, const struct hv_vm_config *config,
				const char *element_name);
/*
 * The request that creates vs again as it is: its name, memory and vCPUs
 * from the hypervisor, its image, initrd and command line from the record.
 */
void virtual_system_config(const struct virtual_system *vs, struct hv_vm_config *config);
/* The VM was created again and is now `to` (it was `from`): its record follows it. */
void virtual_system_move(uint32_t from, uint32_t to);
/* Change the VM's label: 0, -ENOENT (no such VM) or -EINVAL (empty or too long). */
int virtual_system_set_element_name(const char *name, const char *element_name);
/* Forget the record of a VM that is gone. */
void virtual_system_forget(uint32_t id);

/* VSSD AutomaticStartupAction (DSP1057; 2 None until set) of every VM. */
#define VIRTUAL_SYSTEM_STARTUP_NONE	2U
#define VIRTUAL_SYSTEM_STARTUP_ALWAYS	4U	/* the highest value: 3 is "if previously active" */
/*
 * Set VM `name`'s AutomaticStartupAction: 0, -ENOENT, or -EINVAL (not 2
 * None, 3 Restart if previously active or 4 Always startup).
 */
int virtual_system_set_startup_action(const char *name, uint64_t action);

/*
 * Say that a VM's definition changed: defined, destroyed, relabelled,
 * reconfigured, started or stopped.  Every provider calls it after such a
 * change succeeds; the firmware's configuration store then writes every
 * definition (mgmt/store/persist.c, docs/store.md).  Until a listener is
 * set (hosted builds, unit tests), nothing happens.
 */
void virtual_system_changed(void);
/* The listener virtual_system_changed() calls; set once at boot, NULL for none. */
void virtual_system_on_change(void (*fn)(void));

/* DSP1057 EnabledState of a VM: 2 Enabled when running, 3 Disabled otherwise. */
uint16_t virtual_system_enabled_state(enum hv_vm_state state);

/* The reference to VM `name`'s CIM_ComputerSystem; name must outlive ref. */
void virtual_system_ref(const char *name, struct cim_ref *ref);

extern const struct cim_provider virtual_system_provider;

#endif
