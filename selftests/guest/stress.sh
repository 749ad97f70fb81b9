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
