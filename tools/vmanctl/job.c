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

/* One poll: *STATE the JobState (0 when absent), WHY its ErrorDescription. */
static int poll_once(struct vmanctl *v, const struct job_ref *ref, const char *what, bool tty,
		     unsigned long *state, char *why, size_t why_len)
{
	struct cim_instance job;
	struct wsman_fault fault;
	const char *text;
	int rc = wsman_get(v, ref->uri, ref->sel, ref->nsel, &job, &fault);

	if (rc == VMANCTL_FAILED && fault.present) {
		if (tty) {
			fputc('\n', stderr);
		}
		wsman_fault_report("reading the job failed", &fault);
	}
	if (rc != VMANCTL_OK) {
		return rc;
	}
	progress(what, &job, tty);
	text = instance_get(&job, "JobState");
	*state = text ? strtoul(text, NULL, 10) : 0;
	text = instance_get(&job, "ErrorDescription");
	snprintf(why, why_len, "%s", text ? text : "no ErrorDescription given");
	instance_free(&job);
	return VMANCTL_OK;
}

int job_follow(struct vmanctl *v, xmlNodePtr job, const char *what)
{
	struct job_ref ref;
	bool tty = isatty(STDERR_FILENO) == 1;
	time_t deadline = time(NULL) + v->timeout_s;
	unsigned long state = 0;
	char why[512] = "";
	int rc = VMANCTL_OK;

	if (job_ref_read(job, &ref) < 0) {
		job_ref_free(&ref);
		vmanctl_error("%s started a job but its reference is unreadable", what);
		return VMANCTL_FAILED;
	}
	/* bounded by the deadline: the job's own TimeBeforeRemoval may be longer;
	 * JobState 7 Completed, 8-11 Terminated, Killed, Exception, Service */
	while (time(NULL) <= deadline) {
		rc = poll_once(v, &ref, what, tty, &state, why, sizeof(why));
		if (rc != VMANCTL_OK || (state >= 7 && state <= 11)) {
			break;
		}
		usleep(JOB_POLL_MS * 1000);
	}
	job_ref_free(&ref);
	if (rc != VMANCTL_OK) {
		return rc;
	}
	if (tty) {
		fputc('\n', stderr);	/* end the progress line */
	}
	if (state == 7) {
		return VMANCTL_OK;
	}
	if (state >= 8 && state <= 11) {
		vmanctl_error("%s failed: job %s: %s", what, job_state_name(state), why);
	} else {
		vmanctl_error("%s: the job did not finish within %ld s (--timeout; it goes on "
			      "on the host)", what, v->timeout_s);
	}
	return VMANCTL_FAILED;
}
