/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of group: every thread starts trivial tasks, at most
 * four of its own at once, through its own group (limit 4), against a new
 * thread per task (kernel: a kthread; user space: a pthread), four in
 * flight, the oldest joined before the next starts.  ns/op is per task
 * started, the task's run included once four are in flight.  Rows of the
 * table in <lfprim/core/bench/all.h>; see <lfprim/core/bench.h> for what
 * a scenario is and what the includer provides.
 */
#ifndef _LFPRIM_CORE_BENCH_GROUP_H
#define _LFPRIM_CORE_BENCH_GROUP_H

#include <lfprim/core/bench.h>
#include <lfprim/group.h>

#define LFP_BENCH_GROUP_LIMIT	4

/* What one benchmark thread starts its tasks with. */
struct lfp_bench_gr_thread {
	struct lfp_group g;
	struct lfpb_task tasks[LFP_BENCH_GROUP_LIMIT];
	int live[LFP_BENCH_GROUP_LIMIT];	/* tasks[i] is to be joined */
	unsigned long next;		/* thread-per-task: the next slot */
	struct lfpb_slot ran;		/* tasks that have run */
	int ginit;
};

struct lfp_bench_gr {
	unsigned int nthreads;
	struct lfp_bench_gr_thread th[];
};

static void lfp_bench_gr_task(void *arg)
{
	struct lfpb_slot *ran = arg;

	lfpb_slot_inc(ran);
}

static int lfp_bench_gr_fn(void *arg, struct lfp_event *cancel)
{
	lfp_bench_gr_task(arg);
	return 0;
}

static int lfp_bench_gr_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_bench_gr *b;
	unsigned int i;

	b = lfpb_alloc(sizeof(*b) + args->nthreads * sizeof(b->th[0]));
	if (!b)
		return -ENOMEM;
	b->nthreads = args->nthreads;
	for (i = 0; i < b->nthreads; i++) {
		if (lfp_group_init(&b->th[i].g, LFP_BENCH_GROUP_LIMIT))
			break;
		b->th[i].ginit = 1;
	}
	if (i < b->nthreads) {
		while (i--)
			lfp_group_destroy(&b->th[i].g);
		lfpb_free(b);
		return -ENOMEM;
	}
	*ctx = b;
	return 0;
}

static void lfp_bench_gr_cleanup(void *ctx)
{
	struct lfp_bench_gr *b = ctx;
	struct lfp_bench_gr_thread *th;
	unsigned int i, j;

	for (i = 0; i < b->nthreads; i++) {
		th = &b->th[i];
		lfp_group_wait(&th->g);
		lfp_group_destroy(&th->g);
		for (j = 0; j < LFP_BENCH_GROUP_LIMIT; j++)
			if (th->live[j])
				lfpb_task_join(&th->tasks[j]);
	}
	lfpb_free(b);
}

static void lfp_bench_group_go(void *ctx, struct lfp_bench_thread *t,
			       unsigned long loops)
{
	struct lfp_bench_gr *b = ctx;
	struct lfp_bench_gr_thread *th = &b->th[t->id];

	while (loops--)
		if (lfp_group_go(&th->g, lfp_bench_gr_fn, &th->ran,
				 LFP_WAIT_FOREVER, NULL))
			t->acc++;
}

static void lfp_bench_thread_per_task(void *ctx, struct lfp_bench_thread *t,
				      unsigned long loops)
{
	struct lfp_bench_gr *b = ctx;
	struct lfp_bench_gr_thread *th = &b->th[t->id];
	unsigned int i;

	while (loops--) {
		i = th->next++ % LFP_BENCH_GROUP_LIMIT;
		if (th->live[i])
			lfpb_task_join(&th->tasks[i]);
		th->live[i] = !lfpb_task_start(&th->tasks[i], lfp_bench_gr_task,
					       &th->ran);
		if (!th->live[i])
			t->acc++;
	}
}

static const struct lfp_bench_scenario lfp_bench_sc_group_go = {
	.name		= "group-go",
	.family		= "spawn",
	.replaces	= "thread-per-task",
	.init		= lfp_bench_gr_init,
	.read_section	= lfp_bench_group_go,
	.cleanup	= lfp_bench_gr_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_thread_per_task = {
	.name		= "thread-per-task",
	.family		= "spawn",
	.init		= lfp_bench_gr_init,
	.read_section	= lfp_bench_thread_per_task,
	.cleanup	= lfp_bench_gr_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_GROUP_H */
