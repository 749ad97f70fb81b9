# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2154
# snap's part of the stress lane (guest/stress.sh).

snap_live() {
	echo "$1" >"$SYS/snap/value"
}
