/* SPDX-License-Identifier: MIT */
/* list, show: the VMs and one VM's settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/cim.h"
#include "tools/vmanctl/commands.h"
#include "tools/vmanctl/output.h"
#include "tools/vmanctl/size.h"

static const struct option only_common[] = { COMMAND_COMMON_OPTIONS };

/* VirtualQuantity of a memory RASD in bytes, from its byte*2^N units. */
static void memory_text(const struct cim_instance *mem, char *buf, size_t len)
{
	const char *q = instance_get(mem, "VirtualQuantity");
	const char *units = instance_get(mem, "VirtualQuantityUnits");
	unsigned shift = 20;

	buf[0] = '\0';
	if (q == NULL) {
		return;
	}
	if (units == NULL || strcmp(units, "count") == 0) {
		units = instance_get(mem, "AllocationUnits");
	}
	if (units != NULL && sscanf(units, "byte*2^%u", &shift) != 1) {
		snprintf(buf, len, "%s %s", q, units);
		return;
	}
	size_format(strtoull(q, NULL, 10) << (shift > 40 ? 0 : shift), buf, (unsigned)len);
}

/* The RASD of VM and KIND ("processor", "memory") among ALL, or NULL. */
static const struct cim_instance *rasd_of(const struct instance_list *all, const char *vm,
					  const char *kind)
{
	char id[128];

	snprintf(id, sizeof(id), "vmanhv:%s:%s", vm, kind);
	for (size_t i = 0; i < all->count; i++) {
		const char *iid = instance_get(&all->items[i], "InstanceID");

		if (iid != NULL && strcmp(iid, id) == 0) {
			return &all->items[i];
		}
	}
	return NULL;
}

/* Every RASD in one enumeration, for list's CPUS and MEMORY columns; an
 * endpoint that serves none leaves them empty (docs/vmanctl.md). */
static void all_rasds(struct vmanctl *v, struct instance_list *out)
{
	struct wsman_fault fault;

	if (wsman_enumerate(v, URI_RASD, NULL, 0, NULL, out, &fault) != VMANCTL_OK) {
		instance_list_free(out);
	}
}

static void list_row(struct table *t, const struct cim_instance *vm,
		     const struct instance_list *rasds)
{
	const char *name = instance_get(vm, "Name");
	const char *es = instance_get(vm, "EnabledState");
	const struct cim_instance *cpu = name ? rasd_of(rasds, name, "processor") : NULL;
	const struct cim_instance *mem = name ? rasd_of(rasds, name, "memory") : NULL;
	char memory[64] = "";
	const char *row[6];

	if (mem != NULL) {
		memory_text(mem, memory, sizeof(memory));
	}
	row[0] = name;
	row[1] = cim_enabled_state_name(es);
	row[2] = es;
	row[3] = cpu ? instance_get(cpu, "VirtualQuantity") : NULL;
	row[4] = memory[0] ? memory : NULL;
	row[5] = instance_get(vm, "ElementName");
	table_add_row(t, row);
}

static int run_list(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "NAME", "name", JSON_TEXT }, { "STATE", "state", JSON_TEXT },
		{ "ENABLED", "enabled_state", JSON_NUMBER }, { "CPUS", "cpus", JSON_NUMBER },
		{ "MEMORY", "memory", JSON_TEXT }, { "LABEL", "element_name", JSON_TEXT },
	};
	struct instance_list rasds = { 0 };
	/* DSP1042: the host's VMs are its CIM_HostedDependency dependents */
	const struct wsman_assoc assoc = {
		URI_COMPUTER_SYSTEM, cim_host_keys, 2, "CIM_HostedDependency", "CIM_ComputerSystem",
	};
	struct instance_list list = { 0 };
	struct wsman_fault fault;
	struct table t;
	int c, rc;

	while ((c = command_getopt(v, cmd, argc, argv, "", only_common)) != -1) {
		return c == -2 ? VMANCTL_OK : VMANCTL_USAGE;
	}
	if (optind < argc) {
		return command_usage_error(cmd, "takes no arguments");
	}
	/* DSP0227 R8.2-1: association filters go to the all-classes URI */
	rc = wsman_enumerate(v, CIM_URI_ALL, NULL, 0, &assoc, &list, &fault);
	if (rc == VMANCTL_FAILED && fault.present) {
		wsman_fault_report("listing the VMs failed", &fault);
	}
	if (rc != VMANCTL_OK) {
		return rc;
	}
	if (list.count > 0) {
		all_rasds(v, &rasds);
	}
	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < list.count; i++) {
		list_row(&t, &list.items[i], &rasds);
	}
	table_print(&t, v->json, stdout);
	table_free(&t);
	instance_list_free(&list);
	instance_list_free(&rasds);
	return VMANCTL_OK;
}

/* A RASD by InstanceID, from the plain class or (processors) its DSP1044
 * subclass; an empty instance when the endpoint serves neither. */
static void get_rasd(struct vmanctl *v, const char *vm, const char *kind,
		     struct cim_instance *out)
{
	char id[128];
	struct selector sel = { "InstanceID", id };
	struct wsman_fault fault;

	snprintf(id, sizeof(id), "vmanhv:%s:%s", vm, kind);
	*out = (struct cim_instance){ 0 };
	if (wsman_get(v, URI_RASD, &sel, 1, out, &fault) == VMANCTL_OK) {
		return;
	}
	if (strcmp(kind, "processor") == 0 &&
	    wsman_get(v, URI_PROC_RASD, &sel, 1, out, &fault) == VMANCTL_OK) {
		return;
	}
	*out = (struct cim_instance){ 0 };
}

static int get_vm(struct vmanctl *v, const char *name, struct cim_instance *vm,
		  struct cim_instance *vssd)
{
	struct vm_keys k;
	struct wsman_fault fault;
	char id[128];
	struct selector sel = { "InstanceID", id };
	int rc;

	cim_vm_keys(&k, name);
	rc = wsman_get(v, URI_COMPUTER_SYSTEM, k.sel, 2, vm, &fault);
	if (rc == VMANCTL_FAILED && fault.present) {
		char what[128];

		snprintf(what, sizeof(what), "no VM '%s'", name);
		wsman_fault_report(what, &fault);
	}
	if (rc != VMANCTL_OK) {
		return rc;
	}
	snprintf(id, sizeof(id), "vmanhv:%s", name);
	if (wsman_get(v, URI_VSSD, &sel, 1, vssd, &fault) != VMANCTL_OK) {
		*vssd = (struct cim_instance){ 0 };
	}
	return VMANCTL_OK;
}

static int run_show(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "Name", "name", JSON_TEXT }, { "State", "state", JSON_TEXT },
		{ "EnabledState", "enabled_state", JSON_NUMBER }, { "Label", "element_name", JSON_TEXT },
		{ "Kernel", "kernel", JSON_TEXT }, { "Initrd", "initrd", JSON_TEXT },
		{ "Cmdline", "cmdline", JSON_TEXT }, { "CPUs", "cpus", JSON_NUMBER },
		{ "Weight", "weight", JSON_NUMBER }, { "Limit", "limit", JSON_NUMBER },
		{ "Memory", "memory", JSON_TEXT },
	};
	struct cim_instance vm = { 0 }, vssd = { 0 }, cpu, mem;
	const char *name;
	char memory[64];
	struct table t;
	int c, rc;

	while ((c = command_getopt(v, cmd, argc, argv, "", only_common)) != -1) {
		return c == -2 ? VMANCTL_OK : VMANCTL_USAGE;
	}
	name = command_one_name(cmd, argc, argv);
	if (name == NULL) {
		return VMANCTL_USAGE;
	}
	rc = get_vm(v, name, &vm, &vssd);
	if (rc != VMANCTL_OK) {
		return rc;
	}
	get_rasd(v, name, "processor", &cpu);
	get_rasd(v, name, "memory", &mem);
	memory_text(&mem, memory, sizeof(memory));
	{
		const char *es = instance_get(&vm, "EnabledState");
		const char *row[] = {
			instance_get(&vm, "Name"), cim_enabled_state_name(es), es,
			instance_get(&vm, "ElementName"), instance_get(&vssd, "KernelImage"),
			instance_get(&vssd, "InitialRamDisk"), instance_get(&vssd, "KernelCommandLine"),
			instance_get(&cpu, "VirtualQuantity"), instance_get(&cpu, "Weight"),
			instance_get(&cpu, "Limit"), memory[0] ? memory : NULL,
		};

		table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
		table_add_row(&t, row);
		table_print_record(&t, v->json, stdout);
		table_free(&t);
	}
	instance_free(&vm);
	instance_free(&vssd);
	instance_free(&cpu);
	instance_free(&mem);
	return VMANCTL_OK;
}

const struct command cmd_list = {
	"list", "[--json]", "List the VMs and their state.",
	"\nThe host's CIM_HostedDependency dependents (DSP1042), each VM's Name,\n"
	"EnabledState in words (running, off, paused) and as a number, its vCPUs and\n"
	"memory (from its RASDs, where the endpoint serves them) and its label.\n",
	run_list, false,
};

const struct command cmd_show = {
	"show", "NAME [--json]", "Show one VM: state, image, processors, memory.",
	"\nThe VM's CIM_ComputerSystem, its vmanhv_VirtualSystemSettingData (kernel,\n"
	"initrd, command line) and its processor and memory RASDs\n"
	"(vmanhv:NAME:processor, vmanhv:NAME:memory) where the endpoint serves them.\n",
	run_show, false,
};
