#!/usr/bin/env bash
# Fetch Debian source packages into the dependency cache, without touching the
# system's apt configuration.
#
#   fetch-sources.sh SRC_DIR PACKAGE=UPSTREAM_VERSION...
#
# For each package whose tree SRC_DIR/PACKAGE-UPSTREAM_VERSION is missing:
# write a private deb-src list derived at run time from this machine's own
# Debian entries (/etc/apt/sources.list and sources.list.d/debian.sources), run
# apt with private lists and cache under SRC_DIR/.apt, pick the newest Debian
# revision of the pinned upstream version that the archive can deliver, download
# it into SRC_DIR/debian and unpack it with dpkg-source (Debian's patches,
# security fixes included, applied). Trees appear atomically.
. "$(dirname "$0")/common.sh"

[ $# -ge 2 ] || deps_die "usage: $0 SRC_DIR PACKAGE=UPSTREAM_VERSION..."
src=$1
shift
deps_need dpkg-source dpkg-dev
deps_need apt-get apt

mkdir -p "$src"
src=$(cd "$src" && pwd)
# Several checkouts on one machine share the cache: one fetch at a time.
exec 9>"$src/.lock"
flock 9

missing=()
for spec in "$@"; do
	[ -f "$src/${spec%%=*}-${spec#*=}/.fetched" ] || missing+=("$spec")
done
[ ${#missing[@]} -gt 0 ] || exit 0

apt_dir=$src/.apt
mkdir -p "$apt_dir/parts" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$src/debian"

# Private deb-src entries: the machine's Debian entries with their type changed.
rm -f "$apt_dir"/parts/*
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
	sed -E 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
		>"$apt_dir/parts/debian.sources"
fi
if [ -f /etc/apt/sources.list ]; then
	sed -nE 's/^[[:space:]]*deb(-src)?[[:space:]]+/deb-src /p' /etc/apt/sources.list \
		>"$apt_dir/parts/debian.list"
fi
[ -n "$(cat "$apt_dir"/parts/* 2>/dev/null)" ] ||
	deps_die "no Debian entries in /etc/apt/sources.list or /etc/apt/sources.list.d/debian.sources"

apt_opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir/parts"
	-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
	-o "APT::Sandbox::User=$(id -un)")
printf '  APT   update (private deb-src lists in %s)\n' "$apt_dir"
apt-get "${apt_opts[@]}" -qq update || deps_die "apt-get update failed for the private deb-src lists"

# Debian revisions of PACKAGE whose upstream part is VERSION (epoch, +dfsg and
# ~ suffixes aside), newest first.
candidates()
{
	apt-cache "${apt_opts[@]}" showsrc --only-source "$1" 2>/dev/null |
		sed -n 's/^Version: //p' | sort -u |
		while read -r v; do
			up=${v#*:}
			up=${up%-*}
			case $up in "$2" | "$2"+* | "$2"~*) echo "$v" ;; esac
		done |
		sort -r -V
}

for spec in "${missing[@]}"; do
	pkg=${spec%%=*}
	ver=${spec#*=}
	tree=$src/$pkg-$ver
	got=""
	errors=""
	for v in $(candidates "$pkg" "$ver"); do
		# A mirror may list a revision whose files it no longer (or does not
		# yet) serve: fall back to the next one.
		if err=$(cd "$src/debian" &&
			apt-get "${apt_opts[@]}" -qq source --download-only "$pkg=$v" 2>&1 >/dev/null); then
			got=$v
			break
		fi
		errors+="$err"$'\n'
		printf '  APT   %s=%s is listed but not downloadable, trying the next revision\n' "$pkg" "$v"
	done
	[ -n "$got" ] || deps_die "no downloadable Debian source of $pkg $ver:"$'\n'"${errors:-  (apt-cache showsrc $pkg lists none)}"

	dsc=$src/debian/${pkg}_${got#*:}.dsc
	tmp=$src/.tmp-$pkg-$ver-$$
	rm -rf "$tmp" "$tree"
	trap 'rm -rf "$tmp"' EXIT
	printf '  SRC   %s %s\n' "$pkg" "$got"
	# The .dsc's files were verified by apt against the signed archive index;
	# dpkg-source's own signature check has no keyring here: drop its warning.
	dpkg-source -q --no-copy -x "$dsc" "$tmp" 2> >(grep -v -e 'gpgv' -e 'cannot verify' -e 'issuer' >&2)
	echo "$pkg $got" >"$tmp/.fetched"
	mv -T "$tmp" "$tree"
done
