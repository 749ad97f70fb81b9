#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Sourced by guest.sh for LFPRIM_MODE=demo: load with parameters, show
# and tune the knobs, run the benchmark matrix in the kernel and in user
# space, and the kernel's refscale when the payload has it.
# shellcheck shell=sh disable=SC2154

# Wait for the in-kernel benchmark to finish, showing the points done
# every 10 s ("kernel bench: progress 12/222 points, 30 s").
bench_wait() {
	waited=0
	while :; do
		st=$(cat "$SYS/bench/status")
		case "$st" in
		state=running*)
			if [ $((waited % 10)) -eq 0 ]; then
				pts=${st#*points=}
				echo "LFPRIM-GUEST:   kernel bench: progress ${pts%% *} points, $waited s"
			fi
			sleep 2
			waited=$((waited + 2)) ;;
		state=done*)
			pts=${st#*points=}
			echo "LFPRIM-GUEST:   kernel bench: progress ${pts%% *} points, $waited s"
			return 0 ;;
		*) echo "LFPRIM-GUEST:   kernel bench: $st"; return 1 ;;
		esac
	done
}

# kernel_matrix SCENARIOS THREADS READ_PCTS
kernel_matrix() {
	echo "$1" >"$SYS/bench/scenario" &&
	tune bench/threads "$2" &&
	tune bench/read_pct "$3" &&
	tune bench/duration_ms "$bench_ms" &&
	tune bench/runs "$bench_runs" || return 1
	echo "LFPRIM-GUEST:   kernel bench: $(cat "$SYS/bench/scenario")"
	echo 1 >"$SYS/bench/run" || return 1
	bench_wait || return 1
	cat "$SYS/bench/result"
}

# The median of the "N<tab>ns" table refscale prints after END OF TEST.
refscale_median() {
	dmesg | awk -v t="$1-ref-scale: END OF TEST" '
		index($0, t) { on = 1; next }
		on { sub(/^<[0-9]+>/, ""); sub(/^\[[^]]*\] */, "")
		     if ($0 ~ /^[0-9]+\t[0-9.]+$/) print $2 }' |
		sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# The kernel's own read-side benchmark, as a peer of the in-kernel runner
# (LFPRIM_DEMO_QUICK=1: shorter runs, as the rest of the quick matrix).
rs_loops=100000 rs_runs=15
if [ "${LFPRIM_DEMO_QUICK:-0}" = 1 ]; then
	rs_loops=10000 rs_runs=3
fi
refscale() {
	insmod "$P/torture.ko" || return 1
	rc=0
	for type in rcu rwlock lock refcnt; do
		for r in $(thread_list "$ncpu" | tr , ' '); do
			dmesg -c >/dev/null
			insmod "$P/refscale.ko" scale_type="$type" nreaders="$r" \
				loops="$rs_loops" nruns="$rs_runs" ||
				{ rc=1; continue; }
			i=0
			while [ $i -lt 600 ] &&
			      ! dmesg | grep -q "$type-ref-scale: END OF TEST"; do
				sleep 1
				i=$((i + 1))
			done
			sleep 1
			med=$(refscale_median "$type")
			rmmod refscale
			if [ -z "$med" ]; then
				echo "LFPRIM-GUEST:   refscale $type: no result"
				rc=1
				continue
			fi
			echo "LFPRIM-REFSCALE: scale_type=$type readers=$r ns_per_op=$med runs=$rs_runs loops=$rs_loops"
		done
	done
	rmmod torture
	return $rc
}

# Keep pr_info off the console: the results are read from sysfs and
# dmesg.  Warnings and worse still reach it.
echo 5 >/proc/sys/kernel/printk
params="pcount_batch=256 snap_value=7 bench_scenario=snap-read,pcount-add bench_threads=1 bench_duration_ms=50 bench_runs=3 bench_autorun=1"
# shellcheck disable=SC2086
step "insmod lfprim.ko $params" insmod "$P/lfprim.ko" $params
step "benchmark started by bench_autorun=1" bench_wait
sed 's/^/LFPRIM-GUEST:   autorun: /' "$SYS/bench/result"
echo "LFPRIM-GUEST: knobs after load:"
show_knobs
echo "LFPRIM-GUEST: tuning live through sysfs:"
step "tune pcount/batch" tune pcount/batch 64
step "tune snap/value" tune snap/value 42
step "pcount/add" sh -c "echo 1000 >$SYS/pcount/add && echo -1 >$SYS/pcount/add"
echo "LFPRIM-GUEST: knobs after tuning:"
show_knobs
# The matrix measures pcount at lfprim-bench's default batch (its -b),
# so that kernel and user space fold equally often.
step "tune pcount/batch 1024 for the matrix" tune pcount/batch 1024

echo "LFPRIM-GUEST: benchmark matrix in the kernel (sysfs bench/):"
kscn=$(pick_scenarios "$SYS/bench/scenarios")
uscn=$("$P/bin/lfprim-bench" -l >/tmp/user-scenarios && pick_scenarios /tmp/user-scenarios)
if [ -n "$kscn" ]; then
	step "in-kernel benchmark matrix" kernel_matrix "$kscn" "$(thread_list "$ncpu")" "$read_pcts"
fi
if [ -n "$stampede" ]; then
	step "in-kernel stampede" kernel_matrix "$stampede" "$(stampede_threads "$ncpu")" 100
fi
echo "LFPRIM-GUEST: benchmark matrix in user space (lfprim-bench):"
"$P/bin/lfprim-bench" -l | sed 's/^/LFPRIM-SCN: world=user /'
sed 's/^/LFPRIM-SCN: world=kernel /' "$SYS/bench/scenarios"
if [ -n "$uscn" ]; then
	step "user-space benchmark matrix" "$P/bin/lfprim-bench" -P -s "$uscn" \
		-t "$(thread_list "$ncpu")" -p "$read_pcts" -d "$bench_ms" -r "$bench_runs"
fi
if [ -n "$stampede" ]; then
	step "user-space stampede" "$P/bin/lfprim-bench" -P -s "$stampede" \
		-t "$(stampede_threads "$ncpu")" -d "$bench_ms" -r "$bench_runs"
fi
if [ -f "$P/refscale.ko" ]; then
	echo "LFPRIM-GUEST: the kernel's refscale, same guest:"
	step "refscale (rcu rwlock lock refcnt)" refscale
fi
