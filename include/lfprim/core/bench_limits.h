/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The limits of the benchmark runner's settings (both worlds, and the
 * module's bench files and parameters), apart from the runner itself
 * (<lfprim/core/bench.h>) so that a program can check them without it.
 */
#ifndef _LFPRIM_CORE_BENCH_LIMITS_H
#define _LFPRIM_CORE_BENCH_LIMITS_H

#define LFP_BENCH_MAX_THREADS	256
#define LFP_BENCH_MAX_RUNS	51
#define LFP_BENCH_MAX_MS	60000
#define LFP_BENCH_MAX_PCT	100	/* read percentage: 0..100 */
#define LFP_BENCH_MAX_SCENARIOS	64	/* bits of lfp_bench_cfg.scenarios */
#define LFP_BENCH_MAX_LIST	16	/* entries of a threads/read_pct list */
#define LFP_BENCH_LINE_MAX	256
/* The stampede scenarios' slow function, in microseconds. */
#define LFP_BENCH_SFLIGHT_US_DEFAULT	20
#define LFP_BENCH_MAX_SFLIGHT_US	10000

#endif /* _LFPRIM_CORE_BENCH_LIMITS_H */
