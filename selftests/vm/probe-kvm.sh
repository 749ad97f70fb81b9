#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Print the accelerator the test VMs should use: "kvm" or "tcg".
#
# Usage: probe-kvm.sh
#
# LFPRIM_ACCEL=kvm|tcg overrides the probe. Otherwise, if /dev/kvm is usable,
# a stock kernel is booted under KVM with a short timeout (some hosts expose
# /dev/kvm but hang the guest); the verdict is cached in
# ${LFPRIM_CACHE:-$HOME/.cache/lfprim}/accel-<hash>, keyed by host kernel,
# qemu version and guest kernel. Delete that file to probe again.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case "${LFPRIM_ACCEL:-}" in
kvm|tcg) echo "$LFPRIM_ACCEL"; exit 0 ;;
"") ;;
*) echo "LFPRIM_ACCEL must be kvm or tcg" >&2; exit 2 ;;
esac

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	echo tcg
	exit 0
fi

cache=${LFPRIM_CACHE:-$HOME/.cache/lfprim}
stock=$(find /boot -maxdepth 1 -name 'vmlinuz-*-amd64' | sort -V | tail -n1)
key=$( { uname -rv; qemu-system-x86_64 --version | head -n1; echo "$stock"; } |
	sha256sum | cut -c1-16)
verdict=$cache/accel-$key
if [ -s "$verdict" ]; then
	cat "$verdict"
	exit 0
fi

mkdir -p "$cache"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/payload"
echo 'echo kvm-probe-ok' >"$tmp/payload/guest.sh"

echo "probe-kvm: test boot under KVM (log: $verdict.log)" >&2
if LFPRIM_ACCEL=kvm timeout -k 5 90 "$here/run.sh" --kernel stock \
	--smp 2 --timeout 60 "$tmp/payload" >"$verdict.log" 2>&1; then
	echo kvm >"$verdict.tmp"
else
	echo "probe-kvm: KVM boot failed or hung, using TCG" >&2
	echo tcg >"$verdict.tmp"
fi
mv "$verdict.tmp" "$verdict"
cat "$verdict"
