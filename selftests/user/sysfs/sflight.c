// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/sflight */

TEST(sflight_calls)
{
	static const struct bad_input bad_call[] = {
		{ "\n", EINVAL }, { "1", EINVAL }, { "x 1", EINVAL },
		{ "1 -1", EINVAL }, { "1 10001", ERANGE }, { "1 2 3", EINVAL },
	};
	long long leaders, shared;
	unsigned int i;
	pid_t pid[4];
	int st;

	ASSERT_TRUE(loaded());
	for (i = 0; i < ARRAY_LEN(bad_call); i++) {
		TH_LOG("call <- '%s'", bad_call[i].text);
		EXPECT_EQ(-bad_call[i].err, write_str(ROOT "sflight/call", bad_call[i].text));
	}
	EXPECT_EQ(-EINVAL, write_str(ROOT "sflight/forget", "x"));
	EXPECT_EQ(-ENOENT, write_str(ROOT "sflight/forget", "7"));
	leaders = read_ll(ROOT "sflight/leaders");
	shared = read_ll(ROOT "sflight/shared");
	EXPECT_EQ(3, write_str(ROOT "sflight/call", "5 0"));
	EXPECT_EQ(leaders + 1, read_ll(ROOT "sflight/leaders"));
	/* Four callers of one key within 1.5 s: they share. */
	for (i = 0; i < 4; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i])
			_exit(write_str(ROOT "sflight/call", "7 1500") == 6 ? 0 : 1);
	}
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &st, 0));
		EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	EXPECT_EQ(leaders + 1 + 4,
		  read_ll(ROOT "sflight/leaders") + read_ll(ROOT "sflight/shared") - shared);
	EXPECT_LE(1, read_ll(ROOT "sflight/shared") - shared);
	EXPECT_EQ(0, read_ll(ROOT "sflight/inflight"));
	/* Forget while a call is in flight: the next caller runs its own. */
	pid[0] = fork();
	ASSERT_LE(0, pid[0]);
	if (!pid[0])
		_exit(write_str(ROOT "sflight/call", "9 800") == 5 ? 0 : 1);
	for (i = 0; i < 2000 && read_ll(ROOT "sflight/inflight") < 1; i++)
		usleep(1000);
	EXPECT_EQ(1, write_str(ROOT "sflight/forget", "9"));
	leaders = read_ll(ROOT "sflight/leaders");
	EXPECT_EQ(4, write_str(ROOT "sflight/call", "9 10"));
	EXPECT_EQ(leaders + 1, read_ll(ROOT "sflight/leaders"));
	ASSERT_EQ(pid[0], waitpid(pid[0], &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	EXPECT_EQ(1, read_ll(ROOT "sflight/forgets"));
	EXPECT_GT(0, write_str(ROOT "sflight/leaders", "1"));
}

/* Every sflight file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_sflight)
{
	static const struct hammer_file sflight[] = {
		W("call", "1 1", "2 0", "x", "1 10001"),
		W("call", "1 2", "3 1"),
		W("forget", "1", "2", "x"),
		RD("leaders"), RD("shared"), RD("left"), RD("forgets"),
		RD("inflight"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];

	EXPECT_EQ(0, hammer(_metadata, "sflight", sflight, c));
	EXPECT_EQ(0, read_ll(ROOT "sflight/inflight"));
	EXPECT_EQ(OK(2, 0) + OK(2, 1), read_ll(ROOT "sflight/forgets"));
	EXPECT_EQ(OK(0, 0) + OK(0, 1) + OK(1, 0) + OK(1, 1),
		  read_ll(ROOT "sflight/leaders") + read_ll(ROOT "sflight/shared"));
	EXPECT_EQ(3, write_str(ROOT "sflight/call", "5 0"));
}
