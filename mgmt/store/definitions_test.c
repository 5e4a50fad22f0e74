/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/cmdline.h"
#include "hv/api.h"
#include "hv/log.h"
#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/store/definitions_test.h"
#include "mgmt/store/persist.h"

#define LABEL_PREFIX	"round-"
/* The child pool made again each round, crash-b's memory allocated from it. */
#define POOL_NAME	"crash-p"
#define POOL_ID		"vmanhv:pool:" POOL_NAME

/* What round k leaves behind for each VM of the test. */
static uint32_t b_vcpus(unsigned long k)
{
	return (uint32_t)(1U + k % 4U);
}

static uint64_t b_memory(unsigned long k)
{
	return (256ULL + 4ULL * (k % 16U)) << 10;
}

static uint16_t a_startup(unsigned long k)
{
	return (uint16_t)(2U + k % 3U);
}

/* MiB: crash-b's RAM (at most 316 KiB) fits any of them. */
static uint64_t pool_capacity(unsigned long k)
{
	return 1U + k % 4U;
}

static uint32_t b_weight(unsigned long k)
{
	return (uint32_t)(1U + k % ALLOCATION_WEIGHT_MAX);
}

/* NULL when crash-b's terms and its pool are round k's, else why not. */
static const char *terms_problem(unsigned long k)
{
	const struct child_pool *c = child_pool_named(POOL_ID);
	struct allocation_terms t;

	if (c == NULL || c->capacity != pool_capacity(k)) {
		return "the child pool of another round";
	}
	allocation_terms_get("crash-b", &t);
	if (t.cpu_weight != b_weight(k) || strcmp(t.pool_id[ALLOCATION_MEMORY], POOL_ID) != 0) {
		return "crash-b's allocation terms of another round";
	}
	return NULL;
}

/* The round a VM's label names, or -1. */
static long label_round(const struct virtual_system *vs)
{
	size_t n = strlen(LABEL_PREFIX);

	if (strncmp(vs->element_name, LABEL_PREFIX, n) != 0) {
		return -1;
	}
	return strtol(vs->element_name + n, NULL, 10);
}

/* NULL when VM `name` is as round k left it (present iff `present`), else why not. */
static const char *vm_problem(const char *name, unsigned long k, bool present)
{
	struct virtual_system vs;
	bool there = virtual_system_find(name, &vs) == 0;

	if (there != present) {
		return there ? "a VM that round should not have" : "a VM missing";
	}
	if (!there) {
		return NULL;
	}
	if (label_round(&vs) != (long)k) {
		return "a label of another round";
	}
	if (strcmp(name, "crash-a") == 0 && vs.startup_action != a_startup(k)) {
		return "crash-a's AutomaticStartupAction of another round";
	}
	if (strcmp(name, "crash-b") == 0 &&
	    (vs.info.vcpus != b_vcpus(k) || vs.info.memory_bytes != b_memory(k))) {
		return "crash-b's vCPUs or memory of another round";
	}
	return strcmp(name, "crash-b") == 0 ? terms_problem(k) : NULL;
}

/* The round the store holds (0: none yet), said with whether it is whole. */
static unsigned long check(void)
{
	struct virtual_system vs;
	unsigned long k = 0;
	const char *problem;

	if (virtual_system_find("crash-a", &vs) == 0 && label_round(&vs) > 0) {
		k = (unsigned long)label_round(&vs);
	}
	problem = vm_problem("crash-a", k, k > 0);
	problem = problem ?: vm_problem("crash-b", k, k > 0);
	problem = problem ?: vm_problem("crash-odd", k, k % 2U == 1U);
	if (problem != NULL) {
		hv_log("definitions-test: round %lu INCONSISTENT: %s\n", k, problem);
	} else {
		hv_log("definitions-test: round %lu consistent\n", k);
	}
	return k;
}

/* Define VM `name` afresh (destroying the old one) as round k wants it. */
static int redefine(const char *name, unsigned long k, uint32_t vcpus, uint64_t memory)
{
	struct virtual_system vs;
	struct hv_vm_config c;
	char label[32];
	uint32_t id;
	int err;

	if (virtual_system_find(name, &vs) == 0) {
		err = hv_vm_destroy(vs.info.id);
		if (err != 0) {
			return err;
		}
		virtual_system_forget(vs.info.id);
	}
	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	snprintf(c.image, sizeof(c.image), "hello");
	c.vcpus = vcpus;
	c.memory_bytes = memory;
	err = hv_vm_create(&c, &id);
	if (err != 0) {
		return err;
	}
	snprintf(label, sizeof(label), LABEL_PREFIX "%lu", k);
	virtual_system_note(id, name, label, c.image);
	return 0;
}

static int forget(const char *name)
{
	struct virtual_system vs;
	int err;

	if (virtual_system_find(name, &vs) != 0) {
		return 0;
	}
	err = hv_vm_destroy(vs.info.id);
	if (err == 0) {
		virtual_system_forget(vs.info.id);
	}
	return err;
}

/* The child pool made again with round k's capacity, crash-b allocating from it. */
static int pool_apply(unsigned long k)
{
	struct allocation_terms t = { .cpu_weight = b_weight(k),
				      .pool_id[ALLOCATION_MEMORY] = POOL_ID };
	const struct child_pool *c;
	int err;

	(void)child_pool_delete(POOL_ID);	/* -ENOENT in the first round */
	err = child_pool_create(ALLOCATION_MEMORY, POOL_NAME, pool_capacity(k), &c);
	return err ?: allocation_terms_set("crash-b", &t);
}

static int round_apply(unsigned long k)
{
	struct virtual_system vs;
	char label[32];
	int err;

	snprintf(label, sizeof(label), LABEL_PREFIX "%lu", k);
	err = virtual_system_find("crash-a", &vs) == 0
	      ? virtual_system_set_element_name("crash-a", label)
	      : redefine("crash-a", k, 1, 256ULL << 10);
	err = err ?: virtual_system_set_startup_action("crash-a", a_startup(k));
	err = err ?: redefine("crash-b", k, b_vcpus(k), b_memory(k));
	err = err ?: pool_apply(k);
	err = err ?: (k % 2U == 1U ? redefine("crash-odd", k, 1, 256ULL << 10)
				   : forget("crash-odd"));
	return err ?: definitions_save();
}

void definitions_test_run(const char *cmdline)
{
	char text[16];
	unsigned long n, k;
	int err;

	if (!cmdline_value(cmdline, "definitions-test", text, sizeof(text))) {
		return;
	}
	k = check();
	n = strtoul(text, NULL, 10);
	for (unsigned long i = 1; i <= n; i++) {
		err = round_apply(k + i);
		if (err != 0) {
			hv_log("definitions-test: round %lu failed: %s (%d)\n", k + i,
			       hv_error_text(err), err);
			return;
		}
		hv_log("definitions-test: committed round %lu\n", k + i);
	}
	hv_log("definitions-test: done\n");
}
