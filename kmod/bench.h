/* SPDX-License-Identifier: GPL-2.0-only */
/* The in-kernel benchmark runner, and what it uses of the rest (bench.c). */
#ifndef _LFPRIM_KMOD_BENCH_H
#define _LFPRIM_KMOD_BENCH_H

/*
 * The built-in pcount (knobs/pcount.c, /sys/kernel/lfprim/pcount/): a
 * run's pcount scenarios fold at its batch.
 */
struct lfp_pcount;
extern struct lfp_pcount lfp_builtin_pcount;

#endif /* _LFPRIM_KMOD_BENCH_H */
