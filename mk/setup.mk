# Machine setup: the Debian packages the build and the tests need
# (tools/setup.sh holds the lists).  A stamp records that a purpose's packages
# were checked; it is redone when tools/setup.sh changes or after `make clean`.
#
#   $(SETUP_BUILD_STAMP)  compilers, newlib-source, dpkg-dev, GRUB, xorriso...
#                         Every build rule that runs a host tool takes it as an
#                         order-only prerequisite:  foo: bar | $(SETUP_BUILD_STAMP)
#   $(SETUP_TEST_STAMP)   emulators, firmware for them, pytest, cmocka, clang
#                         (implies the build stamp)
#   make setup            both, by hand

SETUP_SH := tools/setup.sh
SETUP_BUILD_STAMP := $(BUILD)/.setup-build.stamp
SETUP_TEST_STAMP := $(BUILD)/.setup-test.stamp

$(SETUP_BUILD_STAMP): $(SETUP_SH)
	@mkdir -p $(@D)
	@bash $(SETUP_SH) build
	@touch $@

# After the build stamp, never beside it: two apt-get runs at once would
# fight over the dpkg lock under make -j.
$(SETUP_TEST_STAMP): $(SETUP_SH) | $(SETUP_BUILD_STAMP)
	@mkdir -p $(@D)
	@bash $(SETUP_SH) test
	@touch $@

.PHONY: setup
setup: $(SETUP_BUILD_STAMP) $(SETUP_TEST_STAMP)
