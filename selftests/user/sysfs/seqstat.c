// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/seqstat */

TEST(seqstat_record)
{
	char buf[128];
	unsigned long long reads;

	ASSERT_TRUE(loaded());
	ASSERT_EQ(0, read_str(ROOT "seqstat/snapshot", buf, sizeof(buf)));
	EXPECT_STREQ("count=0 total=0\n", buf);
	EXPECT_EQ(1, write_str(ROOT "seqstat/record", "5"));
	EXPECT_EQ(3, write_str(ROOT "seqstat/record", "10\n"));
	EXPECT_EQ(20, write_str(ROOT "seqstat/record", "18446744073709551615"));
	reads = read_ull(ROOT "seqstat/reads");
	ASSERT_EQ(0, read_str(ROOT "seqstat/snapshot", buf, sizeof(buf)));
	/* The total wraps modulo 2^64: 15 + (2^64 - 1). */
	EXPECT_STREQ("count=3 total=14\n", buf);
	EXPECT_EQ(reads + 1, read_ull(ROOT "seqstat/reads"));
	EXPECT_GT(0, write_str(ROOT "seqstat/snapshot", "1"));
	EXPECT_GT(0, write_str(ROOT "seqstat/reads", "1"));
	EXPECT_GT(0, write_str(ROOT "seqstat/retries", "1"));
}

/* Every seqstat file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_seqstat)
{
	static const struct hammer_file seqstat[] = {
		W("record", "2", "x", "3"),
		W("record", "10"),
		RD("snapshot"), RD("snapshot"), RD("reads"), RD("retries"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];
	char buf[128];
	long long n;

	EXPECT_EQ(0, hammer(_metadata, "seqstat", seqstat, c));
	snprintf(buf, sizeof(buf), "count=%lld total=%lld\n",
		 OK(0, 0) + OK(0, 2) + OK(1, 0),
		 2 * OK(0, 0) + 3 * OK(0, 2) + 10 * OK(1, 0));
	n = read_str(ROOT "seqstat/snapshot", buf + 64, 64);
	EXPECT_EQ(0, n);
	EXPECT_STREQ(buf, buf + 64);
}
