// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/snap */

TEST(snap_value)
{
	unsigned long long updates, retired, reads;
	int i;

	ASSERT_TRUE(loaded());
	updates = read_ull(ROOT "snap/updates");
	retired = read_ull(ROOT "snap/retired");
	EXPECT_EQ(3, write_str(ROOT "snap/value", "123"));
	EXPECT_EQ(123ULL, read_ull(ROOT "snap/value"));
	EXPECT_EQ(20, write_str(ROOT "snap/value", "18446744073709551615"));
	EXPECT_EQ(18446744073709551615ULL, read_ull(ROOT "snap/value"));
	EXPECT_EQ(updates + 2, read_ull(ROOT "snap/updates"));
	EXPECT_EQ(retired + 2, read_ull(ROOT "snap/retired"));
	reads = read_ull(ROOT "snap/reads");
	read_ull(ROOT "snap/value");
	EXPECT_EQ(reads + 1, read_ull(ROOT "snap/reads"));
	/* Retired objects are freed after a grace period. */
	for (i = 0; i < 100; i++) {
		if (read_ull(ROOT "snap/freed") == read_ull(ROOT "snap/retired"))
			break;
		usleep(50000);
	}
	EXPECT_EQ(read_ull(ROOT "snap/retired"), read_ull(ROOT "snap/freed"));
	EXPECT_GT(0, write_str(ROOT "snap/updates", "0"));
	EXPECT_GT(0, write_str(ROOT "snap/reads", "0"));
}

/* Every snap file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_snap)
{
	static const struct hammer_file snap[] = {
		W("value", "5", "x", "18446744073709551615"),
		W("value", "7"),
		RD("value"), RD("publishes"), RD("updates"), RD("retries"),
		RD("retired"), RD("reads"), RD("freed"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];
	long long n;

	EXPECT_EQ(0, hammer(_metadata, "snap", snap, c));
	/* Every update applied: as many objects retired as installed. */
	n = OK(0, 0) + OK(0, 2) + OK(1, 0);
	EXPECT_EQ(n, read_ll(ROOT "snap/updates"));
	EXPECT_EQ(2, write_str(ROOT "snap/value", "42"));
	EXPECT_EQ(42, read_ll(ROOT "snap/value"));
}
