// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * User space only: event's misuse test (struct lfpt_misuse in lfpt.h, run
 * by selftests/user/misuse.c).  Only a NULL event is detected (an event
 * that was never linked needs no destroy).  Included by event.c.
 */

static struct lfp_event misuse_event_other;

LFPT_PROBE_FN(event_fire, lfp_event_fire(o))
LFPT_PROBE_FN(event_wait_0, lfp_event_wait(o, 0, NULL))
LFPT_PROBE_FN(event_wait_forever, lfp_event_wait(o, LFP_WAIT_FOREVER, NULL))
LFPT_PROBE_FN(event_wait_killable, lfp_event_wait_killable(o, 10, NULL))
LFPT_PROBE_FN(event_reinit, lfp_event_reinit(o))
LFPT_PROBE_FN(event_waiters, lfp_event_waiters(o))
LFPT_PROBE_FN(event_init_null, lfp_event_init(NULL))
LFPT_PROBE_FN(event_link_child, lfp_event_link(o, &misuse_event_other))
LFPT_PROBE_FN(event_link_parent, lfp_event_link(&misuse_event_other, o))
LFPT_PROBE_FN(event_unlink_child, lfp_event_unlink(o, &misuse_event_other))
LFPT_PROBE_FN(event_unlink_parent, lfp_event_unlink(&misuse_event_other, o))
LFPT_PROBE_FN(event_destroy, (lfp_event_destroy(o), 0))

static const struct lfpt_probe misuse_event_dead[] = {
	LFPT_PROBE(event_fire, -EINVAL),
	LFPT_PROBE(event_wait_0, -EINVAL),
	LFPT_PROBE(event_wait_forever, -EINVAL),
	LFPT_PROBE(event_wait_killable, -EINVAL),
	LFPT_PROBE(event_reinit, -EINVAL),
	LFPT_PROBE(event_waiters, 0),
	LFPT_PROBE(event_link_child, -EINVAL),
	LFPT_PROBE(event_link_parent, -EINVAL),
	LFPT_PROBE(event_unlink_child, -EINVAL),
	LFPT_PROBE(event_unlink_parent, -EINVAL),
	LFPT_PROBE(event_destroy, 0),
};

static const struct lfpt_probe misuse_event_bad_init[] = {
	LFPT_PROBE(event_init_null, -EINVAL),
};

static int misuse_event_init(void *obj)
{
	return lfp_event_init(obj);
}

static void misuse_event_live(struct lfpt *t, void *obj)
{
	LFPT_EXPECT_EQ(t, lfp_event_wait(obj, 0, NULL), -ETIMEDOUT);
	LFPT_EXPECT_EQ(t, lfp_event_fire(obj), 1);
	LFPT_EXPECT_EQ(t, lfp_event_fire(obj), 0);
	LFPT_EXPECT_EQ(t, lfp_event_wait(obj, LFP_WAIT_FOREVER, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(obj), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(obj), 0);
	LFPT_EXPECT_EQ(t, lfp_event_is_fired(obj), 0);
	/* A link to itself, twice the same pair, an unlink of no link. */
	LFPT_EXPECT_EQ(t, lfp_event_link(obj, obj), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_event_unlink(obj, &misuse_event_other), -ENOENT);
	LFPT_EXPECT_EQ(t, lfp_event_link(obj, &misuse_event_other), 0);
	LFPT_EXPECT_EQ(t, lfp_event_link(obj, &misuse_event_other), -EEXIST);
	lfp_event_destroy(obj);
	LFPT_EXPECT_EQ(t, lfp_event_unlink(obj, &misuse_event_other), -ENOENT);
}

static const struct lfpt_misuse lfpt_event_misuse[] = {
	{
		.name = "user_misuse_event",
		.size = sizeof(struct lfp_event),
		.dead = misuse_event_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_event_dead),
		.bad_init = misuse_event_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_event_bad_init),
		.init = misuse_event_init,
		.live = misuse_event_live,
		.null_only = true,
	},
};
