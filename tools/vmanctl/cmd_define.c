/* SPDX-License-Identifier: MIT */
/* define, destroy, set: DSP1042's DefineSystem, DestroySystem and
 * ModifyResourceSettings on CIM_VirtualSystemManagementService. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/cim.h"
#include "tools/vmanctl/commands.h"
#include "tools/vmanctl/size.h"

#define RASD_CLASS	"CIM_ResourceAllocationSettingData"

/* One embedded instance as the text of parameter NAME of INPUT. */
static int add_embedded(xmlNodePtr input, const char *name, struct embedded *e)
{
	char *text = embedded_text(e);

	embedded_free(e);
	if (text == NULL) {
		return -ENOMEM;
	}
	soap_child(input, URI_VSMS, "p", name, text);
	xmlFree(text);
	return 0;
}

/* Invokes the prepared VSMS method and judges its outcome. */
static int vsms_call(struct vmanctl *v, struct soap_request *req, const char *method,
		     const char *what)
{
	struct invoke_result res;
	struct wsman_fault fault;
	int rc = wsman_invoke_send(v, req, method, &res, &fault);

	soap_request_free(req);
	if (rc == VMANCTL_FAILED && fault.present) {
		char msg[256];

		snprintf(msg, sizeof(msg), "%s refused", what);
		wsman_fault_report(msg, &fault);
	}
	if (rc != VMANCTL_OK) {
		return rc;
	}
	rc = cim_method_outcome(v, &res, CIM_METHOD_VSMS, what);
	wsman_invoke_done(&res);
	return rc;
}

/* Memory as VirtualQuantity in the largest exact byte*2^N of MiB or KiB. */
static void memory_quantity(uint64_t bytes, char *q, size_t qlen, const char **units)
{
	bool mib = (bytes & ((1u << 20) - 1)) == 0;

	snprintf(q, qlen, "%llu", (unsigned long long)(bytes >> (mib ? 20 : 10)));
	*units = mib ? "byte*2^20" : "byte*2^10";
}

struct define_args {
	const char *name, *kernel, *initrd, *cmdline;
	unsigned long cpus;
	uint64_t memory;
};

static int define_input(struct vmanctl *v, struct soap_request *req, const struct define_args *a)
{
	char q[32], cpus[24];
	const char *units;
	struct embedded vssd, mem, cpu;
	xmlNodePtr in = wsman_invoke_begin(v, req, URI_VSMS, cim_vsms_keys, 4, "DefineSystem");

	if (in == NULL || embedded_init(&vssd, "vmanhv_VirtualSystemSettingData") < 0) {
		return -ENOMEM;
	}
	embedded_property(&vssd, "ElementName", "string", a->name);
	embedded_property(&vssd, "KernelImage", "string", a->kernel);
	if (a->initrd != NULL) {
		embedded_property(&vssd, "InitialRamDisk", "string", a->initrd);
	}
	if (a->cmdline != NULL) {
		embedded_property(&vssd, "KernelCommandLine", "string", a->cmdline);
	}
	if (add_embedded(in, "SystemSettings", &vssd) < 0) {
		return -ENOMEM;
	}
	/* Resource Allocation Descriptors: only the essentials, the provider
	 * completes the rest (docs/profiles.md, DSP1041) */
	if (a->memory != 0) {
		memory_quantity(a->memory, q, sizeof(q), &units);
		if (embedded_init(&mem, RASD_CLASS) < 0) {
			return -ENOMEM;
		}
		embedded_property(&mem, "ResourceType", "uint16", "4");
		embedded_property(&mem, "AllocationUnits", "string", units);
		embedded_property(&mem, "VirtualQuantity", "uint64", q);
		if (add_embedded(in, "ResourceSettings", &mem) < 0) {
			return -ENOMEM;
		}
	}
	if (a->cpus != 0) {
		snprintf(cpus, sizeof(cpus), "%lu", a->cpus);
		if (embedded_init(&cpu, RASD_CLASS) < 0) {
			return -ENOMEM;
		}
		embedded_property(&cpu, "ResourceType", "uint16", "3");
		embedded_property(&cpu, "VirtualQuantity", "uint64", cpus);
		if (add_embedded(in, "ResourceSettings", &cpu) < 0) {
			return -ENOMEM;
		}
	}
	return 0;
}

/* A decimal number from MIN to MAX (no sign, no spaces) into *OUT. */
static int parse_number(const struct command *cmd, const char *what, const char *text,
			unsigned long min, unsigned long max, unsigned long *out)
{
	char *end, msg[128];

	*out = strtoul(text, &end, 10);
	if (*text < '0' || *text > '9' || *end != '\0' || *out < min || *out > max) {
		snprintf(msg, sizeof(msg), "%s must be a number from %lu to %lu, not '%s'", what,
			 min, max, text);
		return command_usage_error(cmd, msg);
	}
	return VMANCTL_OK;
}

static int parse_count(const struct command *cmd, const char *what, const char *text,
		       unsigned long max, unsigned long *out)
{
	return parse_number(cmd, what, text, 1, max, out);
}

/* A processor Reservation: 0 (none) to as many CPUs as a VM may have. */
static int parse_reservation(const struct command *cmd, const char *text, unsigned long *out)
{
	return parse_number(cmd, "--reservation", text, 0, 1024, out);
}

static int parse_memory(const struct command *cmd, const char *text, uint64_t *bytes)
{
	const char *why = NULL;
	char msg[256];

	if (size_parse(text, bytes, &why) == 0) {
		return VMANCTL_OK;
	}
	snprintf(msg, sizeof(msg), "--memory %s: %s", text, why);
	return command_usage_error(cmd, msg);
}

static int run_define(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpus", required_argument, NULL, 'c' }, { "memory", required_argument, NULL, 'm' },
		{ "kernel", required_argument, NULL, 'k' }, { "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'l' }, COMMAND_COMMON_OPTIONS,
	};
	struct define_args a = { 0 };
	struct soap_request req;
	char what[128];
	int c, rc = VMANCTL_OK;

	while (rc == VMANCTL_OK && (c = command_getopt(v, cmd, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'c':
			rc = parse_count(cmd, "--cpus", optarg, 1024, &a.cpus);
			break;
		case 'm':
			rc = parse_memory(cmd, optarg, &a.memory);
			break;
		case 'k':
			a.kernel = optarg;
			break;
		case 'i':
			a.initrd = optarg;
			break;
		case 'l':
			a.cmdline = optarg;
			break;
		default:
			return c == -2 ? VMANCTL_OK : VMANCTL_USAGE;
		}
	}
	if (rc != VMANCTL_OK || (a.name = command_one_name(cmd, argc, argv)) == NULL) {
		return VMANCTL_USAGE;
	}
	if (a.kernel == NULL) {
		return command_usage_error(cmd, "--kernel IMG is required (a built-in image "
					   "such as hello64, or a file in the host's datastore)");
	}
	if (define_input(v, &req, &a) < 0) {
		vmanctl_error("out of memory");
		return VMANCTL_FAILED;
	}
	snprintf(what, sizeof(what), "defining %s", a.name);
	rc = vsms_call(v, &req, "DefineSystem", what);
	if (rc == VMANCTL_OK) {
		printf("defined %s\n", a.name);
	}
	return rc;
}

static int run_destroy(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = { COMMAND_COMMON_OPTIONS };
	struct soap_request req;
	struct vm_keys k;
	const char *name;
	xmlNodePtr in, ref;
	char what[128];
	int c, rc;

	while ((c = command_getopt(v, cmd, argc, argv, "", opts)) != -1) {
		return c == -2 ? VMANCTL_OK : VMANCTL_USAGE;
	}
	if ((name = command_one_name(cmd, argc, argv)) == NULL) {
		return VMANCTL_USAGE;
	}
	in = wsman_invoke_begin(v, &req, URI_VSMS, cim_vsms_keys, 4, "DestroySystem");
	if (in == NULL) {
		return VMANCTL_FAILED;
	}
	cim_vm_keys(&k, name);
	ref = soap_child(in, URI_VSMS, "p", "AffectedSystem", NULL);
	soap_epr(&req, ref, URI_COMPUTER_SYSTEM, k.sel, 2);
	snprintf(what, sizeof(what), "destroying %s", name);
	rc = vsms_call(v, &req, "DestroySystem", what);
	if (rc == VMANCTL_OK) {
		printf("destroyed %s\n", name);
	}
	return rc;
}

struct set_args {
	unsigned long cpus, weight, limit, reservation;
	bool has_weight, has_limit, has_reservation;
	uint64_t memory;
};

/* The RASDs to change, naming themselves by the VM's InstanceIDs (the fixed
 * names: vmanhv:<vm>:processor, vmanhv:<vm>:memory) with only what changes. */
static int set_input(struct vmanctl *v, struct soap_request *req, const char *name,
		     const struct set_args *a)
{
	xmlNodePtr in = wsman_invoke_begin(v, req, URI_VSMS, cim_vsms_keys, 4,
					   "ModifyResourceSettings");
	struct embedded e;
	char id[128], n[32];
	const char *units;

	if (in == NULL) {
		return -ENOMEM;
	}
	if (a->cpus || a->has_weight || a->has_limit || a->has_reservation) {
		snprintf(id, sizeof(id), "vmanhv:%s:processor", name);
		if (embedded_init(&e, RASD_CLASS) < 0) {
			return -ENOMEM;
		}
		embedded_property(&e, "InstanceID", "string", id);
		embedded_property(&e, "ResourceType", "uint16", "3");
		if (a->cpus) {
			snprintf(n, sizeof(n), "%lu", a->cpus);
			embedded_property(&e, "VirtualQuantity", "uint64", n);
		}
		if (a->has_weight) {
			snprintf(n, sizeof(n), "%lu", a->weight);
			embedded_property(&e, "Weight", "uint32", n);
		}
		if (a->has_limit || a->has_reservation) {
			/* DSP1044: Limit and Reservation in AllocationUnits; here a
			 * count of host CPUs, the processor pool's own unit
			 * (docs/vmanctl.md) */
			embedded_property(&e, "AllocationUnits", "string", "count");
		}
		if (a->has_limit) {
			snprintf(n, sizeof(n), "%lu", a->limit);
			embedded_property(&e, "Limit", "uint64", n);
		}
		if (a->has_reservation) {
			snprintf(n, sizeof(n), "%lu", a->reservation);
			embedded_property(&e, "Reservation", "uint64", n);
		}
		if (add_embedded(in, "ResourceSettings", &e) < 0) {
			return -ENOMEM;
		}
	}
	if (a->memory) {
		snprintf(id, sizeof(id), "vmanhv:%s:memory", name);
		memory_quantity(a->memory, n, sizeof(n), &units);
		if (embedded_init(&e, RASD_CLASS) < 0) {
			return -ENOMEM;
		}
		embedded_property(&e, "InstanceID", "string", id);
		embedded_property(&e, "ResourceType", "uint16", "4");
		embedded_property(&e, "AllocationUnits", "string", units);
		embedded_property(&e, "VirtualQuantity", "uint64", n);
		if (add_embedded(in, "ResourceSettings", &e) < 0) {
			return -ENOMEM;
		}
	}
	return 0;
}

static int set_option(const struct command *cmd, int c, struct set_args *a)
{
	switch (c) {
	case 'c':
		return parse_count(cmd, "--cpus", optarg, 1024, &a->cpus);
	case 'm':
		return parse_memory(cmd, optarg, &a->memory);
	case 'w':
		a->has_weight = true;
		return parse_count(cmd, "--weight", optarg, 10000, &a->weight);
	case 'L':
		a->has_limit = true;
		return parse_count(cmd, "--limit", optarg, 1024, &a->limit);
	case 'r':
		/* 0 is meaningful here: no CPUs held back for the VM */
		a->has_reservation = true;
		return parse_reservation(cmd, optarg, &a->reservation);
	default:
		return c == -2 ? -2 : VMANCTL_USAGE;
	}
}

static int run_set(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpus", required_argument, NULL, 'c' }, { "memory", required_argument, NULL, 'm' },
		{ "weight", required_argument, NULL, 'w' }, { "limit", required_argument, NULL, 'L' },
		{ "reservation", required_argument, NULL, 'r' }, COMMAND_COMMON_OPTIONS,
	};
	struct set_args a = { 0 };
	struct soap_request req;
	const char *name;
	char what[128];
	int c, rc = VMANCTL_OK;

	while (rc == VMANCTL_OK && (c = command_getopt(v, cmd, argc, argv, "", opts)) != -1) {
		rc = set_option(cmd, c, &a);
	}
	if (rc != VMANCTL_OK) {
		return rc == -2 ? VMANCTL_OK : rc;
	}
	if ((name = command_one_name(cmd, argc, argv)) == NULL) {
		return VMANCTL_USAGE;
	}
	if (!a.cpus && !a.memory && !a.has_weight && !a.has_limit && !a.has_reservation) {
		return command_usage_error(cmd, "nothing to change: give --cpus, --memory, "
					   "--weight, --limit or --reservation");
	}
	if (set_input(v, &req, name, &a) < 0) {
		vmanctl_error("out of memory");
		return VMANCTL_FAILED;
	}
	snprintf(what, sizeof(what), "changing %s", name);
	rc = vsms_call(v, &req, "ModifyResourceSettings", what);
	if (rc == VMANCTL_OK) {
		printf("changed %s\n", name);
	}
	return rc;
}

const struct command cmd_define = {
	"define", "NAME --kernel IMG [--cpus N] [--memory SIZE] [--initrd IMG] [--cmdline TEXT]",
	"Define a VM (DefineSystem).",
	"\n  --kernel IMG     the guest: a built-in image (hello, hello64, tick...) or a\n"
	"                   kernel file in the host's datastore\n"
	"  --cpus N         virtual processors (default: the server's, 1)\n"
	"  --memory SIZE    RAM: 64M, 1G, 512MiB, 65536K; a bare number is MiB\n"
	"  --initrd IMG     an initrd file in the host's datastore\n"
	"  --cmdline TEXT   the kernel's command line\n"
	"\nThe VM is defined off; `vmanctl start NAME` runs it.\n", run_define, false,
};

const struct command cmd_destroy = {
	"destroy", "NAME", "Destroy a VM that is off (DestroySystem).",
	"\nThe VM and its settings are removed; a running VM must be stopped first.\n",
	run_destroy, false,
};

const struct command cmd_set = {
	"set", "NAME [--cpus N] [--memory SIZE] [--weight W] [--limit CPUS] [--reservation CPUS]",
	"Change a VM's processors or memory (ModifyResourceSettings).",
	"\nSends the VM's processor RASD (vmanhv:NAME:processor) and/or memory RASD\n"
	"(vmanhv:NAME:memory) with only the properties that change:\n"
	"  --cpus N           VirtualQuantity of the processor RASD\n"
	"  --weight W         its Weight (relative share, 1-10000)\n"
	"  --limit CPUS       its Limit: at most this many host CPUs' worth of time\n"
	"  --reservation CPUS its Reservation: host CPUs held for the VM while it\n"
	"                     runs; a start that would overcommit the pool is refused\n"
	"  --memory SIZE      VirtualQuantity of the memory RASD (64M, 1G...)\n",
	run_set, false,
};
