# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2154
# dropq's part of the stress lane (guest/stress.sh).

dropq_live() {
	echo $(($1 % 3 * 64 + 64)) >"$SYS/dropq/capacity" 2>/dev/null
	echo "$1" >"$SYS/dropq/push" 2>/dev/null
	echo 1 >"$SYS/dropq/drain"
}

dropq_params() {
	echo "dropq_capacity=$(($1 * 10))"
}

dropq_use() {
	echo "$1" >"$SYS/dropq/push"
}
