#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# lfprim-lint on real code: several subsystems of a kernel tree and one
# or more user-space programs.  Prints the findings per rule per corpus,
# spatch's time per corpus, and a random sample of findings (fixed seed)
# to check by hand; keeps every finding under OUT.
#
#   selftests/lint/evaluate.sh KERNEL_DIR PROGRAM_DIR... [-- SUBSYSTEM...]
#
# KERNEL_DIR is the top of a kernel tree (linux-source-6.12's, unpacked);
# the subsystems default to those of README.md's evaluation.  OUT
# (default /tmp/lfprim-lint-eval), JOBS (default: CPUs) and SAMPLE (the
# findings to sample per rule, default 10) come from the environment.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
lint=${LFPRIM_LINT:-$root/userspace/tools/lint/lfprim-lint}
out=${OUT:-/tmp/lfprim-lint-eval}
jobs=${JOBS:-$(nproc)}
sample=${SAMPLE:-10}

[ $# -ge 2 ] || { sed -n '3,15s/^# \{0,1\}//p' "$0" >&2; exit 2; }
kdir=$1
shift
progs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	progs+=("$1")
	shift
done
[ "${1:-}" = "--" ] && shift
subs=("$@")
[ ${#subs[@]} -gt 0 ] || subs=(fs/ext4 net/core fs/fuse drivers/net/ethernet/intel/igb
	drivers/net/ethernet/intel/ixgbe kernel/sched kernel/rcu kernel/locking
	drivers/block mm)

mkdir -p "$out"
corpora=()
for s in "${subs[@]}"; do corpora+=("$kdir/$s"); done
corpora+=("${progs[@]}")

mapfile -t rules < <("$lint" --list)
printf '%-34s %6s' corpus files
printf ' %10s' "${rules[@]}"
printf ' %7s %8s\n' total time_s
for c in "${corpora[@]}"; do
	[ -d "$c" ] || { echo "evaluate: no directory $c" >&2; exit 2; }
	name=$(echo "${c#"$kdir"/}" | tr / _)
	t0=$(date +%s%N)
	"$lint" -j "$jobs" "$c" >"$out/$name.txt" 2>"$out/$name.err"
	st=$?
	t=$((($(date +%s%N) - t0) / 1000000))
	[ $st -le 1 ] || { cat "$out/$name.err" >&2; exit 2; }
	printf '%-34s %6d' "${c#"$kdir"/}" "$(find "$c" -name '*.[ch]' | wc -l)"
	for r in "${rules[@]}"; do
		printf ' %10d' "$(grep -c "\[-Wlfp-$r\]$" "$out/$name.txt")"
	done
	printf ' %7d %8.1f\n' "$(wc -l <"$out/$name.txt")" "$(echo "$t / 1000" | bc -l)"
done

cat "$out"/*.txt >"$out/all"
echo
echo "up to $sample findings per rule (seed 1) to check by hand:"
for r in "${rules[@]}"; do
	grep "\[-Wlfp-$r\]$" "$out/all" |
		shuf -n "$sample" --random-source=<(yes 1) |
		sed -E 's/^([^ ]+) warning: .*\[-W(lfp-[a-z]+)\]$/\1 \2/' | sort
done
