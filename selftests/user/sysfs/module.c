// SPDX-License-Identifier: LGPL-2.1-or-later
/* The module as a whole: parameters at load, junk to every file. */

/* Module parameters: bad values fail the load cleanly, good ones apply. */
TEST(module_params)
{
	/* One parameter at a time: the knob table (knobs.c). */
	static const struct bad_input bad[] = {
		{ "pcount_batch=8 snap_value=oops", EINVAL },
	};
	unsigned int i;

	if (loaded())
		ASSERT_EQ(0, unload());
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		TH_LOG("params '%s'", bad[i].text);
		EXPECT_EQ(-bad[i].err, load(bad[i].text));
		EXPECT_FALSE(loaded());
		if (loaded())
			unload();
	}
	ASSERT_EQ(0, load("pcount_batch=48 snap_value=0x10"));
	EXPECT_EQ(48, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(16, read_ll(ROOT "snap/value"));
	EXPECT_EQ(48, read_ll("/sys/module/lfprim/parameters/pcount_batch"));
	EXPECT_EQ(16, read_ll("/sys/module/lfprim/parameters/snap_value"));
	/* Reload with defaults for the tests that follow. */
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(1024, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(0, read_ll(ROOT "snap/value"));
}

/* Odd byte sequences: binary junk and very long input fail cleanly. */
TEST(junk_input)
{
	static const char * const knobs[] = {
		ROOT "pcount/batch", ROOT "pcount/add", ROOT "snap/value",
		ROOT "seqstat/record", ROOT "sampler/ppm", ROOT "sampler/trial",
		ROOT "dropq/capacity", ROOT "dropq/push", ROOT "dropq/drain",
		ROOT "rmap/set", ROOT "rmap/delete", ROOT "rmap/reload",
		ROOT "sflight/call", ROOT "sflight/forget",
		ROOT "event/fire", ROOT "event/wait", ROOT "group/limit",
		ROOT "group/run", ROOT "group/reset", ROOT "batch/add",
		ROOT "batch/max_items", ROOT "pubsub/subscribe", ROOT "pubsub/publish",
		ROOT "bench/scenario", ROOT "bench/threads", ROOT "bench/run",
	};
	char big[8192];
	unsigned int i;

	ASSERT_TRUE(loaded());
	memset(big, '9', sizeof(big));
	for (i = 0; i < ARRAY_LEN(knobs); i++) {
		EXPECT_GT(0, write_raw(knobs[i], "\x01\xff\x00", 3));
		EXPECT_GT(0, write_raw(knobs[i], big, sizeof(big) - 1));
	}
	/* The module still works. */
	EXPECT_EQ(2, write_str(ROOT "snap/value", "77"));
	EXPECT_EQ(77ULL, read_ull(ROOT "snap/value"));
}
