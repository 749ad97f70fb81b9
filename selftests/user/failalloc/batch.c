// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failalloc scenarios: batch */

#include <lfprim/batch.h>

static void *fa_flushed[8];
static unsigned int fa_nflushed;

static void fa_flush(void **items, unsigned int n, void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < n && fa_nflushed < 8; i++)
		fa_flushed[fa_nflushed++] = items[i];
}

static int sc_batch_init(void)
{
	struct lfp_batch_stats st;
	struct lfp_batch b;
	unsigned long m = fa_mark();
	int ret, i;

	memset(&b, 0, sizeof(b));
	fa_nflushed = 0;
	ret = lfp_batch_init(&b, 4, 4, 1000, fa_flush, NULL);
	if (fa_hit(m)) {
		/* calloc: -ENOMEM; pthread_create: -EAGAIN. */
		FA_CHECK(ret == fa.err);
		FA_CHECK(lfp_batch_add(&b, &item[0]) == -EINVAL);
		lfp_batch_destroy(&b);
		return 0;
	}
	FA_CHECK(ret == 0);
	for (i = 0; i < 3; i++)
		FA_CHECK(lfp_batch_add(&b, &item[i]) == 0);
	lfp_batch_close(&b);
	lfp_batch_get_stats(&b, &st);
	FA_CHECK(st.added == 3 && st.flushed == 3 && st.pending == 0);
	FA_CHECK(fa_nflushed == 3);
	for (i = 0; i < 3; i++)
		FA_CHECK(fa_flushed[i] == &item[i]);
	lfp_batch_destroy(&b);
	return 0;
}

static const struct fa_scenario fa_batch_scenarios[] = {
	{ .name = "batch_init", .run = sc_batch_init },
};

static const struct fa_prim fa_prim_batch = FA_PRIM(fa_batch_scenarios, NULL);
