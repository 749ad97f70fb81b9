# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2154
# rmap's part of the stress lane (guest/stress.sh).

rmap_live() {
	echo "$1 $1" >"$SYS/rmap/set"
}

rmap_use() {
	echo "$1 $1" >"$SYS/rmap/set"
}
