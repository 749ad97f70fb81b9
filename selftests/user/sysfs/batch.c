// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/batch */

TEST(batch_knobs)
{
	static const struct bad_input bad_add[] = {
		{ "\n", EINVAL }, { "x", EINVAL }, { "-1", EINVAL }, { "0", EINVAL },
		{ "18446744073709551616", ERANGE },
	};
	unsigned int i;

	ASSERT_TRUE(loaded());
	EXPECT_EQ(256, read_ll(ROOT "batch/capacity"));
	EXPECT_EQ(32, read_ll(ROOT "batch/max_items"));
	EXPECT_EQ(100, read_ll(ROOT "batch/max_delay_ms"));
	for (i = 0; i < ARRAY_LEN(bad_add); i++)
		EXPECT_EQ(-bad_add[i].err, write_str(ROOT "batch/add", bad_add[i].text));
	EXPECT_EQ(0, read_ll(ROOT "batch/added"));
	/* Size: three items at max_items 3 flush at once. */
	EXPECT_EQ(7, write_str(ROOT "batch/max_delay_ms", "3600000"));
	EXPECT_EQ(1, write_str(ROOT "batch/max_items", "3"));
	EXPECT_EQ(1, write_str(ROOT "batch/add", "1"));
	EXPECT_EQ(1, write_str(ROOT "batch/add", "2"));
	EXPECT_EQ(1, write_str(ROOT "batch/add", "3"));
	for (i = 0; i < 5000 && read_ll(ROOT "batch/flushed") < 3; i++)
		usleep(1000);
	EXPECT_EQ(6, read_ll(ROOT "batch/sum"));
	EXPECT_EQ(1, read_ll(ROOT "batch/size_flushes"));
	/* Time: one item, then a short delay flushes it. */
	EXPECT_EQ(2, write_str(ROOT "batch/add", "10"));
	EXPECT_EQ(1, read_ll(ROOT "batch/pending"));
	EXPECT_EQ(2, write_str(ROOT "batch/max_delay_ms", "20"));
	for (i = 0; i < 5000 && read_ll(ROOT "batch/flushed") < 4; i++)
		usleep(1000);
	EXPECT_EQ(16, read_ll(ROOT "batch/sum"));
	EXPECT_EQ(1, read_ll(ROOT "batch/time_flushes"));
	/* Close: the pending one is flushed, then adds fail. */
	EXPECT_EQ(7, write_str(ROOT "batch/max_delay_ms", "3600000"));
	EXPECT_EQ(3, write_str(ROOT "batch/add", "100"));
	EXPECT_EQ(1, write_str(ROOT "batch/close", "1"));
	EXPECT_EQ(116, read_ll(ROOT "batch/sum"));
	EXPECT_EQ(1, read_ll(ROOT "batch/close_flushes"));
	EXPECT_EQ(1, read_ll(ROOT "batch/closed"));
	EXPECT_EQ(-EPIPE, write_str(ROOT "batch/add", "1"));
	EXPECT_EQ(5, read_ll(ROOT "batch/added"));
	EXPECT_EQ(1, read_ll(ROOT "batch/dropped"));
	EXPECT_GT(0, write_str(ROOT "batch/sum", "1"));
	/* A fresh module for the tests that follow. */
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
}

/* Every batch file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_batch)
{
	static const struct hammer_file batch[] = {
		W("add", "1", "0", "x", "2"),
		W("add", "4"),
		W("max_items", "1", "32", "0", "257", "x"),
		W("max_delay_ms", "1", "100", "0", "x"),
		{ .name = "close", .in = { "1", "x" }, .late = 70 },
		RD("added"), RD("dropped"), RD("flushed"), RD("pending"),
		RD("sum"), RD("closed"), RD("size_flushes"), RD("time_flushes"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];

	EXPECT_EQ(0, hammer(_metadata, "batch", batch, c));
	/* The batch is closed (close is idempotent): all was flushed. */
	EXPECT_EQ(1, write_str(ROOT "batch/close", "1"));
	EXPECT_EQ(OK(0, 0) + OK(0, 3) + OK(1, 0), read_ll(ROOT "batch/added"));
	EXPECT_EQ(OK(0, 0) + 2 * OK(0, 3) + 4 * OK(1, 0), read_ll(ROOT "batch/sum"));
	EXPECT_EQ(-EPIPE, write_str(ROOT "batch/add", "1"));
}
