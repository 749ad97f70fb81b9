#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
# shellcheck disable=SC2154 # read_pcts, stampede: from share/matrix.sh
#
# lfprim's demo from the bundle (make bundle), on any x86-64 Linux host:
# what make demo does (selftests/bench/demo.sh) with the bundle's qemu,
# kernels and tools.  Boots the guest kernel (KVM when /dev/kvm boots
# it, else TCG), loads lfprim.ko, shows and tunes its knobs, runs the
# benchmark matrix in the kernel and in user space in the guest (and the
# kernel's refscale as a peer on the perf kernel), runs the same
# lfprim-bench natively here, and writes the verdicts and the comparison
# table, its CSV and, where gnuplot is installed, the charts.
#
# Usage: run.sh [--kernel perf|stock] [--smp N] [--quick] [--out DIR]
#               [--accel kvm|tcg] [--timeout SECONDS]
#
#   --kernel   perf (default: Linux 6.12 with refscale) or stock (Debian 6.1)
#   --smp      guest vCPUs, 1 to this host's CPU count (default: 2, or 1
#              on a one-CPU host); the matrix runs 1, 2 and N threads
#   --quick    make demo's quick matrix (LFPRIM_DEMO_QUICK=1: read_pct
#              100, 50, 0, 20 ms runs, one run per point, short refscale
#              runs): to try it out, not to read numbers from
#   --out      output directory (default ./lfprim-demo)
#   --accel    force the accelerator (default: kvm if /dev/kvm boots)
#   --timeout  seconds before the guest is killed (default 1500)
#
# Nothing is needed on the host: the shell and tools are the bundle's
# busybox (on a root without /bin/sh: bin/busybox sh run.sh), its awk
# mawk.  Output in DIR: summary.txt (the verdicts and the table),
# compare.csv, families.png, speedup.png and crossover.png (only with
# gnuplot on the host: plot.gp is written either way, for gnuplot
# elsewhere), guest.log (the console), native.log.  Exit status 0 only
# if the guest ran every step and its console shows no kernel splat.

# Before PATH has the bundle's tools: builtins only.
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
here=$(cd "$here" && pwd)
PATH=$here/bin:$PATH
export PATH
set -eu

usage() { sed -n '13,33s/^# \{0,1\}//p' "$here/run.sh" >&2; exit 2; }

kernel=perf smp='' quick=0 out=$PWD/lfprim-demo accel=${LFPRIM_ACCEL:-}
timeout=1500
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--quick) quick=1; shift ;;
	--out) out=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	-h|--help) usage ;;
	*) echo "run.sh: unknown argument '$1'" >&2; usage ;;
	esac
done
case $kernel in perf|stock) ;; *) usage ;; esac
ncpu=$(nproc)
[ -n "$smp" ] || { smp=2; [ "$ncpu" -ge 2 ] || smp=1; }
case $smp in ''|*[!0-9]*) usage ;; esac
if [ "$smp" -lt 1 ] || [ "$smp" -gt "$ncpu" ]; then
	echo "run.sh: --smp must be 1 to $ncpu (this host's CPUs)" >&2
	exit 2
fi
accel_forced=1
if [ -z "$accel" ]; then
	accel_forced=0 accel=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then accel=kvm; fi
fi
case $accel in
kvm) accel_args="-accel kvm -cpu host" ;;
tcg) accel_args="-accel tcg,thread=multi -cpu max" ;;
*) usage ;;
esac

# The matrix: matrix.sh reads LFPRIM_DEMO_QUICK, as in the guest.
LFPRIM_DEMO_QUICK=$quick
export LFPRIM_DEMO_QUICK
bench_ms=100 bench_runs=3
if [ "$quick" -eq 1 ]; then
	bench_ms=20 bench_runs=1
fi
# shellcheck source=/dev/null # share/matrix.sh, from selftests/bench/
. "$here/share/matrix.sh"

# busybox awk has no log(): the bundle's mawk.
awk() {
	"$here/qemu/ld-linux-x86-64.so.2" --library-path "$here/qemu/lib" \
		"$here/bin/mawk" "$@"
}

rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

# The modules of the chosen kernel go in a second archive after the
# common initramfs.
cat "$here/guest/initramfs.cpio.gz" "$here/guest/$kernel/modules.cpio.gz" \
	>"$tmp/initrd"
cmdline="console=ttyS0 panic=-1 no5lvl LFPRIM_MODE=demo"
cmdline="$cmdline LFPRIM_BENCH_MS=$bench_ms LFPRIM_BENCH_RUNS=$bench_runs"
cmdline="$cmdline LFPRIM_DEMO_QUICK=$quick"

log=$tmp/console.log
echo "LFPRIM-VM: kernel=$kernel ($(cat "$here/VERSION"))"
q=$here/qemu
# qemu through the bundle's ld-linux and libraries: ARGS... after the
# common ones, under $qwrap (a command and its words, or nothing).
qwrap=
qemu() {
	# shellcheck disable=SC2086 # qwrap is words
	QEMU_MODULE_DIR=$q/modules $qwrap "$q/ld-linux-x86-64.so.2" \
		--library-path "$q/lib" "$q/qemu-system-x86_64" -L "$q/share" \
		-nodefaults -no-user-config -display none -monitor none \
		-serial stdio -no-reboot -net none -m 1024M \
		-kernel "$here/guest/$kernel/bzImage" -initrd "$tmp/initrd" "$@"
}

# Some hosts have a /dev/kvm that fails or hangs the guest: a boot to
# init within 30 s (the guest then powers off: no such mode), or TCG.
if [ "$accel" = kvm ] && [ "$accel_forced" -eq 0 ]; then
	qwrap="timeout -k 5 30"
	# shellcheck disable=SC2086 # accel_args are words
	qemu $accel_args -smp 1 -append "console=ttyS0 panic=-1 LFPRIM_MODE=probe" \
		</dev/null >"$tmp/probe.out" 2>&1 || true
	if ! grep -q 'LFPRIM-VM: booted' "$tmp/probe.out"; then
		echo "LFPRIM-VM: /dev/kvm did not boot the guest, using TCG:"
		tail -n 3 "$tmp/probe.out" | sed 's/^/LFPRIM-VM:   /'
		accel=tcg
		accel_args="-accel tcg,thread=multi -cpu max"
	fi
fi

echo "LFPRIM-VM: accel=$accel smp=$smp mem=1024M timeout=${timeout}s"
echo "demo: [1/3] guest: $kernel kernel, load, tune, kernel and user benchmark (console follows)"
qwrap="timeout -k 10 $timeout"
{
	# shellcheck disable=SC2086 # accel_args are words
	if qemu $accel_args -smp "$smp" -append "$cmdline" </dev/null 2>&1; then
		rc=0
	else
		rc=$?
	fi
	echo "$rc" >"$tmp/qemu.rc"
} | tee "$tmp/qemu.out"
qemu_rc=$(cat "$tmp/qemu.rc")
tr -d '\r' <"$tmp/qemu.out" >"$log"

fail=0
if [ "$qemu_rc" -ne 0 ]; then
	echo "LFPRIM-VM: FAIL: qemu exited with $qemu_rc (124: timed out)"
	fail=1
fi
if ! grep -aqE 'LFPRIM-VM-RESULT rc=0$' "$log"; then
	echo "LFPRIM-VM: FAIL: guest result: $(grep -aoE 'LFPRIM-VM-RESULT rc=[0-9]+' "$log" || echo missing)"
	fail=1
fi
sed '/^#/d' "$here/share/splats" >"$tmp/patterns"
if grep -anE -f "$tmp/patterns" "$log" >"$tmp/splats"; then
	echo "LFPRIM-VM: FAIL: kernel splat in console log:"
	sed 's/^/LFPRIM-VM:   /' "$tmp/splats"
	fail=1
fi
{ echo "LFPRIM-VM: accel=$accel smp=$smp"; cat "$log"; } >"$out/guest.log"
guest_log=$out/guest.log
native_log=$out/native.log

threads=$(thread_list "$ncpu")
echo "demo: [2/3] lfprim-bench natively on the host ($ncpu CPUs)"
bench=$here/bin/lfprim-bench
"$bench" -l >"$out/native-scenarios.txt"
"$bench" -P -s all -t "$threads" -p "$read_pcts" -d "$bench_ms" \
	-r "$bench_runs" 2>&1 >"$native_log" | sed 's/^lfprim-bench: /  native: /'
"$bench" -P -s "$stampede" -t "$(stampede_threads "$ncpu")" \
	-d "$bench_ms" -r "$bench_runs" 2>&1 >>"$native_log" |
	sed 's/^lfprim-bench: /  native stampede: /'
echo "demo:       $(grep -c '^lfprim-bench ' "$native_log") points: $native_log"

echo "demo: [3/3] comparison"
sh=$here/share
{
	echo "== lfprim: kernel vs user costs (bundle $(cat "$here/VERSION")) =="
	echo "guest: $(grep -m1 'LFPRIM-GUEST: mode=' "$guest_log" | sed 's/^LFPRIM-GUEST: //') accel=$accel"
	echo "host: $(uname -r), $ncpu CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
	echo "each point: median of $bench_runs runs of $bench_ms ms after a warm-up; ns/op is per thread"
	echo
	echo "-- live tuning through sysfs (full knob lists: $guest_log) --"
	awk -f "$sh/knobs.awk" "$guest_log" || true
	echo
	echo "-- steps in the guest --"
	grep -E 'LFPRIM-GUEST: (ok|FAIL) ' "$guest_log" | sed 's/^LFPRIM-GUEST: //'
	echo
	awk -f "$sh/compare.awk" -v csv="$out/compare.csv" -v accel="$accel" \
		src=guest "$guest_log" src=native "$native_log" \
		src=listing "$out/native-scenarios.txt" >"$out/table.txt"
	awk -F, -f "$sh/verdict.awk" -v cxfile="$out/crossover.txt" \
		"$out/compare.csv"
	echo
	echo "-- the whole comparison (kernel and user in guest: $accel) --"
	cat "$out/table.txt"
	echo
	if [ "$accel" != kvm ]; then
		echo "note: the guest ran under $accel (software emulation), not KVM: kernel and"
		echo "      user-in-guest times are distorted (an RCU read section costs ~60 ns and"
		echo "      a shared atomic ~20 ns there); compare ratios within one world."
	fi
} | tee "$out/summary.txt"

awk -F, -f "$sh/plot.awk" -v out="$out" -v accel="$accel" \
	-v cx="$out/crossover.txt" "$out/compare.csv" >"$out/plot.gp"
if command -v gnuplot >/dev/null 2>&1; then
	gnuplot "$out/plot.gp"
	echo "demo: charts: $out/families.png (ns/op per family), $out/speedup.png,"
	echo "      $out/crossover.png (ns/op against the read percentage)"
else
	echo "demo: no gnuplot on this host, no charts: gnuplot $out/plot.gp"
	echo "      draws them where it is installed (with $out/compare.csv)"
fi
echo "demo: table: $out/summary.txt, CSV: $out/compare.csv"
echo "demo: wall time $(($(date +%s) - start)) s"
if [ "$fail" -ne 0 ]; then
	echo "demo: the guest run FAILED (see $guest_log)"
	exit 1
fi
echo "demo: done"
