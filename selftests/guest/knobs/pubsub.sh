# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2154
# pubsub's part of the stress lane (guest/stress.sh).

pubsub_use() {
	echo 2 >"$SYS/pubsub/subscribe" &&
		echo "$1" >"$SYS/pubsub/publish"
}
