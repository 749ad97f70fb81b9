// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/pcount */

TEST(pcount_add_sum)
{
	long long s0, s1, approx, bound;

	ASSERT_TRUE(loaded());
	s0 = read_ll(ROOT "pcount/sum");
	EXPECT_EQ(1, write_str(ROOT "pcount/add", "5"));
	EXPECT_EQ(3, write_str(ROOT "pcount/add", "-3\n"));
	EXPECT_EQ(5, write_str(ROOT "pcount/add", "1000\n"));
	s1 = read_ll(ROOT "pcount/sum");
	EXPECT_EQ(s0 + 1002, s1);
	approx = read_ll(ROOT "pcount/approx");
	bound = read_ll(ROOT "pcount/error_bound");
	/* Runs right after a default load: the bound is 1023 per CPU. */
	EXPECT_EQ(0, bound % 1023);
	EXPECT_LE(llabs(approx - s1), bound);
	/* Reading is not writing. */
	EXPECT_GT(0, write_str(ROOT "pcount/sum", "1"));
	EXPECT_GT(0, write_str(ROOT "pcount/approx", "1"));
	EXPECT_GT(0, write_str(ROOT "pcount/error_bound", "1"));
}

TEST(pcount_batch)
{
	ASSERT_TRUE(loaded());
	EXPECT_EQ(3, write_str(ROOT "pcount/batch", "100"));
	EXPECT_EQ(100, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(5, write_str(ROOT "pcount/batch", "0x20\n"));
	EXPECT_EQ(32, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(10, write_str(ROOT "pcount/batch", "1073741824"));
	EXPECT_EQ(1073741824, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(1, write_str(ROOT "pcount/batch", "1"));
	EXPECT_EQ(1, read_ll(ROOT "pcount/batch"));
	/* The bound remembers the largest batch that was in effect. */
	EXPECT_LE(1073741823ULL, read_ull(ROOT "pcount/error_bound"));
	EXPECT_EQ(2, write_str(ROOT "pcount/batch", "64"));
}

/* Every pcount file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_pcount)
{
	static const struct hammer_file pcount[] = {
		W("add", "3", "-1", "x", "-9223372036854775808"),
		W("add", "100"),
		W("batch", "1", "64", "0", "1024", "x"),
		RD("approx"), RD("sum"), RD("error_bound"), RD("batch"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];

	EXPECT_EQ(0, hammer(_metadata, "pcount", pcount, c));
	EXPECT_EQ(3 * OK(0, 0) - OK(0, 1) + 100 * OK(1, 0),
		  read_ll(ROOT "pcount/sum"));
}
