#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Runs inside the guest (busybox sh) from /lfprim, started by the VM's
# init.  Exits non-zero if any step failed.
#
# LFPRIM_MODE=test   the whole suite: the kernel test module, the user-space
#                    suite, the sysfs/parameter/in-kernel-benchmark suite
#                    and the user-space benchmark suite
# LFPRIM_MODE=stress the kernel cases and lfprim-stress for
#                    LFPRIM_STRESS_S seconds each while CPUs go offline and
#                    online and knobs change live, then LFPRIM_STRESS_CYCLES
#                    (3) insmod/use/stress/rmmod cycles while CPUs keep
#                    coming and going
# LFPRIM_MODE=demo   load the module with parameters (a short benchmark
#                    starts at load), show and tune its knobs, then run the
#                    benchmark matrix in the kernel through sysfs and in
#                    user space with lfprim-bench; with refscale.ko in the
#                    payload, also the kernel's refscale as a peer
#
#   LFPRIM_TEST_SCALE  percent of the default iteration counts (100)
#   LFPRIM_FAILNTH     1: the kernel must have /proc/thread-self/fail-nth
#                      (test mode runs lfprim-failnth where it exists)
#   LFPRIM_BENCH_MS    benchmark run length in ms (100)
#   LFPRIM_BENCH_RUNS  timed runs per point (3)
set -u
P=/lfprim
SYS=/sys/kernel/lfprim
KMEMLEAK=/sys/kernel/debug/kmemleak
mode=${LFPRIM_MODE:-test}
scale=${LFPRIM_TEST_SCALE:-100}
bench_ms=${LFPRIM_BENCH_MS:-100}
bench_runs=${LFPRIM_BENCH_RUNS:-3}
read_pcts=100,99,90,50
fails=0
ncpu=$(grep -c ^processor /proc/cpuinfo)

ok() { echo "LFPRIM-GUEST: ok - $*"; }
bad() { echo "LFPRIM-GUEST: FAIL - $*"; fails=$((fails + 1)); }
step() {
	desc=$1
	shift
	echo "LFPRIM-GUEST: running $desc"
	if "$@"; then ok "$desc"; else bad "$desc (exit $?)"; fi
}

# Loads the test module with the given parameters.  Busybox insmod retries
# a failed finit_module() with init_module(), so the cases of a failed load
# run again and that run may pass: a failed case in the kernel log fails
# the load as well.
load_test() {
	dmesg -c >/dev/null
	insmod "$P/lfprim_test.ko" "$@" || return 1
	! dmesg | grep -qE 'lfprim-stress: kernel verdict FAIL|\] not ok [0-9]'
}

show_knobs() {
	for f in "$SYS"/*/*; do
		case "${f#"$SYS"/}" in
		bench/result|bench/scenarios) continue ;;
		esac
		[ -r "$f" ] || continue
		v=$(cat "$f" 2>/dev/null) || continue
		echo "LFPRIM-GUEST:   ${f#"$SYS"/} = $v"
	done
}

tune() {
	echo "$2" >"$SYS/$1" || return 1
	v=$(cat "$SYS/$1")
	echo "LFPRIM-GUEST:   $1 <- $2 (reads back $v)"
	[ "$v" = "$2" ]
}

# Wait for the in-kernel benchmark to finish, showing progress.
bench_wait() {
	last=
	while :; do
		st=$(cat "$SYS/bench/status")
		case "$st" in
		state=running*)
			if [ "$st" != "$last" ]; then
				echo "LFPRIM-GUEST:   kernel bench: $st"
				last=$st
			fi
			sleep 2 ;;
		state=done*) return 0 ;;
		*) echo "LFPRIM-GUEST:   kernel bench: $st"; return 1 ;;
		esac
	done
}

# 1, 2 and the CPU count, without repeats.
thread_list() {
	case $ncpu in
	1) echo 1 ;;
	2) echo 1,2 ;;
	*) echo "1,2,$ncpu" ;;
	esac
}

kernel_matrix() {
	echo all >"$SYS/bench/scenario" &&
	tune bench/threads "$(thread_list)" &&
	tune bench/read_pct "$read_pcts" &&
	tune bench/duration_ms "$bench_ms" &&
	tune bench/runs "$bench_runs" || return 1
	echo "LFPRIM-GUEST:   kernel bench: $(cat $SYS/bench/scenario)"
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

# The kernel's own read-side benchmark, as a peer of the in-kernel runner.
refscale() {
	insmod "$P/torture.ko" || return 1
	rc=0
	for type in rcu rwlock lock refcnt; do
		for r in $(thread_list | tr , ' '); do
			dmesg -c >/dev/null
			insmod "$P/refscale.ko" scale_type="$type" nreaders="$r" \
				loops=100000 nruns=15 || { rc=1; continue; }
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
			echo "LFPRIM-REFSCALE: scale_type=$type readers=$r ns_per_op=$med runs=15 loops=100000"
		done
	done
	rmmod torture
	return $rc
}

# CPUs 1.. go offline and online again until /tmp/stop-hotplug exists.
hotplug_loop() {
	n=0
	while [ ! -e /tmp/stop-hotplug ]; do
		for c in /sys/devices/system/cpu/cpu[1-9]*; do
			[ -w "$c/online" ] || continue
			echo 0 >"$c/online" 2>/dev/null && n=$((n + 1))
			sleep 0.3
			echo 1 >"$c/online" 2>/dev/null
		done
	done
	for c in /sys/devices/system/cpu/cpu[1-9]*; do
		[ -w "$c/online" ] && echo 1 >"$c/online" 2>/dev/null
	done
	echo "LFPRIM-GUEST:   hotplug: $n CPU offlines"
}

# Knobs of the built-in instances change under the load.
knob_loop() {
	i=0
	while [ ! -e /tmp/stop-knobs ]; do
		i=$((i + 1))
		echo $((i % 7 * 100 + 1)) >"$SYS/pcount/batch"
		echo $((i % 5 * 250000)) >"$SYS/sampler/ppm"
		echo "$i" >"$SYS/snap/value"
		echo "$i" >"$SYS/seqstat/record"
		echo $((i % 3 * 64 + 64)) >"$SYS/dropq/capacity" 2>/dev/null
		echo "$i" >"$SYS/dropq/push" 2>/dev/null
		echo 1 >"$SYS/dropq/drain"
		echo "$i $i" >"$SYS/rmap/set"
		sleep 0.1
	done
	echo "LFPRIM-GUEST:   knobs: $i rounds of live changes"
}

echo "LFPRIM-GUEST: mode=$mode scale=$scale cpus=$ncpu kernel=$(uname -r)"
[ -w "$KMEMLEAK" ] && echo clear >"$KMEMLEAK"

if [ "$mode" = stress ]; then
	secs=${LFPRIM_STRESS_S:-60}
	step "insmod lfprim.ko" insmod "$P/lfprim.ko"
	rm -f /tmp/stop-hotplug /tmp/stop-knobs
	hotplug_loop &
	hp=$!
	knob_loop &
	kl=$!
	step "kernel cases, then stressed for ${secs}s, CPUs coming and going" \
		load_test "scale=$scale" "stress_ms=$((secs * 1000))"
	grep -q '^lfprim_test ' /proc/modules && rmmod lfprim_test
	step "lfprim-stress for ${secs}s, CPUs coming and going" \
		"$P/bin/lfprim-stress" -d "$secs"
	touch /tmp/stop-knobs
	wait $kl
	step "pcount sum exact after hotplug" sh -c "
		s0=\$(cat $SYS/pcount/sum)
		echo 1000 >$SYS/pcount/add
		[ \$(cat $SYS/pcount/sum) -eq \$((s0 + 1000)) ]"
	step "rmmod lfprim" rmmod lfprim
	# insmod, use, stress, rmmod, LFPRIM_STRESS_CYCLES times (3), CPUs
	# still coming and going.
	ncycles=${LFPRIM_STRESS_CYCLES:-3}
	cycles=0
	i=0
	while [ "$i" -lt "$ncycles" ]; do
		i=$((i + 1))
		insmod "$P/lfprim.ko" "dropq_capacity=$((i * 10))" || break
		if ! { echo "$i" >"$SYS/dropq/push" &&
		       echo "$i $i" >"$SYS/rmap/set" &&
		       echo 1 >"$SYS/event/fire" &&
		       echo 2 >"$SYS/pubsub/subscribe" &&
		       echo "$i" >"$SYS/pubsub/publish"; }; then
			break
		fi
		load_test scale=5 stress_ms=2000 || break
		rmmod lfprim_test || break
		rmmod lfprim || break
		cycles=$((cycles + 1))
	done
	if [ "$cycles" -eq "$ncycles" ]; then
		ok "$ncycles insmod/use/stress/rmmod cycles"
	else
		bad "insmod/use/stress/rmmod cycle $((cycles + 1))"
		grep -q '^lfprim_test ' /proc/modules && rmmod lfprim_test
		grep -q '^lfprim ' /proc/modules && rmmod lfprim
	fi
	touch /tmp/stop-hotplug
	wait $hp
	step "insmod lfprim.ko (for the final checks)" insmod "$P/lfprim.ko"
elif [ "$mode" = demo ]; then
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

	echo "LFPRIM-GUEST: benchmark matrix in the kernel (sysfs bench/):"
	step "in-kernel benchmark matrix" kernel_matrix
	echo "LFPRIM-GUEST: benchmark matrix in user space (lfprim-bench):"
	"$P/bin/lfprim-bench" -l | sed 's/^/LFPRIM-SCN: world=user /'
	sed 's/^/LFPRIM-SCN: world=kernel /' "$SYS/bench/scenarios"
	step "user-space benchmark matrix" "$P/bin/lfprim-bench" -s all \
		-t "$(thread_list)" -p "$read_pcts" -d "$bench_ms" -r "$bench_runs"
	if [ -f "$P/refscale.ko" ]; then
		echo "LFPRIM-GUEST: the kernel's refscale, same guest:"
		step "refscale (rcu rwlock lock refcnt)" refscale
	fi
else
	step "insmod lfprim.ko pcount_batch=256 snap_value=7" \
		insmod "$P/lfprim.ko" pcount_batch=256 snap_value=7
	if [ -d "$SYS" ]; then
		echo "LFPRIM-GUEST: knobs after load:"
		show_knobs
	else
		bad "/sys/kernel/lfprim missing after insmod"
	fi
	step "kernel test module (KTAP)" load_test "scale=$scale"
	grep -q '^lfprim_test ' /proc/modules && rmmod lfprim_test
	step "user-space suite" env "LFPRIM_TEST_SCALE=$scale" "$P/bin/lfprim-selftests"
	step "sysfs, module parameter and in-kernel benchmark suite" \
		env "LFPRIM_KO=$P/lfprim.ko" "$P/bin/lfprim-sysfs-test"
	step "user-space benchmark suite" \
		env "LFPRIM_BENCH=$P/bin/lfprim-bench" "$P/bin/lfprim-bench-test"
	# Allocation-failure injection over the load and the sysfs writes,
	# on a kernel that has it; LFPRIM_FAILNTH=1 (the debug lane) says
	# the kernel must have it.
	if [ -e /proc/thread-self/fail-nth ]; then
		grep -q '^lfprim ' /proc/modules && rmmod lfprim
		# It keeps its stack dumps off the console; put the level
		# back even if it dies.
		printk=$(cat /proc/sys/kernel/printk)
		step "allocation-failure injection (fail-nth)" \
			"$P/bin/lfprim-failnth" "$P/lfprim.ko"
		echo "$printk" >/proc/sys/kernel/printk
		step "insmod lfprim.ko (for the final checks)" \
			insmod "$P/lfprim.ko"
	elif [ "${LFPRIM_FAILNTH:-0}" = 1 ]; then
		bad "allocation-failure injection: no /proc/thread-self/fail-nth"
	fi
fi

step "rmmod lfprim" rmmod lfprim
[ -e "$SYS" ] && bad "/sys/kernel/lfprim still present after rmmod"

if [ -w "$KMEMLEAK" ]; then
	# kmemleak reports objects older than 5 s that stay unreferenced.
	sleep 6
	echo scan >"$KMEMLEAK"
	sleep 1
	echo scan >"$KMEMLEAK"
	leaks=$(cat "$KMEMLEAK")
	if [ -n "$leaks" ]; then
		echo "$leaks"
		bad "kmemleak found unreferenced objects"
	else
		ok "kmemleak scan after rmmod: clean"
	fi
fi

echo "LFPRIM-GUEST: $fails failed step(s)"
[ "$fails" -eq 0 ]
