#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# DKMS POST_BUILD (kmod/dkms.conf.in): keep the Module.symvers of the build,
# which DKMS's clean deletes, for modules building on lfprim.ko (README,
# "Building on lfprim from another module"): as SRC/Module.symvers (the
# kernel built last) and SRC/symvers/KERNELVER/Module.symvers (one per
# kernel; with CONFIG_MODVERSIONS their CRCs differ between kernels).
# Runs in DKMS's build directory.
#
# Usage: dkms-post-build.sh KERNELVER SRC
set -eu

kver=${1:?usage: dkms-post-build.sh KERNELVER SRC}
src=${2:?usage: dkms-post-build.sh KERNELVER SRC}

install -D -m 0644 Module.symvers "$src/symvers/$kver/Module.symvers"
install -m 0644 Module.symvers "$src/Module.symvers"
echo "lfprim: Module.symvers for $kver kept in $src"
