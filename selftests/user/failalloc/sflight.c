// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failalloc scenarios: sflight */

#include <lfprim/sflight.h>

static struct lfp_sflight fa_sf;
static struct lfp_event fa_sf_go;
static int fa_sf_runs;

static int fa_sf_fn(void *arg, void **res)
{
	__atomic_add_fetch(&fa_sf_runs, 1, __ATOMIC_SEQ_CST);
	if (arg)
		lfp_event_wait(arg, LFP_WAIT_FOREVER, NULL);
	*res = &item[1];
	return 7;
}

struct fa_sf_call {
	struct lfp_event *block;
	int ret, shared;
	void *res;
	int done;
};

static void *fa_sf_caller(void *p)
{
	struct fa_sf_call *c = p;

	c->ret = lfp_sflight_do(&fa_sf, 42, fa_sf_fn, c->block, &c->res,
				&c->shared, LFP_WAIT_FOREVER, NULL);
	__atomic_store_n(&c->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int sc_sflight_do(void)
{
	struct lfp_sflight_stats st;
	int i, ret, shared, runs = 0;
	unsigned long m;
	void *res;

	FA_CHECK(lfp_sflight_init(&fa_sf) == 0);
	fa_sf_runs = 0;
	/* Alone: no call set up and @fn not run, or the call as usual. */
	for (i = 0; i < 2; i++) {
		res = NULL;
		shared = -1;
		m = fa_mark();
		ret = lfp_sflight_do(&fa_sf, 1, fa_sf_fn, NULL, &res, &shared,
				     LFP_WAIT_FOREVER, NULL);
		if (fa_hit(m)) {
			FA_CHECK(ret == -ENOMEM && fa_sf_runs == runs);
		} else {
			FA_CHECK(ret == 7 && res == &item[1] && shared == 0);
			FA_CHECK(fa_sf_runs == ++runs);
		}
	}
	lfp_sflight_get_stats(&fa_sf, &st);
	FA_CHECK(st.leaders == (unsigned long long)runs && st.inflight == 0);
	FA_CHECK(lfp_sflight_destroy(&fa_sf) == 0);
	return 0;
}

/*
 * The waiter's own allocation may fail: it joins the leader's call, which
 * needs none, so it still gets the shared result.
 */
static int sc_sflight_join(void)
{
	struct fa_sf_call lead = { .block = &fa_sf_go }, wait = { 0 };
	struct lfp_sflight_stats st;
	unsigned long m;
	pthread_t tl, tw;

	FA_CHECK(lfp_sflight_init(&fa_sf) == 0);
	lfp_event_init(&fa_sf_go);
	fa_sf_runs = 0;
	m = fa_mark();
	tl = fa_thread(fa_sf_caller, &lead);
	do {
		fa_sleep_ms(1);
		lfp_sflight_get_stats(&fa_sf, &st);
	} while (!st.inflight && !fa_hit(m));
	if (fa_hit(m)) {
		/* The leader could not set up: alone, @fn not run. */
		pthread_join(tl, NULL);
		FA_CHECK(lead.ret == -ENOMEM && fa_sf_runs == 0);
		lfp_sflight_get_stats(&fa_sf, &st);
		FA_CHECK(st.leaders == 0 && st.inflight == 0);
		FA_CHECK(lfp_sflight_destroy(&fa_sf) == 0);
		return 0;
	}
	tw = fa_thread(fa_sf_caller, &wait);
	do {
		fa_sleep_ms(1);
		lfp_sflight_get_stats(&fa_sf, &st);
	} while (!st.shared && !__atomic_load_n(&wait.done, __ATOMIC_SEQ_CST));
	lfp_event_fire(&fa_sf_go);
	pthread_join(tl, NULL);
	pthread_join(tw, NULL);
	FA_CHECK(lead.ret == 7 && lead.res == &item[1] && lead.shared == 0);
	FA_CHECK(wait.ret == 7 && wait.res == &item[1] && wait.shared == 1);
	FA_CHECK(fa_sf_runs == 1);
	lfp_sflight_get_stats(&fa_sf, &st);
	FA_CHECK(st.leaders == 1 && st.shared == 1 && st.inflight == 0);
	FA_CHECK(lfp_sflight_destroy(&fa_sf) == 0);
	return 0;
}

/* Part of the noalloc scenario: the sflight calls that must not allocate. */
static void fa_sflight_noalloc(void)
{
	struct lfp_sflight sf;

	FA_CHECK(lfp_sflight_init(&sf) == 0);
	FA_CHECK(lfp_sflight_destroy(&sf) == 0);
}

static const struct fa_scenario fa_sflight_scenarios[] = {
	{ .name = "sflight_do", .run = sc_sflight_do },
	{ .name = "sflight_join", .run = sc_sflight_join },
};

static const struct fa_prim fa_prim_sflight =
	FA_PRIM(fa_sflight_scenarios, fa_sflight_noalloc);
