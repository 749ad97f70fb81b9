#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Section 3 manual pages of the library's API from the contracts'
# kernel-doc: man3.sh OUTDIR VERSION HEADER...  The kernel's kernel-doc
# (selftests/tools/kernel-files.sh) writes one stream per header with a
# .TH per function, struct or enum; each becomes OUTDIR/<name>.3 (a
# struct's or an enum's page is named after its tag: lfp_snap_stats.3),
# in section 3 of the "lfprim Library Functions" manual.
set -euo pipefail

out=$1 ver=$2
shift 2
if ! kfiles=$("$(dirname "$0")/kernel-files.sh" 2>/dev/null) ||
   [[ ! -x $kfiles/scripts/kernel-doc ]]; then
	echo "man3.sh: kernel-doc is unavailable (it comes from linux-source-6.12:" \
	     "selftests/tools/deps.sh installs it)" >&2
	exit 1
fi
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d "${out%/}.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for h in "$@"; do
	"$kfiles/scripts/kernel-doc" -man "$h" >"$tmp/all" 2>"$tmp/err" ||
		{ cat "$tmp/err" >&2; exit 1; }
	awk -v dir="$tmp" -v ver="$ver" -v src="$h" '
	/^\.TH / {
		if (f)
			close(f)
		# .TH "Kernel API" 9 "struct lfp_snap_stats" "date" ...
		split($0, q, "\"")
		name = q[4]
		sub(/^(struct|union|enum) /, "", name)
		f = dir "/" name ".3"
		if (name !~ /^[A-Za-z_][A-Za-z0-9_]*$/ || seen[name]++) {
			print "man3.sh: " src ": bad or repeated name \"" name "\"" > "/dev/stderr"
			exit 1
		}
		printf ".TH \"%s\" 3 \"%s\" \"lfprim %s\" \"lfprim Library Functions\"\n",
			name, q[6], ver > f
		next
	}
	f { print > f }
	' "$tmp/all"
done
n=$(find "$tmp" -name '*.3' | wc -l)
[[ $n -gt 0 ]] || { echo "man3.sh: no page written" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
mv "$tmp"/*.3 "$out/"
echo "man3.sh: $n pages in $out"
