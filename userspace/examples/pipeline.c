// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A worker pipeline: a producer feeds a bounded queue (lfprim dropq) that
 * never blocks it, a group of workers (lfprim group) drains the queue,
 * the group's cancel event stops the workers on the first error, and two
 * sharded counters (lfprim pcount) count what was processed and what was
 * dropped.
 *
 * Overload is handled by dropping, never by blocking the producer or by
 * growing the queue: a push into a full queue fails at once and the item
 * is counted as dropped.  Nothing is lost silently: at the end
 *
 *	processed + dropped == produced
 *
 * holds exactly, which the program checks for two runs: one where every
 * worker ends when the queue is closed and drained, and one where a
 * worker meets a bad item, returns an error, and so cancels the group: the
 * other workers stop at once (their pop returns -ECANCELED), the producer
 * stops producing, and the items still queued are dropped by the queue's
 * destroy.  It exits 0 when every check holds.
 *
 * Build: cc -O2 pipeline.c -o pipeline $(pkg-config --cflags --libs lfprim)
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lfprim/dropq.h>
#include <lfprim/event.h>
#include <lfprim/group.h>
#include <lfprim/pcount.h>

#define WORKERS		4
#define QUEUE_CAP	256
#define ITEMS		200000UL

struct pipeline {
	struct lfp_dropq queue;
	struct lfp_group workers;
	struct lfp_pcount processed;
	struct lfp_pcount dropped;
	uintptr_t bad_item;		/* 0: none */
};

/* Items are numbers 1 .. ITEMS carried in the pointer itself. */
static void *item_of(unsigned long i)
{
	return (void *)(uintptr_t)i;
}

/* A worker: pop until the queue is closed and empty, or cancelled. */
static int worker(void *arg, struct lfp_event *cancel)
{
	struct pipeline *p = arg;
	void *item;
	int ret;

	for (;;) {
		ret = lfp_dropq_pop(&p->queue, &item, LFP_WAIT_FOREVER, cancel);
		if (ret == -EPIPE || ret == -ECANCELED)
			return 0;	/* closed and drained, or told to stop */
		if (ret)
			return ret;
		if ((uintptr_t)item == p->bad_item) {
			/* Counted, then the error cancels the whole group. */
			lfp_pcount_inc(&p->dropped);
			return -EIO;
		}
		lfp_pcount_inc(&p->processed);	/* the "work" */
	}
}

/* The queue's destroy hands each item still queued here. */
static struct pipeline *destroying;

static void drop_leftover(void *item)
{
	lfp_pcount_inc(&destroying->dropped);
}

static int run(unsigned long bad_item, int expect)
{
	struct lfp_event *cancel;
	struct pipeline p = { .bad_item = bad_item };
	unsigned long produced = 0, i;
	long long processed, dropped;
	int ret, i_worker;

	if (lfp_dropq_init(&p.queue, QUEUE_CAP) ||
	    lfp_group_init(&p.workers, WORKERS) ||
	    lfp_pcount_init(&p.processed, LFP_PCOUNT_BATCH_DEFAULT, 0) ||
	    lfp_pcount_init(&p.dropped, LFP_PCOUNT_BATCH_DEFAULT, 0)) {
		fprintf(stderr, "pipeline: init failed\n");
		return 1;
	}
	cancel = lfp_group_cancel_event(&p.workers);

	for (i_worker = 0; i_worker < WORKERS; i_worker++) {
		ret = lfp_group_go(&p.workers, worker, &p, LFP_WAIT_FOREVER, NULL);
		if (ret) {
			fprintf(stderr, "pipeline: go: %s\n", strerror(-ret));
			return 1;
		}
	}

	/*
	 * The producer: a push never blocks; an item that finds the queue
	 * full is dropped and counted, and the producer gives the workers
	 * the CPU before going on.  The bad item stands for one that must
	 * not be dropped: that one is pushed again until it is accepted.
	 * Producing stops once the group is cancelled.
	 */
	for (i = 1; i <= ITEMS && !lfp_event_is_fired(cancel); i++) {
		produced++;
		while ((ret = lfp_dropq_push(&p.queue, item_of(i))) == -ENOSPC &&
		       i == bad_item)
			sched_yield();
		if (ret) {
			lfp_pcount_inc(&p.dropped);	/* full: dropped */
			sched_yield();
		}
	}

	lfp_dropq_close(&p.queue);		/* workers drain, then stop */
	ret = lfp_group_wait(&p.workers);	/* the first error, or 0 */

	destroying = &p;
	lfp_dropq_destroy(&p.queue, drop_leftover);
	lfp_group_destroy(&p.workers);
	processed = lfp_pcount_sum(&p.processed);
	dropped = lfp_pcount_sum(&p.dropped);
	lfp_pcount_destroy(&p.processed);
	lfp_pcount_destroy(&p.dropped);

	printf("pipeline: %s: produced %lu, processed %lld, dropped %lld, group: %s\n",
	       bad_item ? "with a bad item" : "clean", produced, processed, dropped,
	       ret ? strerror(-ret) : "ok");
	if (processed + dropped != (long long)produced || ret != expect) {
		fprintf(stderr, "pipeline: FAILED: processed + dropped != produced, or group returned %d, not %d\n",
			ret, expect);
		return 1;
	}
	return 0;
}

int main(void)
{
	if (run(0, 0) || run(ITEMS / 2, -EIO))
		return 1;
	printf("pipeline: ok\n");
	return 0;
}
