/* SPDX-License-Identifier: MIT */
/*
 * The WS-Man operations vmanctl uses (DSP0226): Identify, Get,
 * Enumerate/Pull/Release (optimized, with the DSP0227 association filter)
 * and Invoke of extrinsic methods.  Each returns a vmanctl exit code; a SOAP
 * fault is VMANCTL_FAILED with *FAULT filled for the caller to report
 * (wsman_fault_report) or to act on (a class the server does not serve).
 */
#ifndef VMANCTL_WSMAN_H
#define VMANCTL_WSMAN_H

#include <libxml/tree.h>
#include <stdbool.h>

#include "tools/vmanctl/instance.h"
#include "tools/vmanctl/soap.h"
#include "tools/vmanctl/vmanctl.h"

#define WSMAN_PULL_ROUNDS_MAX	4096	/* 32 items a round: far beyond any host */

struct wsman_fault {
	bool present;
	char subcode[256];	/* local name: "InvalidSelectors", "DestinationUnreachable" */
	char reason[1024];	/* s:Reason/s:Text */
	char detail[256];	/* wsman:FaultDetail, "" when none */
};

/* What DSP0227 8.2 AssociatedInstances names: the object and the filters. */
struct wsman_assoc {
	const char *object_uri;
	const struct selector *sel;
	size_t nsel;
	const char *association_class;	/* NULL: any */
	const char *result_class;	/* NULL: any */
};

struct invoke_result {
	xmlDocPtr doc;		/* the reply; instance_free-like: wsman_invoke_done() */
	xmlNodePtr output;	/* p:METHOD_OUTPUT */
	unsigned long return_value;
};

/* wsman_fault_report - "vmanctl: WHAT: the reason (subcode, detail)". */
void wsman_fault_report(const char *what, const struct wsman_fault *f);

/* wsman_fault_is_not_served - a fault saying the class or method is not served. */
bool wsman_fault_is_not_served(const struct wsman_fault *f);

int wsman_identify(struct vmanctl *v, struct cim_instance *out);

int wsman_get(struct vmanctl *v, const char *uri, const struct selector *sel, size_t nsel,
	      struct cim_instance *out, struct wsman_fault *fault);

/* wsman_enumerate - every instance of URI (or, with ASSOC, the associated ones). */
int wsman_enumerate(struct vmanctl *v, const char *uri, const struct selector *sel,
		    size_t nsel, const struct wsman_assoc *assoc, struct instance_list *out,
		    struct wsman_fault *fault);

/*
 * Invoke in two steps: wsman_invoke_begin() gives the METHOD_INPUT element
 * for the caller's parameters (soap_child with the class's URI as namespace,
 * soap_epr, embedded_text), wsman_invoke_send() sends it and reads the
 * ReturnValue.
 */
xmlNodePtr wsman_invoke_begin(struct vmanctl *v, struct soap_request *req, const char *uri,
			      const struct selector *sel, size_t nsel, const char *method);
int wsman_invoke_send(struct vmanctl *v, struct soap_request *req, const char *method,
		      struct invoke_result *res, struct wsman_fault *fault);
void wsman_invoke_done(struct invoke_result *res);

#endif
