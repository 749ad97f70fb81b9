// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim pubsub, compiled into the user-space runner and into
 * the kernel test module.  The includer provides the shim (lfpt.h).
 * Messages are the numbers 1, 2, 3, ... cast to pointers.
 */
#include <lfprim/pubsub.h>

#define PS_MSG(n)	((void *)(unsigned long)(n))

static void lfpt_case_pubsub_basic(struct lfpt *t)
{
	struct lfp_pubsub *ps = lfpt_zalloc(sizeof(*ps));
	struct lfp_pubsub_sub *s = lfpt_zalloc(sizeof(*s) * 2);
	struct lfp_dropq_stats st;
	unsigned long i;
	void *m;

	if (!ps || !s) {
		LFPT_EXPECT(t, ps && s);
		lfpt_free(ps);
		lfpt_free(s);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_pubsub_init(NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pubsub_init(ps), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(ps, PS_MSG(1)), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(ps, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, &s[0], 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, &s[0], 8), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, &s[1], 3), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribers(ps), 2);
	/* s[1] holds 3: the 4th and 5th are its drops, not s[0]'s. */
	for (i = 1; i <= 5; i++)
		LFPT_EXPECT_EQ(t, lfp_pubsub_publish(ps, PS_MSG(i)), i <= 3 ? 2 : 1);
	for (i = 1; i <= 5; i++) {
		LFPT_EXPECT_EQ(t, lfp_pubsub_pop(&s[0], &m, 0, NULL), 0);
		LFPT_EXPECT(t, m == PS_MSG(i));
	}
	lfp_pubsub_sub_stats(&s[1], &st);
	LFPT_EXPECT_EQ(t, st.accepted, 3);
	LFPT_EXPECT_EQ(t, st.dropped, 2);
	LFPT_EXPECT_EQ(t, lfp_pubsub_destroy(ps), -EBUSY);
	/* Unsubscribed: drains what it had, then -EPIPE; gets nothing new. */
	lfp_pubsub_unsubscribe(ps, &s[1]);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(ps, PS_MSG(6)), 1);
	for (i = 1; i <= 3; i++) {
		LFPT_EXPECT_EQ(t, lfp_pubsub_pop(&s[1], &m, -1, NULL), 0);
		LFPT_EXPECT(t, m == PS_MSG(i));
	}
	LFPT_EXPECT_EQ(t, lfp_pubsub_pop(&s[1], &m, -1, NULL), -EPIPE);
	lfp_pubsub_sub_destroy(&s[1], NULL);
	lfp_pubsub_unsubscribe(ps, &s[0]);
	LFPT_EXPECT_EQ(t, lfp_pubsub_pop(&s[0], &m, -1, NULL), 0);
	LFPT_EXPECT(t, m == PS_MSG(6));
	lfp_pubsub_sub_destroy(&s[0], NULL);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribers(ps), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_destroy(ps), 0);
	lfpt_free(s);
	lfpt_free(ps);
}

/*
 * A publisher with two steady consumers and one stalled subscriber, while
 * another thread subscribes and unsubscribes over and over: the steady
 * ones get every message in order, the stalled one drops all but its
 * capacity, the transient ones lose nothing they accepted, nothing leaks.
 */
struct ps_steady {
	struct lfp_pubsub_sub sub;
	unsigned long got;
	unsigned long bad;
};

struct ps_run {
	struct lfp_pubsub ps;
	struct ps_steady steady[2];
	struct lfp_pubsub_sub stalled;
	unsigned long n;
	struct lfpt_atomic done;
	unsigned long churns;
	unsigned long churn_bad;
};

static int ps_steady_fn(void *arg)
{
	struct ps_steady *s = arg;
	unsigned long want = 1;
	void *m;

	while (!lfp_pubsub_pop(&s->sub, &m, -1, NULL)) {
		if (m != PS_MSG(want))
			s->bad++;
		want = (unsigned long)m + 1;
		s->got++;
	}
	return 0;
}

static int ps_churn_fn(void *arg)
{
	struct ps_run *r = arg;
	struct lfp_pubsub_sub *sub;
	struct lfp_dropq_stats st;
	unsigned long popped, last;
	void *m;

	/* At least one round, however late this thread got going. */
	do {
		sub = lfpt_zalloc(sizeof(*sub));
		if (!sub || lfp_pubsub_subscribe(&r->ps, sub, 32)) {
			lfpt_free(sub);
			continue;
		}
		lfpt_msleep(1);
		lfp_pubsub_unsubscribe(&r->ps, sub);
		popped = 0;
		last = 0;
		while (!lfp_pubsub_pop(sub, &m, 0, NULL)) {
			if ((unsigned long)m <= last)
				r->churn_bad++;
			last = (unsigned long)m;
			popped++;
		}
		lfp_pubsub_sub_stats(sub, &st);
		if (st.accepted != popped || st.len)
			r->churn_bad++;
		lfp_pubsub_sub_destroy(sub, NULL);
		lfpt_free(sub);
		r->churns++;
	} while (!lfpt_atomic_read(&r->done));
	return 0;
}

static void lfpt_case_pubsub_fanout(struct lfpt *t)
{
	struct ps_run *r = lfpt_zalloc(sizeof(*r));
	struct lfpt_thread *th[3];
	struct lfp_dropq_stats st;
	unsigned long i;
	int k;

	if (!r) {
		LFPT_EXPECT(t, r);
		return;
	}
	r->n = lfpt_scale(20000);
	lfp_pubsub_init(&r->ps);
	for (k = 0; k < 2; k++) {
		/* Room for everything: a consumer that keeps up loses nothing. */
		LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(&r->ps, &r->steady[k].sub,
						       r->n), 0);
		th[k] = lfpt_thread_run(ps_steady_fn, &r->steady[k]);
	}
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(&r->ps, &r->stalled, 16), 0);
	th[2] = lfpt_thread_run(ps_churn_fn, r);
	for (i = 1; i <= r->n; i++) {
		LFPT_EXPECT(t, lfp_pubsub_publish(&r->ps, PS_MSG(i)) >= 2);
		if (!(i & 255))
			lfpt_msleep(1);
	}
	lfpt_atomic_set(&r->done, 1);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th[2]), 0);
	for (k = 0; k < 2; k++)
		lfp_pubsub_unsubscribe(&r->ps, &r->steady[k].sub);
	for (k = 0; k < 2; k++) {
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[k]), 0);
		LFPT_EXPECT_EQ(t, r->steady[k].got, r->n);
		LFPT_EXPECT_EQ(t, r->steady[k].bad, 0);
		lfp_pubsub_sub_stats(&r->steady[k].sub, &st);
		LFPT_EXPECT_EQ(t, st.dropped, 0);
		lfp_pubsub_sub_destroy(&r->steady[k].sub, NULL);
	}
	lfp_pubsub_sub_stats(&r->stalled, &st);
	LFPT_EXPECT_EQ(t, st.accepted, 16);
	LFPT_EXPECT_EQ(t, st.dropped, r->n - 16);
	lfp_pubsub_unsubscribe(&r->ps, &r->stalled);
	lfp_pubsub_sub_destroy(&r->stalled, NULL);
	LFPT_EXPECT_EQ(t, r->churn_bad, 0);
	LFPT_EXPECT(t, r->churns > 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_destroy(&r->ps), 0);
	lfpt_log("%s: %lu messages, %lu subscribe/unsubscribe rounds meanwhile\n",
		 t->name, r->n, r->churns);
	lfpt_free(r);
}

/* Subscriber stats: the one-item harness of dropq.c, through pubsub. */
struct ps_one {
	struct lfp_pubsub ps;
	struct lfp_pubsub_sub sub;
};

static int ps_one_push(void *ctx, void *it)
{
	struct ps_one *p = ctx;

	return lfp_pubsub_publish(&p->ps, it) == 1 ? 0 : -1;
}

static int ps_one_pop(void *ctx, void **it, long timeout_ms)
{
	struct ps_one *p = ctx;

	return lfp_pubsub_pop(&p->sub, it, timeout_ms, NULL);
}

static void ps_one_stats(void *ctx, struct lfp_dropq_stats *st)
{
	struct ps_one *p = ctx;

	lfp_pubsub_sub_stats(&p->sub, st);
}

static void lfpt_case_pubsub_stats_exact(struct lfpt *t)
{
	struct ps_one *p = lfpt_zalloc(sizeof(*p));
	struct dq_one *o = lfpt_zalloc(sizeof(*o));

	if (!p || !o) {
		LFPT_EXPECT(t, p && o);
		lfpt_free(p);
		lfpt_free(o);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_pubsub_init(&p->ps), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(&p->ps, &p->sub, 8), 0);
	o->push = ps_one_push;
	o->pop = ps_one_pop;
	o->stats = ps_one_stats;
	o->ctx = p;
	o->obj = &p->sub.q;
	dq_one_run(t, o);
	lfp_pubsub_unsubscribe(&p->ps, &p->sub);
	LFPT_EXPECT_EQ(t, lfp_pubsub_sub_destroy(&p->sub, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_destroy(&p->ps), 0);
	lfpt_free(o);
	lfpt_free(p);
}

/*
 * Two unsubscribes of one subscription: the second, racing the first
 * while it is held before its grace period, returns only once the queue
 * is closed, and no publish reaches the subscription after that.  Also:
 * sub_destroy refuses while subscribed or leaving, and queued messages
 * stay queued over the unsubscribe, then go to @drop.
 */
struct ps_unsub2 {
	struct lfp_pubsub ps;
	struct lfp_pubsub_sub sub;
	struct lfpt_atomic stop;
	struct lfpt_atomic dropped;
	struct lfpt_atomic hits;
	struct lfpt_atomic release;
};

/*
 * Holds the first unsubscribe before its grace period until the test
 * releases it (20 s at most), however slowly the other threads run.
 */
static void ps_unsub_gate(const char *point, const void *obj, void *arg)
{
	struct ps_unsub2 *u = arg;
	unsigned long long t0;

	if (strcmp(point, "pubsub.unsubscribe_gp") || obj != &u->sub ||
	    lfpt_atomic_add_return(&u->hits, 1) > 1)
		return;
	t0 = lfpt_now_ns();
	while (!lfpt_atomic_read(&u->release) &&
	       lfpt_now_ns() - t0 < 20000000000ULL)
		lfpt_delay_ms(1);
}

/* Releases the gate 300 ms after it starts. */
static int ps_releaser_fn(void *arg)
{
	struct ps_unsub2 *u = arg;

	lfpt_msleep(300);
	lfpt_atomic_set(&u->release, 1);
	return 0;
}

static struct lfpt_atomic *ps_drop_counter;

static void ps_drop(void *msg)
{
	lfpt_atomic_inc(ps_drop_counter);
}

static int ps_unsub_first_fn(void *arg)
{
	struct ps_unsub2 *u = arg;

	lfp_pubsub_unsubscribe(&u->ps, &u->sub);
	return 0;
}

static int ps_publisher_fn(void *arg)
{
	struct ps_unsub2 *u = arg;
	unsigned long n = 100;

	while (!lfpt_atomic_read(&u->stop)) {
		lfp_pubsub_publish(&u->ps, PS_MSG(n++));
		lfpt_relax();
	}
	return 0;
}

static void lfpt_case_pubsub_unsubscribe_twice(struct lfpt *t)
{
	struct ps_unsub2 *u = lfpt_zalloc(sizeof(*u));
	struct lfpt_thread *first, *pub, *rel;
	struct lfp_dropq_stats st, st2;
	unsigned long long t0;
	void *m;

	if (!u) {
		LFPT_EXPECT(t, u);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_pubsub_init(&u->ps), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(&u->ps, &u->sub, 4), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_sub_destroy(&u->sub, NULL), -EBUSY);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(&u->ps, PS_MSG(1)), 1);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(&u->ps, PS_MSG(2)), 1);
	LFPT_EXPECT_EQ(t, lfp_pubsub_pop(&u->sub, &m, 0, NULL), 0);
	LFPT_EXPECT(t, m == PS_MSG(1));
	pub = lfpt_thread_run(ps_publisher_fn, u);
	lfp_inject_set(ps_unsub_gate, u);
	first = lfpt_thread_run(ps_unsub_first_fn, u);
	while (!lfpt_atomic_read(&u->hits))
		lfpt_msleep(1);
	/* The first is off the list, held before its grace period. */
	t0 = lfpt_now_ns();
	LFPT_EXPECT_EQ(t, lfp_pubsub_sub_destroy(&u->sub, NULL), -EBUSY);
	rel = lfpt_thread_run(ps_releaser_fn, u);
	lfp_pubsub_unsubscribe(&u->ps, &u->sub);
	lfp_pubsub_sub_stats(&u->sub, &st);
	LFPT_EXPECT(t, st.closed);
	/* It waited for the first one, released 300 ms after t0. */
	LFPT_EXPECT(t, lfpt_now_ns() - t0 >= 300000000ULL);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(rel), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribers(&u->ps), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(&u->ps, PS_MSG(3)), 0);
	lfpt_msleep(20);	/* the publisher keeps publishing */
	lfp_pubsub_sub_stats(&u->sub, &st2);
	LFPT_EXPECT_EQ(t, st2.accepted, st.accepted);
	LFPT_EXPECT_EQ(t, st2.dropped, st.dropped);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(first), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT(t, lfpt_atomic_read(&u->hits) > 0);
	lfpt_atomic_set(&u->stop, 1);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(pub), 0);
	lfp_pubsub_sub_stats(&u->sub, &st2);
	LFPT_EXPECT_EQ(t, st2.accepted, st.accepted);
	/* A third, after both: returns at once, changes nothing. */
	lfp_pubsub_unsubscribe(&u->ps, &u->sub);
	/* Queued messages stay queued: the oldest pops, the rest go to drop. */
	LFPT_EXPECT(t, st.len >= 1);
	LFPT_EXPECT_EQ(t, lfp_pubsub_pop(&u->sub, &m, 0, NULL), 0);
	LFPT_EXPECT(t, m == PS_MSG(2));
	ps_drop_counter = &u->dropped;
	LFPT_EXPECT_EQ(t, lfp_pubsub_sub_destroy(&u->sub, ps_drop), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&u->dropped), st.len - 1);
	LFPT_EXPECT_EQ(t, lfp_pubsub_destroy(&u->ps), 0);
	lfpt_free(u);
}

static const struct lfpt_case lfpt_pubsub_cases[] = {
	LFPT_CASE(pubsub_basic),
	LFPT_CASE(pubsub_fanout),
	LFPT_CASE(pubsub_stats_exact),
	LFPT_CASE(pubsub_unsubscribe_twice),
	LFPT_CASE(pubsub_static_init),
};

/*
 * Torture driver: worker i publishes, and subscribes, reads and unsubscribes
 * its own subscription i.  A message is (publisher, seq) packed into the
 * pointer.  What publishes report accepted is exactly what the
 * subscriptions accepted, and exactly what their readers popped, in each
 * publisher's order.
 */

struct pubsub_torture_ctx {
	struct lfp_pubsub ps;
	unsigned int nthreads;
	struct lfp_pubsub_sub sub[TT_MAX_THREADS];
	int subscribed[TT_MAX_THREADS];
	unsigned long popped[TT_MAX_THREADS];		/* this subscription */
	unsigned long long seq[TT_MAX_THREADS];		/* per publisher */
	unsigned long long last[TT_MAX_THREADS][TT_MAX_THREADS];
	struct lfpt_atomic published, accepted, popped_all, bad;
};

static void *pubsub_torture_msg(unsigned int pub, unsigned long long seq)
{
	return (void *)(unsigned long)((seq << 6) | pub);
}

static void pubsub_torture_got(struct pubsub_torture_ctx *c, unsigned int i, void *msg)
{
	unsigned long v = (unsigned long)msg;
	unsigned int pub = v & 63;
	unsigned long long seq = v >> 6;

	if (pub >= c->nthreads || seq <= c->last[i][pub])
		lfpt_atomic_inc(&c->bad);
	else
		c->last[i][pub] = seq;
	c->popped[i]++;
	lfpt_atomic_inc(&c->popped_all);
}

/* Unsubscribe i, drain it, and check its count against its queue's. */
static void pubsub_torture_leave(struct pubsub_torture_ctx *c, unsigned int i)
{
	struct lfp_dropq_stats st;
	void *msg;
	int ret;

	lfp_pubsub_unsubscribe(&c->ps, &c->sub[i]);
	while (!(ret = lfp_pubsub_pop(&c->sub[i], &msg, 0, NULL)))
		pubsub_torture_got(c, i, msg);
	if (ret != -EPIPE)
		lfpt_atomic_inc(&c->bad);
	lfp_pubsub_sub_stats(&c->sub[i], &st);
	if (st.accepted != c->popped[i] || st.consumed != st.accepted)
		lfpt_atomic_inc(&c->bad);
	lfpt_atomic_add_return(&c->accepted, st.accepted);
	lfp_pubsub_sub_destroy(&c->sub[i], NULL);
	c->subscribed[i] = 0;
}

static void pubsub_torture_op(struct tt_worker *w)
{
	struct pubsub_torture_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100), i = w->idx;
	void *msg;
	int ret;

	if (r < 50) {
		ret = lfp_pubsub_publish(&c->ps, pubsub_torture_msg(i, ++c->seq[i]));
		if (ret < 0 || ret > (int)c->nthreads)
			lfpt_atomic_inc(&c->bad);
		else
			lfpt_atomic_add_return(&c->published, ret);
	} else if (r < 85) {
		if (!c->subscribed[i])
			return;
		ret = lfp_pubsub_pop(&c->sub[i], &msg, tt_pick(w, 2), NULL);
		if (!ret)
			pubsub_torture_got(c, i, msg);
		else if (ret != -ETIMEDOUT && ret != -EAGAIN)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 93) {
		if (c->subscribed[i])
			return;
		c->popped[i] = 0;
		ret = lfp_pubsub_subscribe(&c->ps, &c->sub[i], 1 + tt_pick(w, 32));
		LFPT_EXPECT_EQ(w->tt->t, ret, 0);
		c->subscribed[i] = !ret;
	} else if (r < 98) {
		if (c->subscribed[i])
			pubsub_torture_leave(c, i);
	} else if (lfp_pubsub_subscribers(&c->ps) > c->nthreads) {
		lfpt_atomic_inc(&c->bad);
	}
}

static void pubsub_torture(struct tt *tt)
{
	struct pubsub_torture_ctx *c = lfpt_zalloc(sizeof(*c));
	unsigned int i;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	c->nthreads = tt->nthreads;
	LFPT_EXPECT_EQ(tt->t, lfp_pubsub_init(&c->ps), 0);
	tt->ctx = c;
	tt->op = pubsub_torture_op;
	tt_run(tt);
	for (i = 0; i < c->nthreads; i++)
		if (c->subscribed[i])
			pubsub_torture_leave(c, i);
	LFPT_EXPECT_EQ(tt->t, lfp_pubsub_subscribers(&c->ps), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_pubsub_destroy(&c->ps), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->published),
		       lfpt_atomic_read(&c->accepted));
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->popped_all),
		       lfpt_atomic_read(&c->accepted));
	lfpt_free(c);
}

#ifndef __KERNEL__
#include "pubsub_misuse.c"
#endif

static const struct lfpt_prim lfpt_prim_pubsub = {
	.name = "pubsub",
	.cases = lfpt_pubsub_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_pubsub_cases),
	.torture = pubsub_torture,
#ifndef __KERNEL__
	.misuse = lfpt_pubsub_misuse,
	.nmisuse = LFP_ARRAY_SIZE(lfpt_pubsub_misuse),
#endif
};
