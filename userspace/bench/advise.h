/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lfprim-advise's parts: the tree and its questions (advise_tree.c), the
 * measurements (advise_measure.c), the command line (lfprim-advise.c).
 */
#ifndef _LFPRIM_ADVISE_H
#define _LFPRIM_ADVISE_H

#include <stdio.h>

#define LFP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum shape {
	SH_VALUE, SH_COUNTER, SH_STATS, SH_MAP, SH_QUEUE, SH_SIGNAL,
	SH_DEDUPE, SH_TASKS, SH_BATCH, SH_FANOUT, SH_SAMPLE, SH_NR
};

/* What each shape is, and the benchmark row that measures its answer. */
struct advise_shape {
	const char *name;
	const char *what;
	const char *row;	/* NULL: no scenario measures it */
	const char *lock_row;	/* the crossover's other side, if a ratio */
};

extern const struct advise_shape shapes[SH_NR];

/* Yes/no answers: unknown until given. */
enum yn { YN_UNSET = -1, YN_NO = 0, YN_YES = 1 };

struct workload {
	int shape;		/* -1 until given */
	int threads;		/* 0 until given */
	double rpw;		/* reads per write; < 0 until given */
	enum yn together, stale_ok, cancel, per_waiter, drop;
};

struct rule {
	const char *id;
	const char *primitive;	/* lfprim name, or mutex/rwlock/atomic/condvar/none */
	const char *replaces;
	const char *rule;
};

enum {
	R_SINGLE, R_VALUE_SNAP, R_VALUE_RWLOCK, R_VALUE_MUTEX,
	R_COUNTER_PCOUNT, R_COUNTER_ATOMIC, R_STATS_SEQSTAT, R_STATS_SNAP,
	R_STATS_PCOUNT, R_MAP_RMAP, R_MAP_MUTEX, R_QUEUE_DROPQ, R_QUEUE_MUTEX,
	R_SIGNAL_EVENT, R_SIGNAL_CONDVAR, R_DEDUPE_SFLIGHT, R_TASKS_GROUP,
	R_BATCH_BATCH, R_BATCH_MUTEX, R_FANOUT_PUBSUB, R_FANOUT_MUTEX,
	R_SAMPLE_SAMPLER, R_NR
};

extern const struct rule rules[R_NR];

enum q { Q_THREADS, Q_RPW, Q_TOGETHER, Q_STALE, Q_FULL, Q_PERWAITER, Q_CANCEL };

extern const char *const qflag[];

/* The leaf of the tree for @w, every question it needs answered. */
int decide(const struct workload *w);
/* Is question @q still open for @w? */
int open_q(const struct workload *w, enum q q);
/* Apply answer @a to question @q (-1: the shape); -EINVAL if not one. */
int answer(struct workload *w, int q, const char *a);
/* Ask @q on stderr until stdin answers it; -EIO at end of input. */
int ask(struct workload *w, int q);
/* @s as a JSON string. */
void json_str(FILE *f, const char *s);
/*
 * Measure @w's benchmark family in @worlds (bit 0 user, bit 1 kernel),
 * @ms per run, @runs runs, printing to @f; 0, or 1 if a run failed.
 */
int measure(const struct workload *w, unsigned int worlds, unsigned int ms,
	    unsigned int runs, int json, FILE *f);

#define KBENCH "/sys/kernel/lfprim/bench"

#endif /* _LFPRIM_ADVISE_H */
