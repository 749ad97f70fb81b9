// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * User space only: pubsub's misuse test (struct lfpt_misuse in lfpt.h,
 * run by selftests/user/misuse.c).  Included by pubsub.c.
 */

/* A message offered to a dead pubsub, which must not take it. */
static int misuse_pubsub_msg;

/* A subscription a dead pubsub refuses, and leaves alone. */
static void misuse_pubsub_dead_hook(struct lfpt *t, void *ps)
{
	struct lfp_pubsub_sub *sub = lfpt_misuse_mem(sizeof(*sub), 0);

	if (!sub) {
		LFPT_EXPECT(t, sub != NULL);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, sub, 4), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, NULL, 4), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, sub, 0), -EINVAL);
	lfp_pubsub_unsubscribe(ps, sub);
	/* The refused subscription was left alone. */
	lfp_pubsub_sub_destroy(sub, lfpt_misuse_drop);
	free(sub);
}

LFPT_PROBE_FN(pubsub_publish, lfp_pubsub_publish(o, &misuse_pubsub_msg))
LFPT_PROBE_FN(pubsub_publish_null, lfp_pubsub_publish(o, NULL))
LFPT_PROBE_FN(pubsub_subscribers, lfp_pubsub_subscribers(o))
LFPT_PROBE_FN(pubsub_unsubscribe_null, (lfp_pubsub_unsubscribe(o, NULL), 0))
LFPT_PROBE_FN(pubsub_destroy, lfp_pubsub_destroy(o))
LFPT_PROBE_FN(pubsub_init_null, lfp_pubsub_init(NULL))

static const struct lfpt_probe misuse_pubsub_dead[] = {
	LFPT_PROBE(pubsub_publish, -EINVAL),
	LFPT_PROBE(pubsub_publish_null, -EINVAL),
	LFPT_PROBE(pubsub_subscribers, 0),
	LFPT_PROBE(pubsub_unsubscribe_null, 0),
	LFPT_PROBE(pubsub_destroy, -EINVAL),
	LFPT_PROBE(pubsub_destroy, -EINVAL),
};

static const struct lfpt_probe misuse_pubsub_bad_init[] = {
	LFPT_PROBE(pubsub_init_null, -EINVAL),
};

static int misuse_pubsub_init(void *obj)
{
	return lfp_pubsub_init(obj);
}

/* Every call on a subscription that is not subscribed, or destroyed. */
static void misuse_sub_dead(struct lfpt *t, struct lfp_pubsub *ps,
			    struct lfp_pubsub_sub *sub)
{
	struct lfp_dropq_stats st;
	unsigned int calls = lfpt_misuse_calls_read();
	unsigned int n = lfp_pubsub_subscribers(ps);
	void *msg = NULL;

	lfp_pubsub_unsubscribe(ps, sub);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribers(ps), n);
	LFPT_EXPECT_EQ(t, lfp_pubsub_pop(sub, &msg, 0, NULL), -EINVAL);
	LFPT_EXPECT(t, msg == NULL);
	memset(&st, LFPT_MISUSE_GARBAGE, sizeof(st));
	lfp_pubsub_sub_stats(sub, &st);
	LFPT_EXPECT_EQ(t, st.accepted + st.dropped + st.consumed, 0);
	LFPT_EXPECT_EQ(t, st.capacity, 0);
	lfp_pubsub_sub_destroy(sub, lfpt_misuse_drop);
	lfp_pubsub_sub_destroy(sub, lfpt_misuse_drop);
	LFPT_EXPECT_EQ(t, lfpt_misuse_calls_read(), calls);
}

/* The subscription the live pubsub had, subscribed again by the next. */
static struct lfp_pubsub_sub *misuse_pubsub_sub;

static void misuse_pubsub_live(struct lfpt *t, void *ps)
{
	struct lfp_pubsub_sub *zs = lfpt_misuse_mem(sizeof(*zs), 0);
	struct lfp_pubsub_sub *gs = lfpt_misuse_mem(sizeof(*gs),
						     LFPT_MISUSE_GARBAGE);
	struct lfp_pubsub_sub *sub = lfpt_misuse_mem(sizeof(*sub), 0);
	unsigned int calls;
	void *msg = NULL;
	static int x, y;

	misuse_pubsub_sub = sub;
	if (!zs || !gs || !sub) {
		LFPT_EXPECT(t, !"subscriptions");
		goto out;
	}
	misuse_sub_dead(t, ps, zs);
	misuse_sub_dead(t, ps, gs);
	LFPT_EXPECT_EQ(t, lfp_pubsub_sub_destroy(NULL, lfpt_misuse_drop),
		       -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, NULL, 4), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, sub, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, sub, LFP_DROPQ_CAP_MAX + 1),
		       -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(ps, NULL), -EINVAL);
	misuse_sub_dead(t, ps, sub);

	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, sub, 4), 0);
	/* Still subscribed: sub_destroy refuses and leaves it alone. */
	LFPT_EXPECT_EQ(t, lfp_pubsub_sub_destroy(sub, lfpt_misuse_drop),
		       -EBUSY);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(ps, &x), 1);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(ps, &y), 1);
	LFPT_EXPECT_EQ(t, lfp_pubsub_pop(sub, &msg, 0, NULL), 0);
	LFPT_EXPECT(t, msg == &x);
	LFPT_EXPECT_EQ(t, lfp_pubsub_destroy(ps), -EBUSY);
	lfp_pubsub_unsubscribe(NULL, sub);
	lfp_pubsub_unsubscribe(ps, NULL);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribers(ps), 1);
	lfp_pubsub_unsubscribe(ps, sub);
	/* A second unsubscribe does nothing: the count stays right. */
	lfp_pubsub_unsubscribe(ps, sub);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribers(ps), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(ps, &x), 0);
	/* The message left, dropped once. */
	calls = lfpt_misuse_calls_read();
	LFPT_EXPECT_EQ(t, lfp_pubsub_sub_destroy(sub, lfpt_misuse_drop), 0);
	LFPT_EXPECT_EQ(t, lfpt_misuse_calls_read(), calls + 1);
	misuse_sub_dead(t, ps, sub);
out:
	free(gs);
	free(zs);
}

/* A fresh init, and a fresh subscription of the destroyed one, work. */
static void misuse_pubsub_again(struct lfpt *t, void *ps)
{
	struct lfp_pubsub_sub *sub = misuse_pubsub_sub;
	void *msg = NULL;
	static int y;

	LFPT_EXPECT_EQ(t, lfp_pubsub_init(ps), 0);
	if (!sub)
		return;
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(ps, sub, 2), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(ps, &y), 1);
	LFPT_EXPECT_EQ(t, lfp_pubsub_pop(sub, &msg, 0, NULL), 0);
	LFPT_EXPECT(t, msg == &y);
	lfp_pubsub_unsubscribe(ps, sub);
	LFPT_EXPECT_EQ(t, lfp_pubsub_pop(sub, &msg, 0, NULL), -EPIPE);
	lfp_pubsub_sub_destroy(sub, NULL);
	LFPT_EXPECT_EQ(t, lfp_pubsub_destroy(ps), 0);
	free(sub);
	misuse_pubsub_sub = NULL;
}

static const struct lfpt_misuse lfpt_pubsub_misuse[] = {
	{
		.name = "user_misuse_pubsub",
		.size = sizeof(struct lfp_pubsub),
		.dead = misuse_pubsub_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_pubsub_dead),
		.dead_hook = misuse_pubsub_dead_hook,
		.bad_init = misuse_pubsub_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_pubsub_bad_init),
		.init = misuse_pubsub_init,
		.live = misuse_pubsub_live,
		.destroy = LFPT_PROBE(pubsub_destroy, 0),
		/* The message left in the subscription, dropped once. */
		.calls = 1,
		.again = misuse_pubsub_again,
	},
};
