#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Runs inside the guest (busybox sh) from /lfprim, started by the VM's
# init.  LFPRIM_MODE=test runs the whole suite; LFPRIM_MODE=demo loads
# the module with parameters, shows and tunes its knobs, runs a short
# suite and the benchmark.  Exits non-zero if any step failed.
#
#   LFPRIM_TEST_SCALE  percent of the default iteration counts (100)
#   LFPRIM_BENCH_ARGS  extra lfprim-bench arguments, commas for spaces
set -u
P=/lfprim
SYS=/sys/kernel/lfprim
KMEMLEAK=/sys/kernel/debug/kmemleak
mode=${LFPRIM_MODE:-test}
scale=${LFPRIM_TEST_SCALE:-100}
fails=0

ok() { echo "LFPRIM-GUEST: ok - $*"; }
bad() { echo "LFPRIM-GUEST: FAIL - $*"; fails=$((fails + 1)); }
step() {
	desc=$1
	shift
	echo "LFPRIM-GUEST: running $desc"
	if "$@"; then ok "$desc"; else bad "$desc (exit $?)"; fi
}

show_knobs() {
	for f in "$SYS"/*/*; do
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

echo "LFPRIM-GUEST: mode=$mode scale=$scale cpus=$(grep -c ^processor /proc/cpuinfo) kernel=$(uname -r)"
[ -w "$KMEMLEAK" ] && echo clear >"$KMEMLEAK"

step "insmod lfprim.ko pcount_batch=256 snap_value=7" \
	insmod "$P/lfprim.ko" pcount_batch=256 snap_value=7
if [ -d "$SYS" ]; then
	echo "LFPRIM-GUEST: knobs after load:"
	show_knobs
else
	bad "/sys/kernel/lfprim missing after insmod"
fi

if [ "$mode" = demo ]; then
	echo "LFPRIM-GUEST: tuning live through sysfs:"
	step "tune pcount/batch" tune pcount/batch 64
	step "tune snap/value" tune snap/value 42
	step "pcount/add" sh -c "echo 1000 >$SYS/pcount/add && echo -1 >$SYS/pcount/add"
	echo "LFPRIM-GUEST: knobs after tuning:"
	show_knobs
fi

step "kernel test module (KTAP)" insmod "$P/lfprim_test.ko" "scale=$scale"
grep -q '^lfprim_test ' /proc/modules && rmmod lfprim_test

step "user-space suite" env "LFPRIM_TEST_SCALE=$scale" "$P/bin/lfprim-selftests"
if [ "$mode" = test ]; then
	step "sysfs, module parameter and in-kernel benchmark suite" \
		env "LFPRIM_KO=$P/lfprim.ko" "$P/bin/lfprim-sysfs-test"
	step "user-space benchmark suite" \
		env "LFPRIM_BENCH=$P/bin/lfprim-bench" "$P/bin/lfprim-bench-test"
fi

if [ "$mode" = demo ]; then
	echo "LFPRIM-GUEST: benchmark, user space inside the guest:"
	# shellcheck disable=SC2046
	step "lfprim-bench" "$P/bin/lfprim-bench" \
		$(echo "${LFPRIM_BENCH_ARGS:-}" | tr , ' ')
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
