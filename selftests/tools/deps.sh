#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Install whatever lfprim needs from Debian's archive.  Idempotent and
# silent when everything is present; otherwise one line, apt's output in
# selftests/vm/out/deps.log (LFPRIM_DEPS_LOG), and its last lines on a
# failure.
set -euo pipefail
#
# Usage: deps.sh [all|user]   (default all)
#        deps.sh --list [all|user]   print the packages, one a line
#
# "user" is the user-space half: the library, its suite and the fuzz
# build ("make user tests", the suite, check-fuzz).  make check-fresh
# installs exactly that list into a bare Debian root and builds there,
# so a package the user-space half uses must be in user_pkgs.

user_pkgs=(
	build-essential pkg-config liburcu-dev
	# The kselftest harness headers come out of the kernel sources.
	linux-source-6.12
	# libFuzzer's runtime: only a recommendation of clang's.
	clang libclang-rt-14-dev
)
pkgs=(
	"${user_pkgs[@]}"
	linux-headers-amd64 linux-image-amd64 dkms
	qemu-system-x86 busybox-static cpio xz-utils
	flex bison bc libelf-dev libssl-dev dwarves
	gnuplot-nox valgrind
	# check-tools renders the manual pages.
	groff-base man-db
	# check-fresh: a bare Debian root to build the user-space half in.
	debootstrap
	# lfprim-lint runs Coccinelle's spatch.
	coccinelle python3
)

list=0
if [[ ${1:-} == --list ]]; then
	list=1
	shift
fi
case ${1:-all} in
all) ;;
user) pkgs=("${user_pkgs[@]}") ;;
*) echo "usage: deps.sh [--list] [all|user]" >&2; exit 2 ;;
esac
if [[ $list -eq 1 ]]; then
	printf '%s\n' "${pkgs[@]}"
	exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $st == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

# apt's own output goes to a log; the terminal gets one line, and on a
# failure the log's last lines.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
log=${LFPRIM_DEPS_LOG:-$root/selftests/vm/out/deps.log}
mkdir -p "$(dirname "$log")"
echo "deps: installing ${#missing[@]} package(s) with apt-get (${missing[*]}); log: $log" >&2
SUDO=
[[ $(id -u) -eq 0 ]] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
t0=$SECONDS
if ! { $SUDO apt-get update -q &&
       $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
	>"$log" 2>&1; then
	echo "deps: apt-get failed; the last lines of $log:" >&2
	tail -n 25 "$log" | sed 's/^/  | /' >&2
	exit 1
fi
echo "deps: done in $((SECONDS - t0)) s" >&2
