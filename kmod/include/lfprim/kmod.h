/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lfprim.ko's symbol namespace, for modules that call it.  Every symbol
 * lfprim.ko exports is in the namespace LFPRIM; a module that calls one
 * must import it, or modpost refuses the build (and the kernel the load):
 *
 *   #include <lfprim/kmod.h>
 *   LFP_IMPORT_NS();
 *
 * LFP_IMPORT_NS() is what MODULE_IMPORT_NS(LFPRIM) (before 6.13, a bare
 * token the macro stringifies) and MODULE_IMPORT_NS("LFPRIM") (since 6.13,
 * a string literal) both expand to, so it is right on every kernel.
 */
#ifndef _LFPRIM_KMOD_H
#define _LFPRIM_KMOD_H

#include <linux/module.h>

#define LFP_IMPORT_NS()	MODULE_INFO(import_ns, "LFPRIM")

#endif /* _LFPRIM_KMOD_H */
