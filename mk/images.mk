# Boot media (docs/disk-layout.md):
#
#   $(BUILD)/boot/mbr.bin     boot sector (boot/bios/mbr.S)
#   $(BUILD)/boot/loader.bin  stage-2 BIOS loader (boot/bios/loader.S)
#   $(BUILD)/vmanhv.img       raw disk: MBR, descriptor, loader, firmware in
#                             partition 1, config store and datastore reserved
#                             (tools/mkimage.py)
#   $(BUILD)/vmanhv.iso       hybrid BIOS + UEFI GRUB ISO, multiboot2
#                             (tools/mkiso.sh; the tree it was made from stays
#                             in $(BUILD)/iso, grub.cfg included)
#
#   make img | make iso       one of them
#   FW_CMDLINE="..."          the firmware command line baked into both
#                             (default empty); changing it rebuilds both
#   IMG_SIZE_MIB=N            raw disk size (default 64, whole cylinders)
#
# Tests make variants without make: tools/mkimage.py --from IMG --cmdline
# "..." -o OUT re-stamps the raw image, tools/mkiso.sh ELF OUT.iso "..."
# builds another ISO.

FW_CMDLINE ?=
IMG_SIZE_MIB ?= 64

BIOS_BOOT_DIR := $(BUILD)/boot
BIOS_MBR := $(BIOS_BOOT_DIR)/mbr.bin
BIOS_LOADER := $(BIOS_BOOT_DIR)/loader.bin
# 16-bit code assembled into 32-bit objects; the .S files include nothing
# but boot/bios/layout.h.
BIOS_ASFLAGS := -m32 -D__ASSEMBLY__ -I. -Wa,--fatal-warnings
BIOS_LDFLAGS := -m elf_i386 -nostdlib --build-id=none -T boot/bios/bios.ld
BIOS_DEPS := boot/bios/layout.h boot/bios/fail16.inc $(BIOS_BOOT_DIR)/layout.checked

# The assembler repeats the contract's offsets (layout.h); compiled as C,
# layout.h checks them against boot/bios_boot_info.h.
$(BIOS_BOOT_DIR)/layout.checked: boot/bios/layout.h boot/bios_boot_info.h | $(SETUP_BUILD_STAMP)
	@mkdir -p $(@D)
	$(CC) -fsyntax-only -x c -I. boot/bios/layout.h
	@touch $@

$(BIOS_BOOT_DIR)/%.o: boot/bios/%.S $(BIOS_DEPS) | $(SETUP_BUILD_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BIOS_ASFLAGS) -c $< -o $@

$(BIOS_BOOT_DIR)/%.elf: $(BIOS_BOOT_DIR)/%.o boot/bios/bios.ld
	$(LD) $(BIOS_LDFLAGS) -o $@ $<

$(BIOS_BOOT_DIR)/%.bin: $(BIOS_BOOT_DIR)/%.elf
	$(OBJCOPY) -O binary $< $@

# Keep the objects and ELF files: `objdump -d -mi8086` and Bochs's debugger
# want them.
.SECONDARY: $(foreach s,mbr loader,$(BIOS_BOOT_DIR)/$(s).o $(BIOS_BOOT_DIR)/$(s).elf)

# The command line reaches the shell through the environment, never through
# the shell's quoting, and taken literally ($(value)): FW_CMDLINE='a$b' stays
# a$b.  A file that changes only when the command line does drives rebuilds.
FW_CMDLINE_FILE := $(BUILD)/fw_cmdline.txt
$(FW_CMDLINE_FILE) $(BUILD)/vmanhv.img $(BUILD)/vmanhv.iso: \
	export VMANHV_FW_CMDLINE = $(value FW_CMDLINE)

$(FW_CMDLINE_FILE): images-cmdline-check
	@mkdir -p $(@D)
	@printf '%s' "$$VMANHV_FW_CMDLINE" >$@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

$(BUILD)/vmanhv.img: $(BUILD)/vmanhv.elf $(BIOS_MBR) $(BIOS_LOADER) tools/mkimage.py \
		$(FW_CMDLINE_FILE) | $(SETUP_BUILD_STAMP)
	python3 tools/mkimage.py --elf $< --mbr $(BIOS_MBR) --loader $(BIOS_LOADER) \
		--size-mib $(IMG_SIZE_MIB) --cmdline "$$VMANHV_FW_CMDLINE" -o $@ --verbose

$(BUILD)/vmanhv.iso: $(BUILD)/vmanhv.elf tools/mkiso.sh $(FW_CMDLINE_FILE) | $(SETUP_BUILD_STAMP)
	bash tools/mkiso.sh $< $@ "$$VMANHV_FW_CMDLINE" $(BUILD)/iso

.PHONY: img iso images-cmdline-check
img: $(BUILD)/vmanhv.img
iso: $(BUILD)/vmanhv.iso
