#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The clause-to-test map (selftests/contract-map) against the contracts:
# every row of every "Concurrency and context" table in include/lfprim/*.h
# must name at least one test that runs that row's operation concurrently
# with what the row allows, every map line must name a row that exists,
# and every test it names must exist: a shared case (LFPT_CASE), a TEST of
# a user-space runner (selftests/user/, selftests/user/sysfs/), a misuse test (the .name of a
# row in selftests/cases/<prim>_misuse.c), or torture:<prim>, the
# primitive's torture driver (the .torture of its row, at the end of
# selftests/cases/<prim>.c).  Exits 1 on any gap, listing it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
map=selftests/contract-map
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in include/lfprim/*.h; do
	awk -v prim="$(basename "$f" .h)" -f selftests/tools/contract-rows.awk "$f"
done | sort -u >"$tmp/rows"

{
	grep -ho 'LFPT_CASE([a-z0-9_]*)' selftests/cases/*.c | sed 's/LFPT_CASE(\(.*\))/\1/'
	grep -hoE '^TEST(_F(_TIMEOUT)?)?\([a-z0-9_, ]*' selftests/user/*.c \
		selftests/user/sysfs/*.c |
		sed -E 's/^TEST\(//; s/^TEST_F(_TIMEOUT)?\([a-z0-9_]+, *//; s/,.*//'
	# The misuse tests: one per struct lfpt_misuse row, named by .name.
	grep -hoE '^[[:space:]]+\.name = "user_misuse_[a-z0-9_]+",' selftests/cases/*_misuse.c |
		sed -E 's/.*"(.*)",/\1/'
	grep -hoE '^[[:space:]]\.torture = [a-z0-9_]+_torture,' selftests/cases/*.c |
		sed -E 's/.*= ([a-z0-9_]+)_torture,/torture:\1/'
} | sort -u >"$tmp/tests"

trim() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' <<<"$1"; }

# Map lines: "prim | row | pair | test test ...", '#' starts a comment.
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$map" >"$tmp/map"
bad=0
while IFS='|' read -r prim row pair tests; do
	prim=$(trim "$prim") row=$(trim "$row") pair=$(trim "$pair")
	if ! grep -qxF "$prim $row" "$tmp/rows"; then
		echo "contract-map: no row '$row' in include/lfprim/$prim.h" >&2
		bad=1
	fi
	if [ -z "$pair" ] || [ -z "$(trim "$tests")" ]; then
		echo "contract-map: '$prim | $row' names no pair or no test" >&2
		bad=1
	fi
	for t in $tests; do
		grep -qxF "$t" "$tmp/tests" && continue
		echo "contract-map: $prim | $row | $pair: no test '$t'" >&2
		bad=1
	done
	echo "$prim $row" >>"$tmp/mapped"
done <"$tmp/map"

touch "$tmp/mapped"
sort -u "$tmp/mapped" >"$tmp/mapped.s"
while IFS= read -r r; do
	echo "contract-map: row '${r#* }' of include/lfprim/${r%% *}.h has no test" >&2
	bad=1
done < <(comm -23 "$tmp/rows" "$tmp/mapped.s")

nrows=$(wc -l <"$tmp/rows")
nlines=$(wc -l <"$tmp/map")
if [ "$bad" -ne 0 ]; then
	echo "contract-map: FAIL" >&2
	exit 1
fi
echo "contract-map: $nrows contract rows, $nlines concurrent pairs, each with a test"
