/* sources: mgmt/store/definitions.c mgmt/store/store_keys.c mgmt/store/pools.c mgmt/store/pool.c mgmt/store/definition.c mgmt/store/record_table.c mgmt/store/fields.c mgmt/store/store.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/profiles/job.c mgmt/profiles/job_timeout.c mgmt/wsman/duration.c mgmt/profiles/host_system.c mgmt/profiles/host_ref.c mgmt/cim/cim.c mgmt/cim/status.c mgmt/cim/arena.c mgmt/hosted/hv_backend.c hv/api_errors.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/child_pool.c mgmt/profiles/resource_pool_table.c */
/* libs: -lmbedcrypto */
/* SPDX-License-Identifier: MIT */
/*
 * Every VM's definition through the configuration store and a reboot
 * (mgmt/store/definitions.h), on the hosted hv/api.h backend and a store in
 * RAM: what is written is what comes back (name, label, image, initrd,
 * command line, memory, vCPUs, AutomaticStartupAction), the VMs marked for
 * it are started, destroyed VMs leave the store, and a definition that
 * cannot be recreated is reported and kept, not dropped; the allocation
 * terms (Reservation, Limit, Weight, PoolID) and the child pools they name
 * come back too, a pool that no longer fits its primordial pool is kept
 * without being made (and so is a VM allocating from it); and a power cut at
 * any sector write of a commit leaves the old definitions and pools or the
 * new ones.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hv/api.h"
#include "mgmt/profiles/allocation.h"
#include "mgmt/profiles/child_pool.h"
#include "mgmt/profiles/virtual_system.h"
#include "mgmt/store/definition.h"
#include "mgmt/store/definitions.h"
#include "mgmt/store/fields.h"
#include "mgmt/store/pools.h"
#include "mgmt/store/store.h"

#define PART_SECTORS	8192U

static char console[8192];

void hv_log(const char *fmt, ...)
{
	size_t used = strlen(console);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(console + used, sizeof(console) - used, fmt, ap);
	va_end(ap);
}

static uint8_t *disk;
/* Sector writes left before the power goes (< 0: never); the sector being
 * written then is left torn (half new) when `tear`. */
static long budget = -1;
static bool tear;

static int disk_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	(void)ctx;
	memcpy(buf, disk + lba * STORE_SECTOR, (size_t)count * STORE_SECTOR);
	return 0;
}

static int disk_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	(void)ctx;
	for (uint32_t i = 0; i < count; i++) {
		uint8_t *dst = disk + (lba + i) * STORE_SECTOR;
		const uint8_t *src = (const uint8_t *)buf + (size_t)i * STORE_SECTOR;

		if (budget == 0) {
			if (tear) {
				memcpy(dst, src, STORE_SECTOR / 2);
				tear = false;
			}
			return -EIO;
		}
		memcpy(dst, src, STORE_SECTOR);
		budget -= budget > 0 ? 1 : 0;
	}
	return 0;
}

static const struct store_io io = { disk_read, disk_write, PART_SECTORS, NULL };
static struct store *st;

static int setup(void **state)
{
	struct store_report r;

	(void)state;
	disk = calloc(PART_SECTORS, STORE_SECTOR);
	st = malloc(sizeof(*st));
	assert_non_null(disk);
	assert_non_null(st);
	assert_int_equal(store_load(st, &io, &r), 0);
	console[0] = '\0';
	return 0;
}

/* The host goes down: every VM and child pool is gone, management forgets them. */
static void power_off(void)
{
	struct hv_vm_info info;
	const struct child_pool *c;

	for (uint32_t id = 0; id < HV_VM_MAX; id++) {
		(void)hv_vm_stop(id);
		if (hv_vm_info(id, &info) == 0) {
			allocation_terms_forget(info.name);
		}
		if (hv_vm_destroy(id) == 0) {
			virtual_system_forget(id);
		}
	}
	while ((c = child_pool_at(0)) != NULL) {
		assert_int_equal(child_pool_delete(c->pool_id), 0);
	}
}

static int teardown(void **state)
{
	(void)state;
	power_off();
	free(disk);
	free(st);
	return 0;
}

/* What the last reboot() did with the child pools. */
static struct pools_report pools_after;

/* ... and comes back: the store is read from the disk afresh. */
static void reboot(struct definitions_report *r)
{
	struct store_report sr;

	power_off();
	assert_int_equal(store_load(st, &io, &sr), 0);
	console[0] = '\0';
	pools_restore(st, &pools_after);	/* first, as persist_definitions_boot() */
	definitions_restore(st, r);
}

/* Destroy VM `name` as DestroySystem does. */
static void power_off_one(const char *name)
{
	struct virtual_system vs;

	assert_int_equal(virtual_system_find(name, &vs), 0);
	assert_int_equal(hv_vm_destroy(vs.info.id), 0);
	virtual_system_forget(vs.info.id);
}

static void save(void)
{
	assert_int_equal(pools_write(st), 0);	/* as definitions_save() */
	assert_int_equal(definitions_write(st), 0);
	assert_int_equal(store_commit(st), 0);
}

static uint32_t define(const char *name, const char *image, uint64_t memory, uint32_t vcpus,
		       uint64_t startup)
{
	struct hv_vm_config c;
	uint32_t id;

	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	snprintf(c.image, sizeof(c.image), "%s", image);
	snprintf(c.initrd, sizeof(c.initrd), "initrd-%s", name);
	snprintf(c.cmdline, sizeof(c.cmdline), "console=ttyS0 vm=%s", name);
	c.memory_bytes = memory;
	c.vcpus = vcpus;
	assert_int_equal(hv_vm_create(&c, &id), 0);
	virtual_system_note(id, name, name, image);
	assert_int_equal(virtual_system_set_startup_action(name, startup), 0);
	return id;
}

static void expect_vm(const char *name, const char *label, const char *image, uint64_t memory,
		      uint32_t vcpus, uint16_t startup, enum hv_vm_state state)
{
	struct virtual_system vs;
	struct hv_vm_config c;
	char text[64];

	assert_int_equal(virtual_system_find(name, &vs), 0);
	assert_string_equal(vs.element_name, label);
	assert_string_equal(vs.image, image);
	assert_int_equal(vs.info.memory_bytes, memory);
	assert_int_equal(vs.info.vcpus, vcpus);
	assert_int_equal(vs.startup_action, startup);
	assert_int_equal(vs.info.state, state);
	assert_int_equal(hv_vm_config_get(vs.info.id, &c), 0);
	snprintf(text, sizeof(text), "initrd-%s", name);
	assert_string_equal(c.initrd, text);
	snprintf(text, sizeof(text), "console=ttyS0 vm=%s", name);
	assert_string_equal(c.cmdline, text);
}

static void expect_vm_startup(const char *name, uint16_t startup, uint64_t memory)
{
	struct virtual_system vs;

	assert_int_equal(virtual_system_find(name, &vs), 0);
	assert_int_equal(vs.startup_action, startup);
	assert_int_equal(vs.info.memory_bytes, memory);
}

static void test_definitions_survive_reboot(void **state)
{
	struct definitions_report r;

	(void)state;
	define("always", "hello", 256ULL << 10, 2, DEFINITION_STARTUP_ALWAYS);
	assert_int_equal(hv_vm_start(define("was-on", "hello64", 512ULL << 10, 1,
					    DEFINITION_STARTUP_IF_ACTIVE)), 0);
	define("was-off", "hello", 128ULL << 10, 1, DEFINITION_STARTUP_IF_ACTIVE);
	define("manual", "io", 1ULL << 20, 4, DEFINITION_STARTUP_NONE);
	assert_int_equal(virtual_system_set_element_name("manual", "Manual one"), 0);
	save();

	reboot(&r);
	assert_int_equal(r.recreated, 4);
	assert_int_equal(r.started, 2);
	assert_int_equal(r.kept, 0);
	expect_vm("always", "always", "hello", 256ULL << 10, 2, 4, HV_VM_RUNNING);
	expect_vm("was-on", "was-on", "hello64", 512ULL << 10, 1, 3, HV_VM_RUNNING);
	expect_vm("was-off", "was-off", "hello", 128ULL << 10, 1, 3, HV_VM_DEFINED);
	expect_vm("manual", "Manual one", "io", 1ULL << 20, 4, 2, HV_VM_DEFINED);
	assert_non_null(strstr(console, "definitions: VM always started (AutomaticStartupAction 4)"));
	assert_non_null(strstr(console, "definitions: VM was-on started (AutomaticStartupAction 3)"));
	assert_null(strstr(console, "VM was-off started"));
	assert_null(strstr(console, "VM manual started"));
}

static void test_destroyed_vm_leaves_the_store(void **state)
{
	struct definitions_report r;
	struct virtual_system vs;
	size_t len;

	(void)state;
	define("keep", "hello", 256ULL << 10, 1, 2);
	uint32_t gone = define("gone", "hello", 256ULL << 10, 1, 2);
	save();
	assert_non_null(store_get(st, "vm/gone", &len));
	assert_int_equal(hv_vm_destroy(gone), 0);
	virtual_system_forget(gone);
	save();
	assert_null(store_get(st, "vm/gone", &len));
	reboot(&r);
	assert_int_equal(r.recreated, 1);
	assert_int_equal(virtual_system_find("keep", &vs), 0);
	assert_int_equal(virtual_system_find("gone", &vs), -ENOENT);
}

/* A record written by hand into the store, as another firmware would have. */
static void put_record(const char *key, const char *name, const char *image, unsigned format)
{
	uint8_t buf[256];
	struct fields_writer w;

	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_uint(&w, "format", format);
	fields_put_text(&w, "name", name);
	fields_put_text(&w, "image", image);
	fields_put_uint(&w, "memory", 256U << 10);
	fields_put_uint(&w, "weight", 7);
	assert_int_equal(store_set(st, key, buf, w.used), 0);
}

static void test_unrecreatable_definitions_are_kept(void **state)
{
	struct definitions_report r;
	struct virtual_system vs;
	const uint8_t *v;
	size_t len;

	(void)state;
	define("fine", "hello", 256ULL << 10, 1, 2);
	save();
	put_record("vm/lost-image", "lost-image", "no-such-image", 1);	/* -ENOENT */
	put_record("vm/future", "future", "hello", 9);			/* a newer format */
	put_record("vm/mismatch", "other-name", "hello", 1);		/* key and name differ */
	assert_int_equal(store_commit(st), 0);

	reboot(&r);
	assert_int_equal(r.recreated, 1);
	assert_int_equal(r.kept, 3);
	assert_non_null(strstr(console, "definitions: lost-image not recreated: "));
	assert_non_null(strstr(console, "definitions: future not recreated: written by a newer "
					"firmware"));
	assert_non_null(strstr(console, "definitions: mismatch not recreated: the record is "
					"unreadable"));
	assert_null(strstr(console, "VM fine: field"));	/* written by this firmware */
	assert_int_equal(virtual_system_find("lost-image", &vs), -ENOENT);

	/* a client changes something: the kept ones stay as they were */
	define("new", "hello", 256ULL << 10, 1, 2);
	save();
	assert_non_null(store_get(st, "vm/lost-image", &len));
	assert_non_null(store_get(st, "vm/future", &len));
	assert_non_null(store_get(st, "vm/mismatch", &len));

	/* a new VM of a kept one's name replaces it */
	define("lost-image", "hello64", 256ULL << 10, 1, 2);
	save();
	v = store_get(st, "vm/lost-image", &len);
	assert_non_null(v);
	assert_non_null(memmem(v, len, "hello64", 7));
	/* ... carrying over the field this firmware does not know */
	assert_non_null(memmem(v, len, "weight", 6));
	reboot(&r);
	assert_int_equal(r.recreated, 3);	/* fine, new, lost-image */
	assert_int_equal(r.kept, 2);
	assert_non_null(strstr(console, "definitions: VM lost-image: field \"weight\" unknown to "
					"this firmware; kept as it is"));
}

/* More stored than restore looks at: the rest are said, and stay untouched. */
static void test_too_many_stored(void **state)
{
	struct definitions_report r;
	char key[32], name[24];
	size_t len;

	(void)state;
	for (unsigned i = 0; i < DEFINITIONS_STORED_MAX + 2U; i++) {
		snprintf(name, sizeof(name), "lost-%u", i);
		snprintf(key, sizeof(key), "vm/%s", name);
		put_record(key, name, "no-such-image", 1);
	}
	assert_int_equal(store_commit(st), 0);
	reboot(&r);
	assert_int_equal(r.kept, DEFINITIONS_STORED_MAX);
	assert_non_null(strstr(console, "definitions: 2 more stored than the 16 looked at; "
					"not recreated"));
	define("one", "hello", 256ULL << 10, 1, 2);
	save();
	for (unsigned i = 0; i < DEFINITIONS_STORED_MAX + 2U; i++) {
		snprintf(key, sizeof(key), "vm/lost-%u", i);
		assert_non_null(store_get(st, key, &len));
	}
}

/*
 * A provider that re-creates a VM to change what only creation sets (its
 * sizes, its image) notes it again under its name: the AutomaticStartupAction
 * stays with it, whichever id it gets, and so does its definition.
 */
static void test_recreated_vm_keeps_its_startup_action(void **state)
{
	struct definitions_report r;
	struct virtual_system vs;
	struct hv_vm_config c;
	uint32_t id, other;

	(void)state;
	id = define("resized", "hello", 256ULL << 10, 1, DEFINITION_STARTUP_ALWAYS);
	assert_int_equal(hv_vm_destroy(id), 0);		/* no virtual_system_forget() */
	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "squatter");
	snprintf(c.image, sizeof(c.image), "hello");
	assert_int_equal(hv_vm_create(&c, &other), 0);	/* takes the old id */
	assert_int_equal(other, id);
	snprintf(c.name, sizeof(c.name), "resized");
	c.memory_bytes = 512ULL << 10;
	assert_int_equal(hv_vm_create(&c, &id), 0);
	assert_int_not_equal(id, other);
	virtual_system_note(id, "resized", "resized", "hello");
	assert_int_equal(virtual_system_find("resized", &vs), 0);
	assert_int_equal(vs.startup_action, DEFINITION_STARTUP_ALWAYS);
	save();
	reboot(&r);
	expect_vm_startup("resized", DEFINITION_STARTUP_ALWAYS, 512ULL << 10);
}

/* --- allocation terms and child pools --------------------------------------------- */

static const struct child_pool *pool_create(enum allocation_kind kind, const char *name,
					    uint64_t capacity)
{
	const struct child_pool *c;

	assert_int_equal(child_pool_create(kind, name, capacity, &c), 0);
	return c;
}

static void set_terms(const char *vm, uint32_t reservation, uint32_t limit, uint32_t cpu_weight,
		      uint32_t memory_weight, const char *cpu_pool, const char *memory_pool)
{
	struct allocation_terms t = { .cpu_reservation = reservation, .cpu_limit = limit,
				      .cpu_weight = cpu_weight, .memory_weight = memory_weight };

	snprintf(t.pool_id[ALLOCATION_PROCESSOR], ALLOCATION_POOL_ID_MAX, "%s", cpu_pool);
	snprintf(t.pool_id[ALLOCATION_MEMORY], ALLOCATION_POOL_ID_MAX, "%s", memory_pool);
	assert_null(allocation_terms_problem(&t, 2));
	assert_int_equal(allocation_terms_set(vm, &t), 0);
}

static void expect_pool(uint32_t i, enum allocation_kind kind, const char *name, uint64_t capacity)
{
	const struct child_pool *c = child_pool_at(i);
	char id[ALLOCATION_POOL_ID_MAX];

	assert_non_null(c);
	snprintf(id, sizeof(id), "vmanhv:pool:%s", name);
	assert_int_equal(c->kind, kind);
	assert_string_equal(c->pool_id, id);
	assert_string_equal(c->element_name, name);
	assert_int_equal(c->capacity, capacity);
}

static void test_terms_and_pools_survive_reboot(void **state)
{
	struct definitions_report r;
	struct allocation_terms t;
	struct pool_usage u;

	(void)state;
	pool_create(ALLOCATION_MEMORY, "small", 64);
	pool_create(ALLOCATION_PROCESSOR, "fast", 2);
	pool_create(ALLOCATION_MEMORY, "gone", 16);
	assert_int_equal(child_pool_delete("vmanhv:pool:gone"), 0);
	define("pooled", "hello", 32ULL << 20, 2, DEFINITION_STARTUP_NONE);
	set_terms("pooled", 1, 2, 300, 50, "vmanhv:pool:fast", "vmanhv:pool:small");
	define("plain", "hello", 1ULL << 20, 2, DEFINITION_STARTUP_NONE);
	set_terms("plain", 0, 1, 0, 7, "", "");
	save();

	reboot(&r);
	assert_int_equal(pools_after.made, 2);
	assert_int_equal(pools_after.kept, 0);
	assert_int_equal(r.recreated, 2);
	/* in the order they were created, the deleted one gone */
	expect_pool(0, ALLOCATION_MEMORY, "small", 64);
	expect_pool(1, ALLOCATION_PROCESSOR, "fast", 2);
	assert_null(child_pool_at(2));
	assert_non_null(strstr(console, "pools: vmanhv:pool:small made again (64 "));
	allocation_terms_get("pooled", &t);
	assert_int_equal(t.cpu_reservation, 1);
	assert_int_equal(t.cpu_limit, 2);
	assert_int_equal(t.cpu_weight, 300);
	assert_int_equal(t.memory_weight, 50);
	assert_string_equal(t.pool_id[ALLOCATION_PROCESSOR], "vmanhv:pool:fast");
	assert_string_equal(t.pool_id[ALLOCATION_MEMORY], "vmanhv:pool:small");
	allocation_terms_get("plain", &t);
	assert_int_equal(t.cpu_limit, 1);
	assert_int_equal(t.cpu_weight, 0);	/* not set: still the default */
	assert_int_equal(t.memory_weight, 7);
	assert_string_equal(t.pool_id[ALLOCATION_MEMORY], "");
	/* the figures follow: the child pool holds pooled's RAM, the primordial
	 * pool its children's capacities and plain's RAM */
	allocation_pool_usage(ALLOCATION_MEMORY, "vmanhv:pool:small", &u);
	assert_int_equal(u.consumed, 32);
	allocation_pool_usage(ALLOCATION_MEMORY, NULL, &u);
	assert_int_equal(u.reserved, 64 + 1);

	/* a pool deleted after the reboot leaves the store with the next write */
	set_terms("pooled", 1, 2, 300, 50, "vmanhv:pool:fast", "");
	assert_int_equal(child_pool_delete("vmanhv:pool:small"), 0);
	save();
	reboot(&r);
	assert_int_equal(pools_after.made, 1);
	expect_pool(0, ALLOCATION_PROCESSOR, "fast", 2);
	assert_null(child_pool_at(1));
}

/*
 * A start at boot is admitted as a client's is (DSP1041): two VMs marked
 * Always, each reserving 2 of the host's 3 guest CPUs; the first stored
 * starts, the second is refused with the pool and the shortfall, and stays
 * defined with its terms.
 */
static void test_autostart_admission(void **state)
{
	struct definitions_report r;
	struct virtual_system vs;

	(void)state;
	define("first", "hello", 1ULL << 20, 2, DEFINITION_STARTUP_ALWAYS);
	set_terms("first", 2, 0, 0, 0, "", "");
	define("second", "hello", 1ULL << 20, 2, DEFINITION_STARTUP_ALWAYS);
	set_terms("second", 2, 0, 0, 0, "", "");
	save();
	reboot(&r);
	assert_int_equal(r.recreated, 2);
	assert_int_equal(r.started, 1);
	assert_non_null(strstr(console, "definitions: VM first started (AutomaticStartupAction "
					"4)"));
	assert_non_null(strstr(console, "definitions: VM second not started "
					"(AutomaticStartupAction 4): "));
	assert_non_null(strstr(console, "vmanhv:pool:processor"));
	assert_int_equal(virtual_system_find("second", &vs), 0);
	assert_int_equal(vs.info.state, HV_VM_DEFINED);
}

/* A pool record written by hand, as another firmware (or a bigger host) left it. */
static void put_pool(const char *name, unsigned type, uint64_t capacity, unsigned format)
{
	char key[64];
	uint8_t buf[128];
	struct fields_writer w;

	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_uint(&w, "format", format);
	fields_put_text(&w, "name", name);
	fields_put_uint(&w, "type", type);
	fields_put_uint(&w, "capacity", capacity);
	fields_put_text(&w, "colour", "blue");
	snprintf(key, sizeof(key), "pool/vmanhv:pool:%s", name);
	assert_int_equal(store_set(st, key, buf, w.used), 0);
}

/* A VM record allocating from child pools, by hand. */
static void put_pooled_vm(const char *name, const char *cpu_pool, const char *memory_pool)
{
	char key[64];
	uint8_t buf[256];
	struct fields_writer w;

	fields_writer_init(&w, buf, sizeof(buf));
	fields_put_uint(&w, "format", 1);
	fields_put_text(&w, "name", name);
	fields_put_text(&w, "image", "hello");
	fields_put_uint(&w, "memory", 8U << 20);
	fields_put_uint(&w, "cpu_weight", 200);
	fields_put_text(&w, "cpu_pool", cpu_pool);
	fields_put_text(&w, "memory_pool", memory_pool);
	snprintf(key, sizeof(key), "vm/%s", name);
	assert_int_equal(store_set(st, key, buf, w.used), 0);
}

/*
 * The host got smaller (BACKEND_GUEST_CPUS 3, 4 GiB): the pools stored
 * first are made while they fit, a pool that does not is said and kept, as
 * is one of a newer format; a VM allocating from a pool not made is kept
 * without a VM, the others come back; later writes leave the kept records
 * as they are, and a new pool of a kept one's name replaces it.
 */
static void test_pool_that_no_longer_fits(void **state)
{
	struct definitions_report r;
	struct allocation_terms t;
	const uint8_t *v;
	size_t len;

	(void)state;
	put_pool("two", 3, 2, 1);
	put_pool("big", 3, 2, 1);		/* 2 + 2 > 3 host CPUs */
	put_pool("huge", 4, 8192, 1);		/* MiB: more than the host's 4 GiB */
	put_pool("ram", 4, 1024, 1);
	put_pool("future", 4, 16, 2);
	put_pooled_vm("in-two", "vmanhv:pool:two", "vmanhv:pool:ram");
	put_pooled_vm("in-big", "vmanhv:pool:big", "");
	put_pooled_vm("in-huge", "", "vmanhv:pool:huge");
	assert_int_equal(store_commit(st), 0);

	reboot(&r);
	assert_int_equal(pools_after.made, 2);
	assert_int_equal(pools_after.kept, 3);
	expect_pool(0, ALLOCATION_PROCESSOR, "two", 2);
	expect_pool(1, ALLOCATION_MEMORY, "ram", 1024);
	assert_non_null(strstr(console, "pools: vmanhv:pool:big not made again: pool "
					"vmanhv:pool:processor has 1 count left unreserved, not 2 "
					"(-28); its record is kept"));
	assert_non_null(strstr(console, "pools: vmanhv:pool:huge not made again: pool "
					"vmanhv:pool:memory has 4096 "));
	assert_non_null(strstr(console, "pools: vmanhv:pool:future not made again: written by a "
					"newer firmware"));
	assert_non_null(strstr(console, "pools: child pool two: field \"colour\" unknown"));
	assert_int_equal(r.recreated, 1);
	assert_int_equal(r.kept, 2);
	assert_non_null(strstr(console, "definitions: in-big not recreated: PoolID names no pool "
					"of processors (-22); its definition is kept"));
	assert_non_null(strstr(console, "definitions: in-huge not recreated: PoolID names no pool "
					"of memory"));
	allocation_terms_get("in-two", &t);
	assert_string_equal(t.pool_id[ALLOCATION_PROCESSOR], "vmanhv:pool:two");
	assert_int_equal(t.cpu_weight, 200);

	/* a change: the kept pools and VMs stay in the store as they were */
	define("new", "hello", 1ULL << 20, 1, 2);
	save();
	assert_non_null(store_get(st, "pool/vmanhv:pool:big", &len));
	assert_non_null(store_get(st, "pool/vmanhv:pool:huge", &len));
	assert_non_null(store_get(st, "pool/vmanhv:pool:future", &len));
	assert_non_null(store_get(st, "vm/in-big", &len));
	v = store_get(st, "pool/vmanhv:pool:two", &len);
	assert_non_null(memmem(v, len, "colour", 6));	/* carried over */

	/* a client makes a pool of a kept one's name: it replaces the record; the
	 * pools in use are made first at the next boot, the kept ones after them
	 * (big would fit on its own, but not beside two) */
	pool_create(ALLOCATION_MEMORY, "huge", 512);
	save();
	reboot(&r);
	assert_int_equal(pools_after.made, 3);
	assert_int_equal(pools_after.kept, 2);
	expect_pool(0, ALLOCATION_PROCESSOR, "two", 2);
	assert_non_null(strstr(console, "pools: vmanhv:pool:huge made again (512 "));
	assert_int_equal(r.recreated, 3);	/* in-two, new, and in-huge in its pool again */
}

/* Which of the two sets of definitions the VMs are: 0 old, 1 new, -1 a mix. */
static int which_set(void)
{
	struct virtual_system vs;
	bool a_old = virtual_system_find("a", &vs) == 0 && strcmp(vs.element_name, "old") == 0;
	bool a_new = virtual_system_find("a", &vs) == 0 && strcmp(vs.element_name, "new") == 0 &&
		     vs.startup_action == DEFINITION_STARTUP_ALWAYS;
	bool b = virtual_system_find("b", &vs) == 0 && vs.info.vcpus == 3;
	bool c = virtual_system_find("c", &vs) == 0;
	bool p_old = child_pool_named("vmanhv:pool:p-old") != NULL;
	bool p_new = child_pool_named("vmanhv:pool:p-new") != NULL;
	struct allocation_terms t;

	allocation_terms_get("b", &t);
	b = b && strcmp(t.pool_id[ALLOCATION_MEMORY], "vmanhv:pool:p-new") == 0 &&
	    t.cpu_weight == 250;
	if (a_old && !b && c && p_old && !p_new) {
		return 0;
	}
	return a_new && b && !c && p_new && !p_old ? 1 : -1;
}

/*
 * The power cut at every sector write of the commit that moves the
 * definitions from one set to the next (a relabel and a new startup action,
 * a VM defined in a new child pool with its terms, a VM destroyed, a child
 * pool deleted), the sector at the cut torn or not: the next boot recreates
 * the old set or the new one, pools included, whole, never a mix.
 */
static void test_power_cut_at_every_write(void **state)
{
	const size_t part = (size_t)PART_SECTORS * STORE_SECTOR;
	uint8_t *before = malloc(part);
	struct definitions_report r;
	int seen[2] = { 0, 0 };
	bool committed = false;
	long writes;

	(void)state;
	assert_non_null(before);
	define("a", "hello", 256ULL << 10, 1, 2);
	assert_int_equal(virtual_system_set_element_name("a", "old"), 0);
	define("c", "hello", 256ULL << 10, 1, 2);
	pool_create(ALLOCATION_PROCESSOR, "p-old", 1);
	save();
	memcpy(before, disk, part);
	/* a commit of this size is a few sector writes: 64 is far beyond */
	for (writes = 0; writes < 64 && !committed; writes++) {
		int err;

		memcpy(disk, before, part);
		reboot(&r);
		assert_int_equal(which_set(), 0);
		assert_int_equal(virtual_system_set_element_name("a", "new"), 0);
		assert_int_equal(virtual_system_set_startup_action("a", 4), 0);
		define("b", "hello64", 256ULL << 10, 3, 2);
		pool_create(ALLOCATION_MEMORY, "p-new", 32);
		set_terms("b", 0, 0, 250, 0, "", "vmanhv:pool:p-new");
		power_off_one("c");
		assert_int_equal(child_pool_delete("vmanhv:pool:p-old"), 0);
		assert_int_equal(pools_write(st), 0);
		assert_int_equal(definitions_write(st), 0);
		budget = writes;
		tear = writes % 2 == 1;
		err = store_commit(st);
		budget = -1;
		reboot(&r);
		assert_int_not_equal(which_set(), -1);
		seen[which_set()]++;
		if (err == 0) {
			assert_int_equal(which_set(), 1);	/* a commit that returned is kept */
			committed = true;
		}
	}
	assert_true(committed);
	assert_true(writes >= 3);	/* the payload and the header at least */
	assert_true(seen[0] >= 2 && seen[1] >= 1);
	free(before);
}

/* A VM the command line started (guest=, no management record) is no definition. */
static void test_command_line_guests_are_not_kept(void **state)
{
	struct hv_vm_config c;
	uint32_t id;
	size_t len;

	(void)state;
	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "hello");
	snprintf(c.image, sizeof(c.image), "hello");
	assert_int_equal(hv_vm_create(&c, &id), 0);
	assert_int_equal(hv_vm_start(id), 0);
	define("managed", "hello", 256ULL << 10, 1, 2);
	save();
	assert_null(store_get(st, "vm/hello", &len));
	assert_non_null(store_get(st, "vm/managed", &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_definitions_survive_reboot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroyed_vm_leaves_the_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unrecreatable_definitions_are_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_command_line_guests_are_not_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_too_many_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recreated_vm_keeps_its_startup_action, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_terms_and_pools_survive_reboot, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pool_that_no_longer_fits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_autostart_admission, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_cut_at_every_write, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
