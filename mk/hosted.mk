# The hosted management core (docs/bench.md): mgmt/http's parser, dispatch
# and authentication, mgmt/wsman, mgmt/cim and mgmt/profiles compiled for
# Linux against Debian's libmbedtls/libexpat (the firmware's versions),
# serving WS-Man on a POSIX socket (mgmt/hosted/).
#
#   make hosted   both flavours:
#     $(BUILD)/hosted/vmanhv-mgmt        ASan/UBSan (HOST_CFLAGS), for tests
#     $(BUILD)/hosted/vmanhv-mgmt-bench  -O2, no sanitizers, for make bench
#
# The firmware-only pieces stay out: the lwIP server (http_server.c,
# http_service.c), TLS (tls_*.c) and cim_attach.c (the hypervisor clock);
# mgmt/hosted/hv_backend.c stands in for hv/api.h.

HOSTED_CORE_SRCS := mgmt/http/http_parser.c mgmt/http/http_dispatch.c \
	mgmt/http/http_message.c mgmt/http/rng.c $(wildcard mgmt/http/auth*.c) \
	$(filter-out mgmt/wsman/cim_attach.c,$(wildcard mgmt/wsman/*.c)) \
	$(wildcard mgmt/cim/*.c mgmt/profiles/*.c)
HOSTED_SRCS := $(HOSTED_CORE_SRCS) $(wildcard mgmt/hosted/*.c)
HOSTED_LDLIBS := -lmbedcrypto -lexpat

HOSTED_SAN_CFLAGS := $(HOST_CFLAGS) -DVMANHV_HOSTED=1
# Benchmarks measure the code, not the sanitizers; -g for callgrind_annotate.
HOSTED_BENCH_CFLAGS := $(filter-out -O1 -fsanitize=% -fno-sanitize-recover=%,$(HOST_CFLAGS)) \
	-O2 -DVMANHV_HOSTED=1

HOSTED_BIN := $(BUILD)/hosted/vmanhv-mgmt
HOSTED_BENCH_BIN := $(BUILD)/hosted/vmanhv-mgmt-bench
HOSTED_SAN_OBJS := $(HOSTED_SRCS:%.c=$(BUILD)/hosted/san/%.o)
HOSTED_BENCH_OBJS := $(HOSTED_SRCS:%.c=$(BUILD)/hosted/O2/%.o)

$(BUILD)/hosted/san/%.o: %.c | $(SETUP_TEST_STAMP)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOSTED_SAN_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/hosted/O2/%.o: %.c | $(SETUP_TEST_STAMP)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOSTED_BENCH_CFLAGS) -MMD -MP -c -o $@ $<

$(HOSTED_BIN): $(HOSTED_SAN_OBJS)
	$(HOST_CC) $(HOSTED_SAN_CFLAGS) -o $@ $^ $(HOSTED_LDLIBS)

$(HOSTED_BENCH_BIN): $(HOSTED_BENCH_OBJS)
	$(HOST_CC) $(HOSTED_BENCH_CFLAGS) -o $@ $^ $(HOSTED_LDLIBS)

.PHONY: hosted
hosted: $(HOSTED_BIN) $(HOSTED_BENCH_BIN)

# tests/integration/test_hosted.py runs the sanitizer build; make bench the -O2 one
# (the rules are in mk/tests.mk: this only adds prerequisites).
integration: $(HOSTED_BIN)
bench: $(HOSTED_BENCH_BIN)

-include $(HOSTED_SAN_OBJS:.o=.d) $(HOSTED_BENCH_OBJS:.o=.d)
