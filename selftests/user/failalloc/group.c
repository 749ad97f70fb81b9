// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failalloc scenarios: group */

#include <lfprim/group.h>

static int fa_task_runs;

static int fa_task(void *arg, struct lfp_event *cancel)
{
	(void)arg;
	(void)cancel;
	__atomic_add_fetch(&fa_task_runs, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static int sc_group_go(void)
{
	struct lfp_group_stats st;
	struct lfp_group g;
	unsigned long m;
	int i, ret, started = 0;

	FA_CHECK(lfp_group_init(&g, 2) == 0);
	fa_task_runs = 0;
	for (i = 0; i < 4; i++) {
		m = fa_mark();
		if (i < 3)
			ret = lfp_group_go(&g, fa_task, NULL, LFP_WAIT_FOREVER,
					   NULL);
		else
			ret = lfp_group_try_go(&g, fa_task, NULL);
		if (fa_hit(m)) {
			/* calloc: -ENOMEM; pthread_create: -EAGAIN. */
			FA_CHECK(ret == fa.err);
		} else if (ret == -EAGAIN && i == 3) {
			/* try_go at the limit: wait and try again. */
			FA_CHECK(lfp_group_wait(&g) == 0);
			i--;
			continue;
		} else {
			FA_CHECK(ret == 0);
			started++;
		}
	}
	FA_CHECK(lfp_group_wait(&g) == 0);
	lfp_group_get_stats(&g, &st);
	FA_CHECK(st.started == (unsigned long long)started);
	FA_CHECK(st.finished == (unsigned long long)started);
	FA_CHECK(st.running == 0 && !st.cancelled && st.first_error == 0);
	FA_CHECK(fa_task_runs == started);
	lfp_group_destroy(&g);
	return 0;
}

/* Part of the noalloc scenario: the group calls that must not allocate. */
static void fa_group_noalloc(void)
{
	struct lfp_group g;

	FA_CHECK(lfp_group_init(&g, 3) == 0);
	FA_CHECK(lfp_group_wait(&g) == 0);
	lfp_group_destroy(&g);
}

static const struct fa_scenario fa_group_scenarios[] = {
	{ .name = "group_go", .run = sc_group_go },
};

static const struct fa_prim fa_prim_group =
	FA_PRIM(fa_group_scenarios, fa_group_noalloc);
