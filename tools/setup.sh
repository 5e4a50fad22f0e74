#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Machine setup: makes sure the Debian packages a purpose needs are installed.
#
#   tools/setup.sh build     what `make` needs to build the firmware and images
#   tools/setup.sh test      what `make check`, `make run` and `make bench` need
#   tools/setup.sh vmanctl   what `make vmanctl` needs (also part of test)
#   tools/setup.sh all       all of them
#   tools/setup.sh --list build|test   print the list and exit
#
# Missing packages are installed with apt-get when we are root (one
# `apt-get update` first); otherwise the script stops with one line naming the
# command to run.  mk/setup.mk calls it and records success in a stamp file.
set -euo pipefail

# --- package lists by purpose (Debian 12 names) -----------------------------

# Building the firmware, its third-party libraries and its images.
#   dpkg-dev: `apt-get source` unpacks lwip/mbedtls/expat (mk/deps.mk)
#   newlib-source: newlib 3.3.0 as a tarball under /usr/src/newlib
#   grub-*, xorriso, mtools: grub-mkrescue's hybrid BIOS/UEFI ISO
#   acpica-tools: iasl compiles the guests' DSDT (hv/acpi/dsdt.asl)
BUILD_PKGS=(
	gcc binutils make python3 dpkg-dev xz-utils patch newlib-source
	grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools acpica-tools
)

# Running and testing the images.
#   bochs-term: Debian's bochs has no `nogui`; the term display is what runs
#     headless (and naming it keeps apt from pulling in the wx GUI instead)
#   bsdutils: `script`, which gives Bochs's term display a pseudo-terminal
#   seabios, ovmf: BIOS and UEFI firmware for QEMU
#   python3-pytest: the integration tests; libcmocka-dev: the unit tests
#   clang, libclang-rt-14-dev: libFuzzer for tests/fuzz/
#   iproute2, iputils-ping: the network tests' namespace, tap and pings
#   libmbedtls-dev, libexpat1-dev: the same mbedTLS 2.28.3 and expat 2.5.0
#     as the firmware's, for hosted unit tests and fuzzers of mgmt/
#   curl: a real HTTP client for the management endpoint's tests
#   wsl: Dell's WS-Man command-line client, against the endpoint (test_wsl.py);
#     uuid-runtime: the uuidgen its enumerate and get commands call
#   valgrind: callgrind counts make bench's instructions per request
#   python3-requests, python3-lxml: raw SOAP with HTTP Digest and XPath on the
#     replies (test_wsman_invoke.py)
TEST_PKGS=(
	bochs bochs-term bochsbios vgabios
	qemu-system-x86 seabios ovmf
	bsdutils binutils gcc libc6-dev
	python3 python3-pytest libcmocka-dev
	clang libclang-rt-14-dev
	iproute2 iputils-ping
	libmbedtls-dev libexpat1-dev curl wsl uuid-runtime valgrind
	python3-requests python3-lxml
)

# Building vmanctl, the CLI client (tools/vmanctl/, docs/vmanctl.md).
#   libcurl4-openssl-dev: HTTP Digest, HTTPS, key pinning; OpenSSL's flavour,
#     whose certificate info vmanctl reads to pin a key on first use
#   libssl-dev: SHA-256 of the certificate's public key, base64
#   libxml2-dev: building the SOAP requests and reading the replies
#   man-db: `man -l docs/vmanctl.1`
VMANCTL_PKGS=(
	gcc libc6-dev libcurl4-openssl-dev libssl-dev libxml2-dev man-db
)

# --- helpers -----------------------------------------------------------------

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

usage() {
	die "usage: tools/setup.sh [--list] build|test|vmanctl|all ..."
}

is_installed() {
	local status
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) || return 1
	[[ $status == ii* ]]
}

# --- main --------------------------------------------------------------------

list_only=0
wanted=()
for arg in "$@"; do
	case $arg in
	--list) list_only=1 ;;
	build) wanted+=("${BUILD_PKGS[@]}") ;;
	test) wanted+=("${TEST_PKGS[@]}" "${VMANCTL_PKGS[@]}") ;;
	vmanctl) wanted+=("${VMANCTL_PKGS[@]}") ;;
	all) wanted+=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}" "${VMANCTL_PKGS[@]}") ;;
	-h|--help) usage ;;
	*) die "unknown purpose '$arg' (build, test, vmanctl or all)" ;;
	esac
done
[[ ${#wanted[@]} -gt 0 ]] || usage

# Drop duplicates, keep order.
declare -A seen=()
pkgs=()
for p in "${wanted[@]}"; do
	[[ -n ${seen[$p]:-} ]] && continue
	seen[$p]=1
	pkgs+=("$p")
done

if (( list_only )); then
	printf '%s\n' "${pkgs[@]}"
	exit 0
fi

command -v dpkg-query >/dev/null 2>&1 ||
	die "this is not a Debian system (no dpkg-query); install the equivalents of: ${pkgs[*]}"

missing=()
for p in "${pkgs[@]}"; do
	is_installed "$p" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
	exit 0
fi

install_cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
	die "missing packages; as root run: apt-get update && $install_cmd"
fi

say "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg (unattended upgrades, a second make) rather than fail.
apt_opts=(-q -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
apt-get "${apt_opts[@]}" update >/dev/null ||
	die "apt-get update failed; run it by hand, then: $install_cmd"
apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" ||
	die "apt-get install failed; try by hand: $install_cmd"

still=()
for p in "${missing[@]}"; do
	is_installed "$p" || still+=("$p")
done
[[ ${#still[@]} -eq 0 ]] || die "still missing after install: ${still[*]}"
say "installed ${#missing[@]} package(s)"
