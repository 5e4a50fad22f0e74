/* SPDX-License-Identifier: MIT */
/*
 * CIM_Error (DSP0004 CIM_Error, CIM 2.41; message registries in the style of
 * DSP8016/DSP8026) for what a job reports through GetErrors: vmanhv's
 * message registry, OwningEntity "vmanhv", MessageIDs "VMH" + four digits
 * (docs/profiles.md, "Message registry").  A message is a template whose
 * %1, %2 stand for its MessageArguments, so a client may match the ID and
 * read the arguments instead of parsing prose.
 */
#ifndef VMANHV_MGMT_PROFILES_CIM_ERROR_H
#define VMANHV_MGMT_PROFILES_CIM_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "mgmt/cim/cim.h"

#define CIM_ERROR_OWNING_ENTITY	"vmanhv"
#define CIM_ERROR_ARGS_MAX	2U
#define CIM_ERROR_ARG_MAX	64U	/* bytes of one argument, NUL included */
#define CIM_ERROR_TEXT_MAX	256U	/* a message with its arguments, NUL included */

/* The registry's messages; the number is the MessageID's (VMH0001 = 1). */
enum cim_error_message {
	VMH_SHUTDOWN_TIMEOUT = 1,	/* the guest did not shut down in time */
	VMH_JOB_STOPPED_BY_CLIENT = 2,	/* Terminate / Kill / KillJob on the job */
	VMH_SHUTDOWN_FORCED = 3,	/* RequestStateChange(3) powered the VM off meanwhile */
	VMH_VM_GONE = 4,		/* the VM no longer exists */
	VMH_METHOD_REFUSED = 5,		/* a method returned non-zero, with the reason */
};

/* One error as a job keeps it: which message, with which arguments. */
struct cim_error {
	enum cim_error_message message;
	char args[CIM_ERROR_ARGS_MAX][CIM_ERROR_ARG_MAX];
	/* ErrorSource: the WBEM URI-ish object path of the element concerned */
	char source[CIM_ERROR_ARG_MAX * 2U];
};

/* "VMH0001" for message 1, into buf (at least 8 bytes). */
void cim_error_message_id(enum cim_error_message message, char *buf, size_t size);

/* The message's text with its arguments in place of %1, %2, cut to size. */
void cim_error_text(const struct cim_error *e, char *buf, size_t size);

/*
 * The CIM_Error instance of e, built in arena (the instance and its
 * strings): NULL when the arena is full.
 */
struct cim_instance *cim_error_instance(const struct cim_error *e, struct cim_arena *arena);

/*
 * The CIM_Error sent beside a method's non-zero ReturnValue (the
 * registry's method_error hook, docs/wsman.md "Why a method failed"):
 * VMH0005 with the method's name and `reason`, ErrorSource the object path
 * of the element invoked.  Built in arena; NULL when it is full.
 */
struct cim_instance *cim_error_of_method(const struct cim_call *call, const char *reason,
					 struct cim_arena *arena);

extern const struct cim_class cim_error_class;

#endif
