#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The library's public symbols, one a line, sorted: every function and
# variable that the contract headers (and the backend headers they
# include) declare and do not define inline.  Arguments: the compiler
# flags that find the headers (-I...).
set -euo pipefail

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for p in snap pcount seqstat sampler event dropq rmap sflight group batch pubsub; do
	echo "#include <lfprim/$p.h>"
done >"$tmp/all.c"

# Functions: gcc's prototype dump, the declarations made in lfprim's own
# headers, static inline ones left out.
gcc -D_GNU_SOURCE "$@" -aux-info "$tmp/aux" -fsyntax-only "$tmp/all.c"
grep '/lfprim/[^:]*:[0-9]*:N[CF] \*/' "$tmp/aux" | grep -v ' \*/ static ' |
	sed -e 's|^/\*[^*]*\*/ ||' -e 's/ *(.*//' | grep -o '[A-Za-z_][A-Za-z0-9_]*$' \
	>"$tmp/syms"

# Variables: the extern declarations left after preprocessing.
gcc -D_GNU_SOURCE "$@" -E -P "$tmp/all.c" | tr '\n' ' ' | tr ';{}' '\n\n\n' |
	sed -e 's/__attribute__ *((.*))//' | grep -E '^ *extern ' | grep -v '(' |
	grep -oE '\blfp_[A-Za-z0-9_]*[[:space:]]*(\[[^]]*\])?[[:space:]]*$' |
	grep -oE '^lfp_[A-Za-z0-9_]*' >>"$tmp/syms" || true

sort -u "$tmp/syms"
