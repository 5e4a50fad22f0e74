# Tests, running the firmware, benchmarks (tests/README.md tells the layout).
#
#   make check         unit, fuzz-smoke, then integration; one closing line
#                      `check: N passed, N failed, N skipped`, non-zero on failure
#   make unit          host unit tests (tests/unit/test_*.c, cmocka)
#   make integration   the real images in Bochs and QEMU (tests/integration/, pytest)
#                      PYTEST_ARGS="-k iso" picks tests
#   make run           boot the raw image in the best emulator here, serial on
#                      the terminal; EMULATOR=bochs|qemu|kvm CPUS=N CMDLINE="..."
#   make bench         sizes and boot times per emulator, the management core's
#                      instructions per request, CPU per instance and RAM (docs/bench.md)
#   make fuzz          the fuzzers (tests/fuzz/)

# Debian's interpreter, the one python3-pytest installs into: a python3 found
# first on PATH (pyenv, a venv) may not have pytest.
PYTHON3 ?= /usr/bin/python3
TEST_RESULTS := $(BUILD)/test-results
IMAGES := $(BUILD)/vmanhv.elf $(BUILD)/vmanhv.img $(BUILD)/vmanhv.iso

.PHONY: check unit integration run bench fuzz

# Both halves always run; the closing line adds up their counts.
check:
	@rm -rf $(TEST_RESULTS); mkdir -p $(TEST_RESULTS)
	@rc=0; \
	$(MAKE) --no-print-directory unit || rc=1; \
	$(MAKE) --no-print-directory fuzz-smoke || rc=1; \
	$(MAKE) --no-print-directory integration || rc=1; \
	p=0; f=0; s=0; \
	for part in unit fuzz integration; do \
		if read -r a b c < $(TEST_RESULTS)/$$part.counts 2>/dev/null; then \
			p=$$((p + a)); f=$$((f + b)); s=$$((s + $${c:-0})); \
		else \
			echo "check: $$part did not run to its end (see above)"; f=$$((f + 1)); \
		fi; \
	done; \
	if [ $$rc -ne 0 ] && [ $$f -eq 0 ]; then f=1; fi; \
	echo "check: $$p passed, $$f failed, $$s skipped"; \
	[ $$rc -eq 0 ]

# --- unit tests ------------------------------------------------------------------
# Each tests/unit/test_NAME.c starts with a line naming the project sources it
# links against:   /* sources: hv/pfa.c boot/cmdline.c */   (may be empty).
# Every object is built hosted, with the sanitizers of HOST_CFLAGS, under
# $(BUILD)/unit/obj/; VMANHV_HOSTED tells portable code it is not in firmware.

UNIT_TESTS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_NAMES := $(UNIT_TESTS:tests/unit/%.c=%)
UNIT_BINS := $(UNIT_NAMES:%=$(BUILD)/unit/%)
UNIT_CFLAGS = $(HOST_CFLAGS) -DVMANHV_HOSTED=1
UNIT_LDLIBS := -lcmocka

unit_sources = $(strip $(shell sed -n '1s|^/\*[[:space:]]*sources:\(.*\)\*/.*$$|\1|p' $(1)))
# An optional second line names host libraries: /* libs: -lmbedcrypto -lexpat */
unit_libs = $(strip $(shell sed -n '2s|^/\*[[:space:]]*libs:\(.*\)\*/.*$$|\1|p' $(1)))
unit_obj = $(patsubst %.c,$(BUILD)/unit/obj/%.o,$(1))

define unit_program
UNIT_SOURCES_$(1) := $$(call unit_sources,tests/unit/$(1).c)
UNIT_OBJS += $$(call unit_obj,tests/unit/$(1).c $$(UNIT_SOURCES_$(1)))
$(BUILD)/unit/$(1): $$(call unit_obj,tests/unit/$(1).c $$(UNIT_SOURCES_$(1)))
	$$(HOST_CC) $$(UNIT_CFLAGS) -o $$@ $$^ $$(call unit_libs,tests/unit/$(1).c) $$(UNIT_LDLIBS)
endef
UNIT_OBJS :=
$(foreach t,$(UNIT_NAMES),$(eval $(call unit_program,$(t))))

$(BUILD)/unit/obj/%.o: %.c | $(SETUP_TEST_STAMP)
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CFLAGS) -MMD -MP -c -o $@ $<

-include $(sort $(UNIT_OBJS:.o=.d))

unit: $(UNIT_BINS) | $(SETUP_TEST_STAMP)
	@bash tests/unit/run.sh $(TEST_RESULTS)/unit.counts $(UNIT_BINS)

# --- integration tests -----------------------------------------------------------
# Runs of each test: $(BUILD)/test-runs/<test>/; a failed test's logs are kept in
# $(BUILD)/test-logs/<test>/.

integration: $(IMAGES) | $(SETUP_TEST_STAMP)
	@mkdir -p $(TEST_RESULTS); rm -f $(TEST_RESULTS)/integration.counts
	VMANHV_BUILD=$(abspath $(BUILD)) \
	VMANHV_RESULTS=$(abspath $(TEST_RESULTS))/integration.counts \
	$(PYTHON3) -m pytest -p no:cacheprovider tests/integration \
		-v -rfEs --durations=0 $(PYTEST_ARGS)

# --- running and measuring -------------------------------------------------------

run: $(BUILD)/vmanhv.img | $(SETUP_TEST_STAMP)
	@VMANHV_BUILD=$(abspath $(BUILD)) PYTHON3=$(PYTHON3) bash tools/run.sh \
		--image $(BUILD)/vmanhv.img \
		$(if $(EMULATOR),--emulator $(EMULATOR)) $(if $(CPUS),--cpus $(CPUS)) \
		$(if $(CMDLINE),--cmdline "$(CMDLINE)") \
		$(if $(HTTP_PORT),--http-port $(HTTP_PORT)) $(if $(HTTPS_PORT),--https-port $(HTTPS_PORT))

bench: $(IMAGES) | $(SETUP_TEST_STAMP)
	@VMANHV_BUILD=$(abspath $(BUILD)) $(PYTHON3) tools/bench.py $(BENCH_ARGS)
