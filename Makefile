# vmanhv: bare-metal VT-x/EPT hypervisor firmware with a WS-Management core.
#
#   make          firmware ELF, raw disk image and hybrid ISO under build/
#   make run      boot it in the best emulator here (Bochs without KVM)
#   make check    every test: host unit tests, then the images in emulators
#   make bench    sizes, boot times, the management core's costs (docs/bench.md)
#
# Each concern has its own fragment under mk/.

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
SHELL := /bin/bash

BUILD ?= build
# Third-party sources and their freestanding builds live outside the tree,
# keyed by version and flags, so a clean clone on the same machine reuses them.
VMANHV_CACHE ?= $(HOME)/.cache/vmanhv

include mk/toolchain.mk
include mk/setup.mk
include mk/deps.mk
include mk/firmware.mk
include mk/guests.mk
include mk/images.mk
include mk/tests.mk
include mk/fuzz.mk
include mk/hosted.mk
include mk/linux.mk
include mk/vmanctl.mk

.PHONY: all clean distclean
all: $(BUILD)/vmanhv.elf $(BUILD)/vmanhv.img $(BUILD)/vmanhv.iso

clean:
	rm -rf $(BUILD)

# Also drops the cached third-party builds.
distclean: clean
	rm -rf $(VMANHV_CACHE)
