// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failalloc scenarios: pubsub */

#include <lfprim/pubsub.h>

static int sc_pubsub(void)
{
	struct lfp_pubsub_sub sub[3];
	int ok[3], i, ret, n = 0;
	struct lfp_pubsub ps;
	unsigned long m;
	void *p;

	memset(sub, 0, sizeof(sub));
	FA_CHECK(lfp_pubsub_init(&ps) == 0);
	for (i = 0; i < 3; i++) {
		m = fa_mark();
		ret = lfp_pubsub_subscribe(&ps, &sub[i], 4);
		ok[i] = !fa_hit(m);
		FA_CHECK(ret == (ok[i] ? 0 : -ENOMEM));
		n += ok[i];
		FA_CHECK(lfp_pubsub_subscribers(&ps) == (unsigned int)n);
	}
	/* Exactly the subscriptions that succeeded get the message. */
	FA_CHECK(lfp_pubsub_publish(&ps, &item[2]) == n);
	for (i = 0; i < 3; i++) {
		if (!ok[i]) {
			/* Never subscribed: its destroy is harmless. */
			lfp_pubsub_sub_destroy(&sub[i], NULL);
			continue;
		}
		FA_CHECK(lfp_pubsub_pop(&sub[i], &p, 0, NULL) == 0 &&
			 p == &item[2]);
		lfp_pubsub_unsubscribe(&ps, &sub[i]);
		lfp_pubsub_sub_destroy(&sub[i], NULL);
	}
	FA_CHECK(lfp_pubsub_destroy(&ps) == 0);
	return 0;
}

/* Part of the noalloc scenario: the pubsub calls that must not allocate. */
static void fa_pubsub_noalloc(void)
{
	struct lfp_pubsub ps;

	FA_CHECK(lfp_pubsub_init(&ps) == 0);
	FA_CHECK(lfp_pubsub_publish(&ps, &item[0]) == 0);
	FA_CHECK(lfp_pubsub_destroy(&ps) == 0);
}

static const struct fa_scenario fa_pubsub_scenarios[] = {
	{ .name = "pubsub", .run = sc_pubsub },
};

static const struct fa_prim fa_prim_pubsub =
	FA_PRIM(fa_pubsub_scenarios, fa_pubsub_noalloc);
