/* SPDX-License-Identifier: MIT */
/*
 * A VM's virtual devices as DSP1057 models them (the virtual system's
 * components, CIM_SystemDevice): one CIM_Processor per vCPU (DSP1044) and
 * one CIM_Memory (DSP1045).  They are not objects of their own: each is
 * derived from the VM's hv_vm_info() when asked for, so they come and go
 * with the VM and always show its current vCPU count and memory.
 *
 * Keys (fixed for every profile of issue 5): SystemCreationClassName
 * "CIM_ComputerSystem", SystemName = the VM's name, CreationClassName
 * "CIM_Processor" or "CIM_Memory", DeviceID "<vm>:cpu<N>" (N from 0) or
 * "<vm>:memory".  The RASD that defines each device's allocation has
 * InstanceID "vmanhv:<vm>:processor" or "vmanhv:<vm>:memory".
 */
#ifndef VMANHV_MGMT_PROFILES_VIRTUAL_DEVICE_H
#define VMANHV_MGMT_PROFILES_VIRTUAL_DEVICE_H

#include <stdint.h>

#include "hv/api.h"
#include "mgmt/cim/cim.h"
#include "mgmt/profiles/virtual_system.h"

#define PROCESSOR_DEVICE_CLASS	"CIM_Processor"
#define MEMORY_DEVICE_CLASS	"CIM_Memory"
/*
 * The class of the RASDs a device's SettingsDefineState names: the base
 * class, which every RASD class is a subclass of, so a Get through it
 * finds the RASD whatever subclass serves it.
 */
#define DEVICE_RASD_CLASS	"CIM_ResourceAllocationSettingData"
/* "<vm>:memory", "<vm>:cpu<N>", "vmanhv:<vm>:processor", with the NUL */
#define VIRTUAL_DEVICE_ID_MAX	(HV_VM_NAME_LEN + 24U)

enum virtual_device_kind {
	VIRTUAL_DEVICE_PROCESSOR = 1U << 0,
	VIRTUAL_DEVICE_MEMORY = 1U << 1,
};
#define VIRTUAL_DEVICE_ALL	(VIRTUAL_DEVICE_PROCESSOR | VIRTUAL_DEVICE_MEMORY)

struct virtual_device {
	const struct virtual_system *vs;	/* the VM it belongs to */
	enum virtual_device_kind kind;
	uint32_t index;				/* processors: the vCPU number */
};

typedef int (*virtual_device_fn)(void *ctx, const struct virtual_device *dev);

/*
 * fn for each device of the kinds in `kinds` from the from-th on (0-based,
 * a provider's stable order: VMs in id order, each VM's processors by vCPU
 * number, then its memory); non-zero from fn stops the walk and is returned.
 */
int virtual_device_each(unsigned int kinds, uint32_t from, virtual_device_fn fn, void *ctx);

/* The device's DeviceID into buf (VIRTUAL_DEVICE_ID_MAX bytes). */
void virtual_device_id(const struct virtual_device *dev, char *buf, size_t size);

/* A reference with room for its one generated key text. */
struct virtual_device_ref {
	struct cim_ref ref;
	char text[VIRTUAL_DEVICE_ID_MAX];
};

/* The reference to the device (its four keys); valid while dev->vs and out are. */
void virtual_device_ref(const struct virtual_device *dev, struct virtual_device_ref *out);
/* The reference to the RASD that defines the device's allocation (DSP1041). */
void virtual_device_rasd_ref(const struct virtual_device *dev, struct virtual_device_ref *out);

/* CIM_LogicalDevice, the superclass of both device classes (DSP0227
 * polymorphism: Enumerate or a ResultClassName of it finds both). */
extern const struct cim_class logical_device_class;

/* The strings a device's instance points at, for as long as it is used. */
struct virtual_device_text {
	char id[VIRTUAL_DEVICE_ID_MAX];
	char label[VIRTUAL_DEVICE_ID_MAX + 16U];
};

/*
 * An instance of cls (a subclass of CIM_LogicalDevice) for dev: every
 * property NULL but the CIM_LogicalDevice ones, the keys, ElementName,
 * EnabledState following the VM's (DSP1057: 2 running, 9 paused, 3 off),
 * HealthState 5 OK, OperationalStatus {2 OK}, RequestedState 12 Not
 * Applicable (a device's state is not requested on its own).
 */
void virtual_device_instance(const struct virtual_device *dev, const struct cim_class *cls,
			     struct cim_instance *inst, struct virtual_device_text *text);

/* The value of property prop of inst, if its class has it. */
void virtual_device_set(struct cim_instance *inst, const char *prop, struct cim_value v);

/* What a device provider's virtual_device_fn passes its instances to. */
struct virtual_device_emit {
	cim_instance_fn fn;
	void *ctx;
};

#endif
