// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failalloc scenarios: dropq */

#include <lfprim/dropq.h>

static int sc_dropq_init(void)
{
	struct lfp_dropq q;
	unsigned long m = fa_mark();
	void *p;
	int ret;

	memset(&q, 0, sizeof(q));
	ret = lfp_dropq_init(&q, 4);
	if (fa_hit(m)) {
		FA_CHECK(ret == -ENOMEM);
		/* Cleanly failed: refused as never initialised. */
		FA_CHECK(lfp_dropq_push(&q, &item[0]) == -EINVAL);
		lfp_dropq_destroy(&q, NULL);
		return 0;
	}
	FA_CHECK(ret == 0);
	FA_CHECK(lfp_dropq_push(&q, &item[0]) == 0);
	FA_CHECK(lfp_dropq_try_pop(&q, &p) == 0 && p == &item[0]);
	lfp_dropq_destroy(&q, NULL);
	return 0;
}

/* Pops exactly item[0] .. item[n - 1], in order, then finds q empty. */
static void fa_dropq_drain(struct lfp_dropq *q, int n)
{
	void *p;
	int i;

	for (i = 0; i < n; i++)
		FA_CHECK(lfp_dropq_try_pop(q, &p) == 0 && p == &item[i]);
	FA_CHECK(lfp_dropq_try_pop(q, &p) == -EAGAIN);
}

static int sc_dropq_resize(void)
{
	struct lfp_dropq_stats st;
	struct lfp_dropq q;
	unsigned long m;
	unsigned int cap = 4;
	int i, ret;

	m = fa_mark();
	ret = lfp_dropq_init(&q, cap);
	if (ret) {
		/* sc_dropq_init checks the rest. */
		FA_CHECK(fa_hit(m) && ret == -ENOMEM);
		return 0;
	}
	for (i = 0; i < 3; i++)
		FA_CHECK(lfp_dropq_push(&q, &item[i]) == 0);
	/* Shrinking below the length allocates, then refuses. */
	m = fa_mark();
	ret = lfp_dropq_resize(&q, 2);
	FA_CHECK(ret == (fa_hit(m) ? -ENOMEM : -EBUSY));
	m = fa_mark();
	ret = lfp_dropq_resize(&q, 8);
	if (fa_hit(m)) {
		FA_CHECK(ret == -ENOMEM);
	} else {
		FA_CHECK(ret == 0);
		cap = 8;
	}
	lfp_dropq_get_stats(&q, &st);
	FA_CHECK(st.capacity == cap && st.len == 3);
	/* Usable either way: the same items, in order, then a full ring. */
	fa_dropq_drain(&q, 3);
	for (i = 0; i < (int)cap && i < 8; i++)
		FA_CHECK(lfp_dropq_push(&q, &item[i]) == 0);
	FA_CHECK(lfp_dropq_push(&q, &item[0]) == -ENOSPC);
	fa_dropq_drain(&q, cap);
	lfp_dropq_destroy(&q, NULL);
	return 0;
}

static const struct fa_scenario fa_dropq_scenarios[] = {
	{ .name = "dropq_init", .run = sc_dropq_init },
	{ .name = "dropq_resize", .run = sc_dropq_resize },
};

static const struct fa_prim fa_prim_dropq = FA_PRIM(fa_dropq_scenarios, NULL);
