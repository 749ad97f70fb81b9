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
mode=${LFPRIM_MODE:-test}
case $mode in
test|stress|demo) ;;
*) echo "LFPRIM-GUEST: unknown mode '$mode'"; exit 2 ;;
esac
# shellcheck source=selftests/guest/common.sh
. "$P/guest/common.sh"

echo "LFPRIM-GUEST: mode=$mode scale=$scale cpus=$ncpu kernel=$(uname -r)"
[ -w "$KMEMLEAK" ] && echo clear >"$KMEMLEAK"

# shellcheck disable=SC1090 # guest/test.sh, stress.sh or demo.sh
. "$P/guest/$mode.sh"

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
