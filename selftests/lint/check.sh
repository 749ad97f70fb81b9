#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# lfprim-lint on its fixtures (make check-lint-demote).  Every rule has a
# positive and a negative fixture in user-space and in kernel C under
# fixtures/{user,kernel}/<rule>-{pos,neg}.c; a line that must be flagged
# carries "expect: lfp-<rule>" (several rules: "expect: lfp-a lfp-b").
# All rules run on all fixtures and the findings must be exactly the
# expected FILE:LINE:RULE set.  Then the diagnostics' form, the exit
# statuses and the command line.  TAP output.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
lint=${LFPRIM_LINT:-userspace/tools/lint/lfprim-lint}
fix=selftests/lint/fixtures
ver=$(sed -n 's/^VERSION *:= *//p' Makefile)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() {	# STATUS NAME [DETAIL]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && sed 's/^/# /' <<<"$3"
		failed=$((failed + 1))
	fi
}

command -v spatch >/dev/null || { echo "check-lint-demote: spatch missing (make deps)"; exit 1; }
echo "TAP version 13"

mapfile -t rules < <("$lint" --list)
ok "$([ ${#rules[@]} -ge 10 ]; echo $?)" "--list: ${#rules[@]} rules" "${rules[*]}"

# Every rule has its four fixtures, and every fixture is named for a rule.
for r in "${rules[@]}"; do
	for f in user/$r-pos.c user/$r-neg.c kernel/$r-pos.c kernel/$r-neg.c; do
		[ -f "$fix/$f" ] || ok 1 "fixture $f exists"
	done
	# A rule for one world says so ("lfprim-lint: user space only").
	worlds="user kernel"
	grep -q "lfprim-lint: user space only" "$(dirname "$lint")/rules/$r.cocci" 2>/dev/null &&
		worlds=user
	for s in $worlds; do
		grep -q "expect:.*lfp-$r\b" "$fix/$s/$r-pos.c" 2>/dev/null ||
			ok 1 "$s/$r-pos.c expects lfp-$r"
	done
done
for f in "$fix"/*/*.c; do
	b=$(basename "$f" .c)
	[[ " ${rules[*]} " == *" ${b%-*} "* && ($b == *-pos || $b == *-neg) ]] ||
		ok 1 "fixture $f is named for a rule"
done

# The findings, exactly.
t0=$(date +%s%N)
"$lint" "$fix" >"$tmp/out" 2>"$tmp/err"
st=$?
ms=$((($(date +%s%N) - t0) / 1000000))
ok "$([ $st = 1 ] && [ ! -s "$tmp/err" ]; echo $?)" \
	"all rules on the fixtures: status $st (1), $ms ms" "$(cat "$tmp/err")"
bad=$(grep -vE '^[^:]+:[0-9]+:[0-9]+: warning: .*lfp_[a-z]+.* \[-Wlfp-[a-z]+\]$' "$tmp/out")
ok "$([ -z "$bad" ]; echo $?)" "every line FILE:LINE:COL: warning: ... lfp_<prim> ... [-Wlfp-RULE]" "$bad"
sed -E 's/^([^:]+):([0-9]+):[0-9]+: .*\[-W(lfp-[a-z]+)\]$/\1:\2:\3/' "$tmp/out" |
	sort -u >"$tmp/got"
grep -rno 'expect:[a-z -]*' "$fix" | while IFS=: read -r f l rest; do
	for t in ${rest#expect:}; do echo "$f:$l:$t"; done
done | sort -u >"$tmp/want"
for f in "$fix"/*/*.c; do
	d=$(diff <(grep "^$f:" "$tmp/want") <(grep "^$f:" "$tmp/got"))
	ok "$([ -z "$d" ]; echo $?)" "${f#"$fix"/}: $(grep -c "^$f:" "$tmp/want") findings as expected" \
		"$(sed 's/^</missing:/; s/^>/unexpected:/' <<<"$d" | grep -E '^(missing|unexpected)')"
done
[ -s "$tmp/want" ] || ok 1 "no expectation found"

# Exit statuses: 0 without finding, 2 on errors; one rule alone.
"$lint" "$fix/user/event-neg.c" "$fix/kernel/event-neg.c" >"$tmp/o" 2>&1
st=$?
ok "$([ $st = 0 ] && [ ! -s "$tmp/o" ]; echo $?)" "quiet on negative fixtures: status $st (0)" "$(cat "$tmp/o")"
out=$("$lint" -r event "$fix/user/event-pos.c")
st=$?
ok "$([ $st = 1 ] && [ "$(grep -c 'lfp_event' <<<"$out")" = 2 ] &&
	! grep -qv 'Wlfp-event' <<<"$out"; echo $?)" "-r event: two lfp_event findings, status $st (1)" "$out"
for bad in "/nonexistent" "-r bogus $fix" "--bogus $fix" "" "-j x $fix"; do
	# shellcheck disable=SC2086
	err=$("$lint" $bad 2>&1 >/dev/null)
	st=$?
	ok "$([ $st = 2 ] && [[ $err == "lfprim-lint: "* ]]; echo $?)" \
		"lfprim-lint $bad: status $st (2)" "$err"
done
err=$(LFPRIM_LINT_RULES=/nonexistent "$lint" "$fix" 2>&1 >/dev/null)
st=$?
ok "$([ $st = 2 ]; echo $?)" "no rules directory: status $st (2)" "$err"
echo 'void f(void) { int x = ; }' >"$tmp/broken.c"
"$lint" "$tmp/broken.c" >/dev/null 2>&1
st=$?
ok "$([ $st = 0 ]; echo $?)" "a file spatch cannot parse is skipped: status $st (0)"

# Command line.
ok "$([ "$("$lint" --version)" = "lfprim-lint $ver" ]; echo $?)" "--version"
out=$("$lint" --help)
ok "$([[ $? = 0 && $out == "usage: lfprim-lint "* && $out == *"-Wlfp-RULE"* ]]; echo $?)" "--help"

echo "1..$n"
echo "# check-lint-demote: $((n - failed)) passed, $failed failed"
[ $failed = 0 ]
