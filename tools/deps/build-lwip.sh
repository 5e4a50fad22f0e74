#!/usr/bin/env bash
# Build lwIP (Debian source package lwip) for the firmware.
#
#   DEPS_CFLAGS='...' build-lwip.sh SRC NEWLIB MBEDTLS PORT MBEDTLS_CONFIG_H OUT
#
# SRC is the unpacked source tree; NEWLIB and MBEDTLS the cache entries it is
# compiled against (altcp_tls_mbedtls.c uses mbedTLS's structures); PORT the
# project's port directory (lwipopts.h, arch/cc.h); MBEDTLS_CONFIG_H the
# absolute path of the mbedTLS configuration. Produces OUT/include (lwIP's
# public headers) and OUT/lib/liblwip.a: the core, IPv4, Ethernet, SNTP and
# altcp_tls_mbedtls files as lwIP's own src/Filelists.mk lists them.
. "$(dirname "$0")/common.sh"

[ $# -eq 6 ] || deps_die "usage: DEPS_CFLAGS=... $0 SRC NEWLIB MBEDTLS PORT MBEDTLS_CONFIG_H OUT"
src=$1 newlib=$2 mbedtls=$3 port=$4 config=$5
[ -f "$src/src/Filelists.mk" ] || deps_die "$src is not an lwIP source tree"
[ -f "$port/lwipopts.h" ] || deps_die "$port/lwipopts.h missing"

deps_begin "$6"
printf '  LWIP  %s with %s\n' "$src" "$port"
files=$(printf '%s\n' 'LWIPDIR := .' 'include Filelists.mk' 'all:' \
	'	@echo $(patsubst ./%,%,$(COREFILES) $(CORE4FILES) ./netif/ethernet.c $(SNTPFILES) $(filter ./apps/altcp_tls/%,$(MBEDTLS_FILES)))' |
	MAKEFLAGS='' make --no-print-directory -s -C "$src/src" -f -)
# The port directory comes after every system directory (-idirafter): only
# lwipopts.h and arch/cc.h are meant to be found there.
cflags="$(deps_target_cflags "$newlib") -I$src/src/include -isystem $mbedtls/include \
-idirafter $port '-DMBEDTLS_CONFIG_FILE=\"$config\"'"
# shellcheck disable=SC2086 # one word per file
deps_archive "$DEPS_OUT/lib/liblwip.a" "$cflags" "$src/src" $files
cp -a "$src/src/include/." "$DEPS_OUT/include/"
deps_commit "source: $(cat "$src/.fetched")" "port: $port" "cflags: $cflags"
