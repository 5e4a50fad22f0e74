# The hosted management core (docs/bench.md): mgmt/http's parser, dispatch
# and authentication, mgmt/wsman, mgmt/cim and mgmt/profiles compiled for
# Linux against Debian's libmbedcrypto (the firmware's version) and the
# firmware's own expat (below), serving WS-Man on a POSIX socket
# (mgmt/hosted/).
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
HOSTED_SRCS := $(HOSTED_CORE_SRCS) $(wildcard mgmt/hosted/*.c) hv/api_errors.c
HOSTED_LDLIBS := -lmbedcrypto

# expat as the firmware runs it: the same Debian source tree (mk/deps.mk
# fetches it) compiled with the firmware's mgmt/wsman/expat_config.h (no
# XML_DTD, the same context bytes and byte order), not Debian's libexpat,
# which is built with XML_DTD and its per-token billion-laughs accounting
# and so measures another XML path (docs/bench.md).  Its headers are copied
# aside so that <expat.h> is the one the library was compiled from, and so is
# expat_config.h, into a directory searched before the system's: Debian's
# libexpat1-dev installs its own <expat_config.h> (with XML_DTD) there.
HOSTED_EXPAT_LIB := $(EXPAT_SRC)/expat/lib
HOSTED_EXPAT_INC := $(BUILD)/hosted/expat/include
HOSTED_EXPAT_HDRS := $(HOSTED_EXPAT_INC)/expat.h $(HOSTED_EXPAT_INC)/expat_external.h
HOSTED_EXPAT_CONFIG := $(BUILD)/hosted/expat/config/expat_config.h
HOSTED_EXPAT_SRCS := xmlparse.c xmltok.c xmlrole.c
# Third-party code: the flavour's code generation flags, not our warnings.
hosted_expat_cflags = $(filter-out -W% -I.,$(1)) -w -I $(dir $(HOSTED_EXPAT_CONFIG))

HOSTED_SAN_CFLAGS := $(HOST_CFLAGS) -DVMANHV_HOSTED=1 -isystem $(HOSTED_EXPAT_INC)
# Benchmarks measure the code, not the sanitizers; -g for callgrind_annotate.
HOSTED_BENCH_CFLAGS := $(filter-out -O1 -fsanitize=% -fno-sanitize-recover=%,$(HOST_CFLAGS)) \
	-O2 -DVMANHV_HOSTED=1 -isystem $(HOSTED_EXPAT_INC)

HOSTED_BIN := $(BUILD)/hosted/vmanhv-mgmt
HOSTED_BENCH_BIN := $(BUILD)/hosted/vmanhv-mgmt-bench
HOSTED_SAN_OBJS := $(HOSTED_SRCS:%.c=$(BUILD)/hosted/san/%.o) \
	$(HOSTED_EXPAT_SRCS:%.c=$(BUILD)/hosted/san/expat/%.o)
HOSTED_BENCH_OBJS := $(HOSTED_SRCS:%.c=$(BUILD)/hosted/O2/%.o) \
	$(HOSTED_EXPAT_SRCS:%.c=$(BUILD)/hosted/O2/expat/%.o)

$(HOSTED_EXPAT_SRCS:%=$(HOSTED_EXPAT_LIB)/%): | $(EXPAT_SRC)/.fetched

$(HOSTED_EXPAT_HDRS): $(HOSTED_EXPAT_INC)/%.h: $(EXPAT_SRC)/.fetched
	@mkdir -p $(@D)
	cp $(HOSTED_EXPAT_LIB)/$*.h $@

$(HOSTED_EXPAT_CONFIG): $(EXPAT_CONFIG_DIR)/expat_config.h
	@mkdir -p $(@D)
	cp $< $@

$(BUILD)/hosted/san/expat/%.o: $(HOSTED_EXPAT_LIB)/%.c $(HOSTED_EXPAT_CONFIG) \
		| $(SETUP_TEST_STAMP)
	@mkdir -p $(@D)
	$(HOST_CC) $(call hosted_expat_cflags,$(HOSTED_SAN_CFLAGS)) -c -o $@ $<

$(BUILD)/hosted/O2/expat/%.o: $(HOSTED_EXPAT_LIB)/%.c $(HOSTED_EXPAT_CONFIG) \
		| $(SETUP_TEST_STAMP)
	@mkdir -p $(@D)
	$(HOST_CC) $(call hosted_expat_cflags,$(HOSTED_BENCH_CFLAGS)) -c -o $@ $<

$(BUILD)/hosted/san/%.o: %.c | $(SETUP_TEST_STAMP) $(HOSTED_EXPAT_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOSTED_SAN_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/hosted/O2/%.o: %.c | $(SETUP_TEST_STAMP) $(HOSTED_EXPAT_HDRS)
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
