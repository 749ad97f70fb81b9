// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tests of lfprim-bench, the user-space runner of the shared benchmark
 * scenarios: every scenario yields one well-formed line per point with a
 * positive ns/op and op count, and bad arguments are refused by the rules
 * the in-kernel runner applies to its files.  And of the shared driver
 * (include/lfprim/core/bench.h) on a made-up world: the order of the
 * points, the median, min and max, the line.
 *
 * LFPRIM_BENCH names the binary (default userspace/bench/lfprim-bench).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include <lfprim/backend/bench.h>
#include <lfprim/backend/kstrto.h>
#include <lfprim/core/parse.h>
#include <lfprim/core/bench.h>

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

/*
 * pcount-add prints pcount's memory per counter in both modes at 1, 16 and
 * 256 threads: slots grow with the threads, CPU shards do not.  Without a
 * pcount-add scenario there are no such lines.
 */
TEST(pcount_memory_lines)
{
	static const unsigned int threads[] = { 1, 16, 256 };
	static char out[8192];
	unsigned long slot[3], cpu[3];
	unsigned int i, t, n, r;
	char *p = out;
	int k;

	ASSERT_EQ(0, run_bench("-s pcount-add -t 1 -d 1 -r 1", out, sizeof(out)));
	for (i = 0; i < 3; i++) {
		p = strstr(p, "lfprim-bench-memory world=user prim=pcount mode=thread-slots ");
		ASSERT_NE(NULL, p);
		k = sscanf(p, "%*s %*s %*s %*s threads=%u bytes_per_counter=%lu",
			   &t, &slot[i]);
		ASSERT_EQ(2, k);
		EXPECT_EQ(threads[i], t);
		p++;
	}
	for (i = 0; i < 3; i++) {
		p = strstr(p, "lfprim-bench-memory world=user prim=pcount mode=cpu-shards ");
		ASSERT_NE(NULL, p);
		k = sscanf(p, "%*s %*s %*s %*s cpus=%u rseq=%u threads=%u bytes_per_counter=%lu",
			   &n, &r, &t, &cpu[i]);
		ASSERT_EQ(4, k);
		EXPECT_EQ(threads[i], t);
		EXPECT_LT(0, n);
		p++;
	}
	EXPECT_EQ(slot[1] - slot[0], 15 * (slot[2] - slot[1]) / 240);
	EXPECT_LT(slot[0], slot[1]);
	EXPECT_EQ(cpu[0], cpu[2]);
	EXPECT_EQ(cpu[0], cpu[1]);
	ASSERT_EQ(0, run_bench("-s pcount-sum -t 1 -d 1 -r 1", out, sizeof(out)));
	EXPECT_EQ(NULL, strstr(out, "lfprim-bench-memory"));
}

/*
 * A scenario with a fixed read_pct runs once per thread count, also when
 * the read_pct list holds its own value.
 */
TEST(fixed_pct_once)
{
	static const char * const names[] = { "snap-read", "snap-update", "pcount-sum" };
	static const unsigned int threads[] = { 1 }, pcts[][2] = { { 0, 100 }, { 100, 0 } };
	struct bench_scenario_info sc[BENCH_MAX_SCENARIOS];
	static char listing[8192], out[4096];
	int n, i, k;

	ASSERT_EQ(0, run_bench("-l", listing, sizeof(listing)));
	n = bench_parse_listing(listing, sc, BENCH_MAX_SCENARIOS);
	for (i = 0, k = 0; i < n; i++)
		if (!strcmp(sc[i].name, names[0]) || !strcmp(sc[i].name, names[1]) ||
		    !strcmp(sc[i].name, names[2]))
			sc[k++] = sc[i];
	ASSERT_EQ(3, k);
	ASSERT_EQ(0, run_bench("-s snap-read,snap-update,pcount-sum -t 1 -p 0,100 -d 1 -r 1",
			       out, sizeof(out)));
	EXPECT_EQ(0, bench_check_matrix(out, "user", sc, 3, threads, 1, pcts[0], 2));
	ASSERT_EQ(0, run_bench("-s snap-read,snap-update,pcount-sum -t 1 -p 100,0 -d 1 -r 1",
			       out, sizeof(out)));
	EXPECT_EQ(0, bench_check_matrix(out, "user", sc, 3, threads, 1, pcts[1], 2));
}

/* A scenario list, several runs: the median line says how many. */
TEST(selected_scenarios)
{
	static char out[4096];
	struct bench_line b;
	char *first, *second;

	ASSERT_EQ(0, run_bench("-s pcount-add,snap-read -t 2 -p 90 -d 5 -r 3",
			       out, sizeof(out)));
	first = bench_skip_memory(out);
	second = strchr(first, '\n');
	ASSERT_NE(NULL, second);
	*second++ = 0;
	/* Table order, not argument order. */
	ASSERT_EQ(0, bench_parse_line(first, "user", &b));
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
		"-b 1073741825", "-q", "extra", "-u 0", "-u 10001", "-u x",
		"--sflight-us=' 5'",
		/* As the kernel's files: no spaces, lists in base 10. */
		"-t ' 1'", "-t '1 '", "-t '1, 2'", "-p ' 50'", "-d ' 5'",
		"-d '5 '", "-r ' 1'", "-b ' 8'", "-t 0x2", "-t 4294967296",
		"-d 4294967297", "-s ' snap-read'", "-s all,snap-read",
		/* Durations with a unit: at most 60 s, whole numbers. */
		"-d 61s", "-d 2m", "-d 0ms", "-d 0.5s", "-d 5h", "-d ms", "-d 5sec",
		"-d ' 5ms'", "-d 5Ms", "--duration=0", "--bogus", "--runs", "--version=1",
	};
	static char out[1024];
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(bad); i++) {
		TH_LOG("lfprim-bench %s", bad[i]);
		EXPECT_EQ(2, run_bench(bad[i], out, sizeof(out)));
		EXPECT_STREQ("", out);
	}
}

/*
 * The stampede: every line counts the slow function's calls per ask.
 * With a mutex every ask runs the function itself, so each ask takes at
 * least -u microseconds; with sflight no ask runs it more than once.
 */
TEST(stampede)
{
	static char out[4096];
	struct bench_line b;
	char *line, *save;
	int n = 0;

	ASSERT_EQ(0, run_bench("-s sflight-stampede,mutex-stampede -t 1,2 -d 20 -r 1 --sflight-us=50",
			       out, sizeof(out)));
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++) {
		ASSERT_EQ(0, bench_parse_line(line, "user", &b));
		TH_LOG("%s", line);
		EXPECT_LT(0, b.calls_per_op);
		EXPECT_GE(1, b.calls_per_op);
		if (!strcmp(b.scenario, "mutex-stampede")) {
			EXPECT_EQ(1, b.calls_per_op);
			EXPECT_LE(50000, b.ns_per_op);
		} else {
			EXPECT_STREQ("sflight-stampede", b.scenario);
		}
		if (b.threads == 1) {
			/* Alone, every ask leads a call of its own. */
			EXPECT_EQ(1, b.calls_per_op);
			EXPECT_LE(50000, b.ns_per_op);
		}
	}
	EXPECT_EQ(4, n);
	/* Scenarios that do not count calls have no calls_per_op. */
	ASSERT_EQ(0, run_bench("-s nop -t 1 -d 1 -r 1", out, sizeof(out)));
	ASSERT_EQ(0, bench_parse_line(out, "user", &b));
	EXPECT_EQ(-1, b.calls_per_op);
}

/* What the kernel's kstrto*() accepts, lfprim-bench accepts too. */
TEST(kernel_number_rules)
{
	static char out[4096];
	struct bench_line b;

	ASSERT_EQ(0, run_bench("-s snap-read -t +2 -p 100 -d 0x5 -r 010", out,
			       sizeof(out)));
	ASSERT_EQ(0, bench_parse_line(out, "user", &b));
	EXPECT_EQ(2, b.threads);
	EXPECT_EQ(8, b.runs);
}

/* A duration with a unit, in a long option or a short one. */
TEST(duration_units)
{
	static const char * const same[] = {
		"-d 30", "-d 30ms", "--duration=30ms", "--duration 0x1ems", "-d +30ms",
	};
	static char out[4096], cmd[128];
	unsigned long long t0, dt;
	struct bench_line b;
	struct timespec ts;
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(same); i++) {
		TH_LOG("lfprim-bench %s", same[i]);
		snprintf(cmd, sizeof(cmd), "-s snap-read -t 1 -r 1 %s", same[i]);
		ASSERT_EQ(0, run_bench(cmd, out, sizeof(out)));
		EXPECT_EQ(0, bench_parse_line(out, "user", &b));
	}
	/* A warm-up of at most 20 ms, then one timed run of a second. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	ASSERT_EQ(0, run_bench("--scenarios=snap-read --threads=1 --runs=1 -d 1s",
			       out, sizeof(out)));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	dt = ts.tv_sec * 1000000000ULL + ts.tv_nsec - t0;
	EXPECT_EQ(0, bench_parse_line(out, "user", &b));
	EXPECT_LE(1000000000ULL, dt);
	EXPECT_GT(5000000000ULL, dt);
}

/* --help: the usage on stdout, status 0; --version: the Makefile's. */
TEST(help_and_version)
{
	static char out[8192];

	ASSERT_EQ(0, run_bench("--help", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "usage: lfprim-bench ") == out);
	EXPECT_NE(NULL, strstr(out, "--duration=TIME"));
	EXPECT_NE(NULL, strstr(out, "milliseconds"));
	EXPECT_NE(NULL, strstr(out, "--progress"));
	EXPECT_NE(NULL, strstr(out, " snap-read "));
	ASSERT_EQ(0, run_bench("-h", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "usage: lfprim-bench ") == out);
	ASSERT_EQ(0, run_bench("--version", out, sizeof(out)));
	EXPECT_STREQ("lfprim-bench " LFPRIM_VERSION "\n", out);
	ASSERT_EQ(0, run_bench("--list", out, sizeof(out)));
	EXPECT_TRUE(strstr(out, "snap-read family=") == out);
}

/*
 * -P: progress on stderr at the start and at the end, with the number of
 * points of the walk (2 scenarios x 2 thread counts, one fixed, one at 2
 * read percentages: 6); stdout holds the lines alone.
 */
TEST(progress)
{
	static char out[4096];
	char cmd[512];
	FILE *f;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd),
		 "%s -P -s nop,snap-read -t 1,2 -p 100,50 -d 1 -r 1 2>&1 >/dev/null",
		 bench_path());
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = 0;
	st = pclose(f);
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_TRUE(strstr(out, "lfprim-bench: progress 0/6 points, ") == out);
	EXPECT_NE(NULL, strstr(out, "\nlfprim-bench: progress 6/6 points, "));
	ASSERT_EQ(0, run_bench("--progress -s nop -t 1 -d 1 -r 1", out,
			       sizeof(out)));
	EXPECT_EQ(NULL, strstr(out, "progress"));
	EXPECT_TRUE(strstr(out, "lfprim-bench world=user scenario=nop ") == out);
}

/* An unknown option is named on stderr, with the usage. */
TEST(unknown_option)
{
	static char out[8192];
	char cmd[512];
	FILE *f;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "%s --bogus 2>&1 >/dev/null", bench_path());
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = 0;
	st = pclose(f);
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(2, WEXITSTATUS(st));
	EXPECT_NE(NULL, strstr(out, "unrecognized option '--bogus'"));
	EXPECT_NE(NULL, strstr(out, "usage: lfprim-bench "));
}

/* An unknown scenario is named on stderr; nothing runs. */
TEST(unknown_scenario)
{
	static char out[4096];
	char cmd[512];
	FILE *f;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "%s -s snap-read,nope -d 1 -r 1 2>&1",
		 bench_path());
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = 0;
	st = pclose(f);
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(2, WEXITSTATUS(st));
	EXPECT_TRUE(strstr(out, "lfprim-bench: unknown scenario 'nope'") == out);
	EXPECT_EQ(NULL, strstr(out, "world=user"));
}

/* ---- the shared driver on a made-up world ---- */

static void fake_read(void *ctx, struct lfp_bench_thread *t,
		      unsigned long loops)
{
}

static int fake_init(void **ctx, const struct lfp_bench_args *args)
{
	*ctx = NULL;
	return 0;
}

static void fake_cleanup(void *ctx)
{
}

static const struct lfp_bench_scenario fake_mixed = {
	.name = "mixed", .family = "f", .init = fake_init,
	.read_section = fake_read, .update_section = fake_read,
	.cleanup = fake_cleanup,
};
static const struct lfp_bench_scenario fake_reads = {
	.name = "reads", .family = "f", .init = fake_init,
	.read_section = fake_read, .cleanup = fake_cleanup,
};
/* Counts calls: its lines end with calls_per_op. */
static const struct lfp_bench_scenario fake_updates = {
	.name = "updates", .family = "f", .init = fake_init,
	.update_section = fake_read, .cleanup = fake_cleanup,
	.counts_calls = 1,
};
static const struct lfp_bench_scenario *const fake_shared[] = {
	&fake_mixed, &fake_reads,
};
static const struct lfp_bench_scenario *const fake_own[] = {
	&fake_updates,
};

static char fake_out[4096];
static unsigned int fake_runs, fake_fail_at;

/*
 * Run i of a point takes ps[i % 5] ps/op, does 100 + i ops and i calls of
 * a slow function.
 */
static int fake_run(const struct lfp_bench_point *p, unsigned int ms,
		    unsigned long long *ps, unsigned long long *ops,
		    unsigned long long *calls)
{
	static const unsigned long long v[] = { 9000, 4999, 1234, 7005, 3000 };
	unsigned int i = fake_runs++;

	if (fake_fail_at && fake_runs == fake_fail_at)
		return -ENOMEM;
	if (p->args.pcount_batch != 77 || p->args.nthreads > 3 ||
	    p->args.sflight_us != 33)
		return -EINVAL;
	*ps = v[i % 5];
	*ops = 100 + i;
	*calls = i;
	return 0;
}

static int fake_end(const struct lfp_bench_point *p, int err)
{
	if (err)
		return err;
	strncat(fake_out, p->line, sizeof(fake_out) - strlen(fake_out) - 1);
	return 0;
}

TEST(driver_order_and_median)
{
	struct lfp_bench_world w = {
		.name = "test", .shared = fake_shared, .nshared = 2,
		.own = fake_own, .nown = 1, .pcount_batch = 77,
		.run = fake_run, .end = fake_end,
	};
	struct lfp_bench_cfg cfg = {
		.scenarios = 7, .threads = { 3, 1 }, .nthreads = 2,
		.read_pct = { 100, 50, 0 }, .npct = 3,
		.duration_ms = 1, .runs = 1, .sflight_us = 33,
	};
	static struct lfp_bench_point p;
	/* calls_per_op: 17 / 117 and 19 / 119, rounded to thousandths. */
	static const char want[] =
		"lfprim-bench world=test scenario=mixed threads=3 read_pct=100 ns_per_op=5.00 ops=101 runs=1 min=5.00 max=5.00\n"
		"lfprim-bench world=test scenario=mixed threads=3 read_pct=50 ns_per_op=7.01 ops=103 runs=1 min=7.01 max=7.01\n"
		"lfprim-bench world=test scenario=mixed threads=3 read_pct=0 ns_per_op=9.00 ops=105 runs=1 min=9.00 max=9.00\n"
		"lfprim-bench world=test scenario=mixed threads=1 read_pct=100 ns_per_op=1.23 ops=107 runs=1 min=1.23 max=1.23\n"
		"lfprim-bench world=test scenario=mixed threads=1 read_pct=50 ns_per_op=3.00 ops=109 runs=1 min=3.00 max=3.00\n"
		"lfprim-bench world=test scenario=mixed threads=1 read_pct=0 ns_per_op=5.00 ops=111 runs=1 min=5.00 max=5.00\n"
		"lfprim-bench world=test scenario=reads threads=3 read_pct=100 ns_per_op=7.01 ops=113 runs=1 min=7.01 max=7.01\n"
		"lfprim-bench world=test scenario=reads threads=1 read_pct=100 ns_per_op=9.00 ops=115 runs=1 min=9.00 max=9.00\n"
		"lfprim-bench world=test scenario=updates threads=3 read_pct=0 ns_per_op=1.23 ops=117 runs=1 min=1.23 max=1.23 calls_per_op=0.145\n"
		"lfprim-bench world=test scenario=updates threads=1 read_pct=0 ns_per_op=3.00 ops=119 runs=1 min=3.00 max=3.00 calls_per_op=0.160\n";

	/* Counting only: 3 x 2 + 2 + 2 points, nothing run. */
	fake_runs = 0;
	EXPECT_EQ(10, lfp_bench_walk(&w, &cfg, NULL));
	EXPECT_EQ(0, fake_runs);
	/* Each point: a warm-up run, then one timed run. */
	fake_out[0] = 0;
	EXPECT_EQ(10, lfp_bench_walk(&w, &cfg, &p));
	EXPECT_EQ(20, fake_runs);
	EXPECT_STREQ(want, fake_out);

	/* Five runs: the median run's ns/op and ops, the fastest, the slowest. */
	cfg.scenarios = 4;
	cfg.nthreads = 1;
	cfg.runs = 5;
	fake_runs = 0;
	fake_out[0] = 0;
	EXPECT_EQ(1, lfp_bench_walk(&w, &cfg, &p));
	EXPECT_STREQ("lfprim-bench world=test scenario=updates threads=3 read_pct=0 ns_per_op=5.00 ops=101 runs=5 min=1.23 max=9.00 calls_per_op=0.010\n",
		     fake_out);

	/* A failed run ends the point; the world's end hook stops the walk. */
	cfg.scenarios = 7;
	fake_runs = 0;
	fake_fail_at = 2;
	fake_out[0] = 0;
	EXPECT_EQ(-ENOMEM, lfp_bench_walk(&w, &cfg, &p));
	EXPECT_EQ(2, fake_runs);
	EXPECT_STREQ("", fake_out);
	fake_fail_at = 0;
}

/* Scenario lists: "all", names in any order, nothing unknown or empty. */
TEST(driver_parse_scenarios)
{
	static const char * const bad[] = {
		"", "\n", "nope", "mixed,", ",mixed", "all,mixed", "mixed ",
		" mixed", "mixed,,reads",
	};
	static const struct lfp_bench_world w = {
		.shared = fake_shared, .nshared = 2, .own = fake_own, .nown = 1,
	};
	unsigned long long m = 42;
	char tmp[64];
	unsigned int i;

	EXPECT_EQ(0, lfp_bench_parse_scenarios_in(&w, "all\n", tmp, sizeof(tmp),
						  &m));
	EXPECT_EQ(7, m);
	EXPECT_EQ(0, lfp_bench_parse_scenarios_in(&w, "updates,mixed", tmp,
						  sizeof(tmp), &m));
	EXPECT_EQ(5, m);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		TH_LOG("'%s'", bad[i]);
		EXPECT_EQ(-EINVAL, lfp_bench_parse_scenarios_in(&w, bad[i], tmp,
								sizeof(tmp), &m));
		EXPECT_EQ(5, m);
	}
	/* Longer than the scratch. */
	EXPECT_EQ(-EINVAL, lfp_bench_parse_scenarios_in(&w, "mixed,reads", tmp,
							8, &m));
}

/*
 * The harness's own rows and the bare mechanisms under the fast paths:
 * listed with their family and read_pct, and each measured as one valid
 * line per point.
 */
TEST(floor_rows)
{
	static const char * const want[] = {
		"nop family=harness replaces=- read_pct=100\n",
		"rcu-read family=floor replaces=- read_pct=100\n",
		"slot-add family=floor replaces=- read_pct=0\n",
		"cpu-add family=floor replaces=- read_pct=0\n",
		"cpu-add-bounded family=floor replaces=- read_pct=0\n",
		"lfht-lookup family=floor replaces=- read_pct=100\n",
		"rcu-table-lookup family=floor replaces=- read_pct=100\n",
		"ring-push family=floor replaces=- read_pct=0\n",
		"ring-push-4 family=floor replaces=- read_pct=0\n",
		"handoff-4 family=floor replaces=- read_pct=100\n",
	};
	static const unsigned int threads[] = { 1, 2 }, pcts[] = { 100 };
	struct bench_scenario_info sc[BENCH_MAX_SCENARIOS];
	static char listing[8192], out[4096];
	unsigned int i;
	int n, j, k;

	ASSERT_EQ(0, run_bench("-l", listing, sizeof(listing)));
	for (i = 0; i < ARRAY_LEN(want); i++) {
		TH_LOG("%s", want[i]);
		EXPECT_NE(NULL, strstr(listing, want[i]));
	}
	n = bench_parse_listing(listing, sc, BENCH_MAX_SCENARIOS);
	for (j = 0, k = 0; j < n; j++)
		for (i = 0; i < ARRAY_LEN(want); i++)
			if (!strncmp(want[i], sc[j].name, strlen(sc[j].name)) &&
			    want[i][strlen(sc[j].name)] == ' ')
				sc[k++] = sc[j];
	ASSERT_EQ(10, k);
	ASSERT_EQ(0, run_bench("-s nop,rcu-read,slot-add,cpu-add,cpu-add-bounded,lfht-lookup,rcu-table-lookup,ring-push,ring-push-4,handoff-4 -t 1,2 -d 5 -r 1",
			       out, sizeof(out)));
	EXPECT_EQ(0, bench_check_matrix(out, "user", sc, 10, threads, 2, pcts, 1));
}

/* ---- the measured loop: one call per run of consecutive operations ---- */

static unsigned long loop_calls[256];
static unsigned int loop_ncalls;

/* A call's record: reads positive, updates negative. */
static void loop_read(void *ctx, struct lfp_bench_thread *t,
		      unsigned long loops)
{
	if (loop_ncalls < ARRAY_LEN(loop_calls))
		loop_calls[loop_ncalls] = loops;
	loop_ncalls++;
}

static void loop_update(void *ctx, struct lfp_bench_thread *t,
			unsigned long loops)
{
	if (loop_ncalls < ARRAY_LEN(loop_calls))
		loop_calls[loop_ncalls] = -loops;
	loop_ncalls++;
}

static const struct lfp_bench_scenario loop_sc = {
	.name = "loop", .family = "f", .init = fake_init,
	.read_section = loop_read, .update_section = loop_update,
	.cleanup = fake_cleanup,
};

/* One block (the stop flag is up from the start) at @pct. */
static unsigned long loop_block(unsigned int pct)
{
	struct lfp_bench_thread t = { 0 };
	int stop = 1;

	loop_ncalls = 0;
	return lfp_bench_loop(&loop_sc, NULL, &t, pct, &stop);
}

TEST(loop_runs_in_one_call)
{
	unsigned int i;

	/* A pure point: the whole block of 64 in one call. */
	EXPECT_EQ(64, loop_block(100));
	ASSERT_EQ(1, loop_ncalls);
	EXPECT_EQ(64, loop_calls[0]);
	EXPECT_EQ(64, loop_block(0));
	ASSERT_EQ(1, loop_ncalls);
	EXPECT_EQ(-64UL, loop_calls[0]);
	/* 90 percent: 9 reads in one call, then 1 update, 7 times. */
	EXPECT_EQ(70, loop_block(90));
	ASSERT_EQ(14, loop_ncalls);
	for (i = 0; i < 14; i++)
		EXPECT_EQ(i % 2 ? -1UL : 9UL, loop_calls[i]);
	/* 99 percent: 99 reads in one call, then 1 update. */
	EXPECT_EQ(100, loop_block(99));
	ASSERT_EQ(2, loop_ncalls);
	EXPECT_EQ(99, loop_calls[0]);
	EXPECT_EQ(-1UL, loop_calls[1]);
	/* 50 percent: the exact ratio, one of each in turn. */
	EXPECT_EQ(64, loop_block(50));
	ASSERT_EQ(64, loop_ncalls);
	for (i = 0; i < 64; i++)
		EXPECT_EQ(i % 2 ? -1UL : 1UL, loop_calls[i]);
}

TEST_HARNESS_MAIN
