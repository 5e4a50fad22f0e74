# shellcheck shell=bash
# Shared helpers for the dependency scripts in tools/deps/ (sourced, not run).
#
# Every library is built into a fresh work directory next to its cache entry and
# renamed into place only when complete, so an interrupted build never leaves a
# half-populated entry behind: an entry either has its .built stamp or does not
# exist. docs/dependencies.md describes the cache layout.

set -euo pipefail

# `make -n` runs the '+' recipes that call these scripts (they are recursive
# makes as far as make knows): having printed the command, do nothing.
deps_make_flags=${MAKEFLAGS-}
deps_make_flags=${deps_make_flags%% *}
if [[ $deps_make_flags != -* && $deps_make_flags == *n* ]]; then
	exit 0
fi

deps_die()
{
	printf '%s: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# deps_need CMD PACKAGE: fail with one line naming the Debian package to install.
deps_need()
{
	command -v "$1" >/dev/null 2>&1 || deps_die "install $2: apt-get install $2"
}

# deps_make ARGS...: run a nested make that shares the caller's job slots when
# it runs under `make -jN` (recipe marked with '+'), or uses every CPU when run
# by hand. Only the job flags are passed on: the outer make's command-line
# variables (BUILD=..., CC=...) must not leak into a third-party build.
deps_make()
{
	local w jobs=""
	for w in ${MAKEFLAGS-}; do
		case $w in
		--) break ;;
		-j*|--jobserver-auth=*|--jobserver-fds=*) jobs="$jobs $w" ;;
		esac
	done
	case $jobs in
	*--jobserver*) ;;
	*) jobs="-j$(nproc)" ;;
	esac
	MAKEFLAGS="$jobs" MAKELEVEL='' make --no-print-directory "$@"
}

# deps_begin OUT: start building the cache entry OUT. Sets DEPS_WORK (scratch
# space) and DEPS_OUT (becomes OUT on deps_commit); both vanish if the script
# stops early. Work directories left by a killed build are swept here.
deps_begin()
{
	local out=$1 parent d pid
	parent=$(dirname "$out")
	mkdir -p "$parent"
	for d in "$parent"/.work-*; do
		[ -d "$d" ] || continue
		pid=${d##*-}
		kill -0 "$pid" 2>/dev/null || rm -rf "$d"
	done
	DEPS_WORK=$parent/.work-$(basename "$out")-$$
	DEPS_OUT=$DEPS_WORK/out
	DEPS_FINAL=$out
	rm -rf "$DEPS_WORK"
	mkdir -p "$DEPS_OUT/include" "$DEPS_OUT/lib"
	trap 'rm -rf "$DEPS_WORK"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# deps_commit DESCRIPTION...: stamp the finished entry and rename it into place.
deps_commit()
{
	[ ! -d "$DEPS_OUT/logs" ] || gzip -9 "$DEPS_OUT"/logs/*.log
	printf '%s\n' "$@" >"$DEPS_OUT/.built"
	if [ -f "$DEPS_FINAL/.built" ]; then
		return 0	# a concurrent build of the same key won the race
	fi
	rm -rf "$DEPS_FINAL"
	mv -T "$DEPS_OUT" "$DEPS_FINAL"
	printf '  DEPS  %s\n' "$DEPS_FINAL"
}

# deps_target_cflags NEWLIB_DIR: freestanding compile flags for code built
# against newlib: the caller's DEPS_CFLAGS, newlib's headers, then the
# compiler's own (stddef.h, stdarg.h, cpuid.h), and never the host's glibc.
deps_target_cflags()
{
	printf '%s -nostdinc -isystem %s/include -isystem %s' \
		"${DEPS_CFLAGS:?DEPS_CFLAGS is not set}" "$1" "$(gcc -print-file-name=include)"
}

# deps_run NAME CMD...: run CMD with its output in the entry's logs/NAME.log
# (kept, compressed, with the entry: third-party warnings are read there); on
# failure show the end of the log and stop.
deps_run()
{
	local log=$DEPS_OUT/logs/$1.log
	shift
	mkdir -p "$DEPS_OUT/logs"
	if ! "$@" >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		deps_die "failed: $*"
	fi
}

# deps_archive LIB CFLAGS SRCDIR FILE...: compile SRCDIR/FILE... (paths
# relative to SRCDIR) with CFLAGS, in parallel, into the static library LIB.
deps_archive()
{
	local lib=$1 cflags=$2 srcdir=$3 mk
	shift 3
	mk=$DEPS_WORK/$(basename "$lib").mk
	{
		printf 'OBJS :='
		printf ' obj/%s' "${@/%.c/.o}"
		printf '\n%s: $(OBJS)\n\trm -f $@ && ar rcs $@ $^\n' "$lib"
		printf 'obj/%%.o: %s/%%.c\n\t@mkdir -p $(@D)\n\tgcc %s -c $< -o $@\n' "$srcdir" "$cflags"
	} >"$mk"
	deps_run "$(basename "$lib" .a)" deps_make -C "$DEPS_WORK" -f "$mk"
}
