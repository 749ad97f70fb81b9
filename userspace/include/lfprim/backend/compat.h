/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Small user-space stand-ins for the kernel helpers the shared headers use.
 */
#ifndef _LFPRIM_BACKEND_COMPAT_H
#define _LFPRIM_BACKEND_COMPAT_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#ifndef LFP_CACHELINE
#define LFP_CACHELINE 64
#endif

/* Aligns a member to a cache line; C and C++ both take it (not _Alignas). */
#define lfp_cacheline_aligned	__attribute((aligned(LFP_CACHELINE)))

/*
 * Generic helpers under lfprim's own names: a program that includes lfprim
 * keeps the generic names (container_of, ARRAY_SIZE) to itself.
 */
#define LFP_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define lfp_likely(x)	__builtin_expect(!!(x), 1)
#define lfp_unlikely(x)	__builtin_expect(!!(x), 0)

/* Zero for a member aggregate in a static initializer, C and C++ alike. */
#ifdef __cplusplus
#define __LFP_ZERO	{}
#else
#define __LFP_ZERO	{ 0 }
#endif

/* The liveness word of a live object (its init stores it; static initializers too). */
#define __LFP_LIVE	0x4c495645U	/* "LIVE" */

#define lfp_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif /* _LFPRIM_BACKEND_COMPAT_H */
