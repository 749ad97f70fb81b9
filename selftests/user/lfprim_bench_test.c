// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tests of lfprim-bench, the user-space runner of the shared benchmark
 * scenarios: every scenario yields one well-formed line per point with a
 * positive ns/op and op count, and bad arguments are refused.
 *
 * LFPRIM_BENCH names the binary (default userspace/bench/lfprim-bench).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "bench_lines.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *bench_path(void)
{
	const char *p = getenv("LFPRIM_BENCH");

	return p ? p : "userspace/bench/lfprim-bench";
}

/* Run the benchmark with @args; stdout into @out; returns the exit code. */
static int run_bench(const char *args, char *out, size_t len)
{
	char cmd[512];
	size_t n = 0, r;
	FILE *f;
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", bench_path(), args);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (n < len - 1 && (r = fread(out + n, 1, len - 1 - n, f)) > 0)
		n += r;
	out[n] = 0;
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(every_scenario)
{
	static char listing[8192], out[65536];
	struct bench_scenario_info sc[BENCH_MAX_SCENARIOS];
	static const unsigned int threads[] = { 1, 2 }, pcts[] = { 100, 50 };
	int n;

	ASSERT_EQ(0, run_bench("-l", listing, sizeof(listing)));
	n = bench_parse_listing(listing, sc, BENCH_MAX_SCENARIOS);
	ASSERT_LT(8, n);
	ASSERT_EQ(0, run_bench("-s all -t 1,2 -p 100,50 -d 5 -r 1", out,
			       sizeof(out)));
	EXPECT_EQ(0, bench_check_matrix(out, "user", sc, n, threads, 2, pcts, 2));
}

/* A scenario list, several runs: the median line says how many. */
TEST(selected_scenarios)
{
	static char out[4096];
	struct bench_line b;
	char *second;

	ASSERT_EQ(0, run_bench("-s pcount-add,snap-read -t 2 -p 90 -d 5 -r 3",
			       out, sizeof(out)));
	second = strchr(out, '\n');
	ASSERT_NE(NULL, second);
	*second++ = 0;
	/* Table order, not argument order. */
	ASSERT_EQ(0, bench_parse_line(out, "user", &b));
	EXPECT_STREQ("snap-read", b.scenario);
	EXPECT_EQ(2, b.threads);
	EXPECT_EQ(90, b.read_pct);
	EXPECT_EQ(3, b.runs);
	ASSERT_EQ(0, bench_parse_line(second, "user", &b));
	EXPECT_STREQ("pcount-add", b.scenario);
	EXPECT_EQ(0, b.read_pct);
	EXPECT_EQ(NULL, strchr(second, '\n') ? strchr(strchr(second, '\n') + 1, '\n') : NULL);
}

TEST(bad_arguments)
{
	static const char * const bad[] = {
		"-t 0", "-t 257", "-t 1,,2", "-t x", "-t 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
		"-p 101", "-p -1", "-p 50x", "-d 0", "-d 60001", "-r 0",
		"-r 52", "-s nope", "-s snap-read,nope", "-s ''", "-s snap-read,", "-b 0",
		"-b 1073741825", "-q", "extra",
	};
	static char out[1024];
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		TH_LOG("lfprim-bench %s", bad[i]);
		EXPECT_EQ(2, run_bench(bad[i], out, sizeof(out)));
		EXPECT_STREQ("", out);
	}
}

TEST_HARNESS_MAIN
