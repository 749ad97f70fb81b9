// SPDX-License-Identifier: LGPL-2.1-or-later
/* /sys/kernel/lfprim/bench: the in-kernel benchmark runner */

#include "../bench_lines.h"

#define BENCH ROOT "bench/"

static int bench_state(char *state, size_t len)
{
	char buf[256];

	if (read_str(BENCH "status", buf, sizeof(buf)))
		return -1;
	return sscanf(buf, "state=%15s", state) == 1 ? 0 : -1;
}

/* Wait up to @secs seconds for the run to leave "running". */
static int bench_wait(char *state, int secs)
{
	int i;

	for (i = 0; i < secs * 20; i++) {
		if (bench_state(state, 16))
			return -1;
		if (strcmp(state, "running"))
			return 0;
		usleep(50000);
	}
	return -1;
}

/* The whole (binary) result file. */
static ssize_t bench_result(char *buf, size_t len)
{
	int fd = open(BENCH "result", O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -errno;
	while (total < (ssize_t)len - 1 &&
	       (n = read(fd, buf + total, len - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

static int bench_listing(struct bench_scenario_info *sc)
{
	static char text[8192];

	if (read_str(BENCH "scenarios", text, sizeof(text)))
		return -1;
	return bench_parse_listing(text, sc, BENCH_MAX_SCENARIOS);
}

TEST(bench_knobs)
{
	static const struct bad_input bad_scenario[] = {
		{ "\n", EINVAL }, { "nope", EINVAL }, { "snap-read,", EINVAL },
		{ ",", EINVAL }, { "snap-read,nope", EINVAL },
		{ "all,snap-read", EINVAL }, { "snap-read ", EINVAL },
	};
	struct bench_scenario_info sc[BENCH_MAX_SCENARIOS];
	static char buf[8192], all[8192];
	int i, n;

	ASSERT_TRUE(loaded());
	check_rejects(_metadata, BENCH "scenario", bad_scenario, ARRAY_LEN(bad_scenario));
	/* The numbers: the knob table (knobs.c). */

	/* Round trips; "all" reads back as every scenario in table order. */
	n = bench_listing(sc);
	ASSERT_LT(8, n);
	all[0] = 0;
	for (i = 0; i < n; i++)
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s",
			 i ? "," : "", sc[i].name);
	strcat(all, "\n");
	EXPECT_LT(0, write_str(BENCH "scenario", "all\n"));
	ASSERT_EQ(0, read_str(BENCH "scenario", buf, sizeof(buf)));
	EXPECT_STREQ(all, buf);
	EXPECT_LT(0, write_str(BENCH "scenario", "pcount-add,snap-read"));
	ASSERT_EQ(0, read_str(BENCH "scenario", buf, sizeof(buf)));
	EXPECT_STREQ("snap-read,pcount-add\n", buf);
	EXPECT_LT(0, write_str(BENCH "threads", "1,2,256"));
	ASSERT_EQ(0, read_str(BENCH "threads", buf, sizeof(buf)));
	EXPECT_STREQ("1,2,256\n", buf);
	EXPECT_LT(0, write_str(BENCH "read_pct", "100,99,90,50,0\n"));
	ASSERT_EQ(0, read_str(BENCH "read_pct", buf, sizeof(buf)));
	EXPECT_STREQ("100,99,90,50,0\n", buf);
	EXPECT_LT(0, write_str(BENCH "duration_ms", "60000"));
	EXPECT_EQ(60000, read_ll(BENCH "duration_ms"));
	EXPECT_LT(0, write_str(BENCH "runs", "51"));
	EXPECT_EQ(51, read_ll(BENCH "runs"));
	/* Stopping when nothing runs is harmless. */
	EXPECT_EQ(2, write_str(BENCH "run", "0\n"));
	EXPECT_EQ(0, read_ll(BENCH "run"));
	/* Read-only files. */
	EXPECT_GT(0, write_str(BENCH "status", "x"));
	EXPECT_GT(0, write_str(BENCH "scenarios", "x"));
	EXPECT_GT(0, write_str(BENCH "result", "x"));
}

/*
 * Every scenario, briefly: one well-formed line per point of the matrix.
 * Each point sets a scenario up and tears it down (maps of 4096 keys,
 * grace periods), which takes minutes on the debug kernel: a fixture
 * only to get a longer timeout than TEST()'s 30 s.
 */
FIXTURE(slow) {
	int unused;
};

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
	/* Whatever happened, no run is left going for the next test. */
	write_str(BENCH "run", "0");
}

TEST_F_TIMEOUT(slow, bench_every_scenario, 900)
{
	static const unsigned int threads[] = { 1, 2 }, pcts[] = { 100, 90 };
	struct bench_scenario_info sc[BENCH_MAX_SCENARIOS];
	static char out[65536];
	char state[16];
	int n;

	ASSERT_TRUE(loaded());
	n = bench_listing(sc);
	ASSERT_LT(8, n);
	ASSERT_LT(0, write_str(BENCH "scenario", "all"));
	ASSERT_LT(0, write_str(BENCH "threads", "1,2"));
	ASSERT_LT(0, write_str(BENCH "read_pct", "100,90"));
	ASSERT_LT(0, write_str(BENCH "duration_ms", "5"));
	ASSERT_LT(0, write_str(BENCH "runs", "1"));
	ASSERT_EQ(1, write_str(BENCH "run", "1"));
	ASSERT_EQ(0, bench_wait(state, 850));
	EXPECT_STREQ("done", state);
	ASSERT_LT(0, bench_result(out, sizeof(out)));
	EXPECT_EQ(0, bench_check_matrix(out, "kernel", sc, n, threads, 2, pcts, 2));
}

/* A second start is -EBUSY, so is reconfiguring; 0 stops early. */
TEST(bench_busy_and_stop)
{
	char state[16], buf[256];

	ASSERT_TRUE(loaded());
	ASSERT_LT(0, write_str(BENCH "scenario", "snap-read,rwlock-read"));
	ASSERT_LT(0, write_str(BENCH "threads", "2"));
	ASSERT_LT(0, write_str(BENCH "read_pct", "90"));
	ASSERT_LT(0, write_str(BENCH "duration_ms", "60000"));
	ASSERT_LT(0, write_str(BENCH "runs", "51"));
	ASSERT_EQ(1, write_str(BENCH "run", "1"));
	EXPECT_EQ(1, read_ll(BENCH "run"));
	ASSERT_EQ(0, bench_state(state, sizeof(state)));
	EXPECT_STREQ("running", state);
	EXPECT_EQ(-EBUSY, write_str(BENCH "run", "1"));
	EXPECT_EQ(-EBUSY, write_str(BENCH "threads", "1"));
	EXPECT_EQ(-EBUSY, write_str(BENCH "scenario", "all"));
	EXPECT_EQ(-EBUSY, write_str(BENCH "duration_ms", "5"));
	ASSERT_EQ(0, read_str(BENCH "threads", buf, sizeof(buf)));
	EXPECT_STREQ("2\n", buf);
	usleep(100000);
	/* Returns once the run's threads are gone. */
	EXPECT_EQ(1, write_str(BENCH "run", "0"));
	ASSERT_EQ(0, bench_state(state, sizeof(state)));
	EXPECT_STREQ("stopped", state);
	EXPECT_EQ(0, read_ll(BENCH "run"));
	/* Nothing was finished, so nothing was reported. */
	EXPECT_EQ(0, bench_result(buf, sizeof(buf)));
	/* And the runner starts again. */
	ASSERT_LT(0, write_str(BENCH "duration_ms", "5"));
	ASSERT_LT(0, write_str(BENCH "runs", "1"));
	ASSERT_EQ(1, write_str(BENCH "run", "1"));
	ASSERT_EQ(0, bench_wait(state, 120));
	EXPECT_STREQ("done", state);
}

/* Unloading the module in the middle of a run stops it cleanly. */
TEST(bench_rmmod_during_run)
{
	char state[16];

	if (loaded())
		ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load("bench_scenario=all bench_threads=2 bench_read_pct=50 bench_duration_ms=60000 bench_autorun=1"));
	ASSERT_EQ(0, bench_state(state, sizeof(state)));
	EXPECT_STREQ("running", state);
	usleep(300000);
	EXPECT_EQ(0, unload());
	EXPECT_FALSE(loaded());
	ASSERT_EQ(0, load(""));
}

/* bench_* parameters: validated like the files, and autorun runs them. */
TEST(bench_autorun)
{
	static const struct bad_input bad[] = {
		{ "bench_scenario=nope", EINVAL },
		{ "bench_scenario=", EINVAL },
		{ "bench_autorun=maybe", EINVAL },
	};
	static const unsigned int threads[] = { 1, 2 }, pcts[] = { 100, 50 };
	struct bench_scenario_info sc[BENCH_MAX_SCENARIOS];
	static char out[4096];
	char state[16];
	unsigned int i;
	int n, k;

	if (loaded())
		ASSERT_EQ(0, unload());
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		TH_LOG("params '%s'", bad[i].text);
		EXPECT_EQ(-bad[i].err, load(bad[i].text));
		EXPECT_FALSE(loaded());
		if (loaded())
			unload();
	}
	ASSERT_EQ(0, load("bench_scenario=pcount-add,mutex-read bench_threads=1,2 bench_read_pct=100,50 bench_duration_ms=5 bench_runs=2 bench_autorun=1"));
	ASSERT_EQ(0, bench_wait(state, 120));
	EXPECT_STREQ("done", state);
	ASSERT_LT(0, bench_result(out, sizeof(out)));
	n = bench_listing(sc);
	ASSERT_LT(8, n);
	/* Keep the two scenarios of the run. */
	for (i = 0, k = 0; (int)i < n; i++)
		if (!strcmp(sc[i].name, "pcount-add") || !strcmp(sc[i].name, "mutex-read"))
			sc[k++] = sc[i];
	ASSERT_EQ(2, k);
	EXPECT_EQ(0, bench_check_matrix(out, "kernel", sc, k, threads, 2, pcts, 2));
	EXPECT_NE(NULL, strstr(out, " runs=2 min="));
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
}

/*
 * The stampede in the kernel: bench_sflight_us sets the slow function; a
 * mutex makes every ask run it (calls_per_op 1, each ask at least that
 * long), sflight runs it at most once per ask.
 */
TEST(bench_stampede)
{
	static char out[4096];
	struct bench_line b;
	char state[16], *line, *save;
	int n = 0;

	if (loaded())
		ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load("bench_scenario=sflight-stampede,mutex-stampede bench_threads=1,2 bench_duration_ms=20 bench_runs=1 bench_sflight_us=50 bench_autorun=1"));
	EXPECT_EQ(50, read_ll(BENCH "sflight_us"));
	ASSERT_EQ(0, bench_wait(state, 120));
	EXPECT_STREQ("done", state);
	ASSERT_LT(0, bench_result(out, sizeof(out)));
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++) {
		TH_LOG("%s", line);
		ASSERT_EQ(0, bench_parse_line(line, "kernel", &b));
		EXPECT_LT(0, b.calls_per_op);
		EXPECT_GE(1, b.calls_per_op);
		if (!strcmp(b.scenario, "mutex-stampede") || b.threads == 1) {
			EXPECT_EQ(1, b.calls_per_op);
			EXPECT_LE(50000, b.ns_per_op);
		}
	}
	EXPECT_EQ(4, n);
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(LFP_BENCH_SFLIGHT_US_DEFAULT, read_ll(BENCH "sflight_us"));
}

/* Runs started, stopped and reconfigured from every side at once. */
TEST(hammer_bench)
{
	static const struct hammer_file f[] = {
		W("run", "1", "0", "2", "x"),
		W("run", "1"),
		W("scenario", "pcount-add", "snap-read,mutex-read", "nope", ""),
		W("threads", "1", "1,2", "0", "x"),
		W("read_pct", "50", "100", "101"),
		W("duration_ms", "1", "5", "0", "60001"),
		W("runs", "1", "2", "52"),
		W("sflight_us", "1", "20", "0", "10001"),
		RD("status"), RD("result"), RD("scenarios"), RD("run"),
		RD("threads"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];
	char state[16];

	EXPECT_EQ(0, hammer(_metadata, "bench", f, c));
	EXPECT_EQ(1, write_str(BENCH "run", "0"));
	ASSERT_EQ(0, bench_wait(state, 120));
	EXPECT_NE(0, strcmp(state, "running"));
	ASSERT_LT(0, write_str(BENCH "scenario", "pcount-add"));
	ASSERT_LT(0, write_str(BENCH "threads", "1"));
	ASSERT_LT(0, write_str(BENCH "duration_ms", "5"));
	ASSERT_LT(0, write_str(BENCH "runs", "1"));
	ASSERT_EQ(1, write_str(BENCH "run", "1"));
	ASSERT_EQ(0, bench_wait(state, 120));
	EXPECT_STREQ("done", state);
}
