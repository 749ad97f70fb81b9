#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Extract the few kernel files lfprim uses at build time (kselftest
# headers, checkpatch, kernel-doc) from Debian's linux-source-6.12 package into a
# cache outside the repository, and print that directory.  Nothing from
# the kernel tree is ever committed.
set -euo pipefail

cache=${LFPRIM_CACHE:-$HOME/.cache/lfprim}
tarball=/usr/src/linux-source-6.12.tar.xz
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
# Bump the suffix when the list of extracted files changes.
dir=$cache/kfiles-$ver-2

if [[ ! -f $dir/.complete ]]; then
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/kfiles.XXXXXX")
	tar -xJf "$tarball" -C "$tmp" --strip-components=1 --wildcards \
		'linux-source-6.12/tools/testing/selftests/kselftest*.h' \
		'linux-source-6.12/scripts/checkpatch.pl' \
		'linux-source-6.12/scripts/kernel-doc' \
		'linux-source-6.12/scripts/spelling.txt' \
		'linux-source-6.12/scripts/const_structs.checkpatch'
	mkdir -p "$tmp/include"
	mv "$tmp"/tools/testing/selftests/kselftest*.h "$tmp/include/"
	rm -rf "$tmp/tools"
	touch "$tmp/.complete"
	rm -rf "$dir"
	mv "$tmp" "$dir"
fi
echo "$dir"
