/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lfprim-bench's floor row for group-go: handoff-4, the least a task
 * costs when it runs on a thread other than its caller's, four in flight.
 * Included by lfprim-bench.c only.
 *
 * Every benchmark thread gets four partner threads, made on its first
 * call so that they inherit its CPU, as group-go's workers do (the runner
 * pins each benchmark thread to one CPU).  A partner takes one task at a
 * time: the benchmark thread waits until the partner it posts to next has
 * finished its previous task, then posts; the partner runs the task (a
 * relaxed counter increment, group-go's trivial task) and marks it done.
 * Both sides wait with sched_yield(), which on a shared CPU hands it over
 * at once.  There is no lock, futex, admission, cancel or error: nothing
 * of what group adds to running a task on a pool thread.  On one CPU a
 * round of four tasks costs at least five switches (to each partner and
 * back), so group-go / handoff-4 is group's tax over that floor.
 */
#ifndef _LFPRIM_BENCH_HANDOFF_ROWS_H
#define _LFPRIM_BENCH_HANDOFF_ROWS_H

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BENCH_HANDOFF_N		4

/*
 * One partner: @posted counts the tasks the benchmark thread gave it,
 * @done those it ran; @stop ends it.  Release stores and acquire loads
 * hand each task (and, back, its completion) over.
 */
struct bench_partner {
	_Alignas(LFP_CACHELINE) unsigned long posted;
	unsigned long done;
	int stop;
	pthread_t tid;
	unsigned long *ran;
};

/* @ran: tasks run by the partners; @next: the partner posted to next. */
struct bench_handoff_thread {
	_Alignas(LFP_CACHELINE) unsigned long ran;
	struct bench_partner p[BENCH_HANDOFF_N];
	unsigned long next;
	int started;
};

struct bench_handoff {
	unsigned int nthreads;
	struct bench_handoff_thread th[];
};

static void *bench_partner_fn(void *arg)
{
	struct bench_partner *p = arg;
	unsigned long done = 0;

	for (;;) {
		while (__atomic_load_n(&p->posted, __ATOMIC_ACQUIRE) == done) {
			if (__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE))
				return NULL;
			sched_yield();
		}
		__atomic_fetch_add(p->ran, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&p->done, ++done, __ATOMIC_RELEASE);
	}
}

static int handoff_init(void **ctx, const struct lfp_bench_args *args)
{
	struct bench_handoff *b;

	b = lfpb_alloc(sizeof(*b) + args->nthreads * sizeof(b->th[0]));
	if (!b)
		return -ENOMEM;
	b->nthreads = args->nthreads;
	*ctx = b;
	return 0;
}

static void handoff_cleanup(void *ctx)
{
	struct bench_handoff *b = ctx;
	struct bench_handoff_thread *th;
	unsigned int i, j;

	for (i = 0; i < b->nthreads; i++) {
		th = &b->th[i];
		if (!th->started)
			continue;
		for (j = 0; j < BENCH_HANDOFF_N; j++)
			__atomic_store_n(&th->p[j].stop, 1, __ATOMIC_RELEASE);
		for (j = 0; j < BENCH_HANDOFF_N; j++)
			pthread_join(th->p[j].tid, NULL);
	}
	lfpb_free(b);
}

/* On the benchmark thread's first call: its partners, on its CPU. */
static void handoff_start(struct bench_handoff_thread *th)
{
	unsigned int j;
	int ret;

	for (j = 0; j < BENCH_HANDOFF_N; j++) {
		th->p[j].ran = &th->ran;
		ret = pthread_create(&th->p[j].tid, NULL, bench_partner_fn,
				     &th->p[j]);
		if (ret) {
			fprintf(stderr, "lfprim-bench: handoff-4: pthread_create: %s\n",
				strerror(ret));
			exit(1);
		}
	}
	th->started = 1;
}

static void handoff_run(void *ctx, struct lfp_bench_thread *t,
			unsigned long loops)
{
	struct bench_handoff *b = ctx;
	struct bench_handoff_thread *th = &b->th[t->id];
	struct bench_partner *p;

	if (!th->started)
		handoff_start(th);
	while (loops--) {
		p = &th->p[th->next++ % BENCH_HANDOFF_N];
		/* Only this thread posts: @posted is its own to read. */
		while (__atomic_load_n(&p->done, __ATOMIC_ACQUIRE) != p->posted)
			sched_yield();
		__atomic_store_n(&p->posted, p->posted + 1, __ATOMIC_RELEASE);
	}
}

static const struct lfp_bench_scenario bench_sc_handoff4 = {
	.name		= "handoff-4",
	.family		= "floor",
	.init		= handoff_init,
	.read_section	= handoff_run,
	.cleanup	= handoff_cleanup,
};

#endif /* _LFPRIM_BENCH_HANDOFF_ROWS_H */
