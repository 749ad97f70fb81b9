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

static const struct lfpt_case lfpt_pubsub_cases[] = {
	LFPT_CASE(pubsub_basic),
	LFPT_CASE(pubsub_fanout),
};
