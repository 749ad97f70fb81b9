// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the in-kernel benchmark */

static const struct path bench_paths[] = {
	PATH("bench_scenario", "bench/scenario", "snap-read", "pcount-add"),
	/* The result buffer is allocated by the first run after a load. */
	{ .name = "bench_run", .knob = "bench/run", .in = { "1" },
	  .lfprim_allocs = 1, .fresh = 1 },
};

static const struct fn_prim fn_prim_bench = {
	.params = "bench_scenario=snap-read bench_threads=1 bench_duration_ms=1 bench_runs=1",
	.load_params = "bench_autorun=1",
	.stop = "bench/run",
	FN_PATHS(bench_paths),
};
