// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim dropq, compiled into the user-space runner and into
 * the kernel test module.  The includer provides the shim (lfpt.h).
 *
 * Items are integers cast to pointers: producer id in the high bits,
 * sequence number (from 1) in the low ones.
 */
#include <lfprim/dropq.h>

#define DQ_ITEM(p, n)	((void *)(((unsigned long)(p) << 40) | (n)))
#define DQ_PROD(it)	((unsigned long)(it) >> 40)
#define DQ_SEQ(it)	((unsigned long)(it) & ((1UL << 40) - 1))

static void lfpt_case_dropq_basic(struct lfpt *t)
{
	struct lfp_dropq *q = lfpt_zalloc(sizeof(*q));
	struct lfp_dropq_stats st;
	unsigned long long t0;
	void *it;
	unsigned long i;

	if (!q) {
		LFPT_EXPECT(t, q);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_dropq_init(NULL, 4), -EINVAL);
	/* A bad pointer (or unknown flags) wins over a number out of range. */
	LFPT_EXPECT_EQ(t, lfp_dropq_init(NULL, 0), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_dropq_init(q, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_dropq_init(q, LFP_DROPQ_CAP_MAX + 1), -ERANGE);
	/* The largest capacity is a capacity like any other. */
	LFPT_EXPECT_EQ(t, lfp_dropq_init(q, LFP_DROPQ_CAP_MAX), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(q, DQ_ITEM(0, 1)), 0);
	lfp_dropq_destroy(q, NULL);
	LFPT_EXPECT_EQ(t, lfp_dropq_init(q, 4), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(q, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_dropq_try_pop(q, &it), -EAGAIN);
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(q, &it, 0, NULL), -ETIMEDOUT);
	t0 = lfpt_now_ns();
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(q, &it, 30, NULL), -ETIMEDOUT);
	/* A timeout never ends early (late is fine on a loaded machine). */
	LFPT_EXPECT(t, lfpt_now_ns() - t0 >= 29000000ULL);
	for (i = 1; i <= 4; i++)
		LFPT_EXPECT_EQ(t, lfp_dropq_push(q, DQ_ITEM(0, i)), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(q, DQ_ITEM(0, 5)), -ENOSPC);
	lfp_dropq_get_stats(q, &st);
	LFPT_EXPECT_EQ(t, st.accepted, 4);
	LFPT_EXPECT_EQ(t, st.dropped, 1);
	LFPT_EXPECT_EQ(t, st.len, 4);
	LFPT_EXPECT_EQ(t, st.hwm, 4);
	LFPT_EXPECT_EQ(t, st.capacity, 4);
	/* Exactly the capacity, across many wrap-arounds. */
	for (i = 1; i <= 1000; i++) {
		LFPT_EXPECT_EQ(t, lfp_dropq_try_pop(q, &it), 0);
		LFPT_EXPECT_EQ(t, DQ_SEQ(it), i);
		LFPT_EXPECT_EQ(t, lfp_dropq_push(q, DQ_ITEM(0, i + 4)), 0);
		LFPT_EXPECT_EQ(t, lfp_dropq_push(q, DQ_ITEM(1, i)), -ENOSPC);
	}
	/* Resize keeps the items, in order; refuses to lose any. */
	LFPT_EXPECT_EQ(t, lfp_dropq_resize(q, 3), -EBUSY);
	LFPT_EXPECT_EQ(t, lfp_dropq_resize(q, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_dropq_resize(q, 9), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(q, DQ_ITEM(0, 1005)), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_resize(q, 5), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(q, DQ_ITEM(1, 0)), -ENOSPC);
	for (i = 1001; i <= 1005; i++) {
		LFPT_EXPECT_EQ(t, lfp_dropq_pop(q, &it, LFP_WAIT_FOREVER, NULL), 0);
		LFPT_EXPECT_EQ(t, DQ_SEQ(it), i);
	}
	/* Close: pushes fail with -EPIPE (and count), pops drain then -EPIPE. */
	LFPT_EXPECT_EQ(t, lfp_dropq_push(q, DQ_ITEM(0, 1006)), 0);
	lfp_dropq_close(q);
	lfp_dropq_close(q);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(q, DQ_ITEM(0, 1007)), -EPIPE);
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(q, &it, LFP_WAIT_FOREVER, NULL), 0);
	LFPT_EXPECT_EQ(t, DQ_SEQ(it), 1006);
	LFPT_EXPECT_EQ(t, lfp_dropq_try_pop(q, &it), -EPIPE);
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(q, &it, LFP_WAIT_FOREVER, NULL), -EPIPE);
	lfp_dropq_get_stats(q, &st);
	LFPT_EXPECT_EQ(t, st.accepted, 1006);
	LFPT_EXPECT_EQ(t, st.dropped, 1003);
	LFPT_EXPECT_EQ(t, st.consumed, 1006);
	LFPT_EXPECT_EQ(t, st.len, 0);
	LFPT_EXPECT_EQ(t, st.hwm, 5);
	LFPT_EXPECT(t, st.closed);
	lfp_dropq_destroy(q, NULL);
	lfpt_free(q);
}

/*
 * Overload: flat-out producers, a slower consumer, a changing capacity:
 * exact counts, order per producer kept, nothing seen twice.
 */
#define DQ_PRODUCERS	3

struct dq_load {
	struct lfp_dropq q;
	unsigned long per_producer;
	struct lfpt_atomic next_id;
	struct lfpt_atomic accepted;
	struct lfpt_atomic dropped;
	struct lfpt_atomic producers_left;
	/* Consumer's findings. */
	unsigned long consumed;
	unsigned long bad_order;
	unsigned long last[DQ_PRODUCERS];
	int end;
	int resize;
};

static int dq_producer_fn(void *arg)
{
	struct dq_load *l = arg;
	unsigned long id = lfpt_atomic_add_return(&l->next_id, 1) - 1, n;
	long acc = 0, drop = 0;
	int ret;

	for (n = 1; n <= l->per_producer; n++) {
		ret = lfp_dropq_push(&l->q, DQ_ITEM(id, n));
		if (!ret)
			acc++;
		else if (ret == -ENOSPC)
			drop++;
		if (!(n & 255))
			lfpt_relax();
	}
	lfpt_atomic_add_return(&l->accepted, acc);
	lfpt_atomic_add_return(&l->dropped, drop);
	lfpt_atomic_add_return(&l->producers_left, -1);
	return 0;
}

static int dq_consumer_fn(void *arg)
{
	struct dq_load *l = arg;
	unsigned long p, seq, k;
	void *it;
	int ret;

	for (;;) {
		ret = lfp_dropq_pop(&l->q, &it, LFP_WAIT_FOREVER, NULL);
		if (ret)
			break;
		p = DQ_PROD(it);
		seq = DQ_SEQ(it);
		if (p >= DQ_PRODUCERS || seq <= l->last[p])
			l->bad_order++;
		else
			l->last[p] = seq;
		l->consumed++;
		/* Be slower than the producers now and then. */
		for (k = 0; k < (seq & 15); k++)
			lfpt_relax();
	}
	l->end = ret;
	return 0;
}

static void dropq_load_run(struct lfpt *t, int resize)
{
	struct dq_load *l = lfpt_zalloc(sizeof(*l));
	struct lfpt_thread *th[DQ_PRODUCERS + 1];
	struct lfp_dropq_stats st;
	unsigned int cap = 64, resizes = 0;
	int i;

	if (!l) {
		LFPT_EXPECT(t, l);
		return;
	}
	l->per_producer = lfpt_scale(100000);
	LFPT_EXPECT_EQ(t, lfp_dropq_init(&l->q, cap), 0);
	lfpt_atomic_set(&l->producers_left, DQ_PRODUCERS);
	th[0] = lfpt_thread_run(dq_consumer_fn, l);
	for (i = 1; i <= DQ_PRODUCERS; i++)
		th[i] = lfpt_thread_run(dq_producer_fn, l);
	while (lfpt_atomic_read(&l->producers_left)) {
		if (resize) {
			cap = cap == 64 ? 16 : 64;
			if (!lfp_dropq_resize(&l->q, cap))
				resizes++;
			lfp_dropq_get_stats(&l->q, &st);
			LFPT_EXPECT(t, st.len <= 64);
		}
		lfpt_msleep(1);
	}
	lfp_dropq_close(&l->q);
	for (i = 0; i <= DQ_PRODUCERS; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
	lfp_dropq_get_stats(&l->q, &st);
	LFPT_EXPECT_EQ(t, l->end, -EPIPE);
	LFPT_EXPECT_EQ(t, l->bad_order, 0);
	LFPT_EXPECT_EQ(t, st.accepted + st.dropped, DQ_PRODUCERS * l->per_producer);
	LFPT_EXPECT_EQ(t, st.accepted, lfpt_atomic_read(&l->accepted));
	LFPT_EXPECT_EQ(t, st.dropped, lfpt_atomic_read(&l->dropped));
	LFPT_EXPECT_EQ(t, st.consumed, st.accepted);
	LFPT_EXPECT_EQ(t, l->consumed, st.accepted);
	LFPT_EXPECT_EQ(t, st.len, 0);
	LFPT_EXPECT(t, st.hwm <= 64);
	lfpt_log("%s: %llu accepted, %llu dropped, hwm %u, %u resizes\n",
		 t->name, st.accepted, st.dropped, st.hwm, resizes);
	lfp_dropq_destroy(&l->q, NULL);
	lfpt_free(l);
}

static void lfpt_case_dropq_overload(struct lfpt *t)
{
	dropq_load_run(t, 0);
}

static void lfpt_case_dropq_resize_live(struct lfpt *t)
{
	dropq_load_run(t, 1);
}

/* Blocked consumers: woken by a push, by close, by cancel; timeouts. */
struct dq_block {
	struct lfp_dropq q;
	struct lfp_event cancel;
	struct lfpt_atomic inside;
	long timeout;
	int ret;
	void *it;
};

static int dq_blocked_fn(void *arg)
{
	struct dq_block *b = arg;

	lfpt_atomic_inc(&b->inside);
	b->ret = lfp_dropq_pop(&b->q, &b->it, b->timeout, &b->cancel);
	return 0;
}

static void dq_block_run(struct lfpt *t, struct dq_block *b, int how, int want)
{
	struct lfpt_thread *th;

	lfpt_atomic_set(&b->inside, 0);
	b->it = NULL;
	th = lfpt_thread_run(dq_blocked_fn, b);
	while (!lfpt_atomic_read(&b->inside))
		lfpt_msleep(1);
	lfpt_msleep(20);	/* most likely asleep by now; either way works */
	if (how == 1)
		LFPT_EXPECT_EQ(t, lfp_dropq_push(&b->q, DQ_ITEM(0, 77)), 0);
	else if (how == 2)
		lfp_event_fire(&b->cancel);
	else if (how == 3)
		lfp_dropq_close(&b->q);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, b->ret, want);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(&b->cancel), 0);
}

static void lfpt_case_dropq_blocking(struct lfpt *t)
{
	struct dq_block *b = lfpt_zalloc(sizeof(*b));

	if (!b) {
		LFPT_EXPECT(t, b);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_dropq_init(&b->q, 8), 0);
	lfp_event_init(&b->cancel);
	b->timeout = LFP_WAIT_FOREVER;
	dq_block_run(t, b, 1, 0);
	LFPT_EXPECT_EQ(t, DQ_SEQ(b->it), 77);
	dq_block_run(t, b, 2, -ECANCELED);
	lfp_event_reinit(&b->cancel);
	b->timeout = 40;
	dq_block_run(t, b, 0, -ETIMEDOUT);
	b->timeout = LFP_WAIT_FOREVER;
	dq_block_run(t, b, 3, -EPIPE);
	lfp_dropq_destroy(&b->q, NULL);
	lfpt_free(b);
}

static void lfpt_case_dropq_destroy_drops(struct lfpt *t)
{
	struct lfp_dropq *q = lfpt_zalloc(sizeof(*q));
	int i;

	if (!q) {
		LFPT_EXPECT(t, q);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_dropq_init(q, 16), 0);
	for (i = 0; i < 10; i++) {
		void *p = lfpt_zalloc(32);

		LFPT_EXPECT(t, p);
		if (p && lfp_dropq_push(q, p))
			lfpt_free(p);
	}
	/* Frees the ten (a leak checker would see any left). */
	lfp_dropq_destroy(q, lfpt_free);
	lfpt_free(q);
}

#include "dropq_history.c"
#include "dropq_tiny.c"
/*
 * Stats against push and pop with at most one item ever queued: a producer
 * pushes the next item only once the last one was popped.  Every stats
 * read must then show consumed <= accepted <= consumed + 1 and len <= 1.
 * The ops are a dropq's or a pubsub subscription's (pubsub.c).
 */
struct dq_one {
	int (*push)(void *ctx, void *it);
	int (*pop)(void *ctx, void **it, long timeout_ms);
	void (*stats)(void *ctx, struct lfp_dropq_stats *st);
	void *ctx;
	const void *obj;		/* the queue, for the injection point */
	unsigned long n;
	struct lfpt_atomic popped;
	struct lfpt_atomic done;
	struct lfpt_atomic bad;
};

static int dq_one_push(void *ctx, void *it)
{
	return lfp_dropq_push(ctx, it);
}

static int dq_one_pop(void *ctx, void **it, long timeout_ms)
{
	return lfp_dropq_pop(ctx, it, timeout_ms, NULL);
}

static void dq_one_stats(void *ctx, struct lfp_dropq_stats *st)
{
	lfp_dropq_get_stats(ctx, st);
}

/* 0 if @st is what one item at most allows, else a failure is logged. */
static int dq_one_check(struct lfpt *t, const struct lfp_dropq_stats *st)
{
	if (st->len <= 1 && st->consumed <= st->accepted &&
	    st->accepted - st->consumed <= 1)
		return 0;
	if (lfpt_atomic_read(&t->failures) < 4)
		lfpt_log("%s: accepted %llu consumed %llu len %u\n", t->name,
		 st->accepted, st->consumed, st->len);
	return 1;
}

static int dq_one_producer(void *arg)
{
	struct dq_one *o = arg;
	unsigned long i, spins;

	for (i = 1; i <= o->n; i++) {
		if (o->push(o->ctx, DQ_ITEM(0, i)))
			lfpt_atomic_inc(&o->bad);
		/* Spins, then sleeps: the consumer runs under valgrind too. */
		for (spins = 0; (unsigned long)lfpt_atomic_read(&o->popped) < i;
		     spins++) {
			if (spins < 100)
				lfpt_relax();
			else
				lfpt_msleep(1);
		}
	}
	lfpt_atomic_set(&o->done, 1);
	return 0;
}

static int dq_one_consumer(void *arg)
{
	struct dq_one *o = arg;
	unsigned long i;
	void *it;

	for (i = 1; i <= o->n; i++) {
		/* Sleeps: the producer never waits for a tick to run. */
		while (o->pop(o->ctx, &it, 1000))
			lfpt_relax();
		if (DQ_SEQ(it) != i)
			lfpt_atomic_inc(&o->bad);
		lfpt_atomic_set(&o->popped, i);
	}
	return 0;
}

static void dq_one_run(struct lfpt *t, struct dq_one *o)
{
	struct lfpt_inject in = {
		.point = "dropq.push_publish", .obj = o->obj,
		.delay_ms = 100, .max_hits = 1,
	};
	struct lfp_dropq_stats st;
	struct lfpt_thread *p, *c;
	unsigned long long t0;
	unsigned long reads = 0;
	void *it = NULL;
	int ret;

	/*
	 * Held between the two halves of a push: the pop must not see the
	 * item before it is counted as accepted.
	 */
	lfpt_inject_arm(&in);
	o->n = 1;
	lfpt_atomic_set(&o->popped, 1);		/* the producer does not wait */
	p = lfpt_thread_run(dq_one_producer, o);
	t0 = lfpt_now_ns();
	/* Polls through the 100 ms hold, sleeping so that the producer runs. */
	while ((ret = o->pop(o->ctx, &it, 0)) &&
	       lfpt_now_ns() - t0 < 20000000000ULL)
		lfpt_msleep(1);
	o->stats(o->ctx, &st);
	LFPT_EXPECT_EQ(t, ret, 0);
	LFPT_EXPECT_EQ(t, dq_one_check(t, &st), 0);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(p), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT(t, lfpt_atomic_read(&in.hits) > 0);
	o->stats(o->ctx, &st);
	LFPT_EXPECT_EQ(t, st.accepted, 1);
	LFPT_EXPECT_EQ(t, st.consumed, 1);
	LFPT_EXPECT_EQ(t, st.len, 0);

	/* Now free-running: stats read all along. */
	o->n = lfpt_scale(4000);
	lfpt_atomic_set(&o->popped, 0);
	lfpt_atomic_set(&o->done, 0);
	c = lfpt_thread_run(dq_one_consumer, o);
	p = lfpt_thread_run(dq_one_producer, o);
	while (!lfpt_atomic_read(&o->done)) {
		o->stats(o->ctx, &st);
		if (dq_one_check(t, &st))
			lfpt_atomic_inc(&o->bad);
		/* Bursts of reads, then room for the other two to run. */
		if (!(++reads & 63))
			lfpt_msleep(1);
	}
	LFPT_EXPECT_EQ(t, lfpt_thread_join(p), 0);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(c), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&o->bad), 0);
	LFPT_EXPECT(t, reads > 0);
	o->stats(o->ctx, &st);
	LFPT_EXPECT_EQ(t, st.accepted, o->n + 1);
	LFPT_EXPECT_EQ(t, st.consumed, o->n + 1);
	LFPT_EXPECT_EQ(t, st.len, 0);
}

static void lfpt_case_dropq_stats_exact(struct lfpt *t)
{
	struct lfp_dropq *q = lfpt_zalloc(sizeof(*q));
	struct dq_one *o = lfpt_zalloc(sizeof(*o));

	if (!q || !o) {
		LFPT_EXPECT(t, q && o);
		lfpt_free(q);
		lfpt_free(o);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_dropq_init(q, 8), 0);
	o->push = dq_one_push;
	o->pop = dq_one_pop;
	o->stats = dq_one_stats;
	o->ctx = q;
	o->obj = q;
	dq_one_run(t, o);
	lfp_dropq_destroy(q, NULL);
	lfpt_free(o);
	lfpt_free(q);
}

/*
 * A waiting item wins over a fired cancel event (and over close): pop
 * drains first, then reports the cancel.
 */
static void lfpt_case_dropq_cancel_item_wins(struct lfpt *t)
{
	struct dq_block *b = lfpt_zalloc(sizeof(*b));
	void *it = NULL;

	if (!b) {
		LFPT_EXPECT(t, b);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_dropq_init(&b->q, 4), 0);
	lfp_event_init(&b->cancel);
	lfp_event_fire(&b->cancel);
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(&b->q, &it, 0, &b->cancel), -ECANCELED);
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(&b->q, &it, 50, &b->cancel), -ECANCELED);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(&b->q, DQ_ITEM(0, 1)), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(&b->q, DQ_ITEM(0, 2)), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(&b->q, &it, LFP_WAIT_FOREVER, &b->cancel), 0);
	LFPT_EXPECT_EQ(t, DQ_SEQ(it), 1);
	lfp_dropq_close(&b->q);
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(&b->q, &it, 0, &b->cancel), 0);
	LFPT_EXPECT_EQ(t, DQ_SEQ(it), 2);
	/* Empty and closed: -EPIPE, the queue's answer, before the cancel. */
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(&b->q, &it, LFP_WAIT_FOREVER, &b->cancel),
		       -EPIPE);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(&b->cancel), 0);
	lfp_dropq_destroy(&b->q, NULL);
	lfpt_free(b);
}

/*
 * A second close racing the first returns only once the queue is closed
 * and the blocked consumer is woken, while the first is still held.
 */
struct dq_close2 {
	struct dq_block b;
	struct lfpt_atomic first_done;
};

static int dq_close_first_fn(void *arg)
{
	struct dq_close2 *c = arg;

	lfp_dropq_close(&c->b.q);
	lfpt_atomic_set(&c->first_done, 1);
	return 0;
}

static void lfpt_case_dropq_close_twice(struct lfpt *t)
{
	struct dq_close2 *c = lfpt_zalloc(sizeof(*c));
	struct lfpt_inject in = {
		.point = "dropq.close_wake", .delay_ms = 400, .max_hits = 1,
	};
	struct lfpt_thread *cons, *first;
	unsigned long long t0;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_dropq_init(&c->b.q, 4), 0);
	lfp_event_init(&c->b.cancel);
	c->b.timeout = LFP_WAIT_FOREVER;
	c->b.ret = 1;
	cons = lfpt_thread_run(dq_blocked_fn, &c->b);
	while (!lfpt_atomic_read(&c->b.inside))
		lfpt_msleep(1);
	lfpt_msleep(20);
	in.obj = &c->b.q;
	lfpt_inject_arm(&in);
	first = lfpt_thread_run(dq_close_first_fn, c);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	/* The first close is held after closing, before its wake-up. */
	lfp_dropq_close(&c->b.q);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(&c->b.q, DQ_ITEM(0, 1)), -EPIPE);
	t0 = lfpt_now_ns();
	/* Woken by the second close: well before the first is released. */
	LFPT_EXPECT_EQ(t, lfpt_thread_join(cons), 0);
	LFPT_EXPECT_EQ(t, c->b.ret, -EPIPE);
	LFPT_EXPECT(t, lfpt_now_ns() - t0 < 200000000ULL);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->first_done), 0);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(first), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT(t, lfpt_atomic_read(&in.hits) >= 2);
	lfp_dropq_destroy(&c->b.q, NULL);
	lfpt_free(c);
}

static const struct lfpt_case lfpt_dropq_cases[] = {
	LFPT_CASE(dropq_basic),
	LFPT_CASE(dropq_overload),
	LFPT_CASE(dropq_resize_live),
	LFPT_CASE(dropq_blocking),
	LFPT_CASE(dropq_destroy_drops),
	LFPT_CASE(dropq_history),
	LFPT_CASE(dropq_stats_exact),
	LFPT_CASE(dropq_cancel_item_wins),
	LFPT_CASE(dropq_close_twice),
	LFPT_CASE(dropq_tiny_mpmc),
	LFPT_CASE(dropq_resize_inflight),
};

/* Torture driver: pushes, pops, resizes and a close; every item exactly once */

struct dropq_torture_ctx {
	struct lfp_dropq q;
	struct tt_pool pool;
	struct lfpt_atomic pushes, accepted, dropped, popped;
	struct lfpt_atomic closed, early, bad;
};

static void dropq_torture_take(struct dropq_torture_ctx *c, void *item)
{
	lfpt_atomic_inc(&c->popped);
	tt_item_free(&c->pool, item);
}

static void dropq_torture_op(struct tt_worker *w)
{
	struct dropq_torture_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 1000);
	struct lfp_dropq_stats st;
	unsigned long long t0;
	struct tt_item *it;
	void *item;
	long ms;
	int ret;

	if (r < 450) {
		it = tt_item_new(w, &c->pool, 0);
		if (!it)
			return;
		lfpt_atomic_inc(&c->pushes);
		ret = lfp_dropq_push(&c->q, it);
		if (!ret) {
			lfpt_atomic_inc(&c->accepted);
			return;
		}
		if (ret == -ENOSPC || (ret == -EPIPE && lfpt_atomic_read(&c->closed)))
			lfpt_atomic_inc(&c->dropped);
		else
			lfpt_atomic_inc(&c->bad);
		tt_item_free(&c->pool, it);
	} else if (r < 900) {
		if (tt_pick(w, 2)) {
			ret = lfp_dropq_try_pop(&c->q, &item);
		} else {
			ms = tt_pick(w, 3);
			t0 = lfpt_now_ns();
			ret = lfp_dropq_pop(&c->q, &item, ms, NULL);
			if (tt_early(ret, t0, ms))
				lfpt_atomic_inc(&c->early);
		}
		if (!ret)
			dropq_torture_take(c, item);
		else if (ret == -EPIPE && !lfpt_atomic_read(&c->closed))
			lfpt_atomic_inc(&c->bad);
		else if (ret != -EAGAIN && ret != -ETIMEDOUT && ret != -EPIPE)
			lfpt_atomic_inc(&c->bad);
		tt_maybe_sleep(w);
	} else if (r < 950) {
		ret = lfp_dropq_resize(&c->q, 1 + tt_pick(w, 64));
		if (ret && ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 999) {
		lfp_dropq_get_stats(&c->q, &st);
		if (st.len > st.capacity || st.hwm > LFP_DROPQ_CAP_MAX)
			lfpt_atomic_inc(&c->bad);
	} else if (!tt_pick(w, 20)) {
		lfpt_atomic_set(&c->closed, 1);
		lfp_dropq_close(&c->q);
	}
}

static void dropq_torture(struct tt *tt)
{
	struct dropq_torture_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_dropq_stats st;
	void *item;
	int ret;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	LFPT_EXPECT_EQ(tt->t, lfp_dropq_init(&c->q, 1 + lfpt_rand(&tt->seed) % 64), 0);
	tt->ctx = c;
	tt->op = dropq_torture_op;
	tt_run(tt);
	lfpt_atomic_set(&c->closed, 1);
	lfp_dropq_close(&c->q);
	while (!(ret = lfp_dropq_try_pop(&c->q, &item)))
		dropq_torture_take(c, item);
	LFPT_EXPECT_EQ(tt->t, ret, -EPIPE);
	lfp_dropq_get_stats(&c->q, &st);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->early), 0);
	LFPT_EXPECT_EQ(tt->t, st.accepted, lfpt_atomic_read(&c->accepted));
	LFPT_EXPECT_EQ(tt->t, st.dropped, lfpt_atomic_read(&c->dropped));
	LFPT_EXPECT_EQ(tt->t, st.accepted + st.dropped, lfpt_atomic_read(&c->pushes));
	LFPT_EXPECT_EQ(tt->t, st.consumed, st.accepted);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->popped), st.accepted);
	LFPT_EXPECT_EQ(tt->t, st.len, 0);
	lfp_dropq_destroy(&c->q, NULL);
	tt_pool_check(tt, &c->pool);
	lfpt_free(c);
}

#include "dropq_misuse.c"

static const struct lfpt_prim lfpt_prim_dropq = {
	.name = "dropq",
	.cases = lfpt_dropq_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_dropq_cases),
	.torture = dropq_torture,
	.misuse = lfpt_dropq_misuse,
	.nmisuse = LFP_ARRAY_SIZE(lfpt_dropq_misuse),
};
