#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The benchmark matrix, one definition for the demo's three worlds: the
# in-kernel runner and lfprim-bench in the guest (selftests/guest/), and
# lfprim-bench on the host (selftests/bench/demo.sh).  Sourced by both.
# shellcheck shell=sh disable=SC2034

# Read percentages of the scenarios that have an update section.
read_pcts=100,99,90,50

# Threads: 1, 2 and the CPU count, without repeats.
thread_list() {
	case $1 in
	1) echo 1 ;;
	2) echo 1,2 ;;
	*) echo "1,2,$1" ;;
	esac
}
