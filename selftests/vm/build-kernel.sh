#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Build (or reuse) a test kernel from Debian's linux-source-6.12.
#
# Usage: build-kernel.sh {debug|perf|kcsan}
#
# Prints the kernel directory DIR as the last line of stdout; progress goes
# to stderr. Inside DIR:
#   DIR/build/arch/x86/boot/bzImage   kernel image to boot
#   DIR/build                         KDIR for out-of-tree modules:
#                                     make -C DIR/build M=/path/to/module
#   DIR/src                           pristine kernel source
#
# Cache: ${LFPRIM_CACHE:-$HOME/.cache/lfprim}/kernel-<flavor>-<hash>, where
# hash covers the config fragments, the linux-source-6.12 package version and
# the gcc version. A finished build is marked by DIR/.complete.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tarball=/usr/src/linux-source-6.12.tar.xz

log() { echo "build-kernel: $*" >&2; }
die() { log "error: $*"; exit 1; }

flavor=${1:-}
case "$flavor" in
debug|perf|kcsan) ;;
*) echo "usage: $0 {debug|perf|kcsan}" >&2; exit 2 ;;
esac

fragments=("$here/base.config" "$here/$flavor.config")
[ -r "$tarball" ] || die "$tarball missing (apt-get install linux-source-6.12)"

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
ccver=$(gcc --version | head -n1)
hash=$( { cat "${fragments[@]}"; echo "$srcver"; echo "$ccver"; } |
	sha256sum | cut -c1-16)

cache=${LFPRIM_CACHE:-$HOME/.cache/lfprim}
dir=$cache/kernel-$flavor-$hash
mkdir -p "$cache"

# Every CONFIG_X=v / "# CONFIG_X is not set" line of the fragments must
# survive into the final .config.
check_config() {
	local cfg=$1 line sym missing=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			sym=${line%%=*}
			grep -qxF "$line" "$cfg" && continue ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }; sym=${sym%% *}
			grep -q "^$sym=" "$cfg" || continue ;;
		*) continue ;;
		esac
		log "MISSING: wanted '$line', got '$(grep -E "^(# )?${sym}[= ]" "$cfg" || echo unset)'"
		missing=1
	done < <(cat "${fragments[@]}")
	return "$missing"
}

build() {
	local start=$SECONDS src=$dir/src obj=$dir/build

	if [ ! -d "$src" ]; then
		log "extracting $tarball"
		rm -rf "$dir/src.tmp"
		mkdir -p "$dir/src.tmp"
		tar -I "xz -T0" -xf "$tarball" -C "$dir/src.tmp" --strip-components=1
		mv "$dir/src.tmp" "$src"
	fi

	log "configuring $flavor in $obj"
	mkdir -p "$obj"
	make -s -C "$src" O="$obj" tinyconfig >&2
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" "${fragments[@]}" >"$obj/merge_config.log"
	make -s -C "$src" O="$obj" olddefconfig >&2
	check_config "$obj/.config" ||
		die "config fragment options missing from $obj/.config"

	log "building bzImage and modules with $(nproc) jobs"
	# KCSAN: the kernel itself is built uninstrumented (KCSAN_SANITIZE=n
	# on the command line overrides every Makefile), so that only the
	# modules built against it later (lfprim.ko, the test module) are:
	# the lane reports races in lfprim's code, not the kernel's own
	# (kernfs and the VFS race benignly under the sysfs hammers).
	local extra=()
	[ "$flavor" = kcsan ] && extra=(KCSAN_SANITIZE=n)
	make -s -C "$src" O="$obj" -j"$(nproc)" "${extra[@]}" \
		bzImage modules modules_prepare >&2

	touch "$dir/.complete"
	log "built $flavor kernel in $((SECONDS - start)) s"
}

exec 9>"$dir.lock"
if ! flock -n 9; then
	log "waiting for another build of $dir"
	flock 9
fi
if [ -e "$dir/.complete" ]; then
	log "using cached $dir"
else
	build
fi
echo "$dir"
