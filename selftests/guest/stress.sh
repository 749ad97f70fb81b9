#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Sourced by guest.sh for LFPRIM_MODE=stress: the kernel cases and
# lfprim-stress while CPUs go offline and online and knobs change live,
# then insmod/use/stress/rmmod cycles.
# shellcheck shell=sh disable=SC2154

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

# Each primitive's part: guest/knobs/<p>.sh may define <p>_live ROUND
# (knobs changed under the load), <p>_after_hotplug (checks once CPUs came
# and went), <p>_params N (insmod parameters of cycle N) and <p>_use N
# (the instance used in cycle N, non-zero on failure).
prims=
for f in "$P"/guest/knobs/*.sh; do
	# shellcheck disable=SC1090 # guest/knobs/<p>.sh
	. "$f"
	f=${f##*/}
	prims="$prims ${f%.sh}"
done

# Calls "$1_$2" with the remaining arguments if <p>.sh defines it.
hook() {
	p=$1 h=$2
	shift 2
	command -v "${p}_$h" >/dev/null 2>&1 || return 0
	"${p}_$h" "$@"
}

# Knobs of the built-in instances change under the load.
knob_loop() {
	i=0
	while [ ! -e /tmp/stop-knobs ]; do
		i=$((i + 1))
		for p in $prims; do
			hook "$p" live "$i"
		done
		sleep 0.1
	done
	echo "LFPRIM-GUEST:   knobs: $i rounds of live changes"
}

# The instances used once in cycle $1: non-zero if one fails.
use_all() {
	for p in $prims; do
		hook "$p" use "$1" || return 1
	done
}

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
for p in $prims; do
	hook "$p" after_hotplug
done
step "rmmod lfprim" rmmod lfprim
# insmod, use, stress, rmmod, LFPRIM_STRESS_CYCLES times (3), CPUs
# still coming and going.
ncycles=${LFPRIM_STRESS_CYCLES:-3}
cycles=0
i=0
while [ "$i" -lt "$ncycles" ]; do
	i=$((i + 1))
	params=
	for p in $prims; do
		params="$params $(hook "$p" params "$i")"
	done
	# shellcheck disable=SC2086 # one word per parameter
	insmod "$P/lfprim.ko" $params || break
	use_all "$i" || break
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
