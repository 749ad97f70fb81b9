#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# /init of the lfprim test initramfs (busybox sh; see mkinitramfs.sh).
#
# Mounts the pseudo filesystems, exports every LFPRIM_*=value word of the
# kernel command line, runs /lfprim/guest.sh, prints
# "LFPRIM-VM-RESULT rc=<N>" and powers the machine off.
#
# No "set -e": init must always reach the power-off at the end.
set -u
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
[ -d /sys/kernel/debug ] && mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp

echo "LFPRIM-VM: booted"

read -r cmdline </proc/cmdline
for word in $cmdline; do
	case "$word" in
	LFPRIM_*=*) export "${word?}" ;;
	esac
done

if [ -f /lfprim/guest.sh ]; then
	cd /lfprim && sh /lfprim/guest.sh
	rc=$?
	cd /
else
	echo "LFPRIM-VM: error: /lfprim/guest.sh missing"
	rc=127
fi

echo "LFPRIM-VM-RESULT rc=$rc"
sync
sleep 1		# let the serial port drain
poweroff -f
echo o >/proc/sysrq-trigger
sleep 10
