#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Sourced by guest.sh: the environment and the helpers every mode uses.
# shellcheck shell=sh disable=SC2034
SYS=/sys/kernel/lfprim
KMEMLEAK=/sys/kernel/debug/kmemleak
scale=${LFPRIM_TEST_SCALE:-100}
bench_ms=${LFPRIM_BENCH_MS:-100}
bench_runs=${LFPRIM_BENCH_RUNS:-3}
fails=0
ncpu=$(grep -c ^processor /proc/cpuinfo)

# shellcheck source=/dev/null
. "$P/matrix.sh"

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
