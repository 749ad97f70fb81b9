#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# make check-bundle: the bundle on a host with nothing installed.  Unpacks
# BUNDLE into an empty root (no shell, no libraries, no qemu: only the
# bundle, /proc, /dev and a /tmp), runs "run.sh --quick" there with the
# bundle's own busybox as the shell, and checks that it passed and wrote
# the table, the CSV with points of all three worlds, the refscale peer
# rows and the charts' gnuplot script (no gnuplot in the root).  Under
# TCG unless /dev/kvm boots the guest here.
#
# Usage: check.sh BUNDLE.tar.xz   (needs root: chroot, mount)
# Output: selftests/vm/out/bundle/ (run.log and the demo's files).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bundle=${1:?usage: check.sh BUNDLE.tar.xz}
out=$root/selftests/vm/out/bundle
[ "$(id -u)" -eq 0 ] || { echo "check-bundle: needs root (chroot)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/lfprim-bundle.XXXXXX")
trap 'rm -rf --one-file-system "$tmp"' EXIT
r=$tmp/root
mkdir -p "$r/proc" "$r/dev" "$r/tmp"
tar -C "$r" -xJf "$bundle"
rm -rf "$out"
mkdir -p "$out"

start=$SECONDS
set +e
# shellcheck disable=SC2016 # expanded by that shell
unshare --mount --propagation private -- /bin/sh -c '
	r=$1
	mount -t proc proc "$r/proc" &&
	mount --rbind /dev "$r/dev" &&
	mount -t tmpfs tmpfs "$r/tmp" &&
	exec chroot "$r" /lfprim-bundle/bin/busybox env -i PATH=/nonexistent \
		/lfprim-bundle/bin/busybox sh /lfprim-bundle/run.sh \
		--quick --out /demo' sh "$r" 2>&1 | tee "$out/run.log"
rc=${PIPESTATUS[0]}
set -e
cp -r "$r/demo/." "$out/" 2>/dev/null || true

fail=0
[ "$rc" -eq 0 ] || { echo "check-bundle: run.sh exited with $rc" >&2; fail=1; }
for f in summary.txt compare.csv plot.gp guest.log native.log; do
	[ -s "$out/$f" ] || { echo "check-bundle: no $f" >&2; fail=1; }
done
# Points from each world: the kernel in the guest (column 6 of the CSV),
# user space in the guest (7), user space here (8).
for c in 6 7 8; do
	[ "$(awk -F, -v c=$c 'NR > 1 && $c != "" { n++ } END { print n + 0 }' \
		"$out/compare.csv" 2>/dev/null)" -gt 0 ] ||
		{ echo "check-bundle: no points in column $c of compare.csv" >&2; fail=1; }
done
grep -q 'peer check: the kernel.s refscale' "$out/summary.txt" 2>/dev/null ||
	{ echo "check-bundle: no refscale peer rows" >&2; fail=1; }
echo "check-bundle: $((SECONDS - start)) s"
[ "$fail" -eq 0 ] || { echo "check-bundle: FAILED" >&2; exit 1; }
echo "check-bundle: passed"
