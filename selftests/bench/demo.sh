#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The main job (`make demo`): what each primitive costs in the kernel and
# in user space, and how much lighter it is than the lock or atomic it
# replaces.
#
#   1. boot the guest (stock kernel, or KERNEL=perf), load lfprim.ko with
#      parameters (a short benchmark runs at load), show and tune its knobs
#      through sysfs, run the scenario matrix in the kernel (sysfs bench/)
#      and with the same static lfprim-bench in user space in the guest;
#      on the perf kernel also the kernel's refscale as a peer
#   2. run lfprim-bench natively on the host
#   3. print one table, write it as CSV and draw it with gnuplot
#
# Matrix: every scenario x threads 1, 2 and the CPU count x read_pct
# 100, 99, 90, 50 where it applies.
#
# Env: LFPRIM_KERNEL=stock|perf (make demo KERNEL=perf), LFPRIM_BENCH_MS
# (run length, default 100), LFPRIM_BENCH_RUNS (timed runs per point,
# default 3), plus what selftests/vm/lane.sh and run.sh take.
# Output: selftests/vm/out/compare/{compare.csv,compare.png,*.log}.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/selftests/bench
out=$root/selftests/vm/out/compare
bench=$root/userspace/bench/lfprim-bench
export LFPRIM_KERNEL=${LFPRIM_KERNEL:-stock}
export LFPRIM_BENCH_MS=${LFPRIM_BENCH_MS:-100}
export LFPRIM_BENCH_RUNS=${LFPRIM_BENCH_RUNS:-3}
rm -rf "$out"
mkdir -p "$out/plot/kernel" "$out/plot/guest" "$out/plot/native"
guest_log=$out/guest.log
native_log=$out/native.log
start=$SECONDS

echo "demo: [1/3] guest: $LFPRIM_KERNEL kernel, load, tune, kernel and user benchmark (console follows)"
set +e
"$root/selftests/vm/lane.sh" demo 2>&1 | tee "$guest_log"
guest_rc=${PIPESTATUS[0]}
set -e

ncpu=$(nproc)
# shellcheck source=selftests/bench/matrix.sh
. "$here/matrix.sh"
threads=$(thread_list "$ncpu")
echo "demo: [2/3] lfprim-bench natively on the host ($ncpu CPUs)"
"$bench" -l >"$out/native-scenarios.txt"
"$bench" -s all -t "$threads" -p "$read_pcts" -d "$LFPRIM_BENCH_MS" \
	-r "$LFPRIM_BENCH_RUNS" | tee "$native_log"

echo "demo: [3/3] comparison"
accel=$(sed -n 's/^LFPRIM-VM: accel=\([a-z]*\).*/\1/p' "$guest_log" | head -1)
accel=${accel:-unknown}
{
	echo "== lfprim: kernel vs user costs =="
	echo "guest: $(grep -m1 'LFPRIM-GUEST: mode=' "$guest_log" | sed 's/^LFPRIM-GUEST: //') accel=$accel"
	echo "host: $(uname -r), $ncpu CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
	echo "each point: median of $LFPRIM_BENCH_RUNS runs of $LFPRIM_BENCH_MS ms after a warm-up; ns/op is per thread"
	echo
	echo "-- knobs after load, live tuning, knobs after tuning --"
	grep -E 'LFPRIM-GUEST: (  |knobs|tuning)' "$guest_log" |
		grep -v 'kernel bench:' | sed 's/^LFPRIM-GUEST: //'
	echo
	echo "-- steps in the guest --"
	grep -E 'LFPRIM-GUEST: (ok|FAIL) ' "$guest_log" | sed 's/^LFPRIM-GUEST: //'
	echo
	awk -f "$here/compare.awk" -v csv="$out/compare.csv" \
		-v plotdir="$out/plot" -v accel="$accel" \
		src=guest "$guest_log" src=native "$native_log" \
		src=listing "$out/native-scenarios.txt"
	echo
	if [ "$accel" != kvm ]; then
		echo "note: the guest ran under $accel (software emulation), not KVM: kernel and"
		echo "      user-in-guest times are distorted (an RCU read section costs ~60 ns and"
		echo "      a shared atomic ~20 ns there); compare ratios within one world."
	fi
} | tee "$out/summary.txt"

if command -v gnuplot >/dev/null; then
	gnuplot -e "dir='$out/plot'; out='$out/compare.png'; accel='$accel'" \
		"$here/plot.gp"
	echo "demo: plot: $out/compare.png"
else
	echo "demo: gnuplot missing (make deps), no plot"
fi
echo "demo: table: $out/summary.txt, CSV: $out/compare.csv"
echo "demo: wall time $((SECONDS - start)) s"
if [ "$guest_rc" -ne 0 ]; then
	echo "demo: the guest run FAILED (see $guest_log)"
	exit 1
fi
echo "demo: done"
