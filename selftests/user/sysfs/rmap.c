// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/rmap */

TEST(rmap_knobs)
{
	static const struct bad_input bad_set[] = {
		{ "\n", EINVAL }, { "1", EINVAL }, { "1 2 3", EINVAL },
		{ "x 2", EINVAL }, { "1 y", EINVAL }, { "-1 2", EINVAL },
		{ "18446744073709551616 1", ERANGE }, { " 1 2", EINVAL },
		{ "1  2", EINVAL },
	};
	static const struct bad_input bad_delete[] = {
		{ "\n", EINVAL }, { "1 2", EINVAL }, { "x", EINVAL },
		{ "-5", EINVAL },
	};
	static char buf[8192];
	unsigned int i;

	ASSERT_TRUE(loaded());
	EXPECT_EQ(0, read_ll(ROOT "rmap/size"));
	for (i = 0; i < ARRAY_LEN(bad_set); i++) {
		TH_LOG("set <- '%s'", bad_set[i].text);
		EXPECT_EQ(-bad_set[i].err, write_str(ROOT "rmap/set", bad_set[i].text));
		EXPECT_EQ(-bad_set[i].err, write_str(ROOT "rmap/reload", bad_set[i].text));
	}
	for (i = 0; i < ARRAY_LEN(bad_delete); i++) {
		TH_LOG("delete <- '%s'", bad_delete[i].text);
		EXPECT_EQ(-bad_delete[i].err, write_str(ROOT "rmap/delete", bad_delete[i].text));
	}
	EXPECT_EQ(0, read_ll(ROOT "rmap/size"));
	EXPECT_EQ(4, write_str(ROOT "rmap/set", "7 70"));
	EXPECT_EQ(5, write_str(ROOT "rmap/set", "7 71\n"));
	EXPECT_EQ(6, write_str(ROOT "rmap/set", "0x8 80"));
	EXPECT_EQ(2, read_ll(ROOT "rmap/size"));
	ASSERT_EQ(0, read_str(ROOT "rmap/dump", buf, sizeof(buf)));
	EXPECT_TRUE(!strcmp(buf, "7 71\n8 80\n") || !strcmp(buf, "8 80\n7 71\n"));
	EXPECT_EQ(-ENOENT, write_str(ROOT "rmap/delete", "9"));
	EXPECT_EQ(1, write_str(ROOT "rmap/delete", "7"));
	EXPECT_EQ(-ENOENT, write_str(ROOT "rmap/delete", "7"));
	EXPECT_EQ(1, read_ll(ROOT "rmap/size"));
	/* Whole-map reload: keys 0..999, value = 3 * key; edits then apply to it. */
	EXPECT_EQ(-ERANGE, write_str(ROOT "rmap/reload", "1000001 1"));
	EXPECT_EQ(0, read_ll(ROOT "rmap/reloads"));
	EXPECT_EQ(6, write_str(ROOT "rmap/reload", "1000 3"));
	EXPECT_EQ(1, read_ll(ROOT "rmap/reloads"));
	EXPECT_EQ(1000, read_ll(ROOT "rmap/size"));
	EXPECT_EQ(1, write_str(ROOT "rmap/delete", "8"));
	EXPECT_EQ(999, read_ll(ROOT "rmap/size"));
	/* A page of "k 3k" lines (never key 8), then "...". */
	ASSERT_EQ(0, read_str(ROOT "rmap/dump", buf, sizeof(buf)));
	{
		char *line, *save;
		unsigned long long k, v;
		int lines = 0, dots = 0;

		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			if (!strcmp(line, "...")) {
				dots++;
				continue;
			}
			ASSERT_EQ(2, sscanf(line, "%llu %llu", &k, &v));
			EXPECT_EQ(3 * k, v);
			EXPECT_NE(8, k);
			EXPECT_GT(1000, k);
			lines++;
		}
		EXPECT_EQ(1, dots);
		EXPECT_LT(100, lines);
	}
	EXPECT_EQ(4, write_str(ROOT "rmap/reload", "0 0\n"));
	EXPECT_EQ(0, read_ll(ROOT "rmap/size"));
	ASSERT_EQ(0, read_str(ROOT "rmap/dump", buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	EXPECT_GT(0, write_str(ROOT "rmap/size", "1"));
	EXPECT_GT(0, write_str(ROOT "rmap/dump", "1"));
}

/* Every rmap file at once, on a freshly loaded module (sysfs/common.h). */
TEST(hammer_rmap)
{
	static const struct hammer_file f[] = {
		W("set", "1 10", "x", "2 20", "1"),
		W("delete", "1", "2", "x"),
		W("reload", "10 3", "0 0", "1000001 1", "x"),
		RD("size"), RD("reloads"), RD("dump"), RD("dump"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];
	char buf[256];

	EXPECT_EQ(0, hammer(_metadata, "rmap", f, c));
	EXPECT_EQ(OK(2, 0) + OK(2, 1), read_ll(ROOT "rmap/reloads"));
	EXPECT_EQ(3, write_str(ROOT "rmap/reload", "2 5"));
	EXPECT_EQ(2, read_ll(ROOT "rmap/size"));
	EXPECT_EQ(3, write_str(ROOT "rmap/set", "7 8"));
	EXPECT_EQ(3, read_ll(ROOT "rmap/size"));
	ASSERT_EQ(0, read_str(ROOT "rmap/dump", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "1 5\n"));
	EXPECT_NE(NULL, strstr(buf, "7 8\n"));
}
