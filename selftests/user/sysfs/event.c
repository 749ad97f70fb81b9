// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/event */

TEST(event_knobs)
{
	static const struct bad_input bad_one[] = {
		{ "\n", EINVAL }, { "0", ERANGE }, { "2", ERANGE }, { "x", EINVAL },
	};
	static const struct bad_input bad_wait[] = {
		{ "\n", EINVAL }, { "-1", EINVAL }, { "x", EINVAL },
		{ "600001", ERANGE },
	};
	unsigned int i;
	pid_t pid;
	int st;

	ASSERT_TRUE(loaded());
	for (i = 0; i < ARRAY_LEN(bad_one); i++) {
		EXPECT_EQ(-bad_one[i].err, write_str(ROOT "event/fire", bad_one[i].text));
		EXPECT_EQ(-bad_one[i].err, write_str(ROOT "event/reinit", bad_one[i].text));
	}
	for (i = 0; i < ARRAY_LEN(bad_wait); i++)
		EXPECT_EQ(-bad_wait[i].err, write_str(ROOT "event/wait", bad_wait[i].text));
	EXPECT_EQ(0, read_ll(ROOT "event/fired"));
	EXPECT_EQ(-ETIMEDOUT, write_str(ROOT "event/wait", "20"));
	EXPECT_EQ(0, read_ll(ROOT "event/waiters"));
	/* A waiter blocked in a write is woken by a fire from another. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(write_str(ROOT "event/wait", "60000") == 5 ? 0 : 1);
	for (i = 0; i < 5000 && read_ll(ROOT "event/waiters") < 1; i++)
		usleep(1000);
	EXPECT_EQ(1, read_ll(ROOT "event/waiters"));
	EXPECT_EQ(-EBUSY, write_str(ROOT "event/reinit", "1"));
	EXPECT_EQ(1, write_str(ROOT "event/fire", "1"));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	EXPECT_EQ(1, read_ll(ROOT "event/fired"));
	EXPECT_EQ(1, write_str(ROOT "event/fire", "1"));
	EXPECT_EQ(2, write_str(ROOT "event/wait", "0\n"));
	EXPECT_EQ(1, write_str(ROOT "event/reinit", "1"));
	EXPECT_EQ(0, read_ll(ROOT "event/fired"));
	EXPECT_GT(0, write_str(ROOT "event/fired", "1"));
}

/* Every event file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_event)
{
	static const struct hammer_file event[] = {
		W("fire", "1", "0"),
		W("reinit", "1", "x"),
		W("wait", "5", "0", "600001", "x"),
		W("wait", "3"),
		RD("fired"), RD("waiters"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];

	EXPECT_EQ(0, hammer(_metadata, "event", event, c));
	EXPECT_EQ(0, read_ll(ROOT "event/waiters"));
	EXPECT_EQ(1, write_str(ROOT "event/reinit", "1"));
	EXPECT_EQ(0, read_ll(ROOT "event/fired"));
	EXPECT_EQ(-ETIMEDOUT, write_str(ROOT "event/wait", "0"));
	EXPECT_EQ(1, write_str(ROOT "event/fire", "1"));
	EXPECT_EQ(1, write_str(ROOT "event/wait", "0"));
}
