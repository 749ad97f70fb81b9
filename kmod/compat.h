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

#include <linux/export.h>
#include <linux/sysfs.h>
#include <linux/version.h>
#include <linux/workqueue.h>

#include <lfprim/kmod.h>

/*
 * Exports: every symbol of lfprim.ko is in the namespace LFPRIM (modules
 * import it with LFP_IMPORT_NS() of <lfprim/kmod.h>).  6.13 made the
 * namespace argument of EXPORT_SYMBOL_NS_GPL() a string literal, a bare
 * token before; stable trees kept the token (6.12.y does), so the version
 * decides.  LFP_EXPORT_PER_CPU() is EXPORT_PER_CPU_SYMBOL_GPL() in the
 * namespace (which that macro has no variant for).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define LFP_EXPORT(sym)		EXPORT_SYMBOL_NS_GPL(sym, "LFPRIM")
#else
#define LFP_EXPORT(sym)		EXPORT_SYMBOL_NS_GPL(sym, LFPRIM)
#endif
#define LFP_EXPORT_PER_CPU(var)	LFP_EXPORT(var)

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
