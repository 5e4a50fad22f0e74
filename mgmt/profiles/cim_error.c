/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "mgmt/profiles/cim_error.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_CIM_STATUS_CODE,
	P_CIM_STATUS_CODE_DESCRIPTION,
	P_ERROR_SOURCE,
	P_ERROR_SOURCE_FORMAT,
	P_ERROR_TYPE,
	P_MESSAGE,
	P_MESSAGE_ARGUMENTS,
	P_MESSAGE_ID,
	P_OWNING_ENTITY,
	P_PERCEIVED_SEVERITY,
	P_PROBABLE_CAUSE,
	P_PROBABLE_CAUSE_DESCRIPTION,
	P_RECOMMENDED_ACTIONS,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_CIM_STATUS_CODE] = { .name = "CIMStatusCode", .type = CIM_TYPE_UINT32 },
	[P_CIM_STATUS_CODE_DESCRIPTION] = { .name = "CIMStatusCodeDescription",
					    .type = CIM_TYPE_STRING },
	[P_ERROR_SOURCE] = { .name = "ErrorSource", .type = CIM_TYPE_STRING },
	[P_ERROR_SOURCE_FORMAT] = { .name = "ErrorSourceFormat", .type = CIM_TYPE_UINT16 },
	[P_ERROR_TYPE] = { .name = "ErrorType", .type = CIM_TYPE_UINT16 },
	[P_MESSAGE] = { .name = "Message", .type = CIM_TYPE_STRING },
	[P_MESSAGE_ARGUMENTS] = { .name = "MessageArguments", .type = CIM_TYPE_STRING,
				  .array = true },
	[P_MESSAGE_ID] = { .name = "MessageID", .type = CIM_TYPE_STRING },
	[P_OWNING_ENTITY] = { .name = "OwningEntity", .type = CIM_TYPE_STRING },
	[P_PERCEIVED_SEVERITY] = { .name = "PerceivedSeverity", .type = CIM_TYPE_UINT16 },
	[P_PROBABLE_CAUSE] = { .name = "ProbableCause", .type = CIM_TYPE_UINT16 },
	[P_PROBABLE_CAUSE_DESCRIPTION] = { .name = "ProbableCauseDescription",
					   .type = CIM_TYPE_STRING },
	[P_RECOMMENDED_ACTIONS] = { .name = "RecommendedActions", .type = CIM_TYPE_STRING,
				    .array = true },
};

const struct cim_class cim_error_class = {
	.name = "CIM_Error",
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* CIM_Error ValueMaps (CIM 2.41). */
enum {
	ERROR_TYPE_OTHER = 1,
	ERROR_TYPE_SOFTWARE = 4,
	SEVERITY_INFORMATION = 2,
	SEVERITY_WARNING = 3,		/* Degraded/Warning: the client decides */
	SEVERITY_MINOR = 4,
	PROBABLE_CAUSE_OTHER = 1,	/* with ProbableCauseDescription */
	SOURCE_FORMAT_OBJECT_PATH = 2,	/* CIMObjectPath */
};

/* The registry (docs/profiles.md lists it word for word). */
struct message_entry {
	const char *text;		/* %1, %2: MessageArguments[0], [1] */
	uint32_t arg_count;		/* how many of them it uses */
	uint16_t severity;		/* PerceivedSeverity */
	uint16_t error_type;		/* ErrorType */
	const char *cause;		/* ProbableCauseDescription */
	const char *action;		/* RecommendedActions[0] */
};

static const struct message_entry registry[] = {
	[VMH_SHUTDOWN_TIMEOUT] = {
		"Virtual system %1 did not shut down within %2 of its ACPI power button "
		"being pressed; it is still running and nothing was forced.", 2,
		SEVERITY_WARNING, ERROR_TYPE_SOFTWARE,
		"The guest does not handle the ACPI power button, or shuts down slower.",
		"Check that the guest handles the ACPI power button; request the shutdown "
		"again with a longer TimeoutPeriod, or RequestedState 3 to power it off.",
	},
	[VMH_JOB_STOPPED_BY_CLIENT] = {
		"The job watching virtual system %1 was %2 by a client before the virtual "
		"system shut down; its power button was pressed and it may still shut down.", 2,
		SEVERITY_INFORMATION, ERROR_TYPE_OTHER,
		"A client ended the job.",
		"Read the virtual system's EnabledState to see whether it stopped.",
	},
	[VMH_SHUTDOWN_FORCED] = {
		"Virtual system %1 was powered off (RequestedState 3) before its guest shut down.", 1,
		SEVERITY_INFORMATION, ERROR_TYPE_OTHER,
		"A client powered the virtual system off while the job waited.",
		"None: the virtual system is off.",
	},
	[VMH_VM_GONE] = {
		"Virtual system %1 no longer exists.", 1,
		SEVERITY_MINOR, ERROR_TYPE_OTHER,
		"The virtual system was destroyed while the job watched it.",
		"None.",
	},
	[VMH_METHOD_REFUSED] = {
		"%1 was not carried out: %2", 2,
		SEVERITY_MINOR, ERROR_TYPE_OTHER,
		"The request does not fit the element's state, its parameters or the "
		"resources available; ReturnValue gives the method's code.",
		"Change what the message names and invoke the method again.",
	},
};

#define REGISTRY_SIZE (sizeof(registry) / sizeof(registry[0]))

static const struct message_entry *entry_of(enum cim_error_message message)
{
	size_t i = (size_t)message;

	return i < REGISTRY_SIZE && registry[i].text != NULL ? &registry[i] : &registry[VMH_VM_GONE];
}

void cim_error_message_id(enum cim_error_message message, char *buf, size_t size)
{
	snprintf(buf, size, "VMH%04u", (unsigned)message % 10000U);
}

/* Append n bytes of s at *at in buf (size bytes, NUL kept), cutting to fit. */
static void append(char *buf, size_t size, size_t *at, const char *s, size_t n)
{
	size_t room = size - 1U - *at;
	size_t k = n < room ? n : room;

	memcpy(buf + *at, s, k);
	*at += k;
	buf[*at] = '\0';
}

void cim_error_text(const struct cim_error *e, char *buf, size_t size)
{
	const char *t = entry_of(e->message)->text;
	size_t at = 0;

	if (size == 0U) {
		return;
	}
	buf[0] = '\0';
	for (; *t != '\0'; t++) {
		unsigned arg = (unsigned)(t[1] - '1');

		if (t[0] == '%' && t[1] >= '1' && arg < CIM_ERROR_ARGS_MAX) {
			append(buf, size, &at, e->args[arg], strnlen(e->args[arg], CIM_ERROR_ARG_MAX));
			t++;
		} else {
			append(buf, size, &at, t, 1);
		}
	}
}

static const char *arena_copy(struct cim_arena *a, const char *s)
{
	return cim_arena_strndup(a, s, strlen(s));
}

/* The string properties of inst from e, in arena: false when it is full. */
static bool fill_strings(struct cim_instance *inst, const struct cim_error *e,
			 struct cim_arena *arena)
{
	const struct message_entry *m = entry_of(e->message);
	const char **args = cim_arena_alloc(arena, sizeof(char *) * CIM_ERROR_ARGS_MAX);
	const char **actions = cim_arena_alloc(arena, sizeof(char *));
	char text[CIM_ERROR_TEXT_MAX];
	char id[8];

	if (args == NULL || actions == NULL) {
		return false;
	}
	for (uint32_t i = 0; i < CIM_ERROR_ARGS_MAX; i++) {
		args[i] = arena_copy(arena, e->args[i]);
	}
	actions[0] = m->action;
	cim_error_text(e, text, sizeof(text));
	cim_error_message_id(e->message, id, sizeof(id));
	inst->values[P_MESSAGE].s = arena_copy(arena, text);
	inst->values[P_MESSAGE_ID].s = arena_copy(arena, id);
	inst->values[P_ERROR_SOURCE].s = arena_copy(arena, e->source);
	inst->values[P_MESSAGE_ARGUMENTS] = (struct cim_value){ .count = m->arg_count,
								.sa = args };
	inst->values[P_RECOMMENDED_ACTIONS] = (struct cim_value){ .count = 1, .sa = actions };
	inst->values[P_PROBABLE_CAUSE_DESCRIPTION].s = m->cause;
	return !arena->exhausted;
}

struct cim_instance *cim_error_instance(const struct cim_error *e, struct cim_arena *arena)
{
	const struct message_entry *m = entry_of(e->message);
	struct cim_instance *inst = cim_arena_alloc(arena, sizeof(*inst));

	if (inst == NULL || !fill_strings(inst, e, arena)) {
		return NULL;
	}
	inst->cls = &cim_error_class;
	/* DSP0200: a job's failure is no failed operation of its own: 1 FAILED */
	inst->values[P_CIM_STATUS_CODE].u = CIM_ERR_FAILED;
	inst->values[P_CIM_STATUS_CODE_DESCRIPTION].s = "CIM_ERR_FAILED";
	inst->values[P_ERROR_SOURCE_FORMAT].u = SOURCE_FORMAT_OBJECT_PATH;
	inst->values[P_ERROR_TYPE].u = m->error_type;
	inst->values[P_OWNING_ENTITY].s = CIM_ERROR_OWNING_ENTITY;
	inst->values[P_PERCEIVED_SEVERITY].u = m->severity;
	inst->values[P_PROBABLE_CAUSE].u = PROBABLE_CAUSE_OTHER;
	return inst;
}

/* The WBEM URI-ish object path of ref (DSP0207 form: namespace:class.k="v",...). */
static void object_path(const struct cim_ref *ref, char *buf, size_t size)
{
	size_t at = 0;
	int n = snprintf(buf, size, "%s:%s", ref->cim_namespace != NULL ? ref->cim_namespace : "",
			 ref->class_name != NULL ? ref->class_name : "");

	at = n > 0 && (size_t)n < size ? (size_t)n : size - 1U;
	for (uint32_t i = 0; i < ref->key_count && i < CIM_KEYS_MAX && at + 1U < size; i++) {
		const struct cim_key *k = &ref->keys[i];

		n = snprintf(buf + at, size - at, "%c%s=\"%s\"", i == 0 ? '.' : ',', k->name,
			     k->value != NULL ? k->value : "");
		at = n > 0 && (size_t)n < size - at ? at + (size_t)n : size - 1U;
	}
}

struct cim_instance *cim_error_of_method(const struct cim_call *call, const char *reason,
					 struct cim_arena *arena)
{
	struct cim_error e = { .message = VMH_METHOD_REFUSED };
	struct cim_instance *inst;
	const char **args;
	char text[CIM_MESSAGE_MAX + CIM_ERROR_ARG_MAX];
	char source[512];

	snprintf(e.args[0], sizeof(e.args[0]), "%s", call->method->name);
	object_path(call->target, source, sizeof(source));
	inst = cim_error_instance(&e, arena);
	args = cim_arena_alloc(arena, sizeof(char *) * CIM_ERROR_ARGS_MAX);
	if (inst == NULL || args == NULL) {
		return NULL;
	}
	/* The reason may be longer than an argument a job keeps: the second
	 * argument and the message are made from it whole. */
	snprintf(text, sizeof(text), "%s was not carried out: %s", call->method->name, reason);
	args[0] = inst->values[P_MESSAGE_ARGUMENTS].sa[0];
	args[1] = arena_copy(arena, reason);
	inst->values[P_MESSAGE_ARGUMENTS].sa = args;
	inst->values[P_MESSAGE].s = arena_copy(arena, text);
	/* a service's path has four keys: longer than a job's VM path */
	inst->values[P_ERROR_SOURCE].s = arena_copy(arena, source);
	return arena->exhausted ? NULL : inst;
}
