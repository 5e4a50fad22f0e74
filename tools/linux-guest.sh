#!/bin/bash
# SPDX-License-Identifier: MIT
# Build the Linux test guest (docs/linux-guest.md): Debian's stock kernel, the
# one the package linux-image-amd64 points to, and an initramfs made from
# busybox-static, the kernel's own virtio, evdev and ACPI button modules, and
# tests/linux/init.  Nothing is installed on the host: packages come with
# `apt-get download` and are unpacked with `dpkg -x`.
#
#   tools/linux-guest.sh OUTDIR     -> OUTDIR/vmlinuz, OUTDIR/initramfs.cpio,
#                                      OUTDIR/versions
# Downloads are cached in ${XDG_CACHE_HOME:-~/.cache}/vmanhv/linux/.
set -euo pipefail

out=${1:?usage: $0 OUTDIR}
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/vmanhv/linux
mkdir -p "$cache" "$out"

die() { printf 'linux-guest: %s\n' "$*" >&2; exit 1; }
command -v apt-get >/dev/null || die "needs apt-get (Debian)"
command -v dpkg >/dev/null || die "needs dpkg (Debian)"

# The kernel package linux-image-amd64 depends on, e.g. linux-image-6.1.0-56-amd64.
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)
[ -n "$kpkg" ] || die "apt-cache knows no linux-image-amd64 (run apt-get update)"

fetch() {	# fetch PACKAGE: its .deb unpacked into $cache/PACKAGE-VERSION, path printed
	local pkg=$1 ver dir
	ver=$(apt-cache policy "$pkg" | sed -n 's/^ *Candidate: //p')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "no candidate version of $pkg"
	dir="$cache/$pkg-${ver//:/_}"
	if [ ! -e "$dir/.unpacked" ]; then
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/deb"
		(cd "$dir.tmp/deb" && apt-get download "$pkg=$ver" >/dev/null 2>&1) ||
			die "apt-get download $pkg=$ver failed"
		dpkg -x "$dir.tmp"/deb/*.deb "$dir.tmp/root"
		rm -rf "$dir.tmp/deb" "$dir" && mv "$dir.tmp" "$dir"
		touch "$dir/.unpacked"
	fi
	echo "$pkg $ver" >> "$out/versions.tmp"
	printf '%s\n' "$dir/root"
}

rm -f "$out/versions.tmp"
kroot=$(fetch "$kpkg")
broot=$(fetch busybox-static)
kver=${kpkg#linux-image-}
moddir="$kroot/lib/modules/$kver/kernel"
[ -f "$kroot/boot/vmlinuz-$kver" ] || die "$kpkg has no boot/vmlinuz-$kver"

# The initramfs tree: busybox, the modules flat in /lib/modules, init.
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{bin,dev,proc,sys,lib/modules}
cp "$broot/bin/busybox" "$tree/bin/busybox"
for m in drivers/virtio/virtio.ko drivers/virtio/virtio_ring.ko drivers/virtio/virtio_mmio.ko \
	 drivers/char/hw_random/virtio-rng.ko drivers/input/evdev.ko drivers/acpi/button.ko; do
	[ -f "$moddir/$m" ] || die "$kpkg has no $m"
	cp "$moddir/$m" "$tree/lib/modules/"
done
install -m 0755 "$here/tests/linux/init" "$tree/init"
# Uncompressed newc: under Bochs, every instruction spent inflating counts.
(cd "$tree" && find . | LC_ALL=C sort | "$broot/bin/busybox" cpio -o -H newc 2>/dev/null) \
	> "$out/initramfs.cpio.tmp"
cp "$kroot/boot/vmlinuz-$kver" "$out/vmlinuz.tmp"
mv "$out/initramfs.cpio.tmp" "$out/initramfs.cpio"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
mv "$out/versions.tmp" "$out/versions"
printf 'linux-guest: %s (%s bytes), initramfs.cpio (%s bytes)\n' "$kpkg" \
	"$(stat -c %s "$out/vmlinuz")" "$(stat -c %s "$out/initramfs.cpio")"
