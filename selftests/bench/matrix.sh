#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The benchmark matrix, one definition for the demo's three worlds: the
# in-kernel runner and lfprim-bench in the guest (selftests/guest/), and
# lfprim-bench on the host (selftests/bench/demo.sh).  Sourced by both.
# shellcheck shell=sh disable=SC2034

# Read percentages of the scenarios that have an update section: enough
# mixes to place each read-mostly primitive's crossover with its lock
# (selftests/bench/verdict.awk); at most 8, the in-kernel runner's limit.
read_pcts=100,99,95,90,75,50,25,0

# LFPRIM_DEMO_QUICK=1: a short matrix, to try the whole demo out in a
# few minutes (selftests/bench/demo.sh also shortens the runs).
if [ "${LFPRIM_DEMO_QUICK:-0}" = 1 ]; then
	read_pcts=100,50,0
fi

# LFPRIM_DEMO_SCENARIOS=a,b,...: only these scenarios, in every world
# (default all); the stampede then runs only if it is named.
scenarios=${LFPRIM_DEMO_SCENARIOS:-all}

# The stampede (sflight-stampede against mutex-stampede): many callers on
# one key, so more threads than CPUs: 1, 2, 4, 8 and the CPU count above 8.
stampede=sflight-stampede,mutex-stampede
if [ "$scenarios" != all ]; then
	stampede=
fi

# pick_scenarios LISTING: of $scenarios, those LISTING (a world's scenario
# list, a name first on each line) has, comma-separated; "all" stays all.
pick_scenarios() {
	if [ "$scenarios" = all ]; then
		echo all
		return
	fi
	picked=
	ifs=$IFS
	IFS=,
	for s in $scenarios; do
		if grep -q "^$s " "$1"; then
			picked=${picked:+$picked,}$s
		fi
	done
	IFS=$ifs
	echo "$picked"
}
stampede_threads() {
	if [ "$1" -gt 8 ]; then echo "1,2,4,8,$1"; else echo 1,2,4,8; fi
}

# Threads: 1, 2 and the CPU count, without repeats.
thread_list() {
	case $1 in
	1) echo 1 ;;
	2) echo 1,2 ;;
	*) echo "1,2,$1" ;;
	esac
}
