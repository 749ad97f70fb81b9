#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Install whatever lfprim needs from Debian's archive.  Idempotent and
# silent when everything is present.
set -euo pipefail

pkgs=(
	build-essential pkg-config liburcu-dev
	linux-headers-amd64 linux-image-amd64 linux-source-6.12 dkms
	qemu-system-x86 busybox-static cpio xz-utils
	flex bison bc libelf-dev libssl-dev dwarves
	gnuplot-nox valgrind clang
	# check-tools renders the manual pages.
	groff-base man-db
	# lfprim-lint runs Coccinelle's spatch.
	coccinelle
	# libFuzzer's runtime: only a recommendation of clang's.
	libclang-rt-14-dev
)

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $st == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=
[[ $(id -u) -eq 0 ]] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
