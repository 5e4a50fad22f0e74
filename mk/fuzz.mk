# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang and ASan/UBSan.
#
#   make fuzz          build every fuzzer and run each for FUZZ_SECONDS (default 300)
#   make fuzz-smoke    a short bounded run of each (FUZZ_SMOKE_RUNS inputs or
#                      FUZZ_SMOKE_SECONDS, whichever ends first; part of `make check`)
#
# A harness names what it links like a unit test (mk/tests.mk): first line
# /* sources: mgmt/wsman/envelope.c ... */, optional second line /* libs: -lexpat */.
# Seeds are read from tests/fuzz/corpus/<name>/ and $(BUILD)/fuzz/seeds/<name>/
# (built ones, FUZZ_BUILT_SEEDS) and never written; new inputs
# go to $(BUILD)/fuzz/corpus/<name>/, crashes to $(BUILD)/fuzz/artifacts/<name>/,
# logs to $(BUILD)/fuzz/logs/.  tests/fuzz/<name>.dict, if present, is passed
# as a libFuzzer dictionary.  Reproduce a crash: $(BUILD)/fuzz/<name> <file>.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_RUNS ?= 20000
FUZZ_SMOKE_SECONDS ?= 30
# A fixed seed keeps `make check` repeatable; `make fuzz` explores freely.
FUZZ_SMOKE_SEED ?= 1

FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-I. -DVMANHV_HOSTED=1 -DVMANHV_FUZZ=1
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined

FUZZ_HARNESSES := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_HARNESSES:tests/fuzz/%.c=%)
FUZZ_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)

fuzz_obj = $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(1))

define fuzz_program
FUZZ_SOURCES_$(1) := $$(call unit_sources,tests/fuzz/$(1).c)
FUZZ_OBJS += $$(call fuzz_obj,tests/fuzz/$(1).c $$(FUZZ_SOURCES_$(1)))
$(BUILD)/fuzz/$(1): $$(call fuzz_obj,tests/fuzz/$(1).c $$(FUZZ_SOURCES_$(1)))
	$$(FUZZ_CC) $$(FUZZ_LDFLAGS) -o $$@ $$^ $$(call unit_libs,tests/fuzz/$(1).c)
endef
FUZZ_OBJS :=
$(foreach f,$(FUZZ_NAMES),$(eval $(call fuzz_program,$(f))))

$(BUILD)/fuzz/obj/%.o: %.c | $(SETUP_TEST_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

-include $(sort $(FUZZ_OBJS:.o=.d))

# Seeds that are build outputs, made fresh instead of committed (they would go
# stale): the ELF loader starts from the test guests as they are built now.
FUZZ_BUILT_SEEDS := $(BUILD)/fuzz/seeds/fuzz_elf_loader/.made
$(BUILD)/fuzz/seeds/fuzz_elf_loader/.made: $(GUEST_ELFS)
	@rm -rf $(@D); mkdir -p $(@D)
	cp $^ $(@D)/
	@touch $@

# Arguments for fuzzer $$n: scratch corpus first (libFuzzer writes there), then
# the seeds (committed, then built); crash files and the dictionary.
FUZZ_ARGS = -artifact_prefix=$(BUILD)/fuzz/artifacts/$$n/ \
	$$([ -f tests/fuzz/$$n.dict ] && echo -dict=tests/fuzz/$$n.dict) \
	$$corpus $$([ -d tests/fuzz/corpus/$$n ] && echo tests/fuzz/corpus/$$n) \
	$$([ -d $(BUILD)/fuzz/seeds/$$n ] && echo $(BUILD)/fuzz/seeds/$$n)

.PHONY: fuzz fuzz-smoke fuzz-build
fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS) $(FUZZ_BUILT_SEEDS)
	@rc=0; \
	for n in $(FUZZ_NAMES); do \
		corpus=$(BUILD)/fuzz/corpus/$$n; \
		mkdir -p $$corpus $(BUILD)/fuzz/artifacts/$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
		$(BUILD)/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$(FUZZ_ARGS) || rc=1; \
	done; \
	exit $$rc

# One "passed" per fuzzer that built and ran clean, for check's closing line
# ($(TEST_RESULTS)/fuzz.counts, like unit.counts).  Each is built on its own,
# so one harness that does not compile fails alone.
fuzz-smoke: $(FUZZ_BUILT_SEEDS) | $(SETUP_TEST_STAMP)
	@mkdir -p $(TEST_RESULTS) $(BUILD)/fuzz/logs; rm -f $(TEST_RESULTS)/fuzz.counts; \
	p=0; f=0; s=0; \
	if ! command -v $(FUZZ_CC) >/dev/null; then \
		s=$(words $(FUZZ_NAMES)); echo "fuzz-smoke: $(FUZZ_CC) not found, $$s skipped"; \
	else for n in $(FUZZ_NAMES); do \
		log=$(BUILD)/fuzz/logs/$$n.smoke.log; corpus=$(BUILD)/fuzz/smoke-corpus/$$n; \
		rm -rf $$corpus; mkdir -p $$corpus $(BUILD)/fuzz/artifacts/$$n; \
		if ! $(MAKE) --no-print-directory -s $(BUILD)/fuzz/$$n > $$log 2>&1; then \
			echo "fuzz-smoke: $$n did not build:"; tail -20 $$log; f=$$((f + 1)); \
		elif $(BUILD)/fuzz/$$n -runs=$(FUZZ_SMOKE_RUNS) \
			-max_total_time=$(FUZZ_SMOKE_SECONDS) -seed=$(FUZZ_SMOKE_SEED) \
			$(FUZZ_ARGS) >> $$log 2>&1; then \
			echo "fuzz-smoke: $$n: $$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' $$log \
				| tail -1)s, corpus $$(find tests/fuzz/corpus/$$n $(BUILD)/fuzz/seeds/$$n -type f \
				! -name '.*' 2>/dev/null | wc -l)" \
				"seeds + $$(ls $$corpus | wc -l) new"; \
			p=$$((p + 1)); \
		else \
			echo "fuzz-smoke: $$n FAILED (log $$log, inputs in $(BUILD)/fuzz/artifacts/$$n/):"; \
			tail -40 $$log; f=$$((f + 1)); \
		fi; \
	done; fi; \
	echo "$$p $$f $$s" > $(TEST_RESULTS)/fuzz.counts; \
	echo "fuzz-smoke: $$p passed, $$f failed"; \
	[ $$f -eq 0 ]
