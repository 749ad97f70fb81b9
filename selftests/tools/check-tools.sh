#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# lfprim-stress's command line (lfprim-bench's: selftests/user/
# lfprim_bench_test.c), the manual pages, and make install into a scratch
# DESTDIR: the tools and the pages where README.md says, each page
# rendered without a warning.  Run from the top of the tree (make
# check-tools).
set -euo pipefail

stress=${LFPRIM_STRESS:-selftests/user/lfprim-stress}
ver=$(sed -n 's/^VERSION *:= *//p' Makefile)
fail=0
no() { echo "check-tools: FAIL: $*" >&2; fail=1; }

out=$($stress --help) || no "lfprim-stress --help: status $?"
[[ $out == "usage: lfprim-stress "* && $out == *"bare number is"*"seconds"* &&
   $out == *" snap "* ]] || no "lfprim-stress --help: $out"
[[ $($stress --version) == "lfprim-stress $ver" ]] || no "lfprim-stress --version"
for bad in "-p snap,bogus" "-p bogus" "-p snap," "-p ''" "--bogus" "-d 1x" \
	   "-d 0" "-d 0ms" "-d 86401" "-d 1441m" "-d 1.5s" "-t 0" "extra"; do
	st=0
	err=$(eval "$stress $bad" 2>&1 >/dev/null) || st=$?
	[[ $st == 2 && -n $err ]] || no "lfprim-stress $bad: status $st, '$err'"
done
err=$($stress -p snap,bogus 2>&1 >/dev/null) || true
[[ $err == "lfprim-stress: unknown primitive 'bogus' in 'snap,bogus'"* ]] ||
	no "lfprim-stress -p snap,bogus: '$err'"
# One second in all, with units and without; the rounds of 50 .. 400 ms
# and their cases may run over by one round.
for d in "-d 1s" "-d 1" "--duration=1000ms" "--duration 1s"; do
	t0=$(date +%s%N)
	out=$(LFPRIM_TEST_SCALE=10 $stress $d -p snap,pcount) ||
		no "lfprim-stress $d: status $?"
	ms=$((($(date +%s%N) - t0) / 1000000))
	[[ $ms -ge 1000 && $ms -lt 5000 ]] || no "lfprim-stress $d: $ms ms"
	[[ $(grep -c ' PASS rounds=' <<<"$out") == 2 &&
	   $out == *"2 primitives,"*"verdict PASS"* ]] || no "lfprim-stress $d: $out"
done

# lfprim-lint's command line (its rules: selftests/lint/check.sh).
lint=${LFPRIM_LINT:-userspace/tools/lint/lfprim-lint}
out=$($lint --help) || no "lfprim-lint --help: status $?"
[[ $out == "usage: lfprim-lint "* && $out == *"-Wlfp-RULE"* ]] || no "lfprim-lint --help: $out"
[[ $($lint --version) == "lfprim-lint $ver" ]] || no "lfprim-lint --version"

# make install into a scratch DESTDIR.
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null
for t in lfprim-bench lfprim-stress lfprim-lint; do
	[[ -x $dest/usr/bin/$t ]] || no "$t not in \$PREFIX/bin"
	[[ $("$dest/usr/bin/$t" --version) == "$t $ver" ]] || no "installed $t --version"
	[[ -f $dest/usr/share/man/man1/$t.1 ]] || no "$t.1 not in \$PREFIX/share/man/man1"
done
# The installed lfprim-lint finds its installed rules.
[[ $("$dest/usr/bin/lfprim-lint" --list | wc -l) -ge 10 &&
   -f $dest/usr/share/lfprim/lint/event.cocci &&
   -f $dest/usr/share/lfprim/lint/spatch.macros ]] ||
	no "lfprim-lint's rules not in \$PREFIX/share/lfprim/lint"
for f in lfp_snap_publish lfp_snap_stats lfp_pcount_add lfp_batch_close; do
	[[ -f $dest/usr/share/man/man3/$f.3 ]] || no "$f.3 not in \$PREFIX/share/man/man3"
done
n=0
for f in "$dest"/usr/share/man/man1/*.1 "$dest"/usr/share/man/man3/*.3; do
	w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$f" 2>&1 >/dev/null) ||
		no "man -l $f: status $?"
	[[ -z $w ]] || no "man -l $f: $w"
	w=$(groff -man -ww -z "$f" 2>&1) || no "groff $f: status $?"
	[[ -z $w ]] || no "groff $f: $w"
	n=$((n + 1))
done
[[ $n -gt 50 ]] || no "only $n pages installed"
[[ $(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$dest/usr/share/man/man3/lfp_snap_publish.3") == *"lfp_snap_publish"* ]] ||
	no "lfp_snap_publish.3 does not render"
[[ $fail == 0 ]] || exit 1
echo "check-tools: lfprim-stress's and lfprim-lint's options, $n manual pages, make install: PASS"
