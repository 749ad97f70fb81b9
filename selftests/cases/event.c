// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim event, compiled into the user-space runner and into
 * the kernel test module.  The includer provides the shim (lfpt.h).
 */
#include <lfprim/event.h>

static void lfpt_case_event_basic(struct lfpt *t)
{
	struct lfp_event *ev = lfpt_zalloc(sizeof(*ev));
	unsigned long long t0;

	if (!ev) {
		LFPT_EXPECT(t, ev);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_event_init(NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_event_init(ev), 0);
	LFPT_EXPECT(t, !lfp_event_is_fired(ev));
	LFPT_EXPECT_EQ(t, lfp_event_wait(ev, 0, NULL), -ETIMEDOUT);
	t0 = lfpt_now_ns();
	LFPT_EXPECT_EQ(t, lfp_event_wait(ev, 30, NULL), -ETIMEDOUT);
	/* A timeout never ends early (late is fine on a loaded machine). */
	LFPT_EXPECT(t, lfpt_now_ns() - t0 >= 29000000ULL);
	LFPT_EXPECT_EQ(t, lfp_event_fire(ev), 1);
	LFPT_EXPECT_EQ(t, lfp_event_fire(ev), 0);
	LFPT_EXPECT(t, lfp_event_is_fired(ev));
	/* Fired before the wait: returns at once, whatever the timeout. */
	LFPT_EXPECT_EQ(t, lfp_event_wait(ev, 0, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_event_wait(ev, LFP_WAIT_FOREVER, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_event_wait_killable(ev, LFP_WAIT_FOREVER, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(ev), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(ev), 0);
	LFPT_EXPECT(t, !lfp_event_is_fired(ev));
	LFPT_EXPECT_EQ(t, lfp_event_wait(ev, 0, NULL), -ETIMEDOUT);
	LFPT_EXPECT_EQ(t, lfp_event_fire(ev), 1);
	lfpt_free(ev);
}

/* Many waiters, one fire: all wake, all see what came before the fire. */
#define EVENT_WAITERS	6

struct event_bcast {
	struct lfp_event ev;
	struct lfp_event cancel;	/* never fired */
	unsigned long payload;
	struct lfpt_atomic started;
	struct lfpt_atomic woke;
	struct lfpt_atomic bad;
};

static int event_waiter_fn(void *arg)
{
	struct event_bcast *b = arg;
	int ret;

	/* Every other waiter also watches a cancel event that never fires. */
	ret = lfp_event_wait(&b->ev, LFP_WAIT_FOREVER,
			     (lfpt_atomic_add_return(&b->started, 1) & 1) ?
			     &b->cancel : NULL);
	if (ret || b->payload != 42)
		lfpt_atomic_inc(&b->bad);
	lfpt_atomic_inc(&b->woke);
	return 0;
}

static void lfpt_case_event_broadcast(struct lfpt *t)
{
	struct event_bcast *b = lfpt_zalloc(sizeof(*b));
	struct lfpt_thread *th[EVENT_WAITERS];
	int i, round;

	if (!b) {
		LFPT_EXPECT(t, b);
		return;
	}
	for (round = 0; round < 20; round++) {
		lfp_event_init(&b->ev);
		lfp_event_init(&b->cancel);
		lfpt_atomic_set(&b->woke, 0);
		b->payload = 0;
		for (i = 0; i < EVENT_WAITERS; i++)
			th[i] = lfpt_thread_run(event_waiter_fn, b);
		/* Fire with some waiters asleep and some still arriving. */
		if (round & 1)
			while (lfp_event_waiters(&b->ev) < EVENT_WAITERS / 2)
				lfpt_msleep(1);
		b->payload = 42;
		LFPT_EXPECT_EQ(t, lfp_event_fire(&b->ev), 1);
		for (i = 0; i < EVENT_WAITERS; i++)
			LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
		LFPT_EXPECT_EQ(t, lfpt_atomic_read(&b->woke), EVENT_WAITERS);
		LFPT_EXPECT_EQ(t, lfp_event_waiters(&b->ev), 0);
		LFPT_EXPECT_EQ(t, lfp_event_waiters(&b->cancel), 0);
	}
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&b->bad), 0);
	lfpt_free(b);
}

/* Cancel and timeout: the right error, and no waiter left behind. */
struct event_cancel {
	struct lfp_event ev;
	struct lfp_event cancel;
	int ret;
	long timeout;
};

static int event_cancel_fn(void *arg)
{
	struct event_cancel *c = arg;

	c->ret = lfp_event_wait(&c->ev, c->timeout, &c->cancel);
	return 0;
}

static void lfpt_case_event_cancel_timeout(struct lfpt *t)
{
	struct event_cancel *c = lfpt_zalloc(sizeof(*c));
	struct lfpt_thread *th;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	lfp_event_init(&c->ev);
	lfp_event_init(&c->cancel);
	/* Cancelled while blocked; reinit is refused meanwhile. */
	c->timeout = LFP_WAIT_FOREVER;
	th = lfpt_thread_run(event_cancel_fn, c);
	while (lfp_event_waiters(&c->ev) < 1 || lfp_event_waiters(&c->cancel) < 1)
		lfpt_msleep(1);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&c->ev), -EBUSY);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&c->cancel), -EBUSY);
	lfp_event_fire(&c->cancel);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, c->ret, -ECANCELED);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(&c->ev), 0);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(&c->cancel), 0);
	/* Already cancelled: at once. */
	LFPT_EXPECT_EQ(t, lfp_event_wait(&c->ev, LFP_WAIT_FOREVER, &c->cancel),
		       -ECANCELED);
	/* Both fired: the event wins. */
	lfp_event_fire(&c->ev);
	LFPT_EXPECT_EQ(t, lfp_event_wait(&c->ev, LFP_WAIT_FOREVER, &c->cancel), 0);
	/* Timeout with a cancel event that never fires. */
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&c->ev), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&c->cancel), 0);
	c->timeout = 20;
	th = lfpt_thread_run(event_cancel_fn, c);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, c->ret, -ETIMEDOUT);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(&c->ev), 0);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(&c->cancel), 0);
	/* Fired while blocked with a timeout: 0, not -ETIMEDOUT. */
	c->timeout = 60000;
	th = lfpt_thread_run(event_cancel_fn, c);
	while (lfp_event_waiters(&c->ev) < 1)
		lfpt_msleep(1);
	lfp_event_fire(&c->ev);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, c->ret, 0);
	lfpt_free(c);
}

/*
 * A second fire racing the first: it returns 0, and only once the waiter
 * (here also waiting on the event as a cancel event) is woken, while the
 * first fire is still held between its store and its wake-up.
 */
struct event_fire2 {
	struct event_cancel w;		/* waits on ev */
	struct event_cancel wc;		/* waits on other, ev as its cancel */
	struct lfp_event ev;
	int first_ret;
	struct lfpt_atomic first_done;
};

static int event_fire_first_fn(void *arg)
{
	struct event_fire2 *f = arg;

	f->first_ret = lfp_event_fire(&f->ev);
	lfpt_atomic_set(&f->first_done, 1);
	return 0;
}

static int event_fire2_wait_fn(void *arg)
{
	struct event_fire2 *f = arg;

	f->w.ret = lfp_event_wait(&f->ev, LFP_WAIT_FOREVER, NULL);
	return 0;
}

static int event_fire2_cancel_fn(void *arg)
{
	struct event_fire2 *f = arg;

	f->wc.ret = lfp_event_wait(&f->wc.ev, LFP_WAIT_FOREVER, &f->ev);
	return 0;
}

static void lfpt_case_event_fire_twice(struct lfpt *t)
{
	struct event_fire2 *f = lfpt_zalloc(sizeof(*f));
	struct lfpt_inject in = {
		.point = "event.fire_wake", .delay_ms = 400, .max_hits = 1,
	};
	struct lfpt_thread *w, *wc, *first;
	unsigned long long t0;

	if (!f) {
		LFPT_EXPECT(t, f);
		return;
	}
	lfp_event_init(&f->ev);
	lfp_event_init(&f->wc.ev);
	f->w.ret = f->wc.ret = 1;
	w = lfpt_thread_run(event_fire2_wait_fn, f);
	wc = lfpt_thread_run(event_fire2_cancel_fn, f);
	while (lfp_event_waiters(&f->ev) < 2)
		lfpt_msleep(1);
	lfpt_msleep(20);	/* most likely asleep by now */
	in.obj = &f->ev;
	lfpt_inject_arm(&in);
	first = lfpt_thread_run(event_fire_first_fn, f);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	/* The first fire is held after its store, before its wake-up. */
	LFPT_EXPECT_EQ(t, lfp_event_fire(&f->ev), 0);
	LFPT_EXPECT(t, lfp_event_is_fired(&f->ev));
	LFPT_EXPECT_EQ(t, lfp_event_wait(&f->ev, 0, NULL), 0);
	t0 = lfpt_now_ns();
	LFPT_EXPECT_EQ(t, lfpt_thread_join(w), 0);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(wc), 0);
	/* Woken by the second fire: well before the first is released. */
	LFPT_EXPECT(t, lfpt_now_ns() - t0 < 200000000ULL);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&f->first_done), 0);
	LFPT_EXPECT_EQ(t, f->w.ret, 0);
	LFPT_EXPECT_EQ(t, f->wc.ret, -ECANCELED);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(first), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT(t, lfpt_atomic_read(&in.hits) >= 2);
	LFPT_EXPECT_EQ(t, f->first_ret, 1);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(&f->ev), 0);
	lfpt_free(f);
}

#include "event_link.c"

static const struct lfpt_case lfpt_event_cases[] = {
	LFPT_CASE(event_basic),
	LFPT_CASE(event_broadcast),
	LFPT_CASE(event_cancel_timeout),
	LFPT_CASE(event_fire_twice),
	LFPT_CASE(event_static_init),
	LFPT_CASE(event_link_basic),
	LFPT_CASE(event_link_wait),
	LFPT_CASE(event_link_race),
};

/*
 * Torture driver: fires, waits with timeouts and cancels, reinits, and
 * links: @kid stays linked to @ev (so it is fired whenever a fire of @ev
 * has returned), @churn is linked and unlinked while @ev fires and
 * reinits.
 */

struct event_torture_ctx {
	struct lfp_event ev, cancel, kid, churn;
	struct lfpt_atomic fired_once, cancel_once;	/* ever fired */
	struct lfpt_atomic firsts, reinits;
	struct lfpt_atomic early, bad;
};

static void event_torture_op(struct tt_worker *w)
{
	struct event_torture_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100);
	unsigned long long t0;
	struct lfp_event *cancel;
	long ms;
	int ret;

	if (r < 20) {
		lfpt_atomic_set(&c->fired_once, 1);
		ret = lfp_event_fire(&c->ev);
		if (ret == 1)
			lfpt_atomic_inc(&c->firsts);
		else if (ret)
			lfpt_atomic_inc(&c->bad);
		if (!lfp_event_is_fired(&c->kid))
			lfpt_atomic_inc(&c->bad);
	} else if (r < 30) {
		ret = lfp_event_reinit(&c->ev);
		if (!ret)
			lfpt_atomic_inc(&c->reinits);
		else if (ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 33) {
		lfpt_atomic_set(&c->cancel_once, 1);
		lfp_event_fire(&c->cancel);
	} else if (r < 36) {
		ret = lfp_event_reinit(&c->cancel);
		if (ret && ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 38) {
		ret = tt_pick(w, 2) ? lfp_event_link(&c->churn, &c->ev) :
				      lfp_event_unlink(&c->churn, &c->ev);
		if (ret && ret != -EEXIST && ret != -ENOENT)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 40) {
		(void)lfp_event_is_fired(&c->ev);
	} else {
		ms = tt_pick(w, 4);
		cancel = tt_pick(w, 2) ? &c->cancel : NULL;
		t0 = lfpt_now_ns();
		ret = lfp_event_wait(&c->ev, ms, cancel);
		if (ret == 0 && !lfpt_atomic_read(&c->fired_once))
			lfpt_atomic_inc(&c->bad);
		else if (tt_early(ret, t0, ms))
			lfpt_atomic_inc(&c->early);
		else if (ret == -ECANCELED &&
			 (!cancel || !lfpt_atomic_read(&c->cancel_once)))
			lfpt_atomic_inc(&c->bad);
		else if (ret && ret != -ETIMEDOUT && ret != -ECANCELED)
			lfpt_atomic_inc(&c->bad);
	}
}

static void event_torture(struct tt *tt)
{
	struct event_torture_ctx *c = lfpt_zalloc(sizeof(*c));

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	LFPT_EXPECT_EQ(tt->t, lfp_event_init(&c->ev), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_init(&c->cancel), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_init(&c->kid), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_init(&c->churn), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_link(&c->kid, &c->ev), 0);
	tt->ctx = c;
	tt->op = event_torture_op;
	tt_run(tt);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->early), 0);
	/* Each "this call fired it" needs a reinit in between. */
	LFPT_EXPECT(tt->t, lfpt_atomic_read(&c->firsts) <=
		    lfpt_atomic_read(&c->reinits) + 1);
	/* No waiter left behind. */
	LFPT_EXPECT_EQ(tt->t, lfp_event_waiters(&c->ev), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_waiters(&c->cancel), 0);
	/* A fire of ev reached kid (the first fire at the latest). */
	LFPT_EXPECT(tt->t, !lfpt_atomic_read(&c->fired_once) ||
		    lfp_event_is_fired(&c->kid));
	lfp_event_destroy(&c->churn);
	lfp_event_destroy(&c->kid);
	lfp_event_destroy(&c->ev);
	lfpt_free(c);
}

#ifndef __KERNEL__
#include "event_misuse.c"
#endif

static const struct lfpt_prim lfpt_prim_event = {
	.name = "event",
	.cases = lfpt_event_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_event_cases),
	.torture = event_torture,
#ifndef __KERNEL__
	.misuse = lfpt_event_misuse,
	.nmisuse = LFP_ARRAY_SIZE(lfpt_event_misuse),
#endif
};
