/* SPDX-License-Identifier: GPL-2.0-only */
/* The in-kernel benchmark runner, as main.c sees it (see bench.c). */
#ifndef _LFPRIM_KMOD_BENCH_H
#define _LFPRIM_KMOD_BENCH_H

#include <linux/sysfs.h>

extern const struct attribute_group lfp_bench_group;

/*
 * The built-in pcount (main.c, /sys/kernel/lfprim/pcount/): a run's
 * pcount scenarios fold at its batch.
 */
struct lfp_pcount;
extern struct lfp_pcount lfp_builtin_pcount;

int lfp_bench_init(void);
void lfp_bench_exit(void);

#endif /* _LFPRIM_KMOD_BENCH_H */
