# The Linux test guest (docs/linux-guest.md): Debian's stock kernel and an
# initramfs of busybox-static, its virtio/evdev/button modules and
# tests/linux/init, put into the datastore of a copy of the raw image.
#
#   make linux-guest   $(BUILD)/linux/{vmlinuz,initramfs.cpio,versions}
#                      and $(BUILD)/linux/vmanhv-linux.img

LINUX_DIR := $(BUILD)/linux
LINUX_FILES := $(LINUX_DIR)/vmlinuz $(LINUX_DIR)/initramfs.cpio
LINUX_IMAGE := $(LINUX_DIR)/vmanhv-linux.img

.PHONY: linux-guest

linux-guest: $(LINUX_IMAGE)

$(LINUX_FILES) &: tools/linux-guest.sh tests/linux/init | $(SETUP_TEST_STAMP)
	tools/linux-guest.sh $(LINUX_DIR)

$(LINUX_IMAGE): $(BUILD)/vmanhv.img $(LINUX_FILES) tools/mkimage.py
	$(PYTHON3) tools/mkimage.py --from $(BUILD)/vmanhv.img \
		--file vmlinuz=$(LINUX_DIR)/vmlinuz --file initramfs=$(LINUX_DIR)/initramfs.cpio \
		-o $@

# tests/integration/test_linux.py boots it.
integration: $(LINUX_IMAGE)
# make bench boots it for the exit counts of a Linux boot (tools/bench.py, section vm).
bench: $(LINUX_IMAGE)
