#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# lfprim-advise: every branch of the tree gives its primitive and rule;
# missing and bad answers are refused; -i asks; --measure reports the
# recommendation's row and the lock it replaces, with a crossover for the
# read-mostly shapes.  Run from the top of the tree (make check-tools).
set -euo pipefail

adv=${LFPRIM_ADVISE:-userspace/bench/lfprim-advise}
export LFPRIM_BENCH=${LFPRIM_BENCH:-userspace/bench/lfprim-bench}
fail=0
n=0
no() { echo "advise-test: FAIL: $*" >&2; fail=1; }

# expect PRIMITIVE RULE_ID ARGS...: --json names them.
expect() {
	local prim=$1 rule=$2 out
	shift 2
	n=$((n + 1))
	out=$($adv --json "$@" </dev/null) || { no "$*: status $?"; return; }
	[[ $out == *"\"primitive\":\"$prim\""* && $out == *"\"rule_id\":\"$rule\""* &&
	   $out == *'"replaces":"'* && $out == *'"rule":"'* ]] ||
		no "$*: expected $prim ($rule), got $out"
}

expect none single-owner		-s value -t 1
expect none single-owner		-s queue -t 1
expect snap read-mostly-snapshot	-s value -t 8 -r 1000
expect snap read-mostly-snapshot	-s value -t 8 -r inf
expect rwlock rwlock-band		-s value -t 8 -r 50
expect mutex write-heavy-mutex		-s value -t 8 -r 2
expect pcount hot-counter-shards	-s counter -t 8 -r 0.01
expect pcount hot-counter-shards	-s counter -t 8 -r 5 --stale-ok yes
expect atomic read-often-atomic		-s counter -t 8 -r 5 --stale-ok no
expect seqstat fields-move-together	-s stats -t 4 --together yes -r 10
expect snap fields-move-together-rarely-written -s stats -t 4 --together yes -r 500
expect pcount independent-counters	-s stats -t 4 --together no
expect rmap read-mostly-map		-s map -t 4 -r 100
expect mutex write-heavy-map		-s map -t 4 -r 1
expect dropq bounded-drop-count		-s queue -t 4 --full drop
expect mutex backpressure-blocks	-s queue -t 4 --full block
expect event one-shot-broadcast		-s signal -t 4 --per-waiter no
expect condvar dynamic-waiter-predicates -s signal -t 4 --per-waiter yes
expect sflight thundering-herd		-s dedupe -t 16
expect group bounded-parallelism	-s tasks -t 4 --cancel yes
expect batch flush-on-size-or-time	-s batch -t 4 --full drop
expect mutex batch-backpressure		-s batch -t 4 --full block
expect pubsub channel-per-subscriber	-s fanout -t 4 --full drop
expect mutex lockstep-fanout		-s fanout -t 4 --full block
expect sampler rate-read-every-call	-s sample -t 4

# The text form says the same.
out=$($adv -s value -t 8 -r 1000 </dev/null)
[[ $out == *"recommendation: lfp_snap"* && $out == *"rule (read-mostly-snapshot)"* ]] ||
	no "text form: $out"
# --cancel adds its note.
[[ $($adv -j -s tasks -t 4 --cancel yes </dev/null) == *'"note":"every blocking wait takes a timeout'* ]] ||
	no "--cancel yes: no note"

# A question the shape needs and the flags do not answer: status 2.
for args in "-s value -t 4" "-s counter -t 4 -r 5" "-s stats -t 4 --together yes" \
	    "-s queue -t 4" "-s signal -t 4" "-t 4" "-s value -r 5"; do
	st=0
	err=$($adv $args 2>&1 </dev/null >/dev/null) || st=$?
	[[ $st == 2 && $err == "lfprim-advise: "*"need"* ]] || no "$args: status $st, '$err'"
done
# Bad answers: status 2.
for args in "-s bogus" "-s value -t 0" "-s value -t x" "-s value -t 4 -r -1" \
	    "-s value -t 4 -r 1e" "-s stats -t 2 --together maybe" \
	    "-s queue -t 2 --full sometimes" "-s value -t 2 -r 9 --world mars" \
	    "-s value -t 2 -r 9 -d 0" "-s value -t 2 -r 9 --runs 52" "--bogus" \
	    "-s value -t 2 -r 9 extra"; do
	st=0
	err=$($adv $args 2>&1 </dev/null >/dev/null) || st=$?
	[[ $st == 2 && $err == "lfprim-advise: "* ]] || no "$args: status $st, '$err'"
done

# -i asks what is open, in order, and takes the answers from stdin;
# a wrong answer is asked again.
out=$(printf 'stats\n2\nperhaps\nyes\n50\n' | $adv -i -j 2>/dev/null) ||
	no "-i: status $?"
[[ $out == *'"primitive":"seqstat"'* ]] || no "-i: $out"
err=$(printf 'stats\n2\nperhaps\nyes\n50\n' | $adv -i -j 2>&1 >/dev/null)
[[ $err == *"shape> "*"threads> "*"'perhaps' is not an answer"*"together> "*"reads-per-write> "* ]] ||
	no "-i prompts: $err"
st=0
printf 'map\n' | $adv -i >/dev/null 2>&1 || st=$?
[[ $st == 2 ]] || no "-i at end of input: status $st"

ver=$(sed -n 's/^VERSION *:= *//p' Makefile)
[[ $($adv --version) == "lfprim-advise $ver" ]] || no "--version"
[[ $($adv --help) == "usage: lfprim-advise "*"--measure"* ]] || no "--help"

# --measure: numbers for the recommendation and for what it replaces,
# and where the answer flips; not their values.
out=$($adv -j -s value -t 2 -r 1000 --measure -d 10ms --runs 1 </dev/null) ||
	no "--measure: status $?"
for row in snap-read rwlock-read mutex-read; do
	[[ $out =~ \{\"world\":\"user\",\"scenario\":\"$row\",\"threads\":2,\"read_pct\":99,\"ns_per_op\":[0-9]+\.[0-9]+ ]] ||
		no "--measure: no $row point in $out"
done
[[ $out =~ \"crossover\":\{\"user\":\{\"flips\":(true|false),\"row_wins\":(true|false) ]] ||
	no "--measure: no crossover in $out"
out=$($adv -j -s queue -t 2 --full drop --measure -d 10ms --runs 1 </dev/null) ||
	no "--measure queue: status $?"
[[ $out == *'"scenario":"dropq-push"'* && $out == *'"scenario":"mutex-ring-push"'* &&
   $out != *crossover* ]] || no "--measure queue: $out"
out=$($adv -s map -t 1 -r 20 --measure -d 10ms --runs 1 </dev/null) ||
	no "--measure text: status $?"
[[ $out == *"rmap-lookup"*"<- the recommendation's row"* && $out == *"rwlock-map-lookup"* &&
   $out == *"rmap-lookup vs rwlock-map-lookup (user): "* ]] || no "--measure text: $out"
# The crossover from fixed numbers (a stand-in lfprim-bench): snap wins
# from 100% down to 80% reads, loses at 50%; the flip interpolates to
# 70% (2.3 reads per write), and a noisy win at 0% does not move it.
fake=$(mktemp)
trap 'rm -f "$fake"' EXIT
cat >"$fake" <<'EOS'
#!/bin/sh
if [ "$1" = -l ]; then
	echo "snap-read family=read replaces=rwlock-read read_pct=mixed"
	echo "rwlock-read family=read replaces=- read_pct=mixed"
	echo "nop family=harness replaces=- read_pct=100"
	exit 0
fi
for p in 0:10 50:60 80:30 90:20 95:10 99:5 100:2; do
	echo "lfprim-bench world=user scenario=snap-read threads=2 read_pct=${p%:*} ns_per_op=${p#*:}.00 ops=1 runs=1 min=1.00 max=1.00"
	echo "lfprim-bench world=user scenario=rwlock-read threads=2 read_pct=${p%:*} ns_per_op=40.00 ops=1 runs=1 min=1.00 max=1.00"
done
EOS
chmod +x "$fake"
out=$(LFPRIM_BENCH=$fake $adv -j -s value -t 2 -r 1000 -m </dev/null) || no "fake bench: status $?"
[[ $out == *'"crossover":{"user":{"flips":true,"row_wins":true,"read_pct":70.0,"reads_per_write":2.3}}'* &&
   $out != *'"scenario":"nop"'* ]] || no "crossover from fixed numbers: $out"
out=$(LFPRIM_BENCH=$fake $adv -s value -t 2 -r 1000 -m </dev/null)
[[ $out == *"it wins above about 70.0% reads (2.3 reads per write), loses below"* ]] ||
	no "crossover text: $out"

# A bench that fails is a failed measurement: status 1.
st=0
LFPRIM_BENCH=/bin/false $adv -s value -t 2 -r 9 -m >/dev/null 2>&1 </dev/null || st=$?
[[ $st == 1 ]] || no "--measure with a failing bench: status $st"
# The kernel world without the module: refused before measuring.
if [[ ! -e /sys/kernel/lfprim/bench ]]; then
	st=0
	err=$($adv -s value -t 2 -r 9 -m --world kernel 2>&1 </dev/null >/dev/null) || st=$?
	[[ $st == 2 && $err == *"is lfprim.ko loaded"* ]] || no "--world kernel, no module: $st '$err'"
fi

[[ $fail == 0 ]] || exit 1
echo "advise-test: $n branches of the tree, refusals, -i, --measure: PASS"
