// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * The static initializers (LFP_<PRIM>_INIT, DEFINE_LFP_<PRIM>) of the
 * primitives that have one, on file-scope objects that no init call ever
 * touches, in both worlds.  Each case leaves its objects as it found them
 * (a static object is never destroyed; the stress driver and the kernel's
 * loops run a case many times), and checks counters as differences.
 * Included by all.c before the case files, whose tables list the cases.
 */
#include <lfprim/event.h>
#include <lfprim/pubsub.h>
#include <lfprim/sampler.h>
#include <lfprim/seqstat.h>
#include <lfprim/sflight.h>
#include <lfprim/snap.h>

/* ---- event ---- */

static DEFINE_LFP_EVENT(static_ev);
static struct lfp_event static_ev_cancel = LFP_EVENT_INIT(static_ev_cancel);

static int static_ev_waiter(void *arg)
{
	return lfp_event_wait(&static_ev, LFP_WAIT_FOREVER, NULL);
}

/* A waiter asleep on the static event's wait queue, woken by the fire. */
static void lfpt_case_event_static_init(struct lfpt *t)
{
	struct lfpt_thread *th;
	int i;

	LFPT_EXPECT_EQ(t, lfp_event_is_fired(&static_ev), 0);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(&static_ev), 0);
	LFPT_EXPECT_EQ(t, lfp_event_wait(&static_ev, 0, NULL), -ETIMEDOUT);
	LFPT_EXPECT_EQ(t, lfp_event_fire(&static_ev_cancel), 1);
	LFPT_EXPECT_EQ(t, lfp_event_wait(&static_ev, LFP_WAIT_FOREVER,
					 &static_ev_cancel), -ECANCELED);
	th = lfpt_thread_run(static_ev_waiter, NULL);
	LFPT_EXPECT(t, th);
	for (i = 0; th && i < 5000 && !lfp_event_waiters(&static_ev); i++)
		lfpt_msleep(1);
	LFPT_EXPECT_EQ(t, lfp_event_fire(&static_ev), 1);
	if (th)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, lfp_event_fire(&static_ev), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&static_ev), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&static_ev_cancel), 0);
	LFPT_EXPECT_EQ(t, lfp_event_is_fired(&static_ev), 0);
}

/* ---- sampler ---- */

static DEFINE_LFP_SAMPLER(static_never, 0);
static DEFINE_LFP_SAMPLER(static_always, LFP_SAMPLER_PPM_MAX);
static struct lfp_sampler static_quarter = LFP_SAMPLER_INIT(250000);

static void lfpt_case_sampler_static_init(struct lfpt *t)
{
	struct lfp_sampler s;
	int i, never = 0, always = 0;

	LFPT_EXPECT_EQ(t, lfp_sampler_init(&s, 250000), 0);
	LFPT_EXPECT_EQ(t, lfp_sampler_threshold(&static_quarter),
		       lfp_sampler_threshold(&s));
	LFPT_EXPECT_EQ(t, lfp_sampler_ppm(&static_quarter), 250000);
	LFPT_EXPECT_EQ(t, lfp_sampler_ppm(&static_never), 0);
	LFPT_EXPECT_EQ(t, lfp_sampler_threshold(&static_always),
		       LFP_SAMPLER_ALWAYS);
	for (i = 0; i < 1000; i++) {
		never += !!lfp_sampler_should_sample(&static_never);
		always += !!lfp_sampler_should_sample(&static_always);
	}
	LFPT_EXPECT_EQ(t, never, 0);
	LFPT_EXPECT_EQ(t, always, 1000);
}

/* ---- seqstat ---- */

static DEFINE_LFP_SEQSTAT(static_stat, 3);

static void lfpt_case_seqstat_static_init(struct lfpt *t)
{
	unsigned long long v[LFP_SEQSTAT_MAX_FIELDS] = { 0 };

	LFPT_EXPECT_EQ(t, lfp_seqstat_nfields(&static_stat), 3);
	lfp_seqstat_read(&static_stat, v);
	LFPT_EXPECT_EQ(t, v[0] + v[1] + v[2], 0);
	lfp_seqstat_record(&static_stat, 40);
	lfp_seqstat_record(&static_stat, 2);
	lfp_seqstat_write_begin(&static_stat);
	lfp_seqstat_set(&static_stat, 2, 7);
	lfp_seqstat_set(&static_stat, 3, 9);	/* beyond nfields: ignored */
	lfp_seqstat_write_end(&static_stat);
	lfp_seqstat_read(&static_stat, v);
	LFPT_EXPECT_EQ(t, v[0], 2);
	LFPT_EXPECT_EQ(t, v[1], 42);
	LFPT_EXPECT_EQ(t, v[2], 7);
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(&static_stat, 3), 0);
	lfp_seqstat_write_begin(&static_stat);
	lfp_seqstat_set(&static_stat, 0, 0);
	lfp_seqstat_set(&static_stat, 1, 0);
	lfp_seqstat_set(&static_stat, 2, 0);
	lfp_seqstat_write_end(&static_stat);
}

/* ---- sflight ---- */

static DEFINE_LFP_SFLIGHT(static_sf);

static int static_sf_fn(void *arg, void **res)
{
	*res = arg;
	return 0;
}

static void lfpt_case_sflight_static_init(struct lfpt *t)
{
	struct lfp_sflight_stats a, b;
	void *res = NULL;
	int shared = -1, x;

	lfp_sflight_get_stats(&static_sf, &a);
	LFPT_EXPECT_EQ(t, a.inflight, 0);
	LFPT_EXPECT_EQ(t, lfp_sflight_do(&static_sf, 7, static_sf_fn, &x, &res,
					 &shared, LFP_WAIT_FOREVER, NULL), 0);
	LFPT_EXPECT(t, res == &x);
	LFPT_EXPECT_EQ(t, shared, 0);
	LFPT_EXPECT_EQ(t, lfp_sflight_forget(&static_sf, 7), 0);
	lfp_sflight_get_stats(&static_sf, &b);
	LFPT_EXPECT_EQ(t, b.leaders - a.leaders, 1);
	LFPT_EXPECT_EQ(t, b.shared - a.shared, 0);
	LFPT_EXPECT_EQ(t, b.inflight, 0);
}

/* ---- snap ---- */

struct static_snap_obj {
	struct lfp_snap_node node;
	int v;
};

static struct lfpt_atomic static_snap_freed;

static void static_snap_free(struct lfp_snap_node *n)
{
	lfpt_atomic_inc(&static_snap_freed);
	lfpt_free(lfp_container_of(n, struct static_snap_obj, node));
}

static DEFINE_LFP_SNAP(static_snap, static_snap_free);

static void lfpt_case_snap_static_init(struct lfpt *t)
{
	struct static_snap_obj *a = lfpt_zalloc(sizeof(*a));
	struct static_snap_obj *b = lfpt_zalloc(sizeof(*b));
	struct lfp_snap_stats s0, s1;
	struct lfp_snap_node *n;
	long freed;

	if (!a || !b) {
		LFPT_EXPECT(t, 0);
		lfpt_free(a);
		lfpt_free(b);
		return;
	}
	a->v = 1;
	b->v = 2;
	lfp_snap_get_stats(&static_snap, &s0);
	freed = lfpt_atomic_read(&static_snap_freed);
	lfp_snap_read_lock();
	LFPT_EXPECT(t, lfp_snap_deref(&static_snap) == NULL);
	lfp_snap_read_unlock();
	LFPT_EXPECT_EQ(t, lfp_snap_publish(&static_snap, &a->node), 0);
	LFPT_EXPECT_EQ(t, lfp_snap_publish(&static_snap, &b->node), 0);
	lfp_snap_read_lock();
	n = lfp_snap_deref(&static_snap);
	LFPT_EXPECT(t, n == &b->node);
	lfp_snap_read_unlock();
	/* Empty again, b freed before the return, a after a grace period. */
	LFPT_EXPECT_EQ(t, lfp_snap_publish_sync(&static_snap, NULL), 0);
	lfp_snap_barrier();
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&static_snap_freed) - freed, 2);
	lfp_snap_get_stats(&static_snap, &s1);
	LFPT_EXPECT_EQ(t, s1.publishes - s0.publishes, 3);
	LFPT_EXPECT_EQ(t, s1.retired - s0.retired, 2);
}

/* ---- pubsub ---- */

static DEFINE_LFP_PUBSUB(static_topic);

static void lfpt_case_pubsub_static_init(struct lfpt *t)
{
	struct lfp_pubsub_sub *sub = lfpt_zalloc(sizeof(*sub));
	void *msg = NULL;
	int x;

	if (!sub) {
		LFPT_EXPECT(t, sub);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribers(&static_topic), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(&static_topic, &x), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribe(&static_topic, sub, 4), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribers(&static_topic), 1);
	LFPT_EXPECT_EQ(t, lfp_pubsub_publish(&static_topic, &x), 1);
	LFPT_EXPECT_EQ(t, lfp_pubsub_pop(sub, &msg, 0, NULL), 0);
	LFPT_EXPECT(t, msg == &x);
	lfp_pubsub_unsubscribe(&static_topic, sub);
	LFPT_EXPECT_EQ(t, lfp_pubsub_subscribers(&static_topic), 0);
	LFPT_EXPECT_EQ(t, lfp_pubsub_sub_destroy(sub, NULL), 0);
	lfpt_free(sub);
}
