#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Sourced by guest.sh for LFPRIM_MODE=test: the kernel test module, the
# user-space, sysfs and benchmark suites, and allocation-failure injection
# where the kernel has it.
# shellcheck shell=sh disable=SC2154

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
# The example module building on lfprim.ko (kmod/examples/consumer): its
# line in the log, and no failed run hidden by busybox's retry of a load.
load_consumer() {
	dmesg -c >/dev/null
	insmod "$P/lfprim_consumer.ko" || return 1
	dmesg | grep -q 'lfprim_consumer: snap read 2, 1 freed after the barrier, 2 after destroy; pcount sum 5000$' &&
		! dmesg | grep -q 'lfprim_consumer: wrong result' &&
		rmmod lfprim_consumer
}
step "consumer module" load_consumer
grep -q '^lfprim_consumer ' /proc/modules && rmmod lfprim_consumer
step "user-space suite" env "LFPRIM_TEST_SCALE=$scale" "$P/bin/lfprim-selftests"
step "sysfs, module parameter and in-kernel benchmark suite" \
	env "LFPRIM_KO=$P/lfprim.ko" "$P/bin/lfprim-sysfs-test"
step "user-space benchmark suite" \
	env "LFPRIM_BENCH=$P/bin/lfprim-bench" "$P/bin/lfprim-bench-test"
# lfprim-advise --measure in both worlds: a point for the recommendation
# and for the lock it replaces in each, and a crossover for each.
advise_both() {
	grep -q '^lfprim ' /proc/modules || insmod "$P/lfprim.ko" || return 1
	out=$(env "LFPRIM_BENCH=$P/bin/lfprim-bench" "$P/bin/lfprim-advise" \
		-s value -t 2 -r 100 -m --world both -d 10ms --runs 1 --json) ||
		return 1
	for w in user kernel; do
		for r in snap-read rwlock-read; do
			echo "$out" | grep -q "{\"world\":\"$w\",\"scenario\":\"$r\",\"threads\":2,\"read_pct\":99,\"ns_per_op\":[0-9]" ||
				{ echo "advise: no $w $r point: $out"; return 1; }
		done
		echo "$out" | grep -q "\"$w\":{\"flips\":" ||
			{ echo "advise: no $w crossover: $out"; return 1; }
	done
}
step "lfprim-advise --measure --world both" advise_both
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
