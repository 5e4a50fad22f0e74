/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tools/vmanctl/job.h"
#include "tools/vmanctl/names.h"
#include "tools/vmanctl/wsman.h"

#define JOB_SELECTORS_MAX 8

const char *job_state_name(unsigned long state)
{
	/* CIM_ConcreteJob.JobState ValueMap */
	static const char *const names[] = {
		[2] = "New", [3] = "Starting", [4] = "Running", [5] = "Suspended",
		[6] = "Shutting Down", [7] = "Completed", [8] = "Terminated", [9] = "Killed",
		[10] = "Exception", [11] = "Service", [12] = "Query Pending",
	};

	return state < sizeof(names) / sizeof(names[0]) && names[state] ? names[state] :
	       "Unknown";
}

struct job_ref {
	char *uri;
	struct selector sel[JOB_SELECTORS_MAX];
	size_t nsel;
};

static int job_ref_read(xmlNodePtr job, struct job_ref *ref)
{
	xmlNodePtr params = xml_child(job, NS_WSA, "ReferenceParameters");
	xmlNodePtr set = xml_child(params, NS_WSMAN, "SelectorSet");

	*ref = (struct job_ref){ 0 };
	if (params == NULL) {
		return -1;
	}
	ref->uri = xml_text(xml_child(params, NS_WSMAN, "ResourceURI"));
	for (xmlNodePtr s = set ? set->children : NULL; s != NULL; s = s->next) {
		if (s->type != XML_ELEMENT_NODE || ref->nsel == JOB_SELECTORS_MAX) {
			continue;
		}
		ref->sel[ref->nsel].name = (char *)xmlGetProp(s, (const xmlChar *)"Name");
		ref->sel[ref->nsel].value = xml_text(s);
		ref->nsel++;
	}
	return ref->uri[0] != '\0' && ref->nsel > 0 ? 0 : -1;
}

static void job_ref_free(struct job_ref *ref)
{
	xmlFree(ref->uri);
	for (size_t i = 0; i < ref->nsel; i++) {
		xmlFree((char *)ref->sel[i].name);
		xmlFree((char *)ref->sel[i].value);
	}
}

static void progress(const char *what, const struct cim_instance *job, bool tty)
{
	const char *pct = instance_get(job, "PercentComplete");
	const char *state = instance_get(job, "JobState");
	long p = pct ? strtol(pct, NULL, 10) : 0;
	char bar[21];

	if (!tty) {
		return;
	}
	p = p < 0 ? 0 : p > 100 ? 100 : p;
	memset(bar, '#', (size_t)(p / 5));
	memset(bar + p / 5, ' ', (size_t)(20 - p / 5));
	bar[20] = '\0';
	fprintf(stderr, "\r%s [%s] %3ld%% %-12s", what, bar, p,
		job_state_name(state ? strtoul(state, NULL, 10) : 0));
	fflush(stderr);
}

/* One poll: 1 still running, VMANCTL_OK done, else an exit code. */
static int poll_once(struct vmanctl *v, const struct job_ref *ref, const char *what, bool tty)
{
	struct cim_instance job;
	struct wsman_fault fault;
	const char *state_text;
	unsigned long state;
	int rc = wsman_get(v, ref->uri, ref->sel, ref->nsel, &job, &fault);

	if (rc == VMANCTL_FAILED && fault.present) {
		wsman_fault_report("reading the job failed", &fault);
	}
	if (rc != VMANCTL_OK) {
		return rc;
	}
	progress(what, &job, tty);
	state_text = instance_get(&job, "JobState");
	state = state_text ? strtoul(state_text, NULL, 10) : 0;
	if (state == 7) {
		rc = VMANCTL_OK;
	} else if (state >= 8 && state <= 11) {
		const char *why = instance_get(&job, "ErrorDescription");

		fputs(tty ? "\n" : "", stderr);
		vmanctl_error("%s failed: job %s: %s", what, job_state_name(state),
			      why ? why : "no ErrorDescription given");
		rc = VMANCTL_FAILED;
	} else {
		rc = 1;
	}
	instance_free(&job);
	return rc;
}

int job_follow(struct vmanctl *v, xmlNodePtr job, const char *what)
{
	struct job_ref ref;
	bool tty = isatty(STDERR_FILENO) == 1;
	time_t deadline = time(NULL) + v->timeout_s;
	int rc = 1;

	if (job_ref_read(job, &ref) < 0) {
		job_ref_free(&ref);
		vmanctl_error("%s started a job but its reference is unreadable", what);
		return VMANCTL_FAILED;
	}
	/* bounded by the deadline: the job's own TimeBeforeRemoval may be longer */
	while (rc == 1 && time(NULL) <= deadline) {
		rc = poll_once(v, &ref, what, tty);
		if (rc == 1) {
			usleep(JOB_POLL_MS * 1000);
		}
	}
	if (tty && rc == VMANCTL_OK) {
		fputc('\n', stderr);
	}
	if (rc == 1) {
		vmanctl_error("%s: the job did not finish within %ld s (--timeout)", what,
			      v->timeout_s);
		rc = VMANCTL_FAILED;
	}
	job_ref_free(&ref);
	return rc;
}
