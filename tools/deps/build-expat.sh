#!/usr/bin/env bash
# Build expat (Debian source package expat) for the firmware.
#
#   DEPS_CFLAGS='...' build-expat.sh SRC NEWLIB CONFIG_DIR OUT
#
# SRC is the unpacked source tree, NEWLIB the newlib cache entry, CONFIG_DIR
# the project directory holding expat_config.h. Produces OUT/include/expat.h
# (+ expat_external.h) and OUT/lib/libexpat.a.
. "$(dirname "$0")/common.sh"

[ $# -eq 4 ] || deps_die "usage: DEPS_CFLAGS=... $0 SRC NEWLIB CONFIG_DIR OUT"
src=$1/expat newlib=$2 config_dir=$3
[ -f "$src/lib/xmlparse.c" ] || deps_die "$1 is not an expat source tree"
[ -f "$config_dir/expat_config.h" ] || deps_die "$config_dir/expat_config.h missing"

deps_begin "$4"
printf '  EXPAT %s with %s\n' "$1" "$config_dir/expat_config.h"
# expat_config.h is found after every system directory (-idirafter), so that
# directory cannot shadow a libc header.
cflags="$(deps_target_cflags "$newlib") -idirafter $config_dir"
deps_archive "$DEPS_OUT/lib/libexpat.a" "$cflags" "$src/lib" xmlparse.c xmltok.c xmlrole.c
cp "$src/lib/expat.h" "$src/lib/expat_external.h" "$DEPS_OUT/include/"
deps_commit "source: $(cat "$1/.fetched")" "config: $config_dir/expat_config.h" "cflags: $cflags"
