#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The user-space half on a fresh machine (make check-fresh): a bare
# Debian bookworm root (debootstrap --variant=minbase) with only the
# packages "deps.sh user" installs, the working tree copied in, then
# "make user tests", the user-space suite and the fuzz build inside it.
# A package the build or the suite uses but deps.sh does not declare
# fails the run.
#
# The root with the packages installed is cached as a tarball in
# ${LFPRIM_CACHE:-$HOME/.cache/lfprim}/fresh-<hash>.tar.gz, the hash
# covering the suite, the mirror and the package list (remove it to
# start from debootstrap again).  Needs root, debootstrap and, the first
# time, the network (deb.debian.org).
#
# Env: LFPRIM_FRESH_MIRROR (default http://deb.debian.org/debian),
# LFPRIM_FRESH_SECURITY (default http://deb.debian.org/debian-security),
# LFPRIM_TEST_SCALE for the suite (default 100).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
suite=bookworm
mirror=${LFPRIM_FRESH_MIRROR:-http://deb.debian.org/debian}
security=${LFPRIM_FRESH_SECURITY:-http://deb.debian.org/debian-security}
cache=${LFPRIM_CACHE:-$HOME/.cache/lfprim}
say() { echo "fresh: $*" >&2; }

[ "$(id -u)" -eq 0 ] || { say "needs root (chroot, mount)"; exit 1; }
command -v debootstrap >/dev/null ||
	{ say "debootstrap missing (make deps)"; exit 1; }

mapfile -t pkgs < <("$root/selftests/tools/deps.sh" --list user)
key=$( { echo "$suite $mirror $security"; printf "%s\n" "${pkgs[@]}"; } |
	sha256sum | cut -c1-16)
base=$cache/fresh-$key.tar.gz
mkdir -p "$cache"

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/lfprim-fresh.XXXXXX")
trap 'rm -rf --one-file-system "$tmp"' EXIT
rootfs=$tmp/root
start=$SECONDS

# Run a command in the root, in a mount namespace of its own: /proc,
# /dev and /tmp go away with it.
in_root() {
	# shellcheck disable=SC2016 # expanded by that shell
	unshare --mount --propagation private -- /bin/sh -c '
		r=$1; shift
		mount -t proc proc "$r/proc" &&
		mount --rbind /dev "$r/dev" &&
		mount -t tmpfs tmpfs "$r/tmp" &&
		exec chroot "$r" /usr/bin/env -i HOME=/root TERM=dumb \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			LANG=C.UTF-8 "$@"' sh "$rootfs" "$@"
}

if [ ! -s "$base" ]; then
	say "no cached root for this package list: debootstrap $suite from $mirror"
	debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" \
		>"$tmp/debootstrap.log" 2>&1 ||
		{ tail -n 30 "$tmp/debootstrap.log"; exit 1; }
	cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
	# As a fresh install has them: linux-source-6.12 is in -security.
	cat >"$rootfs/etc/apt/sources.list" <<-SOURCES
	deb $mirror $suite main
	deb $mirror $suite-updates main
	deb $security $suite-security main
	SOURCES
	install -D -m 0755 "$root/selftests/tools/deps.sh" "$rootfs/root/deps.sh"
	say "installing the user-space packages: ${pkgs[*]}"
	in_root /usr/bin/env LFPRIM_DEPS_LOG=/root/deps.log /root/deps.sh user
	in_root apt-get clean
	rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/root/deps.sh" \
		"$rootfs/root/deps.log"
	tar -C "$rootfs" -czf "$base.tmp" --numeric-owner .
	mv "$base.tmp" "$base"
	say "cached $base ($((SECONDS - start)) s)"
else
	say "root from $base"
	mkdir "$rootfs"
	tar -C "$rootfs" -xzf "$base" --numeric-owner
fi

# The working tree as git sees it (tracked and new files, no build
# outputs), never the host's caches: kernel-files.sh extracts its own.
say "copying the working tree"
mkdir -p "$rootfs/src"
# shellcheck disable=SC2016 # expanded by that shell
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 -r sh -c 'for f; do [ ! -e "$f" ] || printf "%s\0" "$f"; done' sh |
	tar --null -T - -cf -) | tar -C "$rootfs/src" -xf -

say "building and testing in the bare root"
# shellcheck disable=SC2016 # expanded in the root
in_root /bin/sh -c '
	set -e
	cd /src
	make -j"$(nproc)" user tests
	LFPRIM_TEST_SCALE='"${LFPRIM_TEST_SCALE:-100}"' selftests/user/lfprim-selftests
	make selftests/fuzz/parse-fuzz
	selftests/fuzz/parse-fuzz -runs=2000 -max_len=300
'
say "passed ($((SECONDS - start)) s)"
