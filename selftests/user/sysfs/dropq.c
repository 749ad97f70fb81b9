// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/dropq and the dropq_capacity parameter */

TEST(dropq_knobs)
{
	static const struct bad_input bad_one[] = {
		{ "\n", EINVAL }, { "0", ERANGE }, { "2", ERANGE }, { "x", EINVAL },
		{ "-1", EINVAL },
	};
	static const struct bad_input bad_push[] = {
		{ "\n", EINVAL }, { "x", EINVAL }, { "-1", EINVAL },
		{ "18446744073709551616", ERANGE }, { "0", EINVAL },
	};
	char num[32];
	unsigned int i;

	if (loaded())
		ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load("dropq_capacity=4"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/capacity"));
	EXPECT_EQ(4, read_ll("/sys/module/lfprim/parameters/dropq_capacity"));
	for (i = 0; i < ARRAY_LEN(bad_push); i++) {
		TH_LOG("push <- '%s'", bad_push[i].text);
		EXPECT_EQ(-bad_push[i].err, write_str(ROOT "dropq/push", bad_push[i].text));
	}
	EXPECT_EQ(0, read_ll(ROOT "dropq/accepted"));
	EXPECT_EQ(0, read_ll(ROOT "dropq/dropped"));
	for (i = 1; i <= 4; i++) {
		snprintf(num, sizeof(num), "%u", i);
		EXPECT_EQ(1, write_str(ROOT "dropq/push", num));
	}
	EXPECT_EQ(-ENOSPC, write_str(ROOT "dropq/push", "5"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/accepted"));
	EXPECT_EQ(1, read_ll(ROOT "dropq/dropped"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/hwm"));
	EXPECT_EQ(-EBUSY, write_str(ROOT "dropq/capacity", "3"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/capacity"));
	EXPECT_EQ(1, write_str(ROOT "dropq/capacity", "8"));
	EXPECT_EQ(8, read_ll(ROOT "dropq/capacity"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(1, write_str(ROOT "dropq/push", "6"));
	for (i = 0; i < ARRAY_LEN(bad_one); i++) {
		TH_LOG("drain/close <- '%s'", bad_one[i].text);
		EXPECT_EQ(-bad_one[i].err, write_str(ROOT "dropq/drain", bad_one[i].text));
		EXPECT_EQ(-bad_one[i].err, write_str(ROOT "dropq/close", bad_one[i].text));
	}
	EXPECT_EQ(5, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(1, write_str(ROOT "dropq/drain", "1"));
	EXPECT_EQ(0, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(5, read_ll(ROOT "dropq/consumed"));
	EXPECT_EQ(1, write_str(ROOT "dropq/capacity", "2"));
	EXPECT_EQ(0, read_ll(ROOT "dropq/closed"));
	EXPECT_EQ(1, write_str(ROOT "dropq/close", "1"));
	EXPECT_EQ(1, read_ll(ROOT "dropq/closed"));
	EXPECT_EQ(-EPIPE, write_str(ROOT "dropq/push", "7"));
	EXPECT_EQ(2, read_ll(ROOT "dropq/dropped"));
	EXPECT_EQ(5, read_ll(ROOT "dropq/accepted"));
	EXPECT_GT(0, write_str(ROOT "dropq/len", "1"));
	EXPECT_GT(0, write_str(ROOT "dropq/accepted", "1"));
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(256, read_ll(ROOT "dropq/capacity"));
}

/* Every dropq file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_dropq)
{
	static const struct hammer_file f[] = {
		W("push", "5", "0", "x", "6"),
		W("push", "9"),
		W("capacity", "16", "1", "0", "1048577", "256", "x"),
		W("drain", "1", "2"),
		/* Late: pushes race with resizes and drains first. */
		{ .name = "close", .in = { "1", "x" }, .late = 70 },
		RD("accepted"), RD("dropped"), RD("consumed"), RD("len"),
		RD("hwm"), RD("closed"), RD("capacity"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];
	long long pushes;

	EXPECT_EQ(0, hammer(_metadata, "dropq", f, c));
	/* Each push of a nonzero number was accepted or dropped, once. */
	pushes = OK(0, 0) + OK(0, 3) + OK(1, 0);
	pushes += c[0].err[0][0] + c[0].err[0][1] + c[0].err[3][0] + c[0].err[3][1];
	pushes += c[1].err[0][0] + c[1].err[0][1];
	EXPECT_EQ(pushes, read_ll(ROOT "dropq/accepted") + read_ll(ROOT "dropq/dropped"));
	/* It was closed: a push is dropped, the rest drains. */
	EXPECT_EQ(1, read_ll(ROOT "dropq/closed"));
	EXPECT_EQ(-EPIPE, write_str(ROOT "dropq/push", "1"));
	EXPECT_EQ(1, write_str(ROOT "dropq/drain", "1"));
	EXPECT_EQ(0, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(read_ll(ROOT "dropq/accepted"), read_ll(ROOT "dropq/consumed"));
}
