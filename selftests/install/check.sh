#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# make check-install: installs the library into a scratch DESTDIR under
# PREFIX=/opt/lfprim and builds and runs programs of a user's own against
# that tree only (pkg-config --define-prefix), as C and as C++, then the
# installed examples, and a program under valgrind with the installed
# suppressions.  Prints
# "ok N install_<what>" per check; the first failure ends the run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=$root/selftests/install
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=/opt/lfprim
make=${MAKE:-make}

n=0
ok() {
	n=$((n + 1))
	echo "ok $n install_$1"
}
fail() {
	n=$((n + 1))
	echo "not ok $n install_$1${2:+: $2}"
	exit 1
}
# run NAME CMD...: one check, its output shown only when it fails.
run() {
	local name=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then
		ok "$name"
	else
		cat "$tmp/log"
		fail "$name"
	fi
}

run tree "$make" -s -C "$root" install PREFIX=$prefix DESTDIR="$tmp/dest"
top=$tmp/dest$prefix
lib=$top/lib
export PKG_CONFIG_PATH=$lib/pkgconfig
pc() { pkg-config --define-prefix "$@" lfprim; }
cflags=$(pc --cflags)
libs=$(pc --libs)
slibs=$(pc --static --libs)
case " $cflags " in
*" -I$top/include "*) ;;
*) fail pkgconfig "cflags '$cflags' do not name $top/include" ;;
esac
ok pkgconfig

# The shared library: real name, soname, development link.
so_ok() {
	[ -f "$lib/liblfprim.so.0.1.0" ] && [ ! -L "$lib/liblfprim.so.0.1.0" ] &&
	[ "$(readlink "$lib/liblfprim.so.0")" = liblfprim.so.0.1.0 ] &&
	[ "$(readlink "$lib/liblfprim.so")" = liblfprim.so.0 ] &&
	[[ $(readelf -d "$lib/liblfprim.so.0.1.0") == *"(SONAME)"*"[liblfprim.so.0]"* ]]
}
run soname so_ok

# Exactly the symbols the installed headers declare, all at LFPRIM_0.1,
# and the version script lists the same.
syms_ok() {
	"$src/public-symbols.sh" $cflags >"$tmp/hdr"
	[ -s "$tmp/hdr" ]
	nm -D --defined-only "$lib/liblfprim.so.0.1.0" >"$tmp/nm"
	awk '$2 != "A" { print $3 }' "$tmp/nm" | sort >"$tmp/so-versioned"
	sed 's/@.*//' "$tmp/so-versioned" | sort -u >"$tmp/so"
	if grep -v '@@LFPRIM_0\.1$' "$tmp/so-versioned"; then
		echo "symbols above are not at version LFPRIM_0.1"
		return 1
	fi
	sed -n '/^global:/,/^local:/s/^\t\([A-Za-z0-9_]*\);$/\1/p' \
		"$root/userspace/liblfprim.map" | sort >"$tmp/map"
	diff -u "$tmp/hdr" "$tmp/so" && diff -u "$tmp/hdr" "$tmp/map"
}
run symbols syms_ok

# Every installed header on its own, C and C++, with and without
# liburcu's inline fast paths.
hdrs_ok() {
	local h rel lang lgpl
	for h in "$top"/include/lfprim/*.h "$top"/include/lfprim/backend/*.h; do
		rel=${h#"$top"/include/}
		for lang in c c++; do
			for lgpl in "" -D_LGPL_SOURCE; do
				echo "#include <$rel>" |
				gcc -x $lang $lgpl -Wall -Wextra -Wno-unused-parameter -Werror -fsyntax-only \
					$cflags - || { echo "$rel ($lang $lgpl)"; return 1; }
			done
		done
	done
}
run headers hdrs_ok

cd "$tmp"
cxx_ok() {
	local mode=$1
	if [ "$mode" = static ]; then
		g++ -Wall -Wextra -Wno-unused-parameter -Werror -O2 -static -o cxx "$src/cxx_consumer.cpp" \
			$cflags $slibs || return 1
		# Whole outputs, not grep -q: an early exit of grep under
		# pipefail would fail (or pass) the check by chance.
		[[ $(readelf -d cxx) != *NEEDED* ]] || return 1
	else
		g++ -Wall -Wextra -Wno-unused-parameter -Werror -O2 -o cxx "$src/cxx_consumer.cpp" $cflags $libs ||
			return 1
		[[ $(LD_LIBRARY_PATH=$lib ldd ./cxx) == *"liblfprim.so.0 => $lib/"* ]] || return 1
	fi
	LD_LIBRARY_PATH=$lib ./cxx
}
run cxx_shared cxx_ok shared
run cxx_static cxx_ok static
cxx_lgpl_ok() {
	g++ -D_LGPL_SOURCE -Wall -Wextra -Wno-unused-parameter -Werror -O2 -o cxx-lgpl \
		"$src/cxx_consumer.cpp" $cflags $libs
	LD_LIBRARY_PATH=$lib ./cxx-lgpl
}
run cxx_lgpl cxx_lgpl_ok

macros_ok() {
	gcc $1 -Wall -Wextra -Wno-unused-parameter -Werror -o macros "$src/c_macros.c" $cflags $libs
	LD_LIBRARY_PATH=$lib ./macros
}
run own_macros_after macros_ok ""
run own_macros_before macros_ok -DMACROS_FIRST

qsbr_ok() {
	gcc $1 -Wall -Wextra -Wno-unused-parameter -Werror -o qsbr "$src/c_qsbr.c" $cflags $libs -lurcu-qsbr -lurcu-cds
	LD_LIBRARY_PATH=$lib ./qsbr
}
run urcu_qsbr_first qsbr_ok ""
run urcu_qsbr_first_lgpl qsbr_ok -D_LGPL_SOURCE
run urcu_qsbr_lfht_first qsbr_ok -DLFHT_FIRST

# File-scope objects from every static initializer, as C and C++; a
# constant out of range in one must not compile.
static_ok() {
	local lang bad

	for lang in c c++; do
		gcc -x $lang -DBAD=0 -Wall -Wextra -Wno-unused-parameter -Werror -o static-init \
			"$src/static_init.c" $cflags $libs -lstdc++ || return 1
		LD_LIBRARY_PATH=$lib ./static-init || return 1
		for bad in 1 2 3 4 5; do
			if gcc -x $lang -DBAD=$bad -fsyntax-only "$src/static_init.c" $cflags 2>/dev/null; then
				echo "BAD=$bad compiled as $lang"
				return 1
			fi
		done
	done
}
run static_init static_ok

# The examples as installed, built the way their Makefile says a user
# builds them (pkg-config), from a copy, and run: each checks its own
# result and exits 0 only when it holds.
examples_ok() {
	local e ex=$top/share/doc/lfprim/examples

	for e in config_server.c pipeline.c rate_sampler.c Makefile; do
		[ -f "$ex/$e" ] || { echo "$ex/$e not installed"; return 1; }
	done
	cp -r "$ex" "$tmp/examples"
	"$make" -C "$tmp/examples" PKG_CONFIG="pkg-config --define-prefix" \
		CFLAGS="-O2 -Werror" || return 1
	for e in config_server pipeline rate_sampler; do
		LD_LIBRARY_PATH=$lib ldd "$tmp/examples/$e" >"$tmp/ldd" || return 1
		grep -q "liblfprim\.so\.0 => $lib/" "$tmp/ldd" ||
			{ echo "$e does not use $lib"; return 1; }
	done
	LD_LIBRARY_PATH=$lib "$make" -C "$tmp/examples" run
}
run examples examples_ok

# valgrind on a program using snap and rmap: without the installed
# suppressions memcheck flags what liburcu keeps until exit (the check can
# fail); with them, no error and no possibly-lost or reachable record.
valgrind_ok() {
	local supp=$top/share/lfprim/lfprim.supp
	local vg=(valgrind --leak-check=full --show-leak-kinds=all
		--errors-for-leak-kinds=all --error-exitcode=99)

	[ -f "$supp" ] || { echo "$supp not installed"; return 1; }
	gcc -O2 -g -Wall -Wextra -Wno-unused-parameter -Werror -o vg \
		"$src/c_valgrind.c" $cflags $libs || return 1
	if LD_LIBRARY_PATH=$lib "${vg[@]}" ./vg >vg-bare.log 2>&1; then
		echo "valgrind flags nothing without the suppressions: the check would prove nothing"
		return 1
	fi
	grep -q 'possibly lost: [1-9]' vg-bare.log || { cat vg-bare.log; return 1; }
	LD_LIBRARY_PATH=$lib "${vg[@]}" --suppressions="$supp" ./vg >vg.log 2>&1 ||
		{ cat vg.log; return 1; }
	grep -q 'ERROR SUMMARY: 0 errors' vg.log &&
	grep -q 'possibly lost: 0 bytes' vg.log &&
	grep -q 'still reachable: 0 bytes' vg.log &&
	grep -q 'suppressed: [1-9]' vg.log || { cat vg.log; return 1; }
}
run valgrind_supp valgrind_ok

echo "1..$n"
