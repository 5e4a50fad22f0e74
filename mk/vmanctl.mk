# vmanctl: the operator's CLI (tools/vmanctl/, docs/vmanctl.md), a host
# program built against Debian's libcurl (OpenSSL flavour), libxml2 and
# OpenSSL's libcrypto (tools/setup.sh vmanctl installs them).
#
#   make vmanctl      build/vmanctl

VMANCTL := $(BUILD)/vmanctl
VMANCTL_SRCS := $(sort $(wildcard tools/vmanctl/*.c))
VMANCTL_OBJS := $(VMANCTL_SRCS:tools/vmanctl/%.c=$(BUILD)/vmanctl-obj/%.o)
VMANCTL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wvla -D_FORTIFY_SOURCE=2 -I. \
	-I/usr/include/libxml2
VMANCTL_LDLIBS := -lcurl -lxml2 -lcrypto
SETUP_VMANCTL_STAMP := $(BUILD)/.setup-vmanctl.stamp

$(SETUP_VMANCTL_STAMP): $(SETUP_SH)
	@mkdir -p $(@D)
	@bash $(SETUP_SH) vmanctl
	@touch $@

.PHONY: vmanctl
vmanctl: $(VMANCTL)

$(VMANCTL): $(VMANCTL_OBJS)
	$(HOST_CC) -o $@ $^ $(VMANCTL_LDLIBS)

$(BUILD)/vmanctl-obj/%.o: tools/vmanctl/%.c | $(SETUP_VMANCTL_STAMP)
	@mkdir -p $(@D)
	$(HOST_CC) $(VMANCTL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(VMANCTL_OBJS:.o=.d)

# tests/integration/test_vmanctl.py runs the real client
integration: $(VMANCTL)

# make run prints a vmanctl command line to paste (tools/run.sh)
run: $(VMANCTL)

# The unit tests of vmanctl's XML parts (tests/unit/test_vmanctl_xml.c) and
# the sources they link see libxml2's headers like vmanctl itself.
$(BUILD)/unit/obj/tools/vmanctl/%.o: UNIT_CFLAGS += -I/usr/include/libxml2
$(BUILD)/unit/obj/tests/unit/test_vmanctl_%.o: UNIT_CFLAGS += -I/usr/include/libxml2
# ... and so do its fuzzer (tests/fuzz/fuzz_vmanctl_cim_error.c) and what it links.
$(BUILD)/fuzz/obj/tools/vmanctl/%.o: FUZZ_CFLAGS += -I/usr/include/libxml2
$(BUILD)/fuzz/obj/tests/fuzz/fuzz_vmanctl_%.o: FUZZ_CFLAGS += -I/usr/include/libxml2
