/* SPDX-License-Identifier: MIT */
/*
 * One VM's definition as the configuration store keeps it (docs/store.md):
 * everything needed to recreate the VM with hv_vm_create() and give it back
 * the settings management holds (its label, its AutomaticStartupAction),
 * and whether it was active.  Stored as a record of fields (fields.h) under
 * the key "vm/<name>", the first field "format" = DEFINITION_FORMAT.
 *
 * To add a setting: a member here and one row in definition.c's table.
 * A reader skips fields it does not know (and says which); a writer carries
 * them over from the record it replaces, so a newer firmware's settings
 * survive an older one.
 */
#ifndef VMANHV_MGMT_STORE_DEFINITION_H
#define VMANHV_MGMT_STORE_DEFINITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/api.h"
#include "mgmt/profiles/allocation.h"
#include "mgmt/store/record_table.h"

/* Bumped only for a change an older reader must refuse: a new field is not one. */
#define DEFINITION_FORMAT	1U
#define DEFINITION_KEY_PREFIX	"vm/"
#define DEFINITION_LABEL_MAX	64U	/* NUL included, as VIRTUAL_SYSTEM_ELEMENT_NAME_MAX */
/* A definition's record at most: every field at its largest. */
#define DEFINITION_RECORD_MAX	2048U

/* CIM_VirtualSystemSettingData.AutomaticStartupAction (DSP1057, VSSD MOF 2.38). */
enum definition_startup {
	DEFINITION_STARTUP_NONE = 2,
	DEFINITION_STARTUP_IF_ACTIVE = 3,	/* "Restart if previously active" */
	DEFINITION_STARTUP_ALWAYS = 4,
};

struct definition {
	char name[HV_VM_NAME_LEN];
	char label[DEFINITION_LABEL_MAX];	/* ElementName */
	char image[HV_IMAGE_NAME_LEN];
	char initrd[HV_IMAGE_NAME_LEN];
	char cmdline[HV_CMDLINE_LEN];
	uint64_t memory_bytes;
	uint32_t vcpus;
	uint16_t startup;			/* enum definition_startup */
	uint8_t active;				/* 1: running or paused when saved */
	/* Reservation, Limit, Weight, PoolID (docs/allocation.md); all 0 and ""
	 * in a record written before they were kept: the defaults */
	struct allocation_terms terms;
};

/* Told about each field a reader skips, with the VM's name (record_table.h). */
typedef record_unknown_fn definition_unknown_fn;

/*
 * d as a record into buf (size bytes), *len its length; the fields of `old`
 * (the record it replaces, or NULL) that this firmware does not know are
 * appended unchanged.  0 or -ENOSPC.
 */
int definition_encode(const struct definition *d, const void *old, size_t old_len, void *buf,
		      size_t size, size_t *len);

/*
 * The record p[0..len) into *d (fields it lacks keep their defaults:
 * startup None, inactive, no allocation terms).  0, -EBADMSG (not a sequence of fields, no
 * name, a value out of range or too long), -EPROTONOSUPPORT (a newer
 * format).  unknown (may be NULL) hears of every field skipped.
 */
int definition_decode(const void *p, size_t len, struct definition *d,
		      definition_unknown_fn unknown, void *ctx);

/* Whether v is an AutomaticStartupAction vmanhv implements (2, 3 or 4). */
bool definition_startup_valid(uint64_t v);

#endif
