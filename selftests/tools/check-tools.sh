#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# lfprim-stress's command line (lfprim-bench's: selftests/user/
# lfprim_bench_test.c), the demo's analysis scripts on fixed inputs, the
# manual pages, and make install into a scratch DESTDIR: the tools and the
# pages where README.md says, each page rendered without a warning.  Run from the top of the tree (make
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

# The demo's analysis on fixed inputs (selftests/tools/fixtures/demo/):
# each script's output must match the expected file exactly.
fx=selftests/tools/fixtures/demo
demo_check() {
	local name=$1 got
	shift
	got=$("$@" 2>&1) || no "$name: status $?"
	diff -u "$fx/$name.expected" <(printf '%s\n' "$got") >&2 ||
		no "$name: output differs from $fx/$name.expected"
}
demo_check knobs awk -f selftests/bench/knobs.awk "$fx/guest.log"
st=0
awk -f selftests/bench/knobs.awk /dev/null >/dev/null || st=$?
[[ $st == 1 ]] || no "knobs.awk on a console without knobs: status $st"
demo_check verdict awk -F, -f selftests/bench/verdict.awk "$fx/compare.csv"
st=0
echo "scenario,threads" | awk -F, -f selftests/bench/verdict.awk >/dev/null 2>&1 || st=$?
[[ $st == 1 ]] || no "verdict.awk on a CSV without the ns columns: status $st"
# The crossovers for plot.awk, and the charts drawn from the fixture
# without a word from gnuplot.
pd=$(mktemp -d)
awk -F, -f selftests/bench/verdict.awk -v cxfile="$pd/cx" "$fx/compare.csv" >/dev/null
diff -u "$fx/crossover.expected" "$pd/cx" >&2 || no "verdict.awk -v cxfile differs"
awk -F, -f selftests/bench/plot.awk -v out="$pd" -v accel=tcg -v cx="$pd/cx" \
	"$fx/compare.csv" >"$pd/plot.gp" || no "plot.awk: status $?"
w=$(gnuplot "$pd/plot.gp" 2>&1) || no "gnuplot: status $?"
[[ -z $w ]] || no "gnuplot: $w"
for f in families speedup crossover; do
	[[ $(head -c 8 "$pd/$f.png" 2>/dev/null | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
		no "plot.awk: no $f.png"
done
rm -rf "$pd"
# lfprim-lint's command line (its rules: selftests/lint/check.sh).
lint=${LFPRIM_LINT:-userspace/tools/lint/lfprim-lint}
out=$($lint --help) || no "lfprim-lint --help: status $?"
[[ $out == "usage: lfprim-lint "* && $out == *"-Wlfp-RULE"* ]] || no "lfprim-lint --help: $out"
[[ $($lint --version) == "lfprim-lint $ver" ]] || no "lfprim-lint --version"

# make install into a scratch DESTDIR.
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null
for t in lfprim-bench lfprim-stress lfprim-advise lfprim-lint; do
	[[ -x $dest/usr/bin/$t ]] || no "$t not in \$PREFIX/bin"
	[[ $("$dest/usr/bin/$t" --version) == "$t $ver" ]] || no "installed $t --version"
	[[ -f $dest/usr/share/man/man1/$t.1 ]] || no "$t.1 not in \$PREFIX/share/man/man1"
done
# The installed lfprim-advise measures with the lfprim-bench beside it.
out=$(env -u LFPRIM_BENCH PATH=/nonexistent "$dest/usr/bin/lfprim-advise" -s queue -t 1 \
	--full drop -m -d 5ms --runs 1 </dev/null) || no "installed lfprim-advise -m: status $?"
[[ $out == *"dropq-push"*"mutex-ring-push"* ]] || no "installed lfprim-advise -m: $out"
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
echo "check-tools: lfprim-stress's and lfprim-lint's options, the demo's analysis, $n manual pages, make install: PASS"
