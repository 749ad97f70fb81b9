// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim group, compiled into the user-space runner and into
 * the kernel test module.  The includer provides the shim (lfpt.h).
 */
#include <lfprim/group.h>

struct gr_ctx {
	struct lfp_group g;
	struct lfp_event gate;
	struct lfpt_lock lock;		/* guards now and peak */
	long now;			/* task functions running right now */
	long peak;
	struct lfpt_atomic ran;
	struct lfpt_atomic after_cancel;	/* began with the group cancelled */
	struct lfpt_atomic sum;
	long fail_at;			/* the task with this number fails */
	struct lfpt_atomic numbers;
	struct lfpt_atomic entered;	/* gated tasks that have begun */
	long barrier;			/* gr_barrier_fn: tasks to meet */
};

static int gr_task_fn(void *arg, struct lfp_event *cancel)
{
	struct gr_ctx *c = arg;
	long me = lfpt_atomic_add_return(&c->numbers, 1);
	int ret = 0, i;

	if (lfp_event_is_fired(cancel))
		lfpt_atomic_inc(&c->after_cancel);
	lfpt_lock(&c->lock);
	if (++c->now > c->peak)
		c->peak = c->now;
	lfpt_unlock(&c->lock);
	lfpt_atomic_add_return(&c->sum, me);
	if (!c->fail_at && !(me & 15)) {
		/* Now and then a slow task, so that the limit is reached. */
		lfpt_msleep(1);
	} else if (c->fail_at && me == c->fail_at) {
		lfpt_msleep(5);
		ret = -EIO;
	} else if (c->fail_at) {
		/* Work until cancelled, but not forever. */
		for (i = 0; i < 5000 && !lfp_event_is_fired(cancel); i++)
			lfpt_msleep(1);
		ret = lfp_event_is_fired(cancel) ? -ECANCELED : 0;
	}
	lfpt_atomic_inc(&c->ran);
	lfpt_lock(&c->lock);
	c->now--;
	lfpt_unlock(&c->lock);
	return ret;
}

static int gr_gated_fn(void *arg, struct lfp_event *cancel)
{
	struct gr_ctx *c = arg;

	lfpt_atomic_inc(&c->entered);
	lfp_event_wait(&c->gate, LFP_WAIT_FOREVER, NULL);
	lfpt_atomic_inc(&c->ran);
	return 0;
}

static struct gr_ctx *gr_new(struct lfpt *t, unsigned int limit)
{
	struct gr_ctx *c = lfpt_zalloc(sizeof(*c));

	if (!c || lfp_group_init(&c->g, limit)) {
		LFPT_EXPECT(t, 0);
		lfpt_free(c);
		return NULL;
	}
	lfp_event_init(&c->gate);
	lfpt_lock_init(&c->lock);
	return c;
}

static void lfpt_case_group_basic(struct lfpt *t)
{
	struct lfp_group_stats st;
	unsigned long long t0;
	struct gr_ctx *c;
	int i;

	LFPT_EXPECT_EQ(t, lfp_group_init(NULL, 1), -EINVAL);
	/* A bad pointer (or unknown flags) wins over a number out of range. */
	LFPT_EXPECT_EQ(t, lfp_group_init(NULL, 0), -EINVAL);
	c = lfpt_zalloc(sizeof(*c));
	if (!c)
		return;
	LFPT_EXPECT_EQ(t, lfp_group_init(&c->g, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_group_init(&c->g, LFP_GROUP_LIMIT_MAX + 1), -ERANGE);
	lfpt_free(c);
	c = gr_new(t, 3);
	if (!c)
		return;
	LFPT_EXPECT_EQ(t, lfp_group_go(&c->g, NULL, c, -1, NULL), -EINVAL);
	for (i = 0; i < 10; i++)
		LFPT_EXPECT_EQ(t, lfp_group_go(&c->g, gr_task_fn, c, -1, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_group_wait(&c->g), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->ran), 10);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->sum), 55);
	lfp_group_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(t, st.started, 10);
	LFPT_EXPECT_EQ(t, st.finished, 10);
	LFPT_EXPECT_EQ(t, st.running, 0);
	LFPT_EXPECT(t, st.max_running <= 3);
	/* At the limit: try_go refuses, go times out, set_limit is busy. */
	LFPT_EXPECT_EQ(t, lfp_group_set_limit(&c->g, 2), 0);
	LFPT_EXPECT_EQ(t, lfp_group_set_limit(&c->g, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_group_try_go(&c->g, gr_gated_fn, c), 0);
	LFPT_EXPECT_EQ(t, lfp_group_try_go(&c->g, gr_gated_fn, c), 0);
	LFPT_EXPECT_EQ(t, lfp_group_try_go(&c->g, gr_gated_fn, c), -EAGAIN);
	LFPT_EXPECT_EQ(t, lfp_group_go(&c->g, gr_gated_fn, c, 0, NULL), -ETIMEDOUT);
	t0 = lfpt_now_ns();
	LFPT_EXPECT_EQ(t, lfp_group_go(&c->g, gr_gated_fn, c, 30, NULL), -ETIMEDOUT);
	/* A timeout never ends early (late is fine on a loaded machine). */
	LFPT_EXPECT(t, lfpt_now_ns() - t0 >= 29000000ULL);
	LFPT_EXPECT_EQ(t, lfp_group_set_limit(&c->g, 5), -EBUSY);
	lfp_event_fire(&c->gate);
	LFPT_EXPECT_EQ(t, lfp_group_wait(&c->g), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->ran), 12);
	lfp_group_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(t, st.started, 12);
	LFPT_EXPECT_EQ(t, st.limit, 2);
	LFPT_EXPECT(t, !st.cancelled);
	lfp_group_destroy(&c->g);
	lfpt_free(c);
}

/* Many tasks through a small limit: never over it, nothing lost. */
static void lfpt_case_group_many(struct lfpt *t)
{
	unsigned long n = lfpt_scale(10000), i;
	struct lfp_group_stats st;
	struct gr_ctx *c = gr_new(t, 4);

	if (!c)
		return;
	for (i = 0; i < n; i++)
		LFPT_EXPECT_EQ(t, lfp_group_go(&c->g, gr_task_fn, c, -1, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_group_wait(&c->g), 0);
	lfp_group_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(t, st.started, n);
	LFPT_EXPECT_EQ(t, st.finished, n);
	LFPT_EXPECT_EQ(t, st.failed, 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->ran), n);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->sum), n * (n + 1) / 2);
	LFPT_EXPECT(t, st.max_running <= 4);
	LFPT_EXPECT(t, c->peak >= 1 && c->peak <= 4);
	LFPT_EXPECT_EQ(t, c->now, 0);
	lfpt_log("%s: %lu tasks, at most %u admitted (%ld seen running) at once\n",
		 t->name, n, st.max_running, c->peak);
	lfp_group_destroy(&c->g);
	lfpt_free(c);
}

/* The first error wins, cancels the rest, and nothing starts after it. */
static void lfpt_case_group_first_error(struct lfpt *t)
{
	struct lfp_group_stats st;
	struct gr_ctx *c = gr_new(t, 4);
	int i, ret, refused = 0;

	if (!c)
		return;
	c->fail_at = 3;	/* within the first four: it can run */
	for (i = 0; i < 200; i++) {
		ret = lfp_group_go(&c->g, gr_task_fn, c, -1, NULL);
		if (ret == -ECANCELED)
			refused++;
		else
			LFPT_EXPECT_EQ(t, ret, 0);
	}
	LFPT_EXPECT_EQ(t, lfp_group_wait(&c->g), -EIO);
	lfp_group_get_stats(&c->g, &st);
	LFPT_EXPECT(t, st.cancelled);
	LFPT_EXPECT_EQ(t, st.first_error, -EIO);
	LFPT_EXPECT(t, refused > 0);
	LFPT_EXPECT_EQ(t, st.started + refused, 200);
	LFPT_EXPECT_EQ(t, st.finished, st.started);
	/*
	 * A task whose worker saw no cancel an instant before it fired can
	 * find it fired as it begins: only tasks admitted before the error,
	 * at most limit - 1 of them besides the failing one.
	 */
	LFPT_EXPECT(t, lfpt_atomic_read(&c->after_cancel) <= 3);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->ran) + st.skipped, st.started);
	/* Once cancelled, nothing more is admitted. */
	LFPT_EXPECT_EQ(t, lfp_group_go(&c->g, gr_task_fn, c, -1, NULL), -ECANCELED);
	LFPT_EXPECT_EQ(t, lfp_group_try_go(&c->g, gr_task_fn, c), -ECANCELED);
	lfp_group_destroy(&c->g);
	lfpt_free(c);
}

/* go() blocked at the limit leaves on its cancel event. */
struct gr_go {
	struct gr_ctx *c;
	struct lfp_event cancel;
	struct lfpt_atomic inside;
	int ret;
};

static int gr_go_fn(void *arg)
{
	struct gr_go *g = arg;

	lfpt_atomic_inc(&g->inside);
	g->ret = lfp_group_go(&g->c->g, gr_gated_fn, g->c, -1, &g->cancel);
	return 0;
}

static void lfpt_case_group_go_cancel(struct lfpt *t)
{
	struct gr_go *g = lfpt_zalloc(sizeof(*g));
	struct lfpt_thread *th;

	if (!g)
		return;
	g->c = gr_new(t, 1);
	if (!g->c) {
		lfpt_free(g);
		return;
	}
	lfp_event_init(&g->cancel);
	LFPT_EXPECT_EQ(t, lfp_group_go(&g->c->g, gr_gated_fn, g->c, -1, NULL), 0);
	th = lfpt_thread_run(gr_go_fn, g);
	/*
	 * The first task has begun (it waits at the gate) and go() is
	 * blocked at the limit: a task that has not begun yet when the
	 * group is cancelled below would rightly be skipped.
	 */
	while (!lfpt_atomic_read(&g->inside) || !lfp_event_waiters(&g->cancel) ||
	       !lfp_event_waiters(&g->c->gate))
		lfpt_msleep(1);
	lfp_event_fire(&g->cancel);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, g->ret, -ECANCELED);
	LFPT_EXPECT_EQ(t, lfp_event_waiters(&g->cancel), 0);
	/* lfp_group_cancel(): no error, but the group refuses new tasks. */
	lfp_group_cancel(&g->c->g);
	LFPT_EXPECT_EQ(t, lfp_group_go(&g->c->g, gr_gated_fn, g->c, -1, NULL),
		       -ECANCELED);
	lfp_event_fire(&g->c->gate);
	LFPT_EXPECT_EQ(t, lfp_group_wait(&g->c->g), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&g->c->ran), 1);
	lfp_group_destroy(&g->c->g);
	lfpt_free(g->c);
	lfpt_free(g);
}

/*
 * wait() while another caller's go() reaps a failed task: the task is
 * held after it counted as ended and before it fires the cancel.  wait()
 * must return only after that thread is done with the group: with the
 * cancel fired, and without the thread touching the group afterwards.
 */
struct gr_reap {
	struct gr_ctx *c;
	struct lfpt_atomic ends;	/* "group.task_end" calls */
	struct lfpt_atomic reaps;	/* "group.reap" calls (user space) */
	struct lfpt_atomic waited;	/* wait() has returned */
	struct lfpt_atomic late;	/* a task ended its hold after that */
	struct lfpt_atomic r_done;
	int r_ret;
};

static void gr_reap_hook(const char *point, const void *obj, void *arg)
{
	struct gr_reap *r = arg;

	if (obj != &r->c->g)
		return;
	if (!strcmp(point, "group.task_end")) {
		if (lfpt_atomic_add_return(&r->ends, 1) != 1)
			return;
		lfpt_delay_ms(300);
		if (lfpt_atomic_read(&r->waited))
			lfpt_atomic_inc(&r->late);
	} else if (!strcmp(point, "group.reap")) {
		lfpt_atomic_inc(&r->reaps);
	}
}

static int gr_fail_fn(void *arg, struct lfp_event *cancel)
{
	return -EIO;
}

static int gr_reaper_fn(void *arg)
{
	struct gr_reap *r = arg;

	r->r_ret = lfp_group_try_go(&r->c->g, gr_gated_fn, r->c);
	lfpt_atomic_set(&r->r_done, 1);
	return 0;
}

static void lfpt_case_group_wait_reaper(struct lfpt *t)
{
	struct gr_reap *r = lfpt_zalloc(sizeof(*r));
	struct lfp_group_stats st;
	struct lfpt_thread *th;
	int ret;

	if (!r)
		return;
	r->c = gr_new(t, 2);
	if (!r->c) {
		lfpt_free(r);
		return;
	}
	lfp_inject_set(gr_reap_hook, r);
	LFPT_EXPECT_EQ(t, lfp_group_go(&r->c->g, gr_fail_fn, r->c, -1, NULL), 0);
	while (!lfpt_atomic_read(&r->ends))
		lfpt_msleep(1);
	/* The task is held: another caller's go() reaps it and joins it. */
	th = lfpt_thread_run(gr_reaper_fn, r);
	while (!lfpt_atomic_read(&r->reaps) && !lfpt_atomic_read(&r->r_done))
		lfpt_msleep(1);
	ret = lfp_group_wait(&r->c->g);
	lfp_group_get_stats(&r->c->g, &st);
	lfpt_atomic_set(&r->waited, 1);
	LFPT_EXPECT_EQ(t, ret, -EIO);
	LFPT_EXPECT(t, st.cancelled);
	LFPT_EXPECT_EQ(t, st.running, 0);
	LFPT_EXPECT_EQ(t, st.failed, 1);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, r->r_ret, -ECANCELED);
	lfp_inject_set(NULL, NULL);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&r->ends), 1);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&r->late), 0);
	lfp_group_destroy(&r->c->g);
	/* Poisoned, then freed: a late touch is a use after free. */
	memset(&r->c->g, 0x6b, sizeof(r->c->g));
	lfpt_free(r->c);
	lfpt_free(r);
}

/*
 * A barrier: each task waits until c->barrier tasks have begun.  All of
 * them must run at once, or the barrier never opens (30 s: -ETIMEDOUT).
 */
static int gr_barrier_fn(void *arg, struct lfp_event *cancel)
{
	struct gr_ctx *c = arg;

	if (lfpt_atomic_add_return(&c->entered, 1) == c->barrier)
		lfp_event_fire(&c->gate);
	return lfp_event_wait(&c->gate, 30000, NULL);
}

/* At the largest limit, that many tasks that wait for each other all run. */
static void lfpt_case_group_limit_max(struct lfpt *t)
{
	struct gr_ctx *c = gr_new(t, LFP_GROUP_LIMIT_MAX);
	struct lfp_group_stats st;
	unsigned int i;

	if (!c)
		return;
	c->barrier = LFP_GROUP_LIMIT_MAX;
	for (i = 0; i < LFP_GROUP_LIMIT_MAX; i++)
		LFPT_EXPECT_EQ(t, lfp_group_try_go(&c->g, gr_barrier_fn, c), 0);
	LFPT_EXPECT_EQ(t, lfp_group_wait(&c->g), 0);
	lfp_group_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(t, st.started, LFP_GROUP_LIMIT_MAX);
	LFPT_EXPECT_EQ(t, st.failed, 0);
	LFPT_EXPECT_EQ(t, st.max_running, LFP_GROUP_LIMIT_MAX);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->entered), LFP_GROUP_LIMIT_MAX);
	lfp_group_destroy(&c->g);
	lfpt_free(c);
}

/*
 * Two set_limit() calls at once, the first held after its change: the
 * limit stats report is the one that runs, exactly.
 */
struct gr_setl {
	struct gr_ctx *c;
	int ret;
};

static int gr_setl_fn(void *arg)
{
	struct gr_setl *sl = arg;

	sl->ret = lfp_group_set_limit(&sl->c->g, 3);
	return 0;
}

static void lfpt_case_group_set_limit_race(struct lfpt *t)
{
	struct gr_setl *sl = lfpt_zalloc(sizeof(*sl));
	struct lfpt_inject in = { .point = "group.set_limit", .delay_ms = 200,
				  .max_hits = 1 };
	unsigned long long end;
	struct lfp_group_stats st;
	struct lfpt_thread *th;
	long i, limit;

	if (!sl)
		return;
	sl->c = gr_new(t, 2);
	if (!sl->c) {
		lfpt_free(sl);
		return;
	}
	in.obj = &sl->c->g;
	lfpt_inject_arm(&in);
	th = lfpt_thread_run(gr_setl_fn, sl);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	/* The first call has set 3 and is held: this one sets 5 meanwhile. */
	LFPT_EXPECT_EQ(t, lfp_group_set_limit(&sl->c->g, 5), 0);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT(t, lfpt_atomic_read(&in.hits) > 0);
	LFPT_EXPECT_EQ(t, sl->ret, 0);
	lfp_group_get_stats(&sl->c->g, &st);
	LFPT_EXPECT_EQ(t, st.limit, 5);
	limit = st.limit;
	for (i = 0; i < limit; i++)
		LFPT_EXPECT_EQ(t, lfp_group_try_go(&sl->c->g, gr_gated_fn, sl->c), 0);
	LFPT_EXPECT_EQ(t, lfp_group_try_go(&sl->c->g, gr_gated_fn, sl->c), -EAGAIN);
	/* Every admitted task begins (10 s at most). */
	end = lfpt_now_ns() + 10000000000ULL;
	while (lfpt_atomic_read(&sl->c->entered) < limit && lfpt_now_ns() < end)
		lfpt_msleep(1);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&sl->c->entered), limit);
	lfp_event_fire(&sl->c->gate);
	LFPT_EXPECT_EQ(t, lfp_group_wait(&sl->c->g), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&sl->c->ran), limit);
	lfp_group_destroy(&sl->c->g);
	lfpt_free(sl->c);
	lfpt_free(sl);
}

/*
 * try_go() never sleeps: called with a spinlock held and interrupts off
 * (kernel; a debug kernel reports any sleep there).
 */
static void lfpt_case_group_try_go_atomic(struct lfpt *t)
{
	struct gr_ctx *c = gr_new(t, 2);
	int ret[3];

	if (!c)
		return;
	lfpt_lock(&c->lock);
	ret[0] = lfp_group_try_go(&c->g, gr_gated_fn, c);
	ret[1] = lfp_group_try_go(&c->g, gr_gated_fn, c);
	ret[2] = lfp_group_try_go(&c->g, gr_gated_fn, c);
	lfpt_unlock(&c->lock);
	LFPT_EXPECT_EQ(t, ret[0], 0);
	LFPT_EXPECT_EQ(t, ret[1], 0);
	LFPT_EXPECT_EQ(t, ret[2], -EAGAIN);
	lfp_event_fire(&c->gate);
	LFPT_EXPECT_EQ(t, lfp_group_wait(&c->g), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->ran), 2);
	lfp_group_destroy(&c->g);
	lfpt_free(c);
}

/*
 * Two cancels at once, the first held after it fired the event: the
 * second returns with the group refusing tasks too, and neither waits
 * for the running task.
 */
struct gr_cancel {
	struct gr_ctx *c;
	int refused;		/* try_go() right after this cancel returned */
	long ran;		/* tasks done by then */
};

static int gr_cancel_fn(void *arg)
{
	struct gr_cancel *gc = arg;

	lfp_group_cancel(&gc->c->g);
	gc->refused = lfp_group_try_go(&gc->c->g, gr_gated_fn, gc->c);
	gc->ran = lfpt_atomic_read(&gc->c->ran);
	return 0;
}

static void lfpt_case_group_cancel_twice(struct lfpt *t)
{
	struct gr_cancel *gc = lfpt_zalloc(sizeof(*gc) * 2);
	struct lfpt_inject in = { .point = "group.cancel", .delay_ms = 200,
				  .max_hits = 1 };
	struct lfp_group_stats st;
	struct lfpt_thread *th;

	if (!gc)
		return;
	gc[0].c = gr_new(t, 2);
	if (!gc[0].c) {
		lfpt_free(gc);
		return;
	}
	gc[1].c = gc[0].c;
	LFPT_EXPECT_EQ(t, lfp_group_try_go(&gc[0].c->g, gr_gated_fn, gc[0].c), 0);
	while (!lfpt_atomic_read(&gc[0].c->entered))
		lfpt_msleep(1);
	in.obj = &gc[0].c->g;
	lfpt_inject_arm(&in);
	th = lfpt_thread_run(gr_cancel_fn, &gc[0]);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	/* The first cancel is held after firing: a second one now. */
	gr_cancel_fn(&gc[1]);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&in.hits), 2);
	LFPT_EXPECT_EQ(t, gc[0].refused, -ECANCELED);
	LFPT_EXPECT_EQ(t, gc[1].refused, -ECANCELED);
	/* Neither waited for the task held at the gate. */
	LFPT_EXPECT_EQ(t, gc[0].ran, 0);
	LFPT_EXPECT_EQ(t, gc[1].ran, 0);
	lfp_event_fire(&gc[0].c->gate);
	LFPT_EXPECT_EQ(t, lfp_group_wait(&gc[0].c->g), 0);
	lfp_group_get_stats(&gc[0].c->g, &st);
	LFPT_EXPECT(t, st.cancelled);
	LFPT_EXPECT_EQ(t, st.started, 1);
	LFPT_EXPECT_EQ(t, st.first_error, 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&gc[0].c->ran), 1);
	lfp_group_destroy(&gc[0].c->g);
	lfpt_free(gc[0].c);
	lfpt_free(gc);
}

#include "group_parent.c"

static const struct lfpt_case lfpt_group_cases[] = {
	LFPT_CASE(group_basic),
	LFPT_CASE(group_many),
	LFPT_CASE(group_first_error),
	LFPT_CASE(group_go_cancel),
	LFPT_CASE(group_wait_reaper),
	LFPT_CASE(group_limit_max),
	LFPT_CASE(group_set_limit_race),
	LFPT_CASE(group_try_go_atomic),
	LFPT_CASE(group_cancel_twice),
	LFPT_CASE(group_parent),
	LFPT_CASE(group_parent_destroy),
};

/*
 * Torture driver: a fresh group per generation, with a parent event; workers
 * start tasks (waiting or not), change the limit, cancel the group or fire
 * its parent now and then; tasks fail now and then.  Every admitted task runs or is skipped, exactly once.
 */

struct group_torture_ctx {
	struct lfp_group g;
	struct lfp_event parent;	/* the group's parent cancel */
	struct lfpt_lock lock;		/* serializes raises of @limit_max */
	struct lfpt_atomic limit_max;	/* most tasks allowed at once */
	struct lfpt_atomic running, ran, failed, admitted, early, bad, over;
};

static int group_torture_task(void *arg, struct lfp_event *cancel)
{
	struct group_torture_ctx *c = arg;
	unsigned int seed = (unsigned int)lfpt_now_ns() | 1;
	unsigned int i, n = lfpt_rand(&seed) % 50;
	int fail = !(lfpt_rand(&seed) % 500);

	if (lfpt_atomic_add_return(&c->running, 1) > lfpt_atomic_read(&c->limit_max))
		lfpt_atomic_inc(&c->over);
	for (i = 0; i < n && !lfp_event_is_fired(cancel); i++)
		lfpt_relax();
	lfpt_atomic_add_return(&c->running, -1);
	lfpt_atomic_inc(&c->ran);
	if (fail)
		lfpt_atomic_inc(&c->failed);
	return fail ? -EIO : 0;
}

static void group_torture_op(struct tt_worker *w)
{
	struct group_torture_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 1000), lim;
	unsigned long long t0;
	long ms;
	int ret;

	if (r < 500) {
		ms = tt_pick(w, 3);
		t0 = lfpt_now_ns();
		ret = lfp_group_go(&c->g, group_torture_task, c, ms, NULL);
		if (tt_early(ret, t0, ms))
			lfpt_atomic_inc(&c->early);
		if (!ret)
			lfpt_atomic_inc(&c->admitted);
		else if (ret != -ECANCELED && ret != -ETIMEDOUT)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 990) {
		ret = lfp_group_try_go(&c->g, group_torture_task, c);
		if (!ret)
			lfpt_atomic_inc(&c->admitted);
		else if (ret != -ECANCELED && ret != -EAGAIN)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 998) {
		/* Raise the bound the tasks check before the limit can change. */
		lim = 1 + tt_pick(w, 8);
		lfpt_lock(&c->lock);
		if (lfpt_atomic_read(&c->limit_max) < lim)
			lfpt_atomic_set(&c->limit_max, lim);
		lfpt_unlock(&c->lock);
		ret = lfp_group_set_limit(&c->g, lim);
		if (ret && ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else if (!tt_pick(w, 4)) {
		if (tt_pick(w, 2))
			lfp_group_cancel(&c->g);
		else
			lfp_event_fire(&c->parent);
	}
}

static void group_torture_begin(struct tt *tt)
{
	struct group_torture_ctx *c = tt->ctx;
	unsigned int lim = 1 + lfpt_rand(&tt->seed) % 8;

	lfpt_atomic_set(&c->limit_max, lim);
	lfpt_atomic_set(&c->ran, 0);
	lfpt_atomic_set(&c->failed, 0);
	lfpt_atomic_set(&c->admitted, 0);
	lfp_event_init(&c->parent);
	LFPT_EXPECT_EQ(tt->t, lfp_group_init_parent(&c->g, lim, &c->parent), 0);
}

static void group_torture_end(struct tt *tt)
{
	struct group_torture_ctx *c = tt->ctx;
	struct lfp_group_stats st;
	int ret;

	ret = lfp_group_wait(&c->g);
	lfp_group_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(tt->t, ret, lfpt_atomic_read(&c->failed) ? -EIO : 0);
	LFPT_EXPECT_EQ(tt->t, st.first_error, ret);
	LFPT_EXPECT_EQ(tt->t, st.started, lfpt_atomic_read(&c->admitted));
	LFPT_EXPECT_EQ(tt->t, st.finished, st.started);
	LFPT_EXPECT_EQ(tt->t, st.running, 0);
	LFPT_EXPECT_EQ(tt->t, st.failed, lfpt_atomic_read(&c->failed));
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->ran) + st.skipped, st.started);
	LFPT_EXPECT(tt->t, st.max_running <= (unsigned long long)lfpt_atomic_read(&c->limit_max));
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->running), 0);
	if (lfp_event_is_fired(&c->parent))
		LFPT_EXPECT(tt->t, st.cancelled);
	lfp_group_destroy(&c->g);
	lfp_event_destroy(&c->parent);
}

static void group_torture(struct tt *tt)
{
	struct group_torture_ctx *c = lfpt_zalloc(sizeof(*c));

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	lfpt_lock_init(&c->lock);
	tt->ctx = c;
	tt->op = group_torture_op;
	tt->gen_begin = group_torture_begin;
	tt->gen_end = group_torture_end;
	tt_run(tt);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->early), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->over), 0);
	lfpt_free(c);
}

#include "group_misuse.c"

static const struct lfpt_prim lfpt_prim_group = {
	.name = "group",
	.cases = lfpt_group_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_group_cases),
	.torture = group_torture,
	.misuse = lfpt_group_misuse,
	.nmisuse = LFP_ARRAY_SIZE(lfpt_group_misuse),
};
