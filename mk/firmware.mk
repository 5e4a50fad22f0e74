# The firmware ELF: every project source under boot/ (but the 16-bit BIOS
# loader), arch/, hv/, drivers/ and mgmt/, linked with the four libraries.

FW_SRC_DIRS := boot arch/x86_64 arch/x86_64/vmx hv hv/acpi hv/devices hv/loader drivers mgmt mgmt/net mgmt/http mgmt/wsman mgmt/cim mgmt/profiles mgmt/store
FW_C_SRCS := $(foreach d,$(FW_SRC_DIRS),$(wildcard $(d)/*.c))
FW_S_SRCS := $(foreach d,$(FW_SRC_DIRS),$(wildcard $(d)/*.S))
FW_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(FW_C_SRCS) $(FW_S_SRCS))

# The libraries' headers must exist first; their config headers (lwipopts.h,
# mbedtls_config.h) sit on -isystem paths that -MMD does not record, so a
# change of them (which renames DEPS_STAMP) recompiles everything.
$(BUILD)/obj/%.c.o: %.c $(MAKEFILE_LIST) $(DEPS_STAMP) | $(SETUP_BUILD_STAMP)
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) $(DEPS_INCLUDES) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.S.o: %.S $(MAKEFILE_LIST) | $(SETUP_BUILD_STAMP)
	@mkdir -p $(@D)
	$(CC) $(FW_ASFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/vmanhv.elf: $(FW_OBJS) $(DEPS_STAMP) linker.ld
	$(CC) $(FW_LDFLAGS) -o $@ $(FW_OBJS) -Wl,--start-group $(DEPS_LIBS) $(LIBGCC) -Wl,--end-group

# The guests' DSDT (hv/acpi/dsdt.asl): iasl compiles it into a C array that
# hv/acpi/dsdt_aml.c includes, in the firmware and in the unit tests alike.
ACPI_GEN_DIR := $(BUILD)/acpi
DSDT_AML_INC := $(ACPI_GEN_DIR)/dsdt_aml.inc

$(DSDT_AML_INC): hv/acpi/dsdt.asl hv/acpi/guest_platform.h | $(SETUP_BUILD_STAMP)
	@mkdir -p $(@D)
	@iasl -we -p $(ACPI_GEN_DIR)/dsdt -tc -I hv/acpi $< > $(ACPI_GEN_DIR)/iasl.log 2>&1 || \
		{ cat $(ACPI_GEN_DIR)/iasl.log; exit 1; }
	sed 's/^unsigned char /static const unsigned char /' $(ACPI_GEN_DIR)/dsdt.hex > $@

$(BUILD)/obj/hv/acpi/dsdt_aml.c.o $(BUILD)/unit/obj/hv/acpi/dsdt_aml.o: $(DSDT_AML_INC)
$(BUILD)/obj/hv/acpi/dsdt_aml.c.o: FW_CFLAGS += -I$(ACPI_GEN_DIR)
$(BUILD)/unit/obj/hv/acpi/dsdt_aml.o: UNIT_CFLAGS += -I$(ACPI_GEN_DIR)

.PHONY: elf
elf: $(BUILD)/vmanhv.elf

-include $(FW_OBJS:.o=.d)
