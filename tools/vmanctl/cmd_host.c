/* SPDX-License-Identifier: MIT */
/* host, profiles, pools: what the endpoint serves about the host itself. */
#include <stdio.h>
#include <string.h>

#include "tools/vmanctl/cim.h"
#include "tools/vmanctl/commands.h"
#include "tools/vmanctl/output.h"

static const struct option only_common[] = { COMMAND_COMMON_OPTIONS };

/* Options that are only --json/--help, and no arguments. */
static int no_arguments(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	int c;

	while ((c = command_getopt(v, cmd, argc, argv, "", only_common)) != -1) {
		return c == -2 ? -2 : VMANCTL_USAGE;
	}
	if (optind < argc) {
		return command_usage_error(cmd, "takes no arguments");
	}
	return VMANCTL_OK;
}

static int run_host(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "Endpoint", "endpoint", JSON_TEXT }, { "Vendor", "vendor", JSON_TEXT },
		{ "Version", "version", JSON_TEXT }, { "Protocol", "protocol", JSON_TEXT },
		{ "Host", "name", JSON_TEXT }, { "Label", "element_name", JSON_TEXT },
		{ "State", "state", JSON_TEXT }, { "EnabledState", "enabled_state", JSON_NUMBER },
	};
	struct cim_instance id = { 0 }, host = { 0 };
	struct wsman_fault fault;
	struct table t;
	int rc = no_arguments(v, cmd, argc, argv);

	if (rc != VMANCTL_OK) {
		return rc == -2 ? VMANCTL_OK : rc;
	}
	rc = wsman_identify(v, &id);
	if (rc == VMANCTL_OK) {
		rc = wsman_get(v, URI_COMPUTER_SYSTEM, cim_host_keys, 2, &host, &fault);
		if (rc == VMANCTL_FAILED && fault.present) {
			wsman_fault_report("reading the host system failed", &fault);
		}
	}
	if (rc == VMANCTL_OK) {
		const char *es = instance_get(&host, "EnabledState");
		const char *row[] = {
			v->url, instance_get(&id, "ProductVendor"), instance_get(&id, "ProductVersion"),
			instance_get(&id, "ProtocolVersion"), instance_get(&host, "Name"),
			instance_get(&host, "ElementName"), cim_enabled_state_name(es), es,
		};

		table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
		table_add_row(&t, row);
		table_print_record(&t, v->json, stdout);
		table_free(&t);
	}
	instance_free(&id);
	instance_free(&host);
	return rc;
}

/* Enumerates URI (with SEL) into a table of COLS, whose keys name the properties. */
static int list_instances(struct vmanctl *v, const char *what, const char *uri,
			  const struct selector *sel, size_t nsel, const struct column *cols,
			  const char *const *props, size_t ncols)
{
	struct instance_list list = { 0 };
	struct wsman_fault fault;
	struct table t;
	int rc = wsman_enumerate(v, uri, sel, nsel, NULL, &list, &fault);

	if (rc == VMANCTL_FAILED && fault.present) {
		char msg[128];

		snprintf(msg, sizeof(msg), "listing %s failed", what);
		wsman_fault_report(msg, &fault);
	}
	if (rc != VMANCTL_OK) {
		return rc;
	}
	table_init(&t, cols, ncols);
	for (size_t i = 0; i < list.count; i++) {
		const char *row[16];

		for (size_t c = 0; c < ncols && c < 16; c++) {
			row[c] = instance_get(&list.items[i], props[c]);
		}
		table_add_row(&t, row);
	}
	table_print(&t, v->json, stdout);
	table_free(&t);
	instance_list_free(&list);
	return VMANCTL_OK;
}

static int run_profiles(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "NAME", "name", JSON_TEXT }, { "VERSION", "version", JSON_TEXT },
		{ "ORGANIZATION", "organization", JSON_NUMBER }, { "ID", "instance_id", JSON_TEXT },
	};
	static const char *const props[] = {
		"RegisteredName", "RegisteredVersion", "RegisteredOrganization", "InstanceID",
	};
	/* DSP1033: registered profiles live in the interop namespace */
	static const struct selector interop[] = { { "__cimnamespace", "root/interop" } };
	int rc = no_arguments(v, cmd, argc, argv);

	if (rc != VMANCTL_OK) {
		return rc == -2 ? VMANCTL_OK : rc;
	}
	return list_instances(v, "the registered profiles", URI_REGISTERED_PROFILE, interop, 1,
			      cols, props, 4);
}

static int run_pools(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "POOL", "pool_id", JSON_TEXT }, { "TYPE", "resource_type", JSON_NUMBER },
		{ "CAPACITY", "capacity", JSON_NUMBER }, { "RESERVED", "reserved", JSON_NUMBER },
		{ "CONSUMED", "consumed", JSON_NUMBER },
		{ "UNITS", "allocation_units", JSON_TEXT }, { "PRIMORDIAL", "primordial", JSON_BOOL },
	};
	/* DSP1041: Reserved is what allocations hold back, CurrentlyConsumedResource
	 * what they use (docs/allocation.md "The pools' figures") */
	static const char *const props[] = {
		"PoolID", "ResourceType", "Capacity", "Reserved", "CurrentlyConsumedResource",
		"AllocationUnits", "Primordial",
	};
	int rc = no_arguments(v, cmd, argc, argv);

	if (rc != VMANCTL_OK) {
		return rc == -2 ? VMANCTL_OK : rc;
	}
	return list_instances(v, "the resource pools", URI_RESOURCE_POOL, NULL, 0, cols, props, 7);
}

const struct command cmd_host = {
	"host", "[--json]", "Show the endpoint (Identify) and its host system.",
	"\nProduct vendor and version from WS-Man Identify, then the host's\n"
	"CIM_ComputerSystem (Name vmanhv) and its state.\n", run_host, false,
};

const struct command cmd_profiles = {
	"profiles", "[--json]", "List the DMTF profiles the endpoint implements.",
	"\nEnumerates CIM_RegisteredProfile in root/interop (DSP1033): organization\n"
	"(2 = DMTF), name, version.\n", run_profiles, false,
};

const struct command cmd_pools = {
	"pools", "[--json]", "List the resource pools (processors, memory).",
	"\nEnumerates CIM_ResourcePool (DSP1041): PoolID, ResourceType (3 processor,\n"
	"4 memory), Capacity, Reserved and CurrentlyConsumedResource in\n"
	"AllocationUnits.\n", run_pools, false,
};
