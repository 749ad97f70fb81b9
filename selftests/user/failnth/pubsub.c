// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the pubsub instance */

/* A subscription gets a message, then goes. */
static int pubsub_usable(void)
{
	char buf[512];
	int ret, id;

	ret = knob_w("pubsub/subscribe", "4");
	if (EXPECT(!ret, "pubsub/subscribe: %d", ret))
		return -1;
	if (EXPECT(knob_w("pubsub/publish", "9") == 0 &&
		   read_str(ROOT "pubsub/subs", buf, sizeof(buf)) == 0,
		   "pubsub/publish"))
		return -1;
	/* "ID accepted dropped consumed len": the new one has 1 0 0 1. */
	id = -1;
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned int i, len;
		unsigned long long acc, drop, cons;

		if (sscanf(l, "%u %llu %llu %llu %u", &i, &acc, &drop, &cons,
			   &len) == 5 && acc == 1 && len == 1)
			id = i;
	}
	if (EXPECT(id >= 0, "pubsub: no subscription got the message: %s", buf))
		return -1;
	snprintf(buf, sizeof(buf), "%d", id);
	if (EXPECT(knob_w("pubsub/unsubscribe", buf) == 0, "pubsub/unsubscribe"))
		return -1;
	return 0;
}

static void unsubscribe_all(void)
{
	char id[4];
	int i;

	for (i = 0; i < 8; i++) {
		snprintf(id, sizeof(id), "%d", i);
		knob_w("pubsub/unsubscribe", id);
	}
}

static const struct path pubsub_paths[] = {
	{ .name = "pubsub_subscribe", .knob = "pubsub/subscribe",
	  .in = { "4", "8" }, .lfprim_allocs = 1, .prep = unsubscribe_all },
};

static const struct fn_prim fn_prim_pubsub = {
	.usable = pubsub_usable,
	FN_PATHS(pubsub_paths),
};
