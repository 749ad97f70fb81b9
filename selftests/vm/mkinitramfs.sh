#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Build a busybox initramfs for the lfprim test VM.
#
# Usage: mkinitramfs.sh OUT.cpio.gz PAYLOAD_DIR
#
# Image contents: /bin/busybox (busybox-static) plus applet symlinks,
# /init = init.sh, and PAYLOAD_DIR copied to /lfprim (which must provide
# guest.sh).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ $# -ne 2 ] || [ ! -d "$2" ]; then
	echo "usage: $0 OUT.cpio.gz PAYLOAD_DIR" >&2
	exit 2
fi
out=$1
payload=$2
busybox=/bin/busybox
[ -x "$busybox" ] ||
	{ echo "$0: $busybox missing (apt-get install busybox-static)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,dev,proc,sys,tmp,root,etc,lfprim,usr}
ln -s bin "$stage/sbin"
ln -s ../bin "$stage/usr/bin"
ln -s ../bin "$stage/usr/sbin"
cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done
# The kernel opens /dev/console before /init runs; init.sh mounts devtmpfs
# anyway, so a failing mknod (non-root) is harmless.
mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true
install -m 755 "$here/init.sh" "$stage/init"
cp -a "$payload/." "$stage/lfprim/"

(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet) | gzip -n >"$out.tmp"
mv "$out.tmp" "$out"
