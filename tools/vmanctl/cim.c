/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/cim.h"
#include "tools/vmanctl/cim_error.h"
#include "tools/vmanctl/job.h"

const struct selector cim_host_keys[2] = {
	{ "CreationClassName", "CIM_ComputerSystem" },
	{ "Name", HOST_NAME },
};

const struct selector cim_vsms_keys[4] = {
	{ "CreationClassName", "CIM_VirtualSystemManagementService" },
	{ "Name", "vmanhv-vsms" },
	{ "SystemCreationClassName", "CIM_ComputerSystem" },
	{ "SystemName", HOST_NAME },
};

void cim_vm_keys(struct vm_keys *k, const char *name)
{
	k->sel[0] = (struct selector){ "CreationClassName", "CIM_ComputerSystem" };
	k->sel[1] = (struct selector){ "Name", name };
}

const char *cim_enabled_state_name(const char *value)
{
	/* CIM_EnabledLogicalElement.EnabledState ValueMap, in an operator's words */
	static const char *const names[] = {
		"unknown", "other", "running", "off", "shutting-down", "not-applicable",
		"offline", "in-test", "deferred", "paused", "starting",
	};
	unsigned long n;
	char *end;

	if (value == NULL) {
		return NULL;
	}
	n = strtoul(value, &end, 10);
	return *end == '\0' && n < sizeof(names) / sizeof(names[0]) ? names[n] : value;
}

static const char *return_value_name(unsigned long rv, enum cim_method_kind kind)
{
	/* dmtf-profiles.md 3.1 (VSMS) and 3.2 (RequestStateChange) */
	static const char *const vsms[] = {
		"Completed", "Not Supported", "Failed", "Timeout", "Invalid Parameter",
		"Invalid State", "Incompatible Parameters",
	};
	static const char *const rsc[] = {
		"Completed", "Not Supported", "Unknown or Unspecified Error",
		"Cannot complete within Timeout Period", "Failed", "Invalid Parameter", "In Use",
	};

	if (kind == CIM_METHOD_STATE_CHANGE) {
		switch (rv) {
		case 4097:
			return "Invalid State Transition";
		case 4098:
			return "Use of Timeout Parameter Not Supported";
		case 4099:
			return "Busy";
		default:
			return rv < 7 ? rsc[rv] : rv >= 32768 ? "vendor specific" : "reserved";
		}
	}
	return rv < 7 ? vsms[rv] : rv >= 32768 ? "vendor specific" : "reserved";
}

/* Any words the reply gives beside the code: the Message of an OUT CIM_Error
 * (Error, docs/wsman.md "Why a method failed"), or an ErrorDescription or
 * Message parameter, else NULL. */
static char *reply_reason(const struct invoke_result *res)
{
	static const char *const names[] = { "Error", "Errors", "ErrorDescription", "Message" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		for (xmlNodePtr c = res->output ? res->output->children : NULL; c; c = c->next) {
			if (c->type == XML_ELEMENT_NODE &&
			    xmlStrEqual(c->name, (const xmlChar *)names[i])) {
				/* Error, Errors: the CIM_Error's Message, not its markup */
				char *message = i < 2 ? cim_error_message(c) : NULL;

				return message != NULL ? message : xml_text(c);
			}
		}
	}
	return NULL;
}

static xmlNodePtr job_param(const struct invoke_result *res)
{
	for (xmlNodePtr c = res->output ? res->output->children : NULL; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, (const xmlChar *)"Job")) {
			return c;
		}
	}
	return NULL;
}

int cim_method_outcome(struct vmanctl *v, const struct invoke_result *res,
		       enum cim_method_kind kind, const char *what)
{
	char *why;

	if (res->return_value == 0) {
		return VMANCTL_OK;
	}
	if (res->return_value == 4096) {
		xmlNodePtr job = job_param(res);

		if (job == NULL) {
			vmanctl_error("%s: the server started a job (4096) but sent no Job", what);
			return VMANCTL_FAILED;
		}
		return job_follow(v, job, what);
	}
	why = reply_reason(res);
	vmanctl_error("%s failed: %lu %s%s%s", what, res->return_value,
		      return_value_name(res->return_value, kind), why ? ": " : "",
		      why ? why : "");
	xmlFree(why);
	return VMANCTL_FAILED;
}
