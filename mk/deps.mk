# Third-party libraries for the freestanding firmware: newlib, lwIP, mbedTLS,
# expat, built from Debian's sources into $(VMANHV_CACHE) (docs/dependencies.md).
#
# Each library lands in $(VMANHV_CACHE)/deps/<lib>-<version>-<key>/{include,lib}.
# The key hashes everything the build depends on: the compile flags, the
# compiler version, the project's configuration headers for that library, its
# build script, and the keys of the libraries it is compiled against. An entry
# is complete once its .built stamp exists (the scripts build in a work
# directory and rename it into place), so make only has to ask whether the
# stamp is there: a changed input names a new entry, an unchanged one is found.

NEWLIB_VERSION := 3.3.0
LWIP_VERSION := 2.1.3
MBEDTLS_VERSION := 2.28.3
EXPAT_VERSION := 2.5.0

DEPS_SRC := $(VMANHV_CACHE)/src
DEPS_CACHE := $(VMANHV_CACHE)/deps
DEPS_TOOLS := tools/deps

# Project-owned configuration of the libraries.
LWIP_PORT_DIR := $(CURDIR)/mgmt/net
MBEDTLS_CONFIG := $(CURDIR)/mgmt/http/mbedtls_config.h
EXPAT_CONFIG_DIR := $(CURDIR)/mgmt/wsman

# $(call deps_key,TEXT,FILES): 12 hex digits of SHA-256 over TEXT and FILES.
deps_key = $(shell { echo '$(1)'; cat $(2) </dev/null; } | sha256sum | cut -c1-12)
DEPS_KEY_BASE := $(FW_BASE_CFLAGS) gcc-$(shell $(CC) -dumpfullversion)

NEWLIB_KEY := $(call deps_key,newlib $(NEWLIB_VERSION) $(DEPS_KEY_BASE),\
	$(DEPS_TOOLS)/common.sh $(DEPS_TOOLS)/build-newlib.sh)
MBEDTLS_KEY := $(call deps_key,mbedtls $(MBEDTLS_VERSION) $(DEPS_KEY_BASE) $(NEWLIB_KEY),\
	$(DEPS_TOOLS)/common.sh $(DEPS_TOOLS)/build-mbedtls.sh $(MBEDTLS_CONFIG))
LWIP_KEY := $(call deps_key,lwip $(LWIP_VERSION) $(DEPS_KEY_BASE) $(NEWLIB_KEY) $(MBEDTLS_KEY),\
	$(DEPS_TOOLS)/common.sh $(DEPS_TOOLS)/build-lwip.sh \
	$(LWIP_PORT_DIR)/lwipopts.h $(LWIP_PORT_DIR)/arch/cc.h)
EXPAT_KEY := $(call deps_key,expat $(EXPAT_VERSION) $(DEPS_KEY_BASE) $(NEWLIB_KEY),\
	$(DEPS_TOOLS)/common.sh $(DEPS_TOOLS)/build-expat.sh $(EXPAT_CONFIG_DIR)/expat_config.h)

NEWLIB_DIR := $(DEPS_CACHE)/newlib-$(NEWLIB_VERSION)-$(NEWLIB_KEY)
MBEDTLS_DIR := $(DEPS_CACHE)/mbedtls-$(MBEDTLS_VERSION)-$(MBEDTLS_KEY)
LWIP_DIR := $(DEPS_CACHE)/lwip-$(LWIP_VERSION)-$(LWIP_KEY)
EXPAT_DIR := $(DEPS_CACHE)/expat-$(EXPAT_VERSION)-$(EXPAT_KEY)

# Unpacked Debian source trees, keyed by upstream version.
LWIP_SRC := $(DEPS_SRC)/lwip-$(LWIP_VERSION)
MBEDTLS_SRC := $(DEPS_SRC)/mbedtls-$(MBEDTLS_VERSION)
EXPAT_SRC := $(DEPS_SRC)/expat-$(EXPAT_VERSION)
DEPS_FETCHED := $(LWIP_SRC)/.fetched $(MBEDTLS_SRC)/.fetched $(EXPAT_SRC)/.fetched

# What the firmware compiles and links with. -nostdinc keeps the host's glibc
# headers out; gcc's own directory still gives stddef.h, stdarg.h, cpuid.h.
# mbedTLS's headers must see the configuration the library was built with.
# -MMD does not record headers reached through these directories (lwipopts.h
# is included by lwIP's own headers): objects that must be recompiled when a
# library's configuration changes should depend on $(DEPS_STAMP), whose name
# changes with every configuration header.
DEPS_INCLUDES := -nostdinc -isystem $(NEWLIB_DIR)/include \
	-isystem $(shell $(CC) -print-file-name=include) \
	-isystem $(LWIP_DIR)/include -isystem $(LWIP_PORT_DIR) \
	-isystem $(MBEDTLS_DIR)/include '-DMBEDTLS_CONFIG_FILE="$(MBEDTLS_CONFIG)"' \
	-isystem $(EXPAT_DIR)/include
DEPS_LIBS := $(MBEDTLS_DIR)/lib/libmbedtls.a $(MBEDTLS_DIR)/lib/libmbedx509.a \
	$(MBEDTLS_DIR)/lib/libmbedcrypto.a $(LWIP_DIR)/lib/liblwip.a \
	$(EXPAT_DIR)/lib/libexpat.a $(NEWLIB_DIR)/lib/libc.a $(NEWLIB_DIR)/lib/libm.a

# One stamp per combination of entries: switching back to an older
# configuration names another stamp, so whatever depends on DEPS_STAMP is
# rebuilt even though the entries it now points at are older than its output.
DEPS_STAMP := $(BUILD)/deps-$(call deps_key,$(NEWLIB_KEY) $(MBEDTLS_KEY) $(LWIP_KEY) $(EXPAT_KEY),).stamp

DEPS_ENV := DEPS_CFLAGS='$(FW_BASE_CFLAGS)'

.PHONY: deps
deps: $(DEPS_STAMP)

$(DEPS_STAMP): $(NEWLIB_DIR)/.built $(MBEDTLS_DIR)/.built $(LWIP_DIR)/.built $(EXPAT_DIR)/.built
	@mkdir -p $(@D)
	@rm -f $(BUILD)/deps-*.stamp
	@printf '%s\n' $(^D) >$@

# One fetch for all three source packages: apt runs once per missing set.
$(DEPS_FETCHED) &: | $(SETUP_BUILD_STAMP)
	@$(DEPS_TOOLS)/fetch-sources.sh $(DEPS_SRC) lwip=$(LWIP_VERSION) \
		mbedtls=$(MBEDTLS_VERSION) expat=$(EXPAT_VERSION)

# '+': the scripts' nested makes share this make's job slots.
$(NEWLIB_DIR)/.built: | $(SETUP_BUILD_STAMP)
	+@$(DEPS_ENV) $(DEPS_TOOLS)/build-newlib.sh $(NEWLIB_VERSION) $(@D)

$(MBEDTLS_DIR)/.built: | $(NEWLIB_DIR)/.built $(MBEDTLS_SRC)/.fetched
	+@$(DEPS_ENV) $(DEPS_TOOLS)/build-mbedtls.sh $(MBEDTLS_SRC) $(NEWLIB_DIR) \
		$(MBEDTLS_CONFIG) $(@D)

$(LWIP_DIR)/.built: | $(NEWLIB_DIR)/.built $(MBEDTLS_DIR)/.built $(LWIP_SRC)/.fetched
	+@$(DEPS_ENV) $(DEPS_TOOLS)/build-lwip.sh $(LWIP_SRC) $(NEWLIB_DIR) $(MBEDTLS_DIR) \
		$(LWIP_PORT_DIR) $(MBEDTLS_CONFIG) $(@D)

$(EXPAT_DIR)/.built: | $(NEWLIB_DIR)/.built $(EXPAT_SRC)/.fetched
	+@$(DEPS_ENV) $(DEPS_TOOLS)/build-expat.sh $(EXPAT_SRC) $(NEWLIB_DIR) \
		$(EXPAT_CONFIG_DIR) $(@D)
