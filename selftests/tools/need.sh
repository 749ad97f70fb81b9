#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# What a plain "make" needs, checked without installing anything: prints
# each missing piece with the Debian package that brings it and exits 1,
# so that "make" builds and only builds.  "make deps" (which "make check"
# and "make demo" call) installs everything.
set -uo pipefail

missing=()
need() {	# FILE PACKAGE
	[ -e "$1" ] || missing+=("$2 ($1)")
}
need_cmd() {	# COMMAND PACKAGE
	command -v "$1" >/dev/null 2>&1 || missing+=("$2 ($1)")
}

need_cmd "${CC:-gcc}" build-essential
need_cmd make build-essential
need_cmd pkg-config pkg-config
# liburcu's headers, found the way the compiler finds them.
echo '#include <urcu/urcu-memb.h>
#include <urcu/rculfhash.h>' | "${CC:-gcc}" -E -x c - >/dev/null 2>&1 ||
	missing+=("liburcu-dev (urcu/urcu-memb.h, urcu/rculfhash.h)")
# The module: the running kernel's build dir, else Debian's headers.
if [ -n "${KDIR:-}" ]; then
	need "$KDIR/Makefile" "kernel headers for KDIR"
elif [ ! -e "/lib/modules/$(uname -r)/build/Makefile" ]; then
	compgen -G '/usr/src/linux-headers-*-amd64/Makefile' >/dev/null ||
		missing+=("linux-headers-amd64 (kernel headers)")
fi
# The tests' kselftest harness comes out of the kernel source package.
need /usr/src/linux-source-6.12.tar.xz linux-source-6.12

if [ ${#missing[@]} -ne 0 ]; then
	echo "make: missing, install with 'make deps' or apt-get install:" >&2
	printf '  %s\n' "${missing[@]}" >&2
	exit 1
fi
