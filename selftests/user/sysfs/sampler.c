// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/sampler and the sampler_ppm parameter */

TEST(sampler_knobs)
{
	static const struct bad_input bad_trial[] = {
		{ "\n", EINVAL }, { "-1", EINVAL }, { "x", EINVAL },
		{ "100000001", ERANGE }, { "4294967296", ERANGE },
	};
	unsigned long long calls, hits;
	unsigned int i;

	ASSERT_TRUE(loaded());
	EXPECT_EQ(6, write_str(ROOT "sampler/ppm", "250000"));
	EXPECT_EQ(250000, read_ll(ROOT "sampler/ppm"));
	EXPECT_EQ(1073741824, read_ll(ROOT "sampler/threshold"));
	calls = read_ull(ROOT "sampler/calls");
	hits = read_ull(ROOT "sampler/hits");
	for (i = 0; i < ARRAY_LEN(bad_trial); i++) {
		TH_LOG("trial <- '%s'", bad_trial[i].text);
		EXPECT_EQ(-bad_trial[i].err, write_str(ROOT "sampler/trial", bad_trial[i].text));
	}
	EXPECT_EQ(calls, read_ull(ROOT "sampler/calls"));
	/* Always, then never: exact. */
	EXPECT_EQ(7, write_str(ROOT "sampler/ppm", "1000000"));
	EXPECT_EQ(4294967295LL, read_ll(ROOT "sampler/threshold"));
	EXPECT_EQ(6, write_str(ROOT "sampler/trial", "100000"));
	EXPECT_EQ(calls + 100000, read_ull(ROOT "sampler/calls"));
	EXPECT_EQ(hits + 100000, read_ull(ROOT "sampler/hits"));
	EXPECT_EQ(1, write_str(ROOT "sampler/ppm", "0"));
	EXPECT_EQ(0, read_ll(ROOT "sampler/threshold"));
	EXPECT_EQ(6, write_str(ROOT "sampler/trial", "100000"));
	EXPECT_EQ(calls + 200000, read_ull(ROOT "sampler/calls"));
	EXPECT_EQ(hits + 100000, read_ull(ROOT "sampler/hits"));
	/* Half: 100000 calls land within 6 sigma (sigma ~158) of 50000. */
	EXPECT_EQ(6, write_str(ROOT "sampler/ppm", "500000"));
	EXPECT_EQ(6, write_str(ROOT "sampler/trial", "100000"));
	EXPECT_LE(llabs((long long)(read_ull(ROOT "sampler/hits") - hits - 150000)), 950);
	EXPECT_GT(0, write_str(ROOT "sampler/threshold", "1"));
	EXPECT_GT(0, write_str(ROOT "sampler/calls", "1"));
	EXPECT_GT(0, write_str(ROOT "sampler/hits", "1"));
}

TEST(sampler_param)
{
	if (loaded())
		ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load("sampler_ppm=5000"));
	EXPECT_EQ(5000, read_ll(ROOT "sampler/ppm"));
	EXPECT_EQ(5000, read_ll("/sys/module/lfprim/parameters/sampler_ppm"));
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(0, read_ll(ROOT "sampler/ppm"));
}

/* Every sampler file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_sampler)
{
	static const struct hammer_file sampler[] = {
		W("ppm", "0", "500000", "1000000", "1000001", "x"),
		W("trial", "100", "100000001", "x", "7"),
		RD("ppm"), RD("threshold"), RD("calls"), RD("hits"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];

	EXPECT_EQ(0, hammer(_metadata, "sampler", sampler, c));
	EXPECT_EQ(100 * OK(1, 0) + 7 * OK(1, 3), read_ll(ROOT "sampler/calls"));
	EXPECT_EQ(1, write_str(ROOT "sampler/ppm", "0"));
	EXPECT_EQ(4, write_str(ROOT "sampler/trial", "100\n"));
	EXPECT_EQ(100 * OK(1, 0) + 7 * OK(1, 3) + 100,
		  read_ll(ROOT "sampler/calls"));
}
