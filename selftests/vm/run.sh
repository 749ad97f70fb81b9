#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Boot a test VM whose initramfs carries PAYLOAD_DIR and runs its guest.sh.
#
# Usage: run.sh [--kernel stock|debug|perf|kcsan|PATH] [--smp N] [--mem SIZE]
#               [--timeout SECONDS] [--log FILE] [--env LFPRIM_X=value]...
#               PAYLOAD_DIR
#
#   --kernel   stock: newest /boot/vmlinuz-*-amd64 (default); debug|perf|kcsan:
#              built by build-kernel.sh; PATH: a bzImage.
#   --smp      vCPUs (default: $LFPRIM_SMP or 2).
#   --mem      guest memory (default 1024M; 2048M for debug).
#   --timeout  seconds before the VM is killed (default 600; 1800 for debug).
#   --log      also write the console log to FILE.
#   --env      export LFPRIM_X=value to guest.sh (via the kernel command
#              line, so the value must not contain whitespace).
#
# Env: LFPRIM_ACCEL=kvm|tcg forces the accelerator (see probe-kvm.sh),
#      LFPRIM_CACHE is the cache directory.
#
# The guest console streams to stdout. Exit status is 0 only if the guest
# printed "LFPRIM-VM-RESULT rc=0", the VM did not time out and the console
# shows no kernel splat (the matching lines are listed); otherwise 1
# (2 for usage errors).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() { sed -n '4,25s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }
say() { echo "LFPRIM-VM: $*"; }

kernel=stock smp=${LFPRIM_SMP:-2} mem='' timeout='' logfile='' envs=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) logfile=$2; shift 2 ;;
	--env)
		[[ "$2" =~ ^LFPRIM_[A-Za-z0-9_]+=[^[:space:]]*$ ]] ||
			{ echo "bad --env '$2' (want LFPRIM_X=value, no spaces)" >&2; exit 2; }
		envs+=("$2"); shift 2 ;;
	-h|--help) usage ;;
	-*) echo "unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
if [ $# -ne 1 ] || [ ! -d "$1" ]; then usage; fi
payload=$1

case "$kernel" in
stock)
	bzimage=$(find /boot -maxdepth 1 -name 'vmlinuz-*-amd64' | sort -V | tail -n1)
	[ -n "$bzimage" ] || { echo "no /boot/vmlinuz-*-amd64" >&2; exit 2; } ;;
debug|perf|kcsan)
	kdir=$("$here/build-kernel.sh" "$kernel" | tail -n1)
	bzimage=$kdir/build/arch/x86/boot/bzImage ;;
*)
	bzimage=$kernel ;;
esac
[ -r "$bzimage" ] || { echo "cannot read kernel $bzimage" >&2; exit 2; }
if [ "$kernel" = debug ] || [ "$kernel" = kcsan ]; then
	mem=${mem:-2048M} timeout=${timeout:-1800}
fi
mem=${mem:-1024M} timeout=${timeout:-600}

accel=$("$here/probe-kvm.sh")
case "$accel" in
kvm) accel_args=(-accel kvm -cpu host) ;;
*) accel_args=(-accel 'tcg,thread=multi' -cpu max) ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/mkinitramfs.sh" "$tmp/initramfs.cpio.gz" "$payload"
log=${logfile:-$tmp/console.log}
: >"$log"

start=$SECONDS
say "kernel=$bzimage"
say "accel=$accel smp=$smp mem=$mem timeout=${timeout}s"

# no5lvl: TCG's "max" CPU has LA57, and a 6.12 KASAN kernel booted with
# 5-level paging can report a wild-memory-access in an interrupt that
# lands while identify_cpu() has the CPU's feature bits cleared (seen in
# rcu_is_watching() at 2 s into boot): the guest's own bug, not lfprim's.
cmdline="console=ttyS0 panic=-1 panic_on_warn=0 no5lvl ${envs[*]}"

set +e
timeout -k 10 "$timeout" qemu-system-x86_64 -nodefaults -no-user-config \
	"${accel_args[@]}" -smp "$smp" -m "$mem" \
	-display none -monitor none -serial stdio -no-reboot \
	-kernel "$bzimage" -initrd "$tmp/initramfs.cpio.gz" \
	-append "$cmdline" \
	</dev/null 2>&1 | sed -u 's/\r$//' | tee -a "$log"
qemu_rc=${PIPESTATUS[0]}
set -e

fail=0
if [ "$qemu_rc" -eq 124 ] || [ "$qemu_rc" -eq 137 ]; then
	say "FAIL: timed out after ${timeout}s"
	fail=1
elif [ "$qemu_rc" -ne 0 ]; then
	say "FAIL: qemu exited with $qemu_rc"
	fail=1
fi

result=$(grep -aoE 'LFPRIM-VM-RESULT rc=[0-9]+' "$log" | tail -n1 || true)
if [ "$result" != "LFPRIM-VM-RESULT rc=0" ]; then
	say "FAIL: guest result: ${result:-missing}"
	fail=1
fi

# The patterns (one ERE a line, also read by the bundle's run.sh) include
# a failed kernel case: it must fail the lane even if busybox insmod
# retried the load and the retry passed; its expectation lines say why.
sed '/^#/d' "$here/splats" >"$tmp/patterns"
if grep -anE -f "$tmp/patterns" "$log" >"$tmp/splats"; then
	say "FAIL: kernel splat in console log:"
	sed 's/^/LFPRIM-VM:   /' "$tmp/splats"
	fail=1
fi

say "wall=$((SECONDS - start))s"
if [ "$fail" -ne 0 ]; then
	say "FAILED"
	exit 1
fi
say "PASSED"
