// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim sflight, compiled into the user-space runner and into
 * the kernel test module.  The includer provides the shim (lfpt.h).
 *
 * The slow function blocks on a gate event the case fires, so the cases
 * decide exactly who is in flight when.
 */
#include <lfprim/event.h>
#include <lfprim/sflight.h>

struct sf_ctx {
	struct lfp_sflight g;
	struct lfp_event gate[2];
	struct lfpt_atomic calls;
	struct lfpt_atomic entered;
	int fail;
};

struct sf_arg {
	struct sf_ctx *c;
	int gate;		/* -1: do not wait */
	unsigned long value;
};

static int sf_slow_fn(void *arg, void **res)
{
	struct sf_arg *a = arg;

	lfpt_atomic_inc(&a->c->calls);
	lfpt_atomic_inc(&a->c->entered);
	if (a->gate >= 0)
		lfp_event_wait(&a->c->gate[a->gate], LFP_WAIT_FOREVER, NULL);
	*res = (void *)a->value;
	return a->c->fail ? -EIO : 0;
}

struct sf_caller {
	struct sf_ctx *c;
	struct sf_arg arg;
	unsigned long long key;
	long timeout;
	struct lfp_event *cancel;
	void *res;
	int shared;
	int ret;
	int no_out;		/* pass NULL @result and @shared */
};

static int sf_caller_fn(void *p)
{
	struct sf_caller *k = p;

	k->ret = lfp_sflight_do(&k->c->g, k->key, sf_slow_fn, &k->arg,
				k->no_out ? NULL : &k->res,
				k->no_out ? NULL : &k->shared, k->timeout,
				k->cancel);
	return 0;
}

/* What a caller that must not write its outputs finds in them. */
#define SF_UNTOUCHED	((void *)0x5a5aUL)

static struct sf_ctx *sf_new(void)
{
	struct sf_ctx *c = lfpt_zalloc(sizeof(*c));

	if (!c)
		return NULL;
	lfp_sflight_init(&c->g);
	lfp_event_init(&c->gate[0]);
	lfp_event_init(&c->gate[1]);
	return c;
}

static void sf_wait_stats(struct sf_ctx *c, unsigned long long shared,
			  unsigned int inflight)
{
	struct lfp_sflight_stats st;

	for (;;) {
		lfp_sflight_get_stats(&c->g, &st);
		if (st.shared >= shared && st.inflight >= inflight)
			return;
		lfpt_msleep(1);
	}
}

static void lfpt_case_sflight_basic(struct lfpt *t)
{
	struct sf_ctx *c = sf_new();
	struct sf_arg a = { .c = c, .gate = -1, .value = 42 };
	struct lfp_sflight_stats st;
	void *res = NULL;
	int shared = 7;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_sflight_init(NULL), -EINVAL);
	res = SF_UNTOUCHED;
	LFPT_EXPECT_EQ(t, lfp_sflight_do(&c->g, 1, NULL, &a, &res, &shared,
					 LFP_WAIT_FOREVER, NULL), -EINVAL);
	/* An error before @fn ran leaves both outputs alone. */
	LFPT_EXPECT(t, res == SF_UNTOUCHED);
	LFPT_EXPECT_EQ(t, shared, 7);
	/* Both outputs may be NULL. */
	LFPT_EXPECT_EQ(t, lfp_sflight_do(&c->g, 1, sf_slow_fn, &a, NULL, NULL,
					 LFP_WAIT_FOREVER, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_sflight_do(&c->g, 1, sf_slow_fn, &a, &res, &shared,
					 LFP_WAIT_FOREVER, NULL), 0);
	LFPT_EXPECT(t, res == (void *)42UL);
	LFPT_EXPECT_EQ(t, shared, 0);
	/* Sequential calls each run: nothing is cached. */
	a.value = 43;
	c->fail = 1;
	LFPT_EXPECT_EQ(t, lfp_sflight_do(&c->g, 1, sf_slow_fn, &a, &res, NULL,
					 LFP_WAIT_FOREVER, NULL), -EIO);
	LFPT_EXPECT(t, res == (void *)43UL);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->calls), 3);
	LFPT_EXPECT_EQ(t, lfp_sflight_forget(&c->g, 1), 0);
	lfp_sflight_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(t, st.leaders, 3);
	LFPT_EXPECT_EQ(t, st.shared, 0);
	LFPT_EXPECT_EQ(t, st.inflight, 0);
	LFPT_EXPECT_EQ(t, lfp_sflight_destroy(&c->g), 0);
	lfpt_free(c);
}

/* N callers, one key: one call, everyone gets its result (and its error). */
#define SF_CALLERS	8

static void sflight_stampede_run(struct lfpt *t, int fail)
{
	struct sf_ctx *c = sf_new();
	struct sf_caller *k = lfpt_zalloc(sizeof(*k) * SF_CALLERS);
	struct lfpt_thread *th[SF_CALLERS];
	struct lfp_sflight_stats st;
	int i, leaders = 0;

	if (!c || !k) {
		LFPT_EXPECT(t, c && k);
		lfpt_free(c);
		lfpt_free(k);
		return;
	}
	c->fail = fail;
	for (i = 0; i < SF_CALLERS; i++) {
		k[i] = (struct sf_caller){ .c = c, .key = 500, .timeout = -1,
			.arg = { .c = c, .gate = 0, .value = 1000 + i },
			/* One caller takes neither output. */
			.no_out = i == SF_CALLERS - 1 };
		th[i] = lfpt_thread_run(sf_caller_fn, &k[i]);
	}
	/*
	 * Everyone is in: one leader blocked in fn, the rest waiting.  The
	 * stats count the call before its leader enters fn.
	 */
	sf_wait_stats(c, SF_CALLERS - 1, 1);
	while (!lfpt_atomic_read(&c->entered))
		lfpt_msleep(1);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->calls), 1);
	lfp_event_fire(&c->gate[0]);
	for (i = 0; i < SF_CALLERS; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
	for (i = 0; i < SF_CALLERS; i++) {
		LFPT_EXPECT_EQ(t, k[i].ret, fail ? -EIO : 0);
		if (k[i].no_out)
			continue;
		leaders += !k[i].shared;
		LFPT_EXPECT(t, k[i].res == k[0].res);
	}
	/* The caller without outputs may have been the leader. */
	LFPT_EXPECT(t, leaders <= 1);
	LFPT_EXPECT(t, k[0].res >= (void *)1000UL &&
		    k[0].res < (void *)(1000UL + SF_CALLERS));
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->calls), 1);
	lfp_sflight_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(t, st.leaders, 1);
	LFPT_EXPECT_EQ(t, st.shared, SF_CALLERS - 1);
	LFPT_EXPECT_EQ(t, st.inflight, 0);
	LFPT_EXPECT_EQ(t, lfp_sflight_destroy(&c->g), 0);
	lfpt_free(k);
	lfpt_free(c);
}

static void lfpt_case_sflight_stampede(struct lfpt *t)
{
	sflight_stampede_run(t, 0);
	sflight_stampede_run(t, 1);
}

/*
 * Distinct keys run in parallel; forget() lets a fresh call start while
 * the old one runs; waiters leave on timeout and cancel without
 * disturbing the leader; destroy is refused while calls are in flight.
 */
static void lfpt_case_sflight_forget_leave(struct lfpt *t)
{
	struct sf_ctx *c = sf_new();
	struct sf_caller *k = lfpt_zalloc(sizeof(*k) * 6);
	struct lfpt_thread *th[6];
	struct lfp_event *cancel = lfpt_zalloc(sizeof(*cancel));
	struct lfp_sflight_stats st;

	if (!c || !k || !cancel) {
		LFPT_EXPECT(t, c && k && cancel);
		lfpt_free(c);
		lfpt_free(k);
		lfpt_free(cancel);
		return;
	}
	lfp_event_init(cancel);
	/* k0 leads key 1 and blocks on gate 0; k1 joins it. */
	k[0] = (struct sf_caller){ .c = c, .key = 1, .timeout = -1,
		.arg = { .c = c, .gate = 0, .value = 10 } };
	k[1] = k[0];
	th[0] = lfpt_thread_run(sf_caller_fn, &k[0]);
	sf_wait_stats(c, 0, 1);
	th[1] = lfpt_thread_run(sf_caller_fn, &k[1]);
	sf_wait_stats(c, 1, 1);
	/* Key 2 runs and finishes while key 1 is blocked. */
	k[2] = (struct sf_caller){ .c = c, .key = 2, .timeout = -1,
		.arg = { .c = c, .gate = -1, .value = 20 } };
	sf_caller_fn(&k[2]);
	LFPT_EXPECT_EQ(t, k[2].ret, 0);
	LFPT_EXPECT(t, k[2].res == (void *)20UL);
	/* Waiters that leave: a timeout, a cancel. */
	k[3] = (struct sf_caller){ .c = c, .key = 1, .timeout = 30,
		.res = SF_UNTOUCHED, .arg = { .c = c, .gate = -1, .value = 30 } };
	sf_caller_fn(&k[3]);
	LFPT_EXPECT_EQ(t, k[3].ret, -ETIMEDOUT);
	/* A waiter that left: *shared is 1, *result untouched. */
	LFPT_EXPECT_EQ(t, k[3].shared, 1);
	LFPT_EXPECT(t, k[3].res == SF_UNTOUCHED);
	k[4] = (struct sf_caller){ .c = c, .key = 1, .timeout = -1,
		.res = SF_UNTOUCHED, .cancel = cancel,
		.arg = { .c = c, .gate = -1, .value = 40 } };
	th[4] = lfpt_thread_run(sf_caller_fn, &k[4]);
	sf_wait_stats(c, 3, 1);
	lfp_event_fire(cancel);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th[4]), 0);
	LFPT_EXPECT_EQ(t, k[4].ret, -ECANCELED);
	LFPT_EXPECT_EQ(t, k[4].shared, 1);
	LFPT_EXPECT(t, k[4].res == SF_UNTOUCHED);
	LFPT_EXPECT_EQ(t, lfp_sflight_destroy(&c->g), -EBUSY);
	/* Forget key 1: the next caller starts a fresh call (gate 1). */
	LFPT_EXPECT_EQ(t, lfp_sflight_forget(&c->g, 1), 1);
	k[5] = (struct sf_caller){ .c = c, .key = 1, .timeout = -1,
		.arg = { .c = c, .gate = 1, .value = 50 } };
	th[5] = lfpt_thread_run(sf_caller_fn, &k[5]);
	while (lfpt_atomic_read(&c->calls) < 3)
		lfpt_msleep(1);
	lfp_event_fire(&c->gate[0]);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th[0]), 0);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th[1]), 0);
	LFPT_EXPECT(t, k[0].res == (void *)10UL && k[1].res == (void *)10UL);
	LFPT_EXPECT(t, !k[0].shared && k[1].shared);
	lfp_event_fire(&c->gate[1]);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th[5]), 0);
	LFPT_EXPECT(t, k[5].res == (void *)50UL);
	LFPT_EXPECT_EQ(t, k[5].shared, 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->calls), 3);
	lfp_sflight_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(t, st.leaders, 3);
	LFPT_EXPECT_EQ(t, st.shared, 3);
	LFPT_EXPECT_EQ(t, st.left, 2);
	LFPT_EXPECT_EQ(t, st.forgets, 1);
	LFPT_EXPECT_EQ(t, st.inflight, 0);
	LFPT_EXPECT_EQ(t, lfp_sflight_destroy(&c->g), 0);
	lfpt_free(cancel);
	lfpt_free(k);
	lfpt_free(c);
}

/* Destroy until it stops refusing, with a deadline against a hang. */
static int sf_destroy_retry(struct lfp_sflight *g, unsigned int *refused)
{
	unsigned long long end = lfpt_now_ns() + 10000000000ULL;
	int ret;

	*refused = 0;
	while ((ret = lfp_sflight_destroy(g)) == -EBUSY &&
	       lfpt_now_ns() < end) {
		(*refused)++;
		lfpt_msleep(1);
	}
	return ret;
}

/*
 * Destroy refuses while a joined waiter is still inside lfp_sflight_do(),
 * even after the leader has returned, and once it returns 0 the group's
 * memory is never touched again.  The waiter is held, by an injected
 * delay, between the end of its wait and its next access to the group.
 *
 * Run 1: the waiter got the result; the owner frees the group as soon as
 * destroy returns 0 (a late access is a use after free, which the
 * sanitizer builds report).  Run 2: the waiter timed out; the owner
 * initialises a fresh group in the same memory, whose counters must stay
 * zero (a late waiter would count itself as "left" in it).
 */
static void sflight_destroy_run(struct lfpt *t, int timeout)
{
	struct sf_ctx *c = sf_new();
	struct sf_caller *k = lfpt_zalloc(sizeof(*k) * 2);
	struct lfpt_inject in = { .point = "sflight.waiter_woken",
				  .delay_ms = 200, .max_hits = 1 };
	struct lfpt_thread *th[2];
	struct lfp_sflight_stats st;
	unsigned int refused;

	if (!c || !k) {
		LFPT_EXPECT(t, c && k);
		lfpt_free(c);
		lfpt_free(k);
		return;
	}
	in.obj = &c->g;
	k[0] = (struct sf_caller){ .c = c, .key = 9, .timeout = -1,
		.arg = { .c = c, .gate = 0, .value = 90 } };
	k[1] = (struct sf_caller){ .c = c, .key = 9,
		.timeout = timeout ? 20 : -1, .res = SF_UNTOUCHED,
		.shared = 7, .arg = { .c = c, .gate = -1, .value = 91 } };
	th[0] = lfpt_thread_run(sf_caller_fn, &k[0]);
	sf_wait_stats(c, 0, 1);
	while (!lfpt_atomic_read(&c->entered))
		lfpt_msleep(1);
	lfpt_inject_arm(&in);
	th[1] = lfpt_thread_run(sf_caller_fn, &k[1]);
	sf_wait_stats(c, 1, 1);
	if (timeout) {
		/* The waiter timed out and is held: now end the call. */
		while (!lfpt_atomic_read(&in.hits))
			lfpt_msleep(1);
	}
	lfp_event_fire(&c->gate[0]);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th[0]), 0);
	LFPT_EXPECT_EQ(t, k[0].ret, 0);
	/* The waiter got the result and is held before leaving. */
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	lfp_sflight_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(t, st.inflight, 0);
	LFPT_EXPECT_EQ(t, sf_destroy_retry(&c->g, &refused), 0);
	/* The held waiter was still inside: destroy refused at least once. */
	LFPT_EXPECT(t, refused > 0);
	if (timeout) {
		LFPT_EXPECT_EQ(t, lfp_sflight_init(&c->g), 0);
	} else {
		lfpt_free(c);
		c = NULL;
	}
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th[1]), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&in.hits), 1);
	LFPT_EXPECT_EQ(t, k[1].shared, 1);
	if (timeout) {
		LFPT_EXPECT_EQ(t, k[1].ret, -ETIMEDOUT);
		LFPT_EXPECT(t, k[1].res == SF_UNTOUCHED);
		lfp_sflight_get_stats(&c->g, &st);
		LFPT_EXPECT_EQ(t, st.leaders, 0);
		LFPT_EXPECT_EQ(t, st.shared, 0);
		LFPT_EXPECT_EQ(t, st.left, 0);
		LFPT_EXPECT_EQ(t, st.inflight, 0);
		LFPT_EXPECT_EQ(t, lfp_sflight_destroy(&c->g), 0);
	} else {
		LFPT_EXPECT_EQ(t, k[1].ret, 0);
		LFPT_EXPECT(t, k[1].res == (void *)90UL);
	}
	lfpt_free(k);
	lfpt_free(c);
}

static void lfpt_case_sflight_destroy_waiters(struct lfpt *t)
{
	sflight_destroy_run(t, 0);
	sflight_destroy_run(t, 1);
}

static const struct lfpt_case lfpt_sflight_cases[] = {
	LFPT_CASE(sflight_basic),
	LFPT_CASE(sflight_stampede),
	LFPT_CASE(sflight_forget_leave),
	LFPT_CASE(sflight_destroy_waiters),
	LFPT_CASE(sflight_static_init),
};

/*
 * Torture driver: calls on a few keys with random timeouts, cancels and
 * forgets; every caller is a leader or a joiner, every joiner that left
 * is counted, and (without forgets) one call per key runs at a time.
 */

#define SFLIGHT_TORTURE_KEYS	4

struct sflight_torture_ctx;

struct sflight_torture_arg {
	struct sflight_torture_ctx *c;
	struct tt_worker *w;
	unsigned int key;
};

struct sflight_torture_ctx {
	struct lfp_sflight g;
	struct lfp_event cancel;
	int forgets;			/* this run uses forget */
	unsigned int res[SFLIGHT_TORTURE_KEYS];	/* results point at res[key] */
	struct lfpt_atomic running[SFLIGHT_TORTURE_KEYS];
	struct lfpt_atomic runs, calls, leaders, joined, left, bad;
};

static int sflight_torture_fn(void *arg, void **res)
{
	struct sflight_torture_arg *a = arg;
	struct sflight_torture_ctx *c = a->c;
	int fail = !tt_pick(a->w, 10);

	lfpt_atomic_inc(&c->runs);
	if (lfpt_atomic_add_return(&c->running[a->key], 1) > 1 && !c->forgets)
		lfpt_atomic_inc(&c->bad);
	if (tt_pick(a->w, 2))
		lfpt_msleep(tt_pick(a->w, 3));
	lfpt_atomic_add_return(&c->running[a->key], -1);
	*res = &c->res[a->key];
	return fail ? -EIO : 0;
}

static void sflight_torture_op(struct tt_worker *w)
{
	struct sflight_torture_ctx *c = w->tt->ctx;
	struct sflight_torture_arg a = { c, w, tt_pick(w, SFLIGHT_TORTURE_KEYS) };
	unsigned int r = tt_pick(w, 100);
	struct lfp_sflight_stats st;
	void *res = NULL;
	int ret, shared = -1;
	long ms;

	if (r < 80) {
		ms = tt_pick(w, 4) ? (long)tt_pick(w, 3) : LFP_WAIT_FOREVER;
		lfpt_atomic_inc(&c->calls);
		ret = lfp_sflight_do(&c->g, a.key, sflight_torture_fn, &a, &res, &shared, ms,
				     tt_pick(w, 2) ? &c->cancel : NULL);
		if (ret == -ETIMEDOUT || ret == -ECANCELED) {
			lfpt_atomic_inc(&c->left);
			lfpt_atomic_inc(&c->joined);
			return;
		}
		if (ret && ret != -EIO)
			lfpt_atomic_inc(&c->bad);
		if (res != &c->res[a.key] || (shared != 0 && shared != 1))
			lfpt_atomic_inc(&c->bad);
		lfpt_atomic_inc(shared == 1 ? &c->joined : &c->leaders);
	} else if (r < 85) {
		if (c->forgets)
			(void)lfp_sflight_forget(&c->g, a.key);
	} else if (r < 90) {
		lfp_event_fire(&c->cancel);
	} else if (r < 95) {
		ret = lfp_event_reinit(&c->cancel);
		if (ret && ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else {
		lfp_sflight_get_stats(&c->g, &st);
		if (st.left > st.shared)
			lfpt_atomic_inc(&c->bad);
	}
}

static void sflight_torture(struct tt *tt)
{
	struct sflight_torture_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_sflight_stats st;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	c->forgets = lfpt_rand(&tt->seed) & 1;
	LFPT_EXPECT_EQ(tt->t, lfp_sflight_init(&c->g), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_init(&c->cancel), 0);
	tt->ctx = c;
	tt->op = sflight_torture_op;
	tt_run(tt);
	lfp_sflight_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, st.inflight, 0);
	LFPT_EXPECT_EQ(tt->t, st.leaders, lfpt_atomic_read(&c->runs));
	LFPT_EXPECT_EQ(tt->t, st.leaders, lfpt_atomic_read(&c->leaders));
	LFPT_EXPECT_EQ(tt->t, st.shared, lfpt_atomic_read(&c->joined));
	LFPT_EXPECT_EQ(tt->t, st.left, lfpt_atomic_read(&c->left));
	LFPT_EXPECT_EQ(tt->t, st.leaders + st.shared, lfpt_atomic_read(&c->calls));
	if (!c->forgets)
		LFPT_EXPECT_EQ(tt->t, st.forgets, 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_waiters(&c->cancel), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_sflight_destroy(&c->g), 0);
	lfpt_free(c);
}

#ifndef __KERNEL__
#include "sflight_misuse.c"
#endif

static const struct lfpt_prim lfpt_prim_sflight = {
	.name = "sflight",
	.cases = lfpt_sflight_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_sflight_cases),
	.torture = sflight_torture,
#ifndef __KERNEL__
	.misuse = lfpt_sflight_misuse,
	.nmisuse = LFP_ARRAY_SIZE(lfpt_sflight_misuse),
#endif
};
