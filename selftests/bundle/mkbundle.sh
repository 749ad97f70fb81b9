#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# make bundle: one tarball that runs the demo on any x86-64 Linux host
# with nothing installed (see selftests/bundle/run.sh, its run.sh).
#
# Usage: mkbundle.sh OUT.tar.xz
#
# Contents (lfprim-bundle/):
#   run.sh                     the demo (run.sh --help)
#   bin/busybox + applets      the host-side shell and tools run.sh uses
#   bin/lfprim-bench           static, for the native half of the demo
#   bin/mawk                   the comparison's awk (busybox's lacks log())
#   qemu/                      qemu-system-x86_64, its shared libraries
#                              (ldd closure) and ld-linux, the TCG module,
#                              the firmware a -nodefaults -kernel boot reads
#   guest/initramfs.cpio.gz    busybox, init, static lfprim-bench, guest.sh
#   guest/<kernel>/bzImage     the stock (Debian 6.1) and perf (6.12,
#   guest/<kernel>/modules.cpio.gz  refscale) kernels, lfprim.ko built for
#                              each (and refscale.ko, torture.ko for perf):
#                              appended to the initramfs at boot
#   share/                     the demo's matrix.sh, compare.awk, knobs.awk,
#                              verdict.awk, plot.awk; splats
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:?usage: mkbundle.sh OUT.tar.xz}
case $out in /*) ;; *) out=$PWD/$out ;; esac
qemu=$(command -v qemu-system-x86_64) ||
	{ echo "mkbundle: qemu-system-x86_64 missing (make deps)" >&2; exit 1; }
moddir=/usr/lib/x86_64-linux-gnu/qemu

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
b=$tmp/lfprim-bundle
mkdir -p "$b/bin" "$b/qemu/lib" "$b/qemu/modules" "$b/qemu/share" \
	 "$b/guest" "$b/share"

# Host-side tools: busybox and its applets.
install -m 0755 /bin/busybox "$b/bin/busybox"
for a in $(/bin/busybox --list); do
	[ -e "$b/bin/$a" ] || ln -s busybox "$b/bin/$a"
done
install -m 0755 "$root/userspace/bench/lfprim-bench-static" "$b/bin/lfprim-bench"
# busybox awk has no math library; the comparison's verdicts take logs:
# mawk, run like qemu through the bundle's ld-linux.
awk_bin=$(readlink -f "$(command -v mawk)") ||
	{ echo "mkbundle: mawk missing" >&2; exit 1; }
install -m 0755 "$awk_bin" "$b/bin/mawk"

# qemu, run as "ld-linux --library-path lib qemu-system-x86_64": the
# closure of the binary, of the TCG module and of mawk.
install -m 0755 "$qemu" "$b/qemu/qemu-system-x86_64"
install -m 0644 "$moddir/accel-tcg-x86_64.so" "$b/qemu/modules/"
ldd "$qemu" "$moddir/accel-tcg-x86_64.so" "$awk_bin" |
	awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' |
	sort -u | while read -r lib; do
		case $lib in
		*/ld-linux-x86-64.so.2) install -m 0755 "$lib" "$b/qemu/ld-linux-x86-64.so.2" ;;
		*) install -m 0644 "$(readlink -f "$lib")" "$b/qemu/lib/${lib##*/}" ;;
		esac
	done
# -nodefaults -kernel on the pc machine: SeaBIOS, the kernel loader and
# the TPR patching ROM (read at start even under TCG).
for f in bios-256k.bin linuxboot_dma.bin kvmvapic.bin; do
	for d in /usr/share/qemu /usr/share/seabios ""; do
		[ -z "$d" ] && { echo "mkbundle: no $f" >&2; exit 1; }
		[ -e "$d/$f" ] && break
	done
	install -m 0644 "$(readlink -f "$d/$f")" "$b/qemu/share/$f"
done

# lfprim.ko (the release build) against each guest kernel.
build_module() {	# NAME KDIR
	local src=$tmp/src-$1
	mkdir -p "$src"
	cp -r "$root/Makefile" "$root/Kbuild" "$root/kmod" "$root/include" "$src/"
	find "$src" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete
	echo "mkbundle: lfprim.ko for the $1 kernel ($2)"
	make -s -C "$2" M="$src" modules >"$tmp/build-$1.log" 2>&1 ||
		{ cat "$tmp/build-$1.log"; exit 1; }
	mkdir -p "$tmp/mods-$1/lfprim"
	cp "$src/kmod/lfprim.ko" "$tmp/mods-$1/lfprim/"
}

# A cpio of the modules, appended to the initramfs at boot (the kernel
# unpacks concatenated archives in turn).
modules_cpio() {	# NAME
	mkdir -p "$b/guest/$1"
	(cd "$tmp/mods-$1" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner=0:0 --quiet) |
		gzip -n -9 >"$b/guest/$1/modules.cpio.gz"
}

stock=$(find /boot -maxdepth 1 -name 'vmlinuz-*-amd64' | sort -V | tail -n1)
[ -n "$stock" ] || { echo "mkbundle: no /boot/vmlinuz-*-amd64" >&2; exit 1; }
rel=${stock##*/vmlinuz-}
build_module stock "/lib/modules/$rel/build"
modules_cpio stock
install -m 0644 "$stock" "$b/guest/stock/bzImage"

perf=$("$root/selftests/vm/build-kernel.sh" perf | tail -n1)
build_module perf "$perf/build"
cp "$perf/build/kernel/torture.ko" "$perf/build/kernel/rcu/refscale.ko" \
	"$tmp/mods-perf/lfprim/"
modules_cpio perf
install -m 0644 "$perf/build/arch/x86/boot/bzImage" "$b/guest/perf/bzImage"

# The initramfs common to both kernels: what lane.sh stages for the demo
# (the demo needs only lfprim-bench), but the modules.
pay=$tmp/payload
mkdir -p "$pay/bin" "$pay/guest"
install -m 0755 "$root/userspace/bench/lfprim-bench-static" "$pay/bin/lfprim-bench"
install -m 0755 "$root/selftests/guest.sh" "$pay/guest.sh"
install -m 0644 "$root"/selftests/guest/*.sh "$pay/guest/"
install -m 0644 "$root/selftests/bench/matrix.sh" "$pay/matrix.sh"
"$root/selftests/vm/mkinitramfs.sh" "$b/guest/initramfs.cpio.gz" "$pay"

for f in bench/compare.awk bench/knobs.awk bench/verdict.awk bench/plot.awk \
	 bench/matrix.sh vm/splats; do
	install -m 0644 "$root/selftests/$f" "$b/share/"
done
install -m 0755 "$root/selftests/bundle/run.sh" "$b/run.sh"
git -C "$root" describe --always --dirty >"$b/VERSION" 2>/dev/null ||
	echo unknown >"$b/VERSION"

echo "mkbundle: compressing"
tar -C "$tmp" --owner=0 --group=0 --numeric-owner -cf - lfprim-bundle |
	xz -T0 -6 >"$out.tmp"
mv "$out.tmp" "$out"
size=$(stat -c %s "$out")
echo "mkbundle: $out, $((size / 1024 / 1024)) MiB ($size bytes)"
limit=$((40 * 1024 * 1024))
if [ "$size" -gt "$limit" ]; then
	echo "mkbundle: over the 40 MiB limit" >&2
	exit 1
fi
