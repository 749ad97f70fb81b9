#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# One primitive, one set of files.  For each primitive p (the rows of
# selftests/cases/all.c), lists the C and shell files under kmod/,
# userspace/, include/ and selftests/ that mention p outside p's own
# files, and fails if more than LFPRIM_SPREAD_MAX (2) of them are shared
# files (see below).  Also fails if a C source there is longer than 700
# lines.  -v lists every file, counted or not.
#
# A file mentions p when its code (comments and the kernel's
# attribute_group left out) has an identifier lfp_p..., lfpt_p...,
# LFP_P..., p_... or ..._p, or p as a path or a string ("p", p/...,
# .../p, p.c, p.h, p=).
#
# Not shared files:
#  - p's own files: named p.c, p.h, p.sh, p_*.c, p_*.h, in any directory;
#  - the registries, the tables that list every primitive and nothing
#    else: files named all.c or all.h, and the sysfs suite's knob table
#    selftests/user/sysfs/knobs.h (counted apart);
#  - p's users: a file that includes p's contract (<lfprim/p.h> or
#    <lfprim/backend/p.h>) calls p as a building block (pubsub.c on
#    dropq, the module's cancel event, the library's RCU domain); the
#    benchmark and the tools built on it, which measure or choose among
#    the primitives (bench*.[ch], */bench/ with lfprim-bench and
#    lfprim-advise, *bench_test.c, selftests/tools/*-test.sh and
#    check-tools.sh); programs of a user's own, which use the public API
#    as a whole (selftests/install/, kmod/examples/); the fixtures of
#    lfprim-lint (selftests/lint/), C code of the kinds its rules find;
#  - the tests of the module as a whole, which name instances as samples
#    (WHOLE below, counted apart).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
max=${LFPRIM_SPREAD_MAX:-2}
maxlines=700
verbose=
[ "${1:-}" = -v ] && verbose=1

mapfile -t prims < <(sed -n 's/^\t&lfpt_prim_\([a-z0-9]*\),$/\1/p' selftests/cases/all.c)
[ "${#prims[@]}" -gt 0 ] || { echo "prim-spread: no primitive in selftests/cases/all.c"; exit 1; }
alt=$(tr ' ' '|' <<<"${prims[*]} bench")

REGISTRY='(^|/)all\.[ch]$|^selftests/user/sysfs/knobs\.h$'
# Parameters and junk at load, every file at once, rmmod under blocking
# writes of several instances, the guest's test and demo modes, the DKMS
# tree's headers.
WHOLE='^selftests/user/sysfs/(module|all_files)\.c$|^selftests/guest/(test|demo)\.sh$|^selftests/tools/dkms-check\.sh$'

# The code of a file, comments left out.
code() {
	case "$1" in
	*.sh) sed -e 's/^[[:space:]]*#.*//' -e 's/[[:space:]]#.*//' "$1" ;;
	*) gcc -fpreprocessed -dD -E -P -x c "$1" ;;
	esac | sed -E 's/\b(attribute|sysfs_[a-z]+)_group\b//g'
}

mapfile -t files < <(git ls-files 'kmod/*.[ch]' 'userspace/*.[ch]' 'include/*.h' \
	'selftests/*.[ch]' 'selftests/*.sh' |
	grep -vE "(^|/)(${alt})([_-][a-z0-9_-]*)?\.(c|h|sh)\$" |
	grep -vE '^selftests/install/|^kmod/examples/|^selftests/lint/' |
	awk '!/(^|\/)bench[^\/]*\.[ch]$|\/bench\/|bench_test\.c$/ || /\/all\.[ch]$/' |
	grep -vE '^selftests/tools/([a-z-]+-test|check-tools)\.sh$')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "${files[@]}"; do
	mkdir -p "$tmp/$(dirname "$f")"
	code "$f" >"$tmp/$f" 2>/dev/null || cp "$f" "$tmp/$f"
done

bad=0
for p in "${prims[@]}"; do
	id="[A-Za-z0-9_]"
	re="\\b(lfpt?_|LFPT?_)($p|${p^^})($id*)?\\b|\\b${p}_$id+|${id}_$p\\b"
	re="$re|\\b$p/|/$p\\b|\"$p\"|\\b$p\\.[ch]\\b|\\b$p="
	inc="^#include <lfprim/(backend/)?$p\\.h>"
	mapfile -t hits < <(cd "$tmp" && grep -lE "$re" "${files[@]}" |
		while read -r f; do grep -qE "$inc" "$f" || echo "$f"; done)
	shared=() regs=() whole=()
	for f in "${hits[@]}"; do
		if [[ $f =~ $REGISTRY ]]; then
			regs+=("$f")
		elif [[ $f =~ $WHOLE ]]; then
			whole+=("$f (whole module)")
		else
			shared+=("$f")
		fi
	done
	n=${#shared[@]}
	flag=
	if [ "$n" -gt "$max" ]; then
		flag=" (more than $max)"
		bad=1
	fi
	echo "prim-spread: $p: $n shared files$flag; ${#regs[@]} registries;" \
	     "${#whole[@]} whole-module tests"
	if [ -n "$flag" ] || [ -n "$verbose" ]; then
		for f in "${shared[@]}"; do
			echo "prim-spread:   $f"
		done
	fi
	if [ -n "$verbose" ]; then
		for f in "${regs[@]}" "${whole[@]}"; do
			echo "prim-spread:   $f"
		done
	fi
done

# No C source over the limit.
while read -r n f; do
	[ "$f" = total ] && continue
	if [ "$n" -gt "$maxlines" ]; then
		echo "prim-spread: $f: $n lines (more than $maxlines)"
		bad=1
	fi
done < <(git ls-files 'kmod/*.[ch]' 'userspace/*.[ch]' 'include/*.h' 'selftests/*.[ch]' |
	xargs wc -l)
if [ "$bad" = 0 ]; then
	echo "prim-spread: every primitive in at most $max shared files," \
	     "no C source over $maxlines lines"
fi
exit "$bad"
