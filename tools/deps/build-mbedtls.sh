#!/usr/bin/env bash
# Build mbedTLS (Debian source package mbedtls) for the firmware.
#
#   DEPS_CFLAGS='...' build-mbedtls.sh SRC NEWLIB CONFIG_H OUT
#
# SRC is the unpacked source tree, NEWLIB the newlib cache entry, CONFIG_H the
# project's mbedtls_config.h (an absolute path: it becomes MBEDTLS_CONFIG_FILE).
# Produces OUT/include/{mbedtls,psa} and OUT/lib/lib{mbedtls,mbedx509,mbedcrypto}.a,
# built by mbedTLS's own library/Makefile.
. "$(dirname "$0")/common.sh"

[ $# -eq 4 ] || deps_die "usage: DEPS_CFLAGS=... $0 SRC NEWLIB CONFIG_H OUT"
src=$1 newlib=$2 config=$3
[ -f "$src/library/Makefile" ] || deps_die "$src is not an mbedTLS source tree"

deps_begin "$4"
printf '  MBEDTLS %s with %s\n' "$src" "$config"
cp -a "$src/library" "$src/include" "$src/3rdparty" "$DEPS_WORK/"
cflags="$(deps_target_cflags "$newlib") '-DMBEDTLS_CONFIG_FILE=\"$config\"'"

# The configuration's own sanity first (it ends with check_config.h), so a
# contradictory config fails with mbedTLS's #error line rather than with a
# hundred compiler errors.
echo '#include "mbedtls/platform.h"' >"$DEPS_WORK/check_config.c"
deps_run check-config eval "gcc $cflags -I'$DEPS_WORK/include' -fsyntax-only '$DEPS_WORK/check_config.c'"

deps_run mbedtls-build deps_make -C "$DEPS_WORK/library" \
	CC=gcc AR=ar CFLAGS="$cflags" libmbedcrypto.a libmbedx509.a libmbedtls.a
cp -a "$DEPS_WORK/include/mbedtls" "$DEPS_WORK/include/psa" "$DEPS_OUT/include/"
cp "$DEPS_WORK"/library/lib{mbedtls,mbedx509,mbedcrypto}.a "$DEPS_OUT/lib/"
deps_commit "source: $(cat "$src/.fetched")" "config: $config" "cflags: $cflags"
