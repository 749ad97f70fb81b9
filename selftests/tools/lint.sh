#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# checkpatch.pl --no-tree on every C source and header of the project and
# kernel-doc on the headers, both taken from Debian's linux-source-6.12 at
# run time.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
kfiles=$("$root/selftests/tools/kernel-files.sh")
cd "$root"

# --quiet still prints a clean "total:" line for a file whose only
# reports are of ignored types: drop those; the exit status is checkpatch's.
checkpatch() {
	perl "$kfiles/scripts/checkpatch.pl" --no-tree --quiet --terse \
		--show-types --max-line-length=100 "$@" |
		{ grep -vE '^total: 0 errors, 0 warnings, [0-9]+ lines checked$' || true; }
}

# kmod/compat.h is the one place that tests LINUX_VERSION_CODE.
compat=kmod/compat.h
mapfile -t files < <(git ls-files '*.c' '*.h' | grep -vxF "$compat")
checkpatch --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f "${files[@]}"
checkpatch --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,LINUX_VERSION_CODE,CONSTANT_COMPARISON \
	-f "$compat"
echo "lint: $((${#files[@]} + 1)) files checkpatch clean"

# kernel-doc of the contract and the backends: warnings are failures.
mapfile -t hdrs < <(git ls-files 'include/*.h' '*/include/lfprim/backend/*.h')
kdoc=$(perl "$kfiles/scripts/kernel-doc" -none -Wall "${hdrs[@]}" 2>&1)
if [ -n "$kdoc" ]; then
	echo "$kdoc"
	echo "lint: kernel-doc warnings"
	exit 1
fi
echo "lint: kernel-doc of ${#hdrs[@]} headers clean"
