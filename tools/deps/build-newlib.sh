#!/usr/bin/env bash
# Build newlib (Debian's newlib-source tarball) as the firmware's C library.
#
#   DEPS_CFLAGS='...' build-newlib.sh VERSION OUT
#
# Produces OUT/include (the installed headers) and OUT/lib/{libc,libm}.a for
# target x86_64-elf, compiled by the host gcc with DEPS_CFLAGS. The firmware
# provides the system calls (write, sbrk, ...): see docs/dependencies.md.
. "$(dirname "$0")/common.sh"

[ $# -eq 2 ] || deps_die "usage: DEPS_CFLAGS=... $0 VERSION OUT"
version=$1
tarball=/usr/src/newlib/newlib-$version.tar.xz
[ -d /usr/src/newlib ] || deps_die "install newlib-source: apt-get install newlib-source"
[ -f "$tarball" ] || deps_die "$tarball missing: newlib-source ships $(ls /usr/src/newlib), vmanhv pins $version"

deps_begin "$2"
printf '  NEWLIB %s\n' "$tarball"
mkdir "$DEPS_WORK/src" "$DEPS_WORK/build"
tar -C "$DEPS_WORK/src" --strip-components=1 -xf "$tarball"

# Like every freestanding build here, newlib never sees the host's glibc headers:
# -nostdinc, then newlib's own include dirs (added by its Makefiles) and gcc's.
# x86_64-elf takes configure.host's default, MISSING_SYSCALL_NAMES: newlib's
# reentrant wrappers call the POSIX names (write, sbrk, ...), which the
# firmware implements with the prototypes of newlib's <unistd.h>; expat calls
# gettimeofday() and getpid() by those names too (docs/dependencies.md).
# reent-small: a small struct _reent whose stdio state is allocated on first
# use. io-long-long and io-c99-formats: the firmware prints uint64_t and
# size_t (%llx, %zu, PRIx64, %jd).
# --noexecstack: newlib's x86_64 assembly (memcpy.S, memset.S, setjmp.S) has
# no .note.GNU-stack, for which every firmware link would warn.
cflags="$DEPS_CFLAGS -nostdinc -isystem $(gcc -print-file-name=include) -Wa,--noexecstack"
cd "$DEPS_WORK/build"
deps_run newlib-configure ../src/configure --target=x86_64-elf --prefix="$DEPS_WORK/prefix" \
	--disable-multilib --disable-nls --disable-newlib-supplied-syscalls \
	--enable-newlib-reent-small --enable-newlib-io-long-long \
	--enable-newlib-io-c99-formats \
	CC_FOR_TARGET=gcc AS_FOR_TARGET=as AR_FOR_TARGET=ar LD_FOR_TARGET=ld \
	NM_FOR_TARGET=nm RANLIB_FOR_TARGET=ranlib OBJDUMP_FOR_TARGET=objdump \
	READELF_FOR_TARGET=readelf CFLAGS_FOR_TARGET="$cflags"
deps_run newlib-build deps_make all-target-newlib
deps_run newlib-install deps_make install-target-newlib
cp -a "$DEPS_WORK/prefix/x86_64-elf/include/." "$DEPS_OUT/include/"
cp "$DEPS_WORK/prefix/x86_64-elf/lib/libc.a" "$DEPS_WORK/prefix/x86_64-elf/lib/libm.a" "$DEPS_OUT/lib/"
deps_commit "source: newlib $version (Debian newlib-source $(dpkg-query -W -f='${Version}' newlib-source 2>/dev/null))" \
	"cflags: $cflags"
