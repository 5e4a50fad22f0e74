/* sources: mgmt/wsman/wsman.c mgmt/wsman/identify.c mgmt/wsman/fault.c mgmt/wsman/soap.c mgmt/wsman/xml_writer.c mgmt/wsman/envelope.c mgmt/wsman/xml_mem.c mgmt/wsman/duration.c mgmt/wsman/action.c mgmt/http/http_message.c mgmt/wsman/cim_ops.c mgmt/wsman/enumerate.c mgmt/wsman/enum_body.c mgmt/wsman/enum_walk.c mgmt/wsman/filter_selector.c mgmt/wsman/filter_association.c mgmt/wsman/cim_xml.c mgmt/cim/cim.c mgmt/profiles/host_system.c mgmt/profiles/registry.c mgmt/profiles/console_output.c mgmt/profiles/profile_registration.c mgmt/cim/arena.c mgmt/cim/status.c mgmt/profiles/host_ref.c mgmt/profiles/units.c mgmt/profiles/rasd.c mgmt/profiles/association.c mgmt/profiles/virtual_system.c mgmt/profiles/system_state.c mgmt/profiles/virtual_system_settings.c mgmt/profiles/virtual_system_management.c mgmt/profiles/virtual_system_management_capabilities.c mgmt/profiles/hosted_service.c mgmt/profiles/hosted_dependency.c mgmt/profiles/settings_define_state.c mgmt/profiles/element_capabilities.c mgmt/profiles/account.c mgmt/profiles/account_on_system.c mgmt/hosted/hv_backend.c hv/api_errors.c mgmt/cim/instance_build.c mgmt/cim/instance_copy.c mgmt/cim/objpath.c mgmt/cim/mof_parse.c mgmt/wsman/cimxml_parse.c mgmt/wsman/cimxml_write.c mgmt/wsman/embedded.c mgmt/wsman/wscim_parse.c mgmt/wsman/cim_fault.c mgmt/wsman/cim_target.c mgmt/wsman/write_body.c mgmt/wsman/transfer.c mgmt/wsman/invoke.c mgmt/profiles/job.c mgmt/profiles/concrete_job.c mgmt/profiles/cim_error.c mgmt/profiles/affected_job_element.c mgmt/profiles/enabled_logical_element_capabilities.c mgmt/profiles/job_timeout.c mgmt/profiles/allocation.c mgmt/profiles/allocation_admission.c mgmt/profiles/allocation_resize.c mgmt/profiles/allocation_capabilities.c mgmt/profiles/allocation_template.c mgmt/profiles/pool_capabilities.c mgmt/profiles/settings_define_capabilities.c mgmt/profiles/hosted_resource_pool.c mgmt/profiles/rasd_instance.c mgmt/profiles/resource_pool.c mgmt/profiles/resource_pool_table.c mgmt/profiles/resource_settings.c mgmt/profiles/vssd_component.c mgmt/profiles/resource_allocation_from_pool.c mgmt/profiles/element_allocated_from_pool.c mgmt/profiles/child_pool.c mgmt/profiles/resource_pool_configuration_service.c mgmt/profiles/modify_system_settings.c mgmt/profiles/virtual_device.c mgmt/profiles/processor_device.c mgmt/profiles/memory_device.c mgmt/profiles/system_device.c mgmt/profiles/settings_define_state_device.c mgmt/profiles/element_setting_data.c mgmt/profiles/rasd_host_resource.c mgmt/profiles/pasd.c mgmt/profiles/x86_extensions.c */
/* libs: -lexpat  -lmbedcrypto */
/* libs: -lexpat */
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: arbitrary bytes as a WS-Management request, through the whole
 * endpoint (wsman_handle: envelope reader, dispatch, Identify, faults, XML
 * writer) and through the envelope reader alone with a body reader attached
 * and expat's allocations failing on demand.  `make fuzz` runs it
 * (mk/fuzz.mk); seeds are in tests/fuzz/corpus/fuzz_wsman_envelope/.
 *
 * Input: one byte of flags, then the request body.
 *   bit 0      the request is authenticated
 *   bits 1-7   for the direct parse: expat's n-th allocation fails (0: none)
 *
 * Besides the sanitizers, a finding is: a status other than 200, 400, 401
 * or 500; an empty reply, or one that is not well-formed, namespace-correct
 * XML; a 400 to an unauthenticated request (it may learn nothing but
 * Identify and AccessDenied); a body reader that sees unbalanced elements
 * or depths beyond the limit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "mgmt/http/http.h"
#include "mgmt/wsman/envelope.h"
#include "mgmt/profiles/host_system.h"
#include "mgmt/profiles/registry.h"
#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/wsman.h"

#define CHECK(cond)                                                                     \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "fuzz_wsman_envelope: %s failed\n", #cond);     \
			abort();                                                        \
		}                                                                       \
	} while (0)

struct balance {
	long open;
	unsigned max_depth;
};

static uint64_t rng_state = 0x243F6A8885A308D3ULL;

/* Deterministic, so every crash reproduces from its input alone. */
static int fuzz_rng(void *ctx, unsigned char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
		out[i] = (unsigned char)(rng_state >> 56);
	}
	return 0;
}

static int on_start(void *ctx, struct wsman_envelope *env, const struct wsman_qname *name,
		    const char **attrs, unsigned depth)
{
	struct balance *b = ctx;

	CHECK((long)depth == b->open);
	CHECK(name->local != NULL);
	(void)wsman_attr(attrs, "urn:x", "a");
	b->open++;
	b->max_depth = depth > b->max_depth ? depth : b->max_depth;
	return 0;
}

static int on_end(void *ctx, struct wsman_envelope *env, unsigned depth)
{
	struct balance *b = ctx;

	CHECK((long)depth == --b->open);
	return 0;
}

static int on_text(void *ctx, struct wsman_envelope *env, const char *text, size_t len)
{
	struct balance *b = ctx;

	CHECK(b->open > 0);
	if (len > 0 && text[0] == '!') {
		wsman_envelope_fail(env, WSMAN_FAULT_INVALID_REPRESENTATION, WSMAN_DETAIL_NONE,
				    "text %.*s", (int)(len > 8 ? 8 : len), text);
		return -1;
	}
	return 0;
}

static const struct wsman_body_ops balance_ops = { on_start, on_end, on_text };

static const struct wsman_body_ops *select_balance(void *ctx, const struct wsman_envelope *env)
{
	return &balance_ops;
}

/* Namespace processing on, so an unbound prefix is a finding too.  The
 * separator is one no document can contain (XML 1.0 2.2): expat refuses
 * namespace URIs holding it, and replies echo the client's URIs. */
static void check_well_formed(const char *xml, size_t len)
{
	XML_Parser p = XML_ParserCreateNS(NULL, '\x1F');

	CHECK(p != NULL);
	CHECK(XML_Parse(p, xml, (int)len, XML_TRUE) == XML_STATUS_OK);
	XML_ParserFree(p);
}

static void fuzz_parse(const uint8_t *data, size_t size, uint32_t fail_at)
{
	static struct wsman_envelope env;
	struct balance b = { 0 };
	struct wsman_parse_config cfg = { .hash_salt = 7, .select_body = select_balance,
					  .body_ctx = &b, .fail_alloc_at = fail_at };
	enum wsman_fault f = wsman_envelope_parse(&env, data, size, &cfg);

	CHECK(f < WSMAN_FAULT_COUNT);
	CHECK(env.fault.fault == f);
	CHECK(env.strings_used <= WSMAN_STRINGS_MAX);
	CHECK(b.max_depth + 3 <= WSMAN_DEPTH_MAX);
	if (f == WSMAN_FAULT_NONE) {
		CHECK(b.open == 0);
		CHECK(env.body_name != NULL || env.body_children == 0);
		CHECK(env.selector_count <= WSMAN_SELECTORS_MAX);
	}
}

/*
 * The CIM operations (Get, Enumerate, Pull, Release) on the firmware's
 * profiles, on a clock that advances a minute per request so enumeration
 * contexts also expire under fuzzing.
 */
static uint64_t fuzz_now_ms(void)
{
	static uint64_t now;

	now += 60000U;
	return now;
}

static void fuzz_handle(const uint8_t *data, size_t size, bool authenticated)
{
	static struct wsman_endpoint ep;
	static struct wsman_cim_state cim_state;
	struct http_response resp;
	struct http_request req = { .method = HTTP_METHOD_POST, .authenticated = authenticated };
	uint8_t *body = malloc(size + 1);

	CHECK(body != NULL);
	memcpy(body, data, size);
	body[size] = '\0';
	req.body = body;
	req.body_len = size;
	if (ep.rng == NULL) {
		wsman_endpoint_init(&ep, fuzz_rng, NULL);
		wsman_cim_enable(&ep, &cim_state, &profiles_registry, fuzz_now_ms);
	}
	http_response_init(&resp, HTTP_BODY_MAX);
	wsman_handle(&req, &resp, &ep);
	CHECK(resp.status == 200 || resp.status == 400 || resp.status == 401 ||
	      resp.status == 500);
	CHECK(resp.body.len > 0);
	CHECK(authenticated || resp.status != 400);
	check_well_formed(resp.body.data, resp.body.len);
	http_response_free(&resp);
	free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t flags;

	if (size == 0) {
		return 0;
	}
	flags = data[0];
	fuzz_handle(data + 1, size - 1, (flags & 1U) != 0);
	fuzz_parse(data + 1, size - 1, flags >> 1);
	return 0;
}
