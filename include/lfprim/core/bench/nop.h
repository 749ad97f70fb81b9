/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The empty scenario: a section that is a loop of @loops empty iterations
 * (a compiler barrier each, so the loop is kept).  Its ns/op is what the
 * harness itself costs per operation, to be read against every other
 * row.  A row of the table in <lfprim/core/bench/all.h>; see
 * <lfprim/core/bench.h> for what a scenario is and what the includer
 * provides.
 */
#ifndef _LFPRIM_CORE_BENCH_NOP_H
#define _LFPRIM_CORE_BENCH_NOP_H

#include <lfprim/core/bench.h>

static int lfp_bench_nop_init(void **ctx, const struct lfp_bench_args *args)
{
	*ctx = NULL;
	return 0;
}

static void lfp_bench_nop_cleanup(void *ctx)
{
}

static void lfp_bench_nop_section(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	while (loops--)
		lfpb_barrier();
}

static const struct lfp_bench_scenario lfp_bench_sc_nop = {
	.name		= "nop",
	.family		= "harness",
	.init		= lfp_bench_nop_init,
	.read_section	= lfp_bench_nop_section,
	.cleanup	= lfp_bench_nop_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_NOP_H */
