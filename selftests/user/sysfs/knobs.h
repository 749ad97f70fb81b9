/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The numeric knobs of lfprim.ko: one row per writable number (a file
 * under /sys/kernel/lfprim/, a module parameter, or both), with its range
 * from the contract headers.  sysfs/knobs.c checks every row the same way.
 */
#ifndef LFPRIM_SYSFS_KNOBS_H
#define LFPRIM_SYSFS_KNOBS_H

#include <limits.h>
#include <lfprim/batch.h>
#include <lfprim/dropq.h>
#include <lfprim/group.h>
#include <lfprim/pcount.h>
#include <lfprim/sampler.h>
#include <lfprim/core/bench_limits.h>

enum knob_kind {
	KNOB_UINT,	/* kstrtouint(), base 0 */
	KNOB_U64,	/* kstrtou64(), base 0 */
	KNOB_S64,	/* kstrtos64(), base 0 */
	KNOB_LIST,	/* comma-separated decimal unsigned ints */
};

struct knob {
	const char *file;	/* under ROOT; NULL: a parameter only */
	const char *param;	/* the module parameter setting it, or NULL */
	enum knob_kind kind;
	long long lo;		/* smallest accepted value */
	unsigned long long hi;	/* largest accepted value, unless hi_file */
	const char *hi_file;	/* under ROOT: holds the largest value */
	/*
	 * Set for a file whose write acts (adds, records, starts) instead of
	 * storing a value: lo and hi are not written, and this file (under
	 * ROOT) must read back unchanged after a rejected write.
	 */
	const char *action_state;
	/*
	 * A row whose parameter follows its file (param_follows_knob): the
	 * load-time default the parameter shows, a value its file takes,
	 * and a write the file refuses (with follow_err).
	 */
	const char *follow_default, *follow_value, *follow_bad;
	int follow_err;
};

#define FOLLOW(d, v, b, e)						\
	.follow_default = d, .follow_value = v, .follow_bad = b, .follow_err = e

#define KNOB(f, p, k, l, h, ...)					\
	{ .file = f, .param = p, .kind = k, .lo = l, .hi = h, __VA_ARGS__ }

static const struct knob knobs[] = {
	KNOB("pcount/batch", "pcount_batch", KNOB_UINT, 1, LFP_PCOUNT_BATCH_MAX,
	     FOLLOW("1024", "77", "0", ERANGE)),
	KNOB("pcount/add", NULL, KNOB_S64, LLONG_MIN + 1, LLONG_MAX,
	     .action_state = "pcount/sum"),
	KNOB("snap/value", "snap_value", KNOB_U64, 0, ULLONG_MAX,
	     FOLLOW("0", "18446744073709551615", "x", EINVAL)),
	KNOB("seqstat/record", NULL, KNOB_U64, 0, ULLONG_MAX,
	     .action_state = "seqstat/snapshot"),
	KNOB("sampler/ppm", "sampler_ppm", KNOB_UINT, 0, LFP_SAMPLER_PPM_MAX,
	     FOLLOW("0", "1234", "1000001", ERANGE)),
	KNOB("dropq/capacity", "dropq_capacity", KNOB_UINT, 1, LFP_DROPQ_CAP_MAX,
	     FOLLOW("256", "9", "1048577", ERANGE)),
	KNOB("group/limit", NULL, KNOB_UINT, 1, LFP_GROUP_LIMIT_MAX),
	KNOB("batch/max_items", NULL, KNOB_UINT, 1, 0, .hi_file = "batch/capacity"),
	KNOB("batch/max_delay_ms", NULL, KNOB_UINT, 1, LFP_BATCH_DELAY_MAX),
	KNOB("pubsub/subscribe", NULL, KNOB_UINT, 1, LFP_DROPQ_CAP_MAX,
	     .action_state = "pubsub/subs"),
	KNOB("bench/threads", "bench_threads", KNOB_LIST, 1, LFP_BENCH_MAX_THREADS),
	KNOB("bench/read_pct", "bench_read_pct", KNOB_LIST, 0, LFP_BENCH_MAX_PCT),
	KNOB("bench/duration_ms", "bench_duration_ms", KNOB_UINT, 1, LFP_BENCH_MAX_MS),
	KNOB("bench/runs", "bench_runs", KNOB_UINT, 1, LFP_BENCH_MAX_RUNS),
	KNOB("bench/sflight_us", "bench_sflight_us", KNOB_UINT, 1,
	     LFP_BENCH_MAX_SFLIGHT_US),
	KNOB("bench/run", NULL, KNOB_UINT, 0, 1, .action_state = "bench/run"),
};

#endif /* LFPRIM_SYSFS_KNOBS_H */
