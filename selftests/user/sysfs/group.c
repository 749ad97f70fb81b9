// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/group */

TEST(group_knobs)
{
	static const struct bad_input bad_run[] = {
		{ "\n", EINVAL }, { "1", EINVAL }, { "1 2", EINVAL },
		{ "1 2 3 4", EINVAL }, { "x 1 0", EINVAL },
		{ "100001 0 0", ERANGE }, { "1 10001 0", ERANGE },
	};
	unsigned int i;

	ASSERT_TRUE(loaded());
	for (i = 0; i < ARRAY_LEN(bad_run); i++) {
		TH_LOG("run <- '%s'", bad_run[i].text);
		EXPECT_EQ(-bad_run[i].err, write_str(ROOT "group/run", bad_run[i].text));
	}
	EXPECT_EQ(0, read_ll(ROOT "group/started"));
	EXPECT_EQ(1, write_str(ROOT "group/limit", "3"));
	/* 30 tasks of 5 ms through a limit of 3. */
	EXPECT_EQ(6, write_str(ROOT "group/run", "30 5 0"));
	EXPECT_EQ(1, write_str(ROOT "group/wait", "1"));
	EXPECT_EQ(30, read_ll(ROOT "group/started"));
	EXPECT_EQ(30, read_ll(ROOT "group/finished"));
	EXPECT_EQ(0, read_ll(ROOT "group/running"));
	EXPECT_GE(3, read_ll(ROOT "group/max_running"));
	EXPECT_LE(1, read_ll(ROOT "group/max_running"));
	/* Task 2 fails: the group is cancelled and refuses the rest. */
	EXPECT_EQ(-ECANCELED, write_str(ROOT "group/run", "50 200 2"));
	EXPECT_EQ(-EIO, write_str(ROOT "group/wait", "1"));
	EXPECT_EQ(1, read_ll(ROOT "group/cancelled"));
	EXPECT_EQ(-EIO, read_ll(ROOT "group/first_error"));
	EXPECT_EQ(-ECANCELED, write_str(ROOT "group/run", "1 0 0"));
	EXPECT_EQ(1, write_str(ROOT "group/reset", "1"));
	EXPECT_EQ(0, read_ll(ROOT "group/cancelled"));
	EXPECT_EQ(0, read_ll(ROOT "group/started"));
	EXPECT_EQ(3, read_ll(ROOT "group/limit"));
	EXPECT_EQ(5, write_str(ROOT "group/run", "1 0 0"));
	EXPECT_EQ(1, write_str(ROOT "group/wait", "1"));
	EXPECT_GT(0, write_str(ROOT "group/started", "1"));
}

/*
 * The group's reset swaps the whole group while run, wait, limit and the
 * counters use it: none of them may touch a group being torn down.
 * Every group file at once, on a freshly loaded module (sysfs/common.h).
 */
TEST(hammer_group)
{
	static const struct hammer_file f[] = {
		W("run", "3 1 0", "2 0 0", "x", "4 2 2", "100001 0 0"),
		W("wait", "1", "0"),
		W("wait", "1"),
		W("reset", "1", "x"),
		W("reset", "1"),
		W("limit", "2", "4", "0", "1025", "1", "x"),
		RD("started"), RD("finished"), RD("failed"), RD("skipped"),
		RD("running"), RD("max_running"), RD("cancelled"),
		RD("first_error"), RD("limit"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];

	EXPECT_EQ(0, hammer(_metadata, "group", f, c));
	/* Both reset writers got through at least once. */
	EXPECT_LT(0, OK(3, 0) + OK(4, 0));
	/* Whatever the last run left (EIO, ECANCELED), it ends. */
	write_str(ROOT "group/wait", "1");
	EXPECT_EQ(1, write_str(ROOT "group/reset", "1"));
	EXPECT_EQ(0, read_ll(ROOT "group/started"));
	EXPECT_EQ(0, read_ll(ROOT "group/cancelled"));
	EXPECT_EQ(1, write_str(ROOT "group/limit", "2"));
	EXPECT_EQ(5, write_str(ROOT "group/run", "5 1 0"));
	EXPECT_EQ(1, write_str(ROOT "group/wait", "1"));
	EXPECT_EQ(5, read_ll(ROOT "group/finished"));
	EXPECT_GE(2, read_ll(ROOT "group/max_running"));
}
