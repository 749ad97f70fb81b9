#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# checkpatch.pl --no-tree on every C source and header of the project, with
# checkpatch taken from Debian's linux-source-6.12 at run time.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
kfiles=$("$root/selftests/tools/kernel-files.sh")
cd "$root"

mapfile -t files < <(git ls-files '*.c' '*.h')
perl "$kfiles/scripts/checkpatch.pl" --no-tree --quiet --terse \
	--show-types --max-line-length=100 \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
	-f "${files[@]}"
echo "lint: ${#files[@]} files checkpatch clean"
