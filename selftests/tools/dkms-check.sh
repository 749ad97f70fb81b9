#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The DKMS round trip, for real, through the user-facing targets:
# `make dkms-install` (sources to /usr/src, dkms add, build, install) for a
# kernel whose headers are installed, then a look at what DKMS installed
# (where modprobe would find it, with that kernel's vermagic), then
# `make dkms-uninstall` (dkms remove --all, sources removed) and a look
# that nothing is left.
#
# Before that, make dkms-install must fail cleanly (no registration, no
# sources left) for a kernel without headers, and succeed over a
# registration left behind by dkms add alone.
#
# It registers lfprim/<version>-check, never an lfprim/<version> a user
# installed.  A registration of that version left by an interrupted run is
# removed first, and a failure removes this run's, so the check can be run
# again and again.
#
# Usage: dkms-check.sh VERSION
# Env: LFPRIM_DKMS_KERNEL  the kernel to build for (default: the newest
#                          under /lib/modules with a build/ directory;
#                          the running kernel may have none)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ver=${1:?usage: dkms-check.sh VERSION}-check
mod=lfprim/$ver
src=/usr/src/lfprim-$ver
tree=/var/lib/dkms/lfprim/$ver
logf=$root/selftests/vm/out/dkms-check.log

SUDO=
[[ $(id -u) -eq 0 ]] || SUDO=sudo

log() { echo "dkms-check: $*"; }
die() { log "FAIL: $*" >&2; exit 1; }

kver=${LFPRIM_DKMS_KERNEL:-}
if [[ -z $kver ]]; then
	kver=$(find /lib/modules -mindepth 2 -maxdepth 2 -name build \
		-printf '%h\n' 2>/dev/null | xargs -r -n1 basename | sort -V | tail -n 1)
fi
[[ -n $kver && -d /lib/modules/$kver/build ]] ||
	die "no kernel with headers under /lib/modules (apt-get install linux-headers-amd64)"
command -v dkms >/dev/null || die "dkms missing (apt-get install dkms)"

registered() { [[ -n $(dkms status -m lfprim -v "$ver" 2>/dev/null) ]]; }

# Everything this version may have left: the registration (and with it the
# installed module), its DKMS tree, its sources.
cleanup() {
	if registered; then
		$SUDO dkms remove "$mod" --all >>"$logf" 2>&1 || true
	fi
	$SUDO rm -rf "$tree" "$src"
	$SUDO rmdir /var/lib/dkms/lfprim 2>/dev/null || true
}

on_exit() {
	local rc=$?

	if [[ $rc -ne 0 ]]; then
		[[ -f $logf ]] && tail -n 30 "$logf" >&2
		log "cleaning up after the failure" >&2
		cleanup
	fi
	exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

mkdir -p "$(dirname "$logf")"
: >"$logf"

if registered || [[ -e $src || -e $tree ]]; then
	log "removing $mod left by an earlier run"
	cleanup
fi
registered && die "$mod is still registered after cleanup"

dkms_install() {
	$SUDO "${MAKE:-make}" -s -C "$root" dkms-install DKMS_VERSION="$ver" \
		DKMS_KERNEL="$1" >>"$logf" 2>&1
}

# A failed install cleans up after itself: the build for a kernel that has
# no headers fails after dkms add, and must leave neither the registration
# nor the sources.
bogus=0.0.0-lfprim-no-such-kernel
log "make dkms-install of $mod for $bogus (must fail)"
dkms_install "$bogus" && die "make dkms-install for $bogus succeeded"
registered && die "a failed make dkms-install left $mod registered"
[[ -e $tree ]] && die "a failed make dkms-install left $tree"
[[ -e $src ]] && die "a failed make dkms-install left $src"
log "the failed install left nothing behind"

# A registration left behind (an install interrupted after dkms add, or one
# made by hand) does not stop the next make dkms-install.
$SUDO "${MAKE:-make}" -s -C "$root" dkms-tree DKMS_VERSION="$ver" >>"$logf" 2>&1 ||
	die "make dkms-tree failed"
$SUDO dkms add "$mod" >>"$logf" 2>&1 || die "dkms add $mod failed"
registered || die "dkms add did not register $mod"

log "make dkms-install of $mod for $kver over the stale registration"
dkms_install "$kver" || die "make dkms-install failed"

st=$(dkms status -m lfprim -v "$ver" -k "$kver")
log "dkms status: $st"
[[ $st == *": installed"* ]] || die "$mod is not installed for $kver"

# Where modprobe would look for it in that kernel (modules.dep, which
# dkms install refreshed), and built for that kernel.
ko=$(modinfo -k "$kver" -F filename lfprim) || die "modinfo -k $kver finds no lfprim"
[[ $ko == /lib/modules/$kver/* && -f $ko ]] || die "lfprim.ko at '$ko', not under /lib/modules/$kver"
vermagic() { local v; v=$(modinfo -F vermagic "$1") && echo "${v% }"; }
vm=$(vermagic "$ko")
[[ ${vm%% *} == "$kver" ]] || die "vermagic '$vm' is not for $kver"
ref=$(find "/lib/modules/$kver/kernel" -name '*.ko*' -print -quit 2>/dev/null || true)
if [[ -n $ref ]]; then
	[[ $vm == "$(vermagic "$ref")" ]] ||
		die "vermagic '$vm' differs from the kernel's own modules'"
fi
log "installed $ko, vermagic '$vm'"

# MODULE_VERSION is the DKMS version; the POST_BUILD script kept the
# build's Module.symvers, every export in the LFPRIM namespace, beside the
# headers modules building on lfprim.ko compile against.
mv=$(modinfo -F version "$ko")
[[ $mv == "$ver" ]] || die "modinfo version '$mv', not '$ver'"
for f in "$src/Module.symvers" "$src/symvers/$kver/Module.symvers"; do
	[[ -s $f ]] || die "$f missing after the build"
	awk '$5 != "LFPRIM" { exit 1 }' "$f" || die "$f: an export outside the LFPRIM namespace"
done
for f in include/lfprim/snap.h kmod/include/lfprim/kmod.h kmod/include/lfprim/backend/snap.h; do
	[[ -f $src/$f ]] || die "$src/$f missing"
done
log "version $mv; Module.symvers and the headers kept in $src"

# The example consumer (kmod/examples/consumer) builds against them, as
# README says a module building on lfprim.ko does.
cons=$(mktemp -d)
cp -r "$root/kmod/examples/consumer/." "$cons/"
make -s -C "/lib/modules/$kver/build" M="$cons" LFPRIM_DEVEL="$src" modules \
	>>"$logf" 2>&1 || { rm -rf "$cons"; die "the example consumer does not build against $src"; }
deps=$(modinfo -F depends "$cons/lfprim_consumer.ko")
rm -rf "$cons"
[[ $deps == lfprim ]] || die "the example consumer depends on '$deps', not lfprim"
log "the example consumer builds against $src"

log "make dkms-uninstall of $mod"
$SUDO "${MAKE:-make}" -s -C "$root" dkms-uninstall DKMS_VERSION="$ver" \
	>>"$logf" 2>&1 || die "make dkms-uninstall failed"

registered && die "$mod is still registered"
[[ -e $ko ]] && die "$ko is still there"
[[ -e $tree ]] && die "$tree is still there"
[[ -e $src ]] && die "$src is still there"
log "removed: no registration, no $ko, no $tree, no $src"
log "ok"
