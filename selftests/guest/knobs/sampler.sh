# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
# shellcheck shell=sh disable=SC2154
# sampler's part of the stress lane (guest/stress.sh).

sampler_live() {
	echo $(($1 % 5 * 250000)) >"$SYS/sampler/ppm"
}
