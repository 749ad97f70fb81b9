// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-advise's decision tree: the shapes of shared state, the leaves
 * (a primitive, what it replaces, the rule that decides it), and the
 * questions each shape needs answered.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lfprim/backend/kstrto.h>
#include <lfprim/core/parse.h>

#include "advise.h"

/* What each shape is, and the benchmark row that measures its answer. */
const struct advise_shape shapes[SH_NR] = {
	[SH_VALUE]   = { "value", "one value (a config, a pointer to a struct) read on hot paths, replaced wholesale by writers",
			 "snap-read", "rwlock-read" },
	[SH_COUNTER] = { "counter", "a statistics counter bumped on hot paths",
			 "pcount-add", NULL },
	[SH_STATS]   = { "stats", "a few numbers updated and read together",
			 "seqstat-read", "snap-stat-read" },
	[SH_MAP]     = { "map", "a keyed table looked up on hot paths",
			 "rmap-lookup", "rwlock-map-lookup" },
	[SH_QUEUE]   = { "queue", "work handed from producers to consumers",
			 "dropq-push", NULL },
	[SH_SIGNAL]  = { "signal", "waiters waiting for something to happen",
			 NULL, NULL },
	[SH_DEDUPE]  = { "dedupe", "an expensive fill (a cache miss) that many callers may ask for at once",
			 "sflight-hit", NULL },
	[SH_TASKS]   = { "tasks", "parallel tasks started by one owner, waited for together",
			 "group-go", NULL },
	[SH_BATCH]   = { "batch", "items collected and flushed by size or time",
			 NULL, NULL },
	[SH_FANOUT]  = { "fanout", "messages delivered to several independent consumers",
			 "pubsub-publish", NULL },
	[SH_SAMPLE]  = { "sample", "a sampling decision on every call, its rate changed rarely",
			 "sampler-hit", NULL },
};

const struct rule rules[R_NR] = {
	[R_SINGLE] = { "single-owner", "none", "any lock or atomic",
		"Is the primitive necessary at all? State touched by one thread needs no synchronization: give it one owner." },
	[R_VALUE_SNAP] = { "read-mostly-snapshot", "snap", "a rwlock or mutex around the value",
		"When reads massively dominate (beyond 100 reads per write), a pointer to an immutable snapshot beats any flavour of lock: readers take no lock and write nothing shared." },
	[R_VALUE_RWLOCK] = { "rwlock-band", "rwlock", "a mutex around the value",
		"Between 10 and 100 reads per write a rwlock helps; the snapshot pattern wins beyond that (measure the crossover with --measure)." },
	[R_VALUE_MUTEX] = { "write-heavy-mutex", "mutex", "-",
		"Reads not much above writes (under 10 per write): a plain mutex is fine, and lighter to reason about." },
	[R_COUNTER_PCOUNT] = { "hot-counter-shards", "pcount", "one shared atomic counter",
		"A counter bumped on hot paths and read only for reporting: shard it per CPU so that writers share no cache line; read the sum when reporting." },
	[R_COUNTER_ATOMIC] = { "read-often-atomic", "atomic", "a mutex around the counter",
		"A counter read as often as it is written, exactly: one atomic for one value (the second reach); shards would make every read a sum." },
	[R_STATS_SEQSTAT] = { "fields-move-together", "seqstat", "two atomics that must move together",
		"Two values that must move together must not live in separate atomics: readers see torn pairs. Written often, they belong under one sequence count, read without blocking the writer." },
	[R_STATS_SNAP] = { "fields-move-together-rarely-written", "snap", "two atomics that must move together",
		"Two values that must move together must not live in separate atomics; written rarely, pack them into one immutable struct behind one pointer." },
	[R_STATS_PCOUNT] = { "independent-counters", "pcount", "shared atomic counters",
		"Fields that need not agree with each other are independent counters: shard each one." },
	[R_MAP_RMAP] = { "read-mostly-map", "rmap", "a map under a rwlock, or sync.Map",
		"A table read far more than written (10 or more reads per write): lock-free lookups, writers serialised, old values freed after a grace period." },
	[R_MAP_MUTEX] = { "write-heavy-map", "mutex", "-",
		"A table written about as often as read does not fit a read-mostly map: keep map + mutex (shard it by key if it is contended)." },
	[R_QUEUE_DROPQ] = { "bounded-drop-count", "dropq", "an unbounded queue, or one that blocks producers",
		"A queue bounded only by memory is not bounded: give it a capacity and a drop policy with a metric on drops." },
	[R_QUEUE_MUTEX] = { "backpressure-blocks", "mutex", "-",
		"A producer that must block when the queue is full needs back-pressure: a bounded queue under a mutex and a condition variable (lfprim's queues never block a producer). Make sure every blocked producer can be cancelled." },
	[R_SIGNAL_EVENT] = { "one-shot-broadcast", "event", "a flag and a condition variable",
		"Could this condition variable be a closed channel? Usually yes: one event fired once wakes every waiter, and waits take a timeout and a cancel event." },
	[R_SIGNAL_CONDVAR] = { "dynamic-waiter-predicates", "condvar", "-",
		"A condition variable is right only for a dynamic set of waiters, each re-checking its own predicate after every wake-up (wait in a predicate loop)." },
	[R_DEDUPE_SFLIGHT] = { "thundering-herd", "sflight", "a mutex around the cache miss",
		"A cache miss with thundering-herd potential: concurrent callers for one key share one call of the fill (singleflight)." },
	[R_TASKS_GROUP] = { "bounded-parallelism", "group", "a thread per task, or a hand-rolled pool",
		"Bounded parallelism with error propagation: a task group with a limit, the first error cancelling the rest, one wait for all." },
	[R_BATCH_BATCH] = { "flush-on-size-or-time", "batch", "a thread per batch, or ad-hoc timers",
		"Collect and flush on size or time; an add that would block must drop with a metric instead." },
	[R_BATCH_MUTEX] = { "batch-backpressure", "mutex", "-",
		"A batcher whose callers must wait when it is full needs back-pressure: a buffer under a mutex with a condition variable, and cancellation for every waiter." },
	[R_FANOUT_PUBSUB] = { "channel-per-subscriber", "pubsub", "callbacks invoked under a mutex",
		"One-to-many event distribution with independent consumers: a bounded queue per subscriber, a publish that takes no lock, slow subscribers drop." },
	[R_FANOUT_MUTEX] = { "lockstep-fanout", "mutex", "-",
		"Subscribers that must each see every message, publishers waiting for the slowest: deliver under a lock (or a blocking queue per subscriber)." },
	[R_SAMPLE_SAMPLER] = { "rate-read-every-call", "sampler", "a rate read under a mutex",
		"A setting read on every call and changed rarely: one atomic load, no lock on the hot path." },
};

/* The tree: the leaf for @w, every question it needs already answered. */
int decide(const struct workload *w)
{
	if (w->threads == 1)
		return R_SINGLE;
	switch (w->shape) {
	case SH_VALUE:
		if (w->rpw >= 100)
			return R_VALUE_SNAP;
		return w->rpw >= 10 ? R_VALUE_RWLOCK : R_VALUE_MUTEX;
	case SH_COUNTER:
		if (w->rpw < 1 || w->stale_ok == YN_YES)
			return R_COUNTER_PCOUNT;
		return R_COUNTER_ATOMIC;
	case SH_STATS:
		if (w->together == YN_NO)
			return R_STATS_PCOUNT;
		return w->rpw >= 100 ? R_STATS_SNAP : R_STATS_SEQSTAT;
	case SH_MAP:
		return w->rpw >= 10 ? R_MAP_RMAP : R_MAP_MUTEX;
	case SH_QUEUE:
		return w->drop == YN_YES ? R_QUEUE_DROPQ : R_QUEUE_MUTEX;
	case SH_SIGNAL:
		return w->per_waiter == YN_YES ? R_SIGNAL_CONDVAR : R_SIGNAL_EVENT;
	case SH_DEDUPE:
		return R_DEDUPE_SFLIGHT;
	case SH_TASKS:
		return R_TASKS_GROUP;
	case SH_BATCH:
		return w->drop == YN_YES ? R_BATCH_BATCH : R_BATCH_MUTEX;
	case SH_FANOUT:
		return w->drop == YN_YES ? R_FANOUT_PUBSUB : R_FANOUT_MUTEX;
	default:
		return R_SAMPLE_SAMPLER;
	}
}
/* ---- questions ---- */

const char *const qflag[] = {
	[Q_THREADS] = "--threads", [Q_RPW] = "--reads-per-write",
	[Q_TOGETHER] = "--together", [Q_STALE] = "--stale-ok",
	[Q_FULL] = "--full", [Q_PERWAITER] = "--per-waiter",
	[Q_CANCEL] = "--cancel",
};

static const char *const qtext[] = {
	[Q_THREADS] = "How many threads touch it at once? (a number)",
	[Q_RPW] = "How many reads per write? (a number, e.g. 1000, 0.1, or inf)",
	[Q_TOGETHER] = "Must several fields move together, read as one consistent set? (yes/no)",
	[Q_STALE] = "May a read be slightly stale (an approximate value)? (yes/no)",
	[Q_FULL] = "When it is full, must the producer block, or drop and count? (block/drop)",
	[Q_PERWAITER] = "Does each waiter wait for its own condition, re-checked after each wake-up? (yes/no)",
	[Q_CANCEL] = "Do waiters need a timeout or a cancel path? (yes/no)",
};

int open_q(const struct workload *w, enum q q)
{
	int s = w->shape;

	switch (q) {
	case Q_THREADS:
		return !w->threads;
	case Q_RPW:
		if (w->rpw >= 0 || w->threads == 1)
			return 0;
		return s == SH_VALUE || s == SH_MAP || s == SH_COUNTER ||
		       (s == SH_STATS && w->together == YN_YES);
	case Q_TOGETHER:
		return s == SH_STATS && w->threads != 1 && w->together == YN_UNSET;
	case Q_STALE:
		return s == SH_COUNTER && w->threads != 1 && w->rpw >= 1 &&
		       w->stale_ok == YN_UNSET;
	case Q_FULL:
		return (s == SH_QUEUE || s == SH_BATCH || s == SH_FANOUT) &&
		       w->threads != 1 && w->drop == YN_UNSET;
	case Q_PERWAITER:
		return s == SH_SIGNAL && w->threads != 1 &&
		       w->per_waiter == YN_UNSET;
	case Q_CANCEL:
		/* Not a branch: it adds a note to signal and tasks. */
		return 0;
	}
	return 0;
}

static int parse_yn(const char *s, enum yn *out)
{
	if (!strcmp(s, "yes") || !strcmp(s, "y")) {
		*out = YN_YES;
		return 0;
	}
	if (!strcmp(s, "no") || !strcmp(s, "n")) {
		*out = YN_NO;
		return 0;
	}
	return -EINVAL;
}

static int parse_full(const char *s, enum yn *drop)
{
	if (!strcmp(s, "drop")) {
		*drop = YN_YES;
		return 0;
	}
	if (!strcmp(s, "block")) {
		*drop = YN_NO;
		return 0;
	}
	return -EINVAL;
}

/* A ratio: a plain non-negative decimal number, or "inf". */
static int parse_rpw(const char *s, double *out)
{
	char *end;
	double v;

	if (!strcmp(s, "inf")) {
		*out = INFINITY;
		return 0;
	}
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !isfinite(v))
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_shape(const char *s)
{
	int i;

	for (i = 0; i < SH_NR; i++)
		if (!strcmp(s, shapes[i].name))
			return i;
	return -1;
}

static int parse_threads(const char *s, int *out)
{
	unsigned int v;

	if (lfp_parse_uint(s, 1, 4096, &v))
		return -EINVAL;
	*out = v;
	return 0;
}

/* Apply answer @a to question @q (the shape is Q_NR's "-1"). */
int answer(struct workload *w, int q, const char *a)
{
	switch (q) {
	case -1:
		w->shape = parse_shape(a);
		return w->shape < 0 ? -EINVAL : 0;
	case Q_THREADS:
		return parse_threads(a, &w->threads);
	case Q_RPW:
		return parse_rpw(a, &w->rpw);
	case Q_TOGETHER:
		return parse_yn(a, &w->together);
	case Q_STALE:
		return parse_yn(a, &w->stale_ok);
	case Q_FULL:
		return parse_full(a, &w->drop);
	case Q_PERWAITER:
		return parse_yn(a, &w->per_waiter);
	case Q_CANCEL:
		return parse_yn(a, &w->cancel);
	}
	return -EINVAL;
}

int ask(struct workload *w, int q)
{
	char line[128];
	size_t n;
	int i;

	for (;;) {
		if (q < 0) {
			fprintf(stderr, "What is shared?\n");
			for (i = 0; i < SH_NR; i++)
				fprintf(stderr, "  %-8s %s\n", shapes[i].name,
					shapes[i].what);
			fprintf(stderr, "shape> ");
		} else {
			fprintf(stderr, "%s\n%s> ", qtext[q], qflag[q] + 2);
		}
		if (!fgets(line, sizeof(line), stdin)) {
			fprintf(stderr, "\n");
			return -EIO;
		}
		n = strlen(line);
		while (n && isspace((unsigned char)line[n - 1]))
			line[--n] = 0;
		if (!answer(w, q, line))
			return 0;
		fprintf(stderr, "lfprim-advise: '%s' is not an answer\n", line);
	}
}
