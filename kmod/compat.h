/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel API differences lfprim.ko meets between the kernels it builds
 * against: Debian's 6.1, the 6.12 test kernels and newer mainline.  The
 * module's code is written with the newest kernel spelling; this header
 * supplies it on the kernels that lack it.  Only what the module uses and
 * what really differs has an entry, each with the version that changed it;
 * everything else the module and its test module call is spelt the same
 * from 6.1 to current mainline.
 *
 * Decisions are made here only: by LINUX_VERSION_CODE, or, where a change
 * was also backported to stable trees, by a probe of the kernel's headers
 * in kmod/Kbuild that defines LFP_HAVE_<what>.
 */
#ifndef _LFPRIM_KMOD_COMPAT_H
#define _LFPRIM_KMOD_COMPAT_H

#include <linux/sysfs.h>
#include <linux/version.h>
#include <linux/workqueue.h>

/*
 * system_dfl_wq: 6.17 named the unbound system workqueue system_dfl_wq;
 * system_unbound_wq stays only until its users are converted.  6.12.y
 * stable has the new name too (6.12.117 does), so the Kbuild probe
 * decides, not the version.
 */
#ifndef LFP_HAVE_SYSTEM_DFL_WQ
#define system_dfl_wq system_unbound_wq
#endif

/*
 * Binary sysfs attributes: 6.16 made bin_attribute's read() take a
 * const struct bin_attribute * and attribute_group's bin_attrs a
 * const struct bin_attribute *const * (6.13 to 6.15 had const-taking
 * read_new() and bin_attrs_new beside the old members).  LFP_BIN_ATTR_CONST
 * is const where the kernel takes const, and nothing before.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
#define LFP_BIN_ATTR_CONST const
#else
#define LFP_BIN_ATTR_CONST
#endif

#endif /* _LFPRIM_KMOD_COMPAT_H */
