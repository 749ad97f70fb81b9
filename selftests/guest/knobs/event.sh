# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2154
# event's part of the stress lane (guest/stress.sh).

event_use() {
	echo 1 >"$SYS/event/fire"
}
