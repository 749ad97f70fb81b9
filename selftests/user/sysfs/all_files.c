// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every writable file under /sys/kernel/lfprim gets random bytes, huge,
 * negative, empty and partial numbers: each write either applies (and
 * returns its length) or fails with a clear errno; the module keeps
 * working and unloads cleanly (kmemleak and the splat scan check the
 * rest).  Files whose valid input blocks for long (waits, task runs,
 * slow calls, benchmark runs) get only input that cannot parse.
 */

TEST(fuzz_all_files)
{
	static const char * const slow[] = {
		"event/wait", "group/run", "group/wait", "sflight/call", "bench/run",
		"rmap/reload",
	};
	static const char * const words[] = {
		"", "\n", "-", "+", "0", "1", "-1", "7", "64", "4096", "1 2",
		"1 2 3", "0x", "0x10", "12abc", " 5", "5 ", "99999999999999999999",
		"18446744073709551615", "-9223372036854775808", "1,2", "all",
		"snap-read", "1e9", "\xff\xfe", "1\n2",
	};
	char path[1024], buf[256];
	unsigned int seed = 12345, i, k, n, files = 0, writes = 0;
	struct dirent *de, *fe;
	DIR *d, *fd;
	ssize_t r;
	int is_slow;

	if (!loaded())
		ASSERT_EQ(0, load(""));
	d = opendir(ROOT);
	ASSERT_NE(NULL, d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), ROOT "%s", de->d_name);
		fd = opendir(path);
		if (!fd)
			continue;
		while ((fe = readdir(fd))) {
			struct stat sb;

			snprintf(path, sizeof(path), ROOT "%s/%s", de->d_name,
				 fe->d_name);
			if (fe->d_name[0] == '.' || stat(path, &sb) ||
			    !(sb.st_mode & 0200))
				continue;
			is_slow = 0;
			for (k = 0; k < ARRAY_LEN(slow); k++)
				is_slow |= !!strstr(path, slow[k]);
			files++;
			for (i = 0; i < 120; i++) {
				if (is_slow) {
					/* Never parses: starts with a letter. */
					n = 1 + rand_r(&seed) % 40;
					buf[0] = 'q';
					for (k = 1; k < n; k++)
						buf[k] = rand_r(&seed);
				} else if (i < ARRAY_LEN(words)) {
					n = strlen(words[i]);
					memcpy(buf, words[i], n);
				} else {
					n = 1 + rand_r(&seed) % 60;
					for (k = 0; k < n; k++)
						buf[k] = (i & 1) ? "0123456789 -x\n,"[rand_r(&seed) % 15]
								 : rand_r(&seed);
				}
				r = write_raw(path, buf, n);
				writes++;
				if (r < 0 && !fuzz_errno_ok(-r))
					TH_LOG("%s: unexpected errno %zd", path, -r);
				EXPECT_TRUE(r == (ssize_t)n || (r < 0 && fuzz_errno_ok(-r)));
			}
		}
		closedir(fd);
	}
	closedir(d);
	TH_LOG("%u writes to %u files", writes, files);
	EXPECT_LT(30, files);
	/* Still working, and it unloads. */
	EXPECT_EQ(2, write_str(ROOT "snap/value", "77"));
	EXPECT_EQ(77, read_ll(ROOT "snap/value"));
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
}

/*
 * rmmod while writes block in the module: an event wait of a minute, a
 * group run waiting for slots, a group wait and a slow singleflight call.
 * The unload must neither hang until they end nor leave anything of the
 * module running; the blocked writes fail with ECANCELED, and the module
 * loads and works again.
 */

TEST(rmmod_during_blocking_writes)
{
	pid_t pid[5];
	long long t0;
	unsigned int i;
	int st, kfd;

	if (loaded())
		ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	kfd = kmsg_open();
	ASSERT_LE(0, kfd);
	ASSERT_EQ(1, write_str(ROOT "group/limit", "1"));
	pid[0] = spawn_write(ROOT "event/wait", "60000", -ECANCELED);
	pid[1] = spawn_write(ROOT "group/run", "50 1000 0", -ECANCELED);
	pid[2] = spawn_write(ROOT "sflight/call", "3 10000", -ECANCELED);
	for (i = 0; i < 5000 && (read_ll(ROOT "event/waiters") < 1 ||
				 read_ll(ROOT "group/running") < 1 ||
				 read_ll(ROOT "sflight/inflight") < 1); i++)
		usleep(1000);
	ASSERT_EQ(1, read_ll(ROOT "event/waiters"));
	ASSERT_EQ(1, read_ll(ROOT "group/running"));
	ASSERT_EQ(1, read_ll(ROOT "sflight/inflight"));
	/* group/wait returns what the cancelled tasks left: any errno. */
	pid[3] = fork();
	ASSERT_LE(0, pid[3]);
	if (!pid[3]) {
		write_str(ROOT "group/wait", "1");
		_exit(0);
	}
	pid[4] = spawn_write(ROOT "sflight/call", "3 10000", -ECANCELED);
	usleep(200000);
	t0 = now_ms();
	EXPECT_EQ(0, unload());
	TH_LOG("rmmod took %lld ms", now_ms() - t0);
	/* Not the minute of the wait nor the 50 s of the run. */
	EXPECT_GT(5000, now_ms() - t0);
	EXPECT_FALSE(loaded());
	for (i = 0; i < ARRAY_LEN(pid); i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &st, 0));
		EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	EXPECT_EQ(0, kmsg_splats(kfd));
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(5, write_str(ROOT "group/run", "2 0 0"));
	EXPECT_EQ(1, write_str(ROOT "group/wait", "1"));
	EXPECT_EQ(2, read_ll(ROOT "group/finished"));
	EXPECT_EQ(-ETIMEDOUT, write_str(ROOT "event/wait", "0"));
}
