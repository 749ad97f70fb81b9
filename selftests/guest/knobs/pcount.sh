# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2154
# pcount's part of the stress lane (guest/stress.sh).

pcount_live() {
	echo $(($1 % 7 * 100 + 1)) >"$SYS/pcount/batch"
}

pcount_after_hotplug() {
	step "pcount sum exact after hotplug" sh -c "
		s0=\$(cat $SYS/pcount/sum)
		echo 1000 >$SYS/pcount/add
		[ \$(cat $SYS/pcount/sum) -eq \$((s0 + 1000)) ]"
}
