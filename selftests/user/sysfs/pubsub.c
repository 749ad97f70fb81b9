// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/pubsub */

TEST(pubsub_knobs)
{
	char buf[512];
	unsigned int i;

	ASSERT_TRUE(loaded());
	EXPECT_EQ(-EINVAL, write_str(ROOT "pubsub/publish", "0"));
	EXPECT_EQ(-EINVAL, write_str(ROOT "pubsub/publish", "x"));
	EXPECT_EQ(-ENOENT, write_str(ROOT "pubsub/unsubscribe", "3"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "pubsub/unsubscribe", "8"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "pubsub/drain", "8"));
	EXPECT_EQ(-ENOENT, write_str(ROOT "pubsub/drain", "0"));
	/* Publishing with nobody subscribed is fine. */
	EXPECT_EQ(1, write_str(ROOT "pubsub/publish", "5"));
	EXPECT_EQ(3, write_str(ROOT "pubsub/subscribe", "100"));
	EXPECT_EQ(1, write_str(ROOT "pubsub/subscribe", "2"));
	for (i = 1; i <= 4; i++)
		EXPECT_EQ(1, write_str(ROOT "pubsub/publish", "7"));
	ASSERT_EQ(0, read_str(ROOT "pubsub/subs", buf, sizeof(buf)));
	/* The slow one (capacity 2) dropped two; the other got all four. */
	EXPECT_STREQ("0 4 0 0 4\n1 2 2 0 2\n", buf);
	EXPECT_EQ(1, write_str(ROOT "pubsub/drain", "1"));
	EXPECT_EQ(1, write_str(ROOT "pubsub/unsubscribe", "0"));
	ASSERT_EQ(0, read_str(ROOT "pubsub/subs", buf, sizeof(buf)));
	EXPECT_STREQ("1 2 2 2 0\n", buf);
	for (i = 0; i < 7; i++)
		EXPECT_LT(0, write_str(ROOT "pubsub/subscribe", "1"));
	EXPECT_EQ(-ENOSPC, write_str(ROOT "pubsub/subscribe", "1"));
	EXPECT_GT(0, write_str(ROOT "pubsub/subs", "1"));
	/* rmmod with subscriptions left: they are released. */
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
}

/* Every pubsub file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_pubsub)
{
	static const struct hammer_file pubsub[] = {
		W("subscribe", "4", "0", "x", "1"),
		W("unsubscribe", "0", "1", "2", "3", "8", "x"),
		W("unsubscribe", "4", "5", "6", "7"),
		W("publish", "5", "0", "x"),
		W("publish", "6"),
		W("drain", "0", "1", "2", "3", "8"),
		W("drain", "4", "5", "6", "7"),
		RD("subs"), RD("subs"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];
	char buf[512];
	unsigned int i;

	EXPECT_EQ(0, hammer(_metadata, "pubsub", pubsub, c));
	for (i = 0; i < 8; i++) {
		snprintf(buf, sizeof(buf), "%u", i);
		write_str(ROOT "pubsub/unsubscribe", buf);
	}
	ASSERT_EQ(0, read_str(ROOT "pubsub/subs", buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	EXPECT_EQ(1, write_str(ROOT "pubsub/subscribe", "4"));
	EXPECT_EQ(1, write_str(ROOT "pubsub/publish", "7"));
	ASSERT_EQ(0, read_str(ROOT "pubsub/subs", buf, sizeof(buf)));
	EXPECT_STREQ("0 1 0 0 1\n", buf);
}
