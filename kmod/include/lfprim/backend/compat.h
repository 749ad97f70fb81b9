/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The names the shared code (include/lfprim/core/, selftests/cases/) uses
 * for generic helpers, spelt with the lfprim prefix so that the user-space
 * headers never define the generic names in a program: the kernel's own.
 */
#ifndef _LFPRIM_BACKEND_COMPAT_H
#define _LFPRIM_BACKEND_COMPAT_H

#include <linux/container_of.h>
#include <linux/kernel.h>

#define lfp_container_of	container_of
#define LFP_ARRAY_SIZE		ARRAY_SIZE

#endif /* _LFPRIM_BACKEND_COMPAT_H */
