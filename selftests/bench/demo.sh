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
#   3. print the knobs the tuning changed, a verdict per primitive and the
#      read-mostly primitives' crossovers (verdict.awk), then the whole
#      table; write it as CSV and draw three charts with gnuplot
#
# Matrix: every scenario x threads 1, 2 and the CPU count x read_pct
# 100, 99, 95, 90, 75, 50, 25, 0 where it applies, then the stampede
# (sflight-stampede, mutex-stampede) at 1, 2, 4 and 8 threads (matrix.sh).
#
# Env: LFPRIM_KERNEL=stock|perf (make demo KERNEL=perf), LFPRIM_BENCH_MS
# (run length, default 100), LFPRIM_BENCH_RUNS (timed runs per point,
# default 3), LFPRIM_DEMO_SCENARIOS=a,b,... (only these scenarios, in
# every world; the stampede only if named), LFPRIM_DEMO_QUICK=1 (a short matrix, runs of 20 ms, 1 run per
# point: to try the demo out, not to read numbers from), plus what
# selftests/vm/lane.sh and run.sh take.
# Output: selftests/vm/out/compare/: summary.txt, compare.csv, the charts
# families.png, speedup.png and crossover.png (plot.awk), the logs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/selftests/bench
out=$root/selftests/vm/out/compare
bench=$root/userspace/bench/lfprim-bench
export LFPRIM_KERNEL=${LFPRIM_KERNEL:-stock}
export LFPRIM_DEMO_QUICK=${LFPRIM_DEMO_QUICK:-0}
if [ "$LFPRIM_DEMO_QUICK" = 1 ]; then
	export LFPRIM_BENCH_MS=${LFPRIM_BENCH_MS:-20}
	export LFPRIM_BENCH_RUNS=${LFPRIM_BENCH_RUNS:-1}
else
	export LFPRIM_BENCH_MS=${LFPRIM_BENCH_MS:-100}
	export LFPRIM_BENCH_RUNS=${LFPRIM_BENCH_RUNS:-3}
fi
rm -rf "$out"
mkdir -p "$out"
guest_log=$out/guest.log
native_log=$out/native.log
start=$SECONDS

# What of the guest console reaches the terminal: the lane's own notes,
# the guest's steps, the benchmark progress and anything the kernel
# complains about, each with the demo's elapsed time.
console_filter() {
	local line
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in
		"LFPRIM-VM: "* | "lane: "* | "lane.sh: "* | \
		"LFPRIM-GUEST: running "* | "LFPRIM-GUEST: ok - "* | \
		"LFPRIM-GUEST: FAIL "* | "LFPRIM-GUEST: mode="* | \
		"LFPRIM-GUEST: "*" failed step(s)" | \
		"LFPRIM-GUEST:   kernel bench: progress "* | "lfprim-bench: progress "* | \
		*"WARNING:"* | *"BUG:"* | *"Oops"* | *"Kernel panic"* | \
		*"Call Trace"*)
			printf '  %4ds %s\n' $((SECONDS - start)) \
				"${line#LFPRIM-GUEST: }" ;;
		esac
	done
}

echo "demo: [1/3] guest: $LFPRIM_KERNEL kernel, load, tune, kernel and user benchmark"
echo "demo:       steps and progress below; the whole console: $guest_log"
set +e
"$root/selftests/vm/lane.sh" demo 2>&1 | tee "$guest_log" | console_filter
guest_rc=${PIPESTATUS[0]}
set -e
if [ "$guest_rc" -ne 0 ]; then
	echo "demo: the guest run failed (status $guest_rc); the console's last lines:"
	tail -n 40 "$guest_log" | sed 's/^/  | /'
fi

ncpu=$(nproc)
# shellcheck source=selftests/bench/matrix.sh
. "$here/matrix.sh"
threads=$(thread_list "$ncpu")
echo "demo: [2/3] lfprim-bench natively on the host ($ncpu CPUs)"
"$bench" -l >"$out/native-scenarios.txt"
nscn=$(pick_scenarios "$out/native-scenarios.txt")
: >"$native_log"
if [ -n "$nscn" ]; then
	"$bench" -P -s "$nscn" -t "$threads" -p "$read_pcts" -d "$LFPRIM_BENCH_MS" \
		-r "$LFPRIM_BENCH_RUNS" 2>&1 >"$native_log" | sed -u 's/^lfprim-bench: /  native: /'
fi
if [ -n "$stampede" ]; then
	"$bench" -P -s "$stampede" -t "$(stampede_threads "$ncpu")" \
		-d "$LFPRIM_BENCH_MS" -r "$LFPRIM_BENCH_RUNS" 2>&1 >>"$native_log" |
		sed -u 's/^lfprim-bench: /  native stampede: /'
fi
echo "demo:       $(grep -c '^lfprim-bench ' "$native_log") points: $native_log"

echo "demo: [3/3] comparison"
accel=$(sed -n 's/^LFPRIM-VM: accel=\([a-z]*\).*/\1/p' "$guest_log" | head -1)
accel=${accel:-unknown}
{
	echo "== lfprim: kernel vs user costs =="
	echo "guest: $(grep -m1 'LFPRIM-GUEST: mode=' "$guest_log" | sed 's/^LFPRIM-GUEST: //') accel=$accel"
	echo "host: $(uname -r), $ncpu CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
	echo "each point: median of $LFPRIM_BENCH_RUNS runs of $LFPRIM_BENCH_MS ms after a warm-up; ns/op is per thread"
	echo
	echo "-- live tuning through sysfs (full knob lists: $guest_log) --"
	awk -f "$here/knobs.awk" "$guest_log" || true
	echo
	echo "-- steps in the guest --"
	grep -E 'LFPRIM-GUEST: (ok|FAIL) ' "$guest_log" | sed 's/^LFPRIM-GUEST: //'
	echo
	awk -f "$here/compare.awk" -v csv="$out/compare.csv" -v accel="$accel" \
		src=guest "$guest_log" src=native "$native_log" \
		src=listing "$out/native-scenarios.txt" >"$out/table.txt"
	awk -F, -f "$here/verdict.awk" -v cxfile="$out/crossover.txt" \
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

if command -v gnuplot >/dev/null; then
	awk -F, -f "$here/plot.awk" -v out="$out" -v accel="$accel" \
		-v cx="$out/crossover.txt" "$out/compare.csv" >"$out/plot.gp"
	gnuplot "$out/plot.gp"
	echo "demo: charts: $out/families.png (ns/op per family), $out/speedup.png,"
	echo "      $out/crossover.png (ns/op against the read percentage)"
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
