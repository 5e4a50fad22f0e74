/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <mbedtls/base64.h>

#include "mgmt/profiles/console_output.h"
#include "mgmt/profiles/virtual_system.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_DATA,
	P_INSTANCE_ID,
	P_START_OFFSET,
	P_SYSTEM_NAME,
	P_TOTAL_BYTES,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	/* base64 (RFC 4648): a console carries control characters that XML 1.0
	 * cannot hold, and dropping them would make the output lie. */
	[P_DATA] = { .name = "Data", .type = CIM_TYPE_STRING },
	[P_INSTANCE_ID] = { .name = "InstanceID", .type = CIM_TYPE_STRING, .key = true },
	[P_START_OFFSET] = { .name = "StartOffset", .type = CIM_TYPE_UINT64 },
	[P_SYSTEM_NAME] = { .name = "SystemName", .type = CIM_TYPE_STRING },
	[P_TOTAL_BYTES] = { .name = "TotalBytes", .type = CIM_TYPE_UINT64 },
};

const struct cim_class console_output_class = {
	.name = CONSOLE_OUTPUT_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* One instance at a time, from the one management thread: static rather
 * than 9.5 KiB of its stack. */
static char raw[CONSOLE_OUTPUT_MAX];
static unsigned char text[4U * ((CONSOLE_OUTPUT_MAX + 2U) / 3U) + 1U];

static int console_emit(void *ectx, const struct virtual_system *vs)
{
	const struct virtual_system_emit *e = ectx;
	uint64_t total = vs->info.console_bytes;
	uint64_t offset = total > CONSOLE_OUTPUT_MAX ? total - CONSOLE_OUTPUT_MAX : 0;
	char id[HV_VM_NAME_LEN + sizeof("vmanhv::console")];
	struct cim_instance inst;
	size_t n, len = 0;

	/* The guest may write meanwhile: offset after the read, less what was
	 * read, is where the bytes we hold start, whatever the ring did. */
	n = hv_vm_console_read(vs->info.id, &offset, raw, sizeof(raw));
	if (mbedtls_base64_encode(text, sizeof(text), &len, (const unsigned char *)raw, n) != 0) {
		return 0;	/* cannot happen: text fits the whole ring */
	}
	/* For no bytes the encoder writes nothing, not even the NUL: without
	 * this, an empty console would show the text of the last one read. */
	text[len] = '\0';
	snprintf(id, sizeof(id), "vmanhv:%s:console", vs->info.name);
	memset(&inst, 0, sizeof(inst));
	inst.cls = &console_output_class;
	inst.values[P_DATA].s = (const char *)text;
	inst.values[P_INSTANCE_ID].s = id;
	inst.values[P_START_OFFSET].u = offset - n;
	inst.values[P_SYSTEM_NAME].s = vs->info.name;
	inst.values[P_TOTAL_BYTES].u = offset;
	return e->fn(e->ctx, &inst);
}

static int console_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	struct virtual_system_emit e = { fn, ctx };

	(void)pctx;
	return virtual_system_each(from, console_emit, &e);
}

const struct cim_provider console_output_provider = {
	.cls = &console_output_class,
	.enumerate = console_enumerate,
};
