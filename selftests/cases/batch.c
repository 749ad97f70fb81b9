// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim batch, compiled into the user-space runner and into
 * the kernel test module.  The includer provides the shim (lfpt.h).
 *
 * Items are numbers cast to pointers: producer in the high bits,
 * sequence (from 1) in the low ones.  The flush function checks that
 * flushes never overlap and that each producer's items come in order, and
 * counts every item it sees.
 */
#include <lfprim/batch.h>

#define BT_ITEM(p, n)	((void *)(((unsigned long)(p) << 40) | (n)))
#define BT_PROD(it)	((unsigned long)(it) >> 40)
#define BT_SEQ(it)	((unsigned long)(it) & ((1UL << 40) - 1))
#define BT_PRODUCERS	3
/* Waits give up after 20 s by the clock (a slow guest stretches msleep). */
#define BT_WAIT_NS	20000000000ULL

struct bt_ctx {
	struct lfp_batch b;
	struct lfpt_atomic in_flush;
	struct lfpt_atomic overlaps;
	struct lfpt_atomic flushes;
	unsigned long seen;		/* items flushed (flushes never overlap) */
	unsigned long bad;		/* out of order or duplicated */
	unsigned long last[BT_PRODUCERS];
	unsigned long biggest;
	unsigned long long first_flush_ns;
	/* A case may hold flushes: see bt_hold(). */
	int gated;			/* hold flushes until go is set */
	struct lfpt_atomic go;
	struct lfpt_atomic slow_ms;	/* then sleep this long in each flush */
	struct lfpt_atomic entered;	/* flush calls begun */
	unsigned long long at_ns[4];	/* when the first flushes began */
};

/* Called inside a flush: wait at the gate, then take slow_ms. */
static void bt_hold(struct bt_ctx *c)
{
	unsigned long long end = lfpt_now_ns() + BT_WAIT_NS;

	if (c->gated)
		while (!lfpt_atomic_read(&c->go) && lfpt_now_ns() < end)
			lfpt_msleep(1);
	if (lfpt_atomic_read(&c->slow_ms))
		lfpt_msleep(lfpt_atomic_read(&c->slow_ms));
}

static void bt_flush(void **items, unsigned int n, void *arg)
{
	struct bt_ctx *c = arg;
	unsigned long p, seq;
	unsigned int i;

	long k = lfpt_atomic_add_return(&c->entered, 1) - 1;

	if (lfpt_atomic_add_return(&c->in_flush, 1) != 1)
		lfpt_atomic_inc(&c->overlaps);
	if (!c->first_flush_ns)
		c->first_flush_ns = lfpt_now_ns();
	if (k < 4)
		c->at_ns[k] = lfpt_now_ns();
	bt_hold(c);
	if (!n)
		c->bad++;
	for (i = 0; i < n; i++) {
		p = BT_PROD(items[i]);
		seq = BT_SEQ(items[i]);
		if (p >= BT_PRODUCERS || seq <= c->last[p])
			c->bad++;
		else
			c->last[p] = seq;
	}
	c->seen += n;
	if (n > c->biggest)
		c->biggest = n;
	lfpt_atomic_add_return(&c->in_flush, -1);
	lfpt_atomic_inc(&c->flushes);
}

static struct bt_ctx *bt_new(struct lfpt *t, unsigned int cap,
			     unsigned int max, unsigned int delay)
{
	struct bt_ctx *c = lfpt_zalloc(sizeof(*c));

	if (!c || lfp_batch_init(&c->b, cap, max, delay, bt_flush, c)) {
		LFPT_EXPECT(t, 0);
		lfpt_free(c);
		return NULL;
	}
	return c;
}

static void bt_wait_flushes(struct bt_ctx *c, long n)
{
	unsigned long long end = lfpt_now_ns() + BT_WAIT_NS;

	while (lfpt_atomic_read(&c->flushes) < n && lfpt_now_ns() < end)
		lfpt_msleep(1);
}

/*
 * The flush function has returned once @items have been counted as
 * flushed: flushed is updated after it returns, the callback's own count
 * inside it.
 */
static void bt_wait_flushed(struct bt_ctx *c, unsigned long long items)
{
	unsigned long long end = lfpt_now_ns() + BT_WAIT_NS;
	struct lfp_batch_stats st;

	do {
		lfp_batch_get_stats(&c->b, &st);
		if (st.flushed >= items)
			return;
		lfpt_msleep(1);
	} while (lfpt_now_ns() < end);
}

static void lfpt_case_batch_size_close(struct lfpt *t)
{
	struct lfp_batch_stats st;
	struct bt_ctx *c;
	unsigned long i;

	LFPT_EXPECT_EQ(t, lfp_batch_init(NULL, 4, 4, 10, bt_flush, NULL), -EINVAL);
	c = lfpt_zalloc(sizeof(*c));
	if (!c)
		return;
	LFPT_EXPECT_EQ(t, lfp_batch_init(&c->b, 4, 4, 10, NULL, c), -EINVAL);
	/* A bad pointer (or unknown flags) wins over a number out of range. */
	LFPT_EXPECT_EQ(t, lfp_batch_init(NULL, 0, 0, 0, bt_flush, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_batch_init(&c->b, 0, 0, 0, NULL, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_batch_init(NULL, 16, 4, 10, NULL, NULL), -EINVAL);
	/* A number alone out of range: -ERANGE. */
	LFPT_EXPECT_EQ(t, lfp_batch_init(&c->b, 0, 0, 0, bt_flush, NULL), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_init(&c->b, 0, 1, 10, bt_flush, c), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_init(&c->b, 4, 5, 10, bt_flush, c), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_init(&c->b, 4, 0, 10, bt_flush, c), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_init(&c->b, 4, 4, 0, bt_flush, c), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_init(&c->b, LFP_BATCH_CAP_MAX + 1, 4, 10,
					 bt_flush, c), -ERANGE);
	lfpt_free(c);
	/* Size trigger: four items, a delay far away. */
	c = bt_new(t, 8, 4, 600000);
	if (!c)
		return;
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, NULL), -EINVAL);
	for (i = 1; i <= 4; i++)
		LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, i)), 0);
	bt_wait_flushes(c, 1);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->flushes), 1);
	LFPT_EXPECT_EQ(t, c->seen, 4);
	/* Live tuning: the threshold is checked against what is pending. */
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_items(&c->b, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_items(&c->b, 9), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_delay(&c->b, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_delay(&c->b, LFP_BATCH_DELAY_MAX + 1),
		       -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 5)), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 6)), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_items(&c->b, 2), 0);
	bt_wait_flushes(c, 2);
	LFPT_EXPECT_EQ(t, c->seen, 6);
	/* Full: capacity 8 with a threshold it never reaches. */
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_items(&c->b, 8), 0);
	for (i = 7; i <= 13; i++)
		LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, i)), 0);
	/* Close flushes the seven pending ones, then refuses. */
	lfp_batch_close(&c->b);
	lfp_batch_close(&c->b);
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 99)), -EPIPE);
	lfp_batch_get_stats(&c->b, &st);
	LFPT_EXPECT_EQ(t, st.added, 13);
	LFPT_EXPECT_EQ(t, st.dropped, 1);
	LFPT_EXPECT_EQ(t, st.flushed, 13);
	LFPT_EXPECT_EQ(t, st.size_flushes, 2);
	LFPT_EXPECT_EQ(t, st.close_flushes, 1);
	LFPT_EXPECT_EQ(t, st.time_flushes, 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->flushes), 3);
	LFPT_EXPECT_EQ(t, st.pending, 0);
	LFPT_EXPECT_EQ(t, c->seen, 13);
	LFPT_EXPECT_EQ(t, c->bad, 0);
	lfp_batch_destroy(&c->b);
	lfpt_free(c);
}

/* Time trigger: a few items flush after the delay, not before. */
static void lfpt_case_batch_time(struct lfpt *t)
{
	struct lfp_batch_stats st;
	unsigned long long t0;
	struct bt_ctx *c = bt_new(t, 100, 100, 600000);

	if (!c)
		return;
	/*
	 * Both items pending before the clock starts: a stall between the
	 * adds must not split them into two flushes.
	 */
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(1, 1)), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(1, 2)), 0);
	t0 = lfpt_now_ns();
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_delay(&c->b, 50), 0);
	bt_wait_flushes(c, 1);
	bt_wait_flushed(c, 2);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->flushes), 1);
	/* Not early (late is fine on a loaded machine). */
	LFPT_EXPECT(t, c->first_flush_ns - t0 >= 49000000ULL);
	lfp_batch_get_stats(&c->b, &st);
	LFPT_EXPECT_EQ(t, st.time_flushes, 1);
	LFPT_EXPECT_EQ(t, st.flushed, 2);
	/* A shorter delay applies to what is pending. */
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_delay(&c->b, 600000), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(1, 3)), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_delay(&c->b, 5), 0);
	bt_wait_flushes(c, 2);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->flushes), 2);
	lfp_batch_destroy(&c->b);
	LFPT_EXPECT_EQ(t, c->seen, 3);
	lfpt_free(c);
}

/* Producers flat out: every accepted item flushed once, in order. */
struct bt_prod {
	struct bt_ctx *c;
	unsigned long id;
	unsigned long n;
	unsigned long accepted;
	unsigned long dropped;
};

static int bt_producer_fn(void *arg)
{
	struct bt_prod *p = arg;
	unsigned long i;
	int ret;

	for (i = 1; i <= p->n; i++) {
		ret = lfp_batch_add(&p->c->b, BT_ITEM(p->id, i));
		if (!ret)
			p->accepted++;
		else if (ret == -ENOSPC)
			p->dropped++;
		/* Pause now and then, so the flusher keeps up most of the time. */
		if (!(i & 127))
			lfpt_msleep(1);
	}
	return 0;
}

static void lfpt_case_batch_concurrent(struct lfpt *t)
{
	struct bt_prod *p = lfpt_zalloc(sizeof(*p) * BT_PRODUCERS);
	struct lfpt_thread *th[BT_PRODUCERS];
	struct lfp_batch_stats st;
	unsigned long acc = 0, drop = 0;
	struct bt_ctx *c = bt_new(t, 64, 16, 2);
	int i;

	if (!c || !p) {
		LFPT_EXPECT(t, c && p);
		if (c)
			lfp_batch_destroy(&c->b);
		lfpt_free(c);
		lfpt_free(p);
		return;
	}
	for (i = 0; i < BT_PRODUCERS; i++) {
		p[i] = (struct bt_prod){ .c = c, .id = i, .n = lfpt_scale(20000) };
		th[i] = lfpt_thread_run(bt_producer_fn, &p[i]);
	}
	for (i = 0; i < BT_PRODUCERS; i++) {
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
		acc += p[i].accepted;
		drop += p[i].dropped;
	}
	/* The two triggers alone flush everything: close finds nothing. */
	bt_wait_flushed(c, acc);
	lfp_batch_close(&c->b);
	lfp_batch_get_stats(&c->b, &st);
	LFPT_EXPECT_EQ(t, st.added, acc);
	LFPT_EXPECT_EQ(t, st.dropped, drop);
	LFPT_EXPECT_EQ(t, acc + drop, BT_PRODUCERS * p[0].n);
	LFPT_EXPECT_EQ(t, st.flushed, acc);
	LFPT_EXPECT_EQ(t, c->seen, acc);
	LFPT_EXPECT_EQ(t, c->bad, 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->overlaps), 0);
	LFPT_EXPECT(t, c->biggest <= 64);
	LFPT_EXPECT_EQ(t, st.close_flushes, 0);
	LFPT_EXPECT_EQ(t, st.size_flushes + st.time_flushes + st.close_flushes,
		       lfpt_atomic_read(&c->flushes));
	lfpt_log("%s: %lu accepted, %lu dropped, %ld flushes (%llu size, %llu time)\n",
		 t->name, acc, drop, lfpt_atomic_read(&c->flushes),
		 st.size_flushes, st.time_flushes);
	lfp_batch_destroy(&c->b);
	lfpt_free(c);
	lfpt_free(p);
}

/*
 * Two closers at once while the last flush is slow: each returns only
 * after that flush, as the first closer does.
 */
struct bt_closer {
	struct bt_ctx *c;
	struct lfpt_atomic started;
	long flushes;			/* flush calls ended when close returned */
	unsigned long long flushed;	/* items flushed when close returned */
};

static int bt_closer_fn(void *arg)
{
	struct bt_closer *cl = arg;
	struct lfp_batch_stats st;

	lfpt_atomic_inc(&cl->started);
	lfp_batch_close(&cl->c->b);
	cl->flushes = lfpt_atomic_read(&cl->c->flushes);
	lfp_batch_get_stats(&cl->c->b, &st);
	cl->flushed = st.flushed;
	return 0;
}

static void lfpt_case_batch_close_twice(struct lfpt *t)
{
	struct bt_closer *cl = lfpt_zalloc(sizeof(*cl) * 2);
	struct bt_ctx *c = bt_new(t, 8, 8, 600000);
	struct lfpt_thread *th[2];
	struct lfp_batch_stats st;
	unsigned long i;

	if (!c || !cl) {
		LFPT_EXPECT(t, c && cl);
		if (c)
			lfp_batch_destroy(&c->b);
		lfpt_free(c);
		lfpt_free(cl);
		return;
	}
	c->gated = 1;
	lfpt_atomic_set(&c->slow_ms, 100);
	for (i = 1; i <= 3; i++)
		LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, i)), 0);
	cl[0].c = c;
	cl[1].c = c;
	/* The first closer starts the close flush, which waits at the gate. */
	th[0] = lfpt_thread_run(bt_closer_fn, &cl[0]);
	while (!lfpt_atomic_read(&c->entered))
		lfpt_msleep(1);
	/* The second closes while that flush is held; then it may go on. */
	th[1] = lfpt_thread_run(bt_closer_fn, &cl[1]);
	while (!lfpt_atomic_read(&cl[1].started))
		lfpt_msleep(1);
	lfpt_msleep(10);
	lfpt_atomic_set(&c->go, 1);
	for (i = 0; i < 2; i++) {
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
		LFPT_EXPECT_EQ(t, cl[i].flushes, 1);
		LFPT_EXPECT_EQ(t, cl[i].flushed, 3);
	}
	lfp_batch_get_stats(&c->b, &st);
	LFPT_EXPECT_EQ(t, st.close_flushes, 1);
	LFPT_EXPECT_EQ(t, st.size_flushes + st.time_flushes + st.close_flushes,
		       lfpt_atomic_read(&c->flushes));
	LFPT_EXPECT_EQ(t, st.flushed, 3);
	LFPT_EXPECT_EQ(t, c->seen, 3);
	lfp_batch_destroy(&c->b);
	lfpt_free(c);
	lfpt_free(cl);
}

/*
 * A full batch whose flush is queued behind a slow one, then a long
 * max_delay: the queued size flush still follows the slow one at once.
 */
static void lfpt_case_batch_max_delay_full(struct lfpt *t)
{
	struct bt_ctx *c = bt_new(t, 8, 2, 600000);
	struct lfp_batch_stats st;
	unsigned long long t0;
	unsigned long i;

	if (!c)
		return;
	c->gated = 1;
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 1)), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 2)), 0);
	while (!lfpt_atomic_read(&c->entered))
		lfpt_msleep(1);
	/* The first flush is held: fill the other buffer, then one more. */
	for (i = 3; i <= 10; i++)
		LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, i)), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 11)), -ENOSPC);
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_delay(&c->b, LFP_BATCH_DELAY_MAX), 0);
	t0 = lfpt_now_ns();
	lfpt_atomic_set(&c->go, 1);
	bt_wait_flushes(c, 2);
	bt_wait_flushed(c, 10);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->flushes), 2);
	/* Promptly: not after the hour the delay now allows. */
	LFPT_EXPECT(t, c->at_ns[1] && c->at_ns[1] - t0 < 10000000000ULL);
	lfp_batch_get_stats(&c->b, &st);
	LFPT_EXPECT_EQ(t, st.added, 10);
	LFPT_EXPECT_EQ(t, st.dropped, 1);
	LFPT_EXPECT_EQ(t, st.flushed, 10);
	LFPT_EXPECT_EQ(t, st.size_flushes, 2);
	LFPT_EXPECT_EQ(t, st.time_flushes, 0);
	/* The second flush got the whole capacity, over max_items. */
	LFPT_EXPECT_EQ(t, c->biggest, 8);
	/* Room again: a full batch takes adds and flushes at once. */
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 12)), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 13)), 0);
	bt_wait_flushes(c, 3);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->flushes), 3);
	lfp_batch_close(&c->b);
	lfp_batch_get_stats(&c->b, &st);
	LFPT_EXPECT_EQ(t, st.size_flushes + st.time_flushes + st.close_flushes,
		       lfpt_atomic_read(&c->flushes));
	LFPT_EXPECT_EQ(t, st.close_flushes, 0);
	lfp_batch_destroy(&c->b);
	LFPT_EXPECT_EQ(t, c->seen, 12);
	LFPT_EXPECT_EQ(t, c->bad, 0);
	lfpt_free(c);
}

/*
 * An item that fills a batch of max_items 1 still starts the clock: when
 * max_items is raised before the flusher takes it, it waits for its own
 * deadline, not for one left from an earlier item.
 */
static void lfpt_case_batch_deadline_raise(struct lfpt *t)
{
	struct bt_ctx *c = bt_new(t, 8, 1, 1000);
	struct lfp_batch_stats st;
	unsigned long long t0;

	if (!c)
		return;
	c->gated = 1;
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 1)), 0);
	while (!lfpt_atomic_read(&c->entered))
		lfpt_msleep(1);
	/* Held in the first flush: the next item fills the batch again. */
	t0 = lfpt_now_ns();
	LFPT_EXPECT_EQ(t, lfp_batch_add(&c->b, BT_ITEM(0, 2)), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_items(&c->b, 2), 0);
	lfpt_atomic_set(&c->go, 1);
	bt_wait_flushes(c, 2);
	bt_wait_flushed(c, 2);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->flushes), 2);
	/* Not early (late is fine on a loaded machine). */
	LFPT_EXPECT(t, c->at_ns[1] - t0 >= 999000000ULL);
	lfp_batch_get_stats(&c->b, &st);
	LFPT_EXPECT_EQ(t, st.size_flushes, 1);
	LFPT_EXPECT_EQ(t, st.time_flushes, 1);
	LFPT_EXPECT_EQ(t, st.flushed, 2);
	LFPT_EXPECT_EQ(t, st.size_flushes + st.time_flushes + st.close_flushes,
		       lfpt_atomic_read(&c->flushes));
	LFPT_EXPECT_EQ(t, c->bad, 0);
	lfp_batch_destroy(&c->b);
	lfpt_free(c);
}

static const struct lfpt_case lfpt_batch_cases[] = {
	LFPT_CASE(batch_size_close),
	LFPT_CASE(batch_time),
	LFPT_CASE(batch_concurrent),
	LFPT_CASE(batch_close_twice),
	LFPT_CASE(batch_max_delay_full),
	LFPT_CASE(batch_deadline_raise),
};

/*
 * Torture driver: adds from every worker with both triggers changed live;
 * each accepted item reaches the flush function exactly once, in each
 * producer's order.
 */

struct batch_torture_ctx {
	struct lfp_batch b;
	unsigned int capacity;
	unsigned long long next[TT_MAX_THREADS];	/* per producer */
	unsigned long long last[TT_MAX_THREADS];	/* flush side */
	struct tt_pool pool;
	struct lfpt_atomic adds, added, dropped, flushed, bad;
};

static void batch_torture_flush(void **items, unsigned int n, void *arg)
{
	struct batch_torture_ctx *c = arg;
	struct tt_item *it;
	unsigned int i;

	if (!n || n > c->capacity)
		lfpt_atomic_inc(&c->bad);
	for (i = 0; i < n; i++) {
		it = items[i];
		/* Flushes never overlap: last[] needs no lock. */
		if (it->producer >= TT_MAX_THREADS || it->seq <= c->last[it->producer])
			lfpt_atomic_inc(&c->bad);
		else
			c->last[it->producer] = it->seq;
		lfpt_atomic_inc(&c->flushed);
		tt_item_free(&c->pool, it);
	}
}

static void batch_torture_op(struct tt_worker *w)
{
	struct batch_torture_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 1000);
	struct lfp_batch_stats st;
	struct tt_item *it;
	int ret;

	if (r < 900) {
		it = tt_item_new(w, &c->pool, ++c->next[w->idx]);
		if (!it)
			return;
		lfpt_atomic_inc(&c->adds);
		ret = lfp_batch_add(&c->b, it);
		if (!ret) {
			lfpt_atomic_inc(&c->added);
			return;
		}
		if (ret == -ENOSPC)
			lfpt_atomic_inc(&c->dropped);
		else
			lfpt_atomic_inc(&c->bad);
		tt_item_free(&c->pool, it);
		tt_maybe_sleep(w);
	} else if (r < 940) {
		LFPT_EXPECT_EQ(w->tt->t, lfp_batch_set_max_items(&c->b,
					1 + tt_pick(w, c->capacity)), 0);
	} else if (r < 980) {
		LFPT_EXPECT_EQ(w->tt->t, lfp_batch_set_max_delay(&c->b,
					1 + tt_pick(w, 5)), 0);
	} else {
		lfp_batch_get_stats(&c->b, &st);
		if (st.pending > st.capacity)
			lfpt_atomic_inc(&c->bad);
	}
}

static void batch_torture(struct tt *tt)
{
	struct batch_torture_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_batch_stats st;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	c->capacity = 8 + lfpt_rand(&tt->seed) % 249;
	LFPT_EXPECT_EQ(tt->t, lfp_batch_init(&c->b, c->capacity,
					     1 + lfpt_rand(&tt->seed) % c->capacity,
					     1 + lfpt_rand(&tt->seed) % 5,
					     batch_torture_flush, c), 0);
	tt->ctx = c;
	tt->op = batch_torture_op;
	tt_run(tt);
	lfp_batch_close(&c->b);
	lfp_batch_get_stats(&c->b, &st);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, st.added, lfpt_atomic_read(&c->added));
	LFPT_EXPECT_EQ(tt->t, st.dropped, lfpt_atomic_read(&c->dropped));
	LFPT_EXPECT_EQ(tt->t, st.added + st.dropped, lfpt_atomic_read(&c->adds));
	LFPT_EXPECT_EQ(tt->t, st.flushed, st.added);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->flushed), st.added);
	LFPT_EXPECT_EQ(tt->t, st.pending, 0);
	lfp_batch_destroy(&c->b);
	tt_pool_check(tt, &c->pool);
	lfpt_free(c);
}

#include "batch_misuse.c"

static const struct lfpt_prim lfpt_prim_batch = {
	.name = "batch",
	.cases = lfpt_batch_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_batch_cases),
	.torture = batch_torture,
	.misuse = lfpt_batch_misuse,
	.nmisuse = LFP_ARRAY_SIZE(lfpt_batch_misuse),
};
