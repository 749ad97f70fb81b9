// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tests of lfprim.ko's user interface, run inside the guest as root:
 * module parameters at load time and every file under /sys/kernel/lfprim/.
 * Every knob must reject garbage, negative, overflowing and empty input
 * with -EINVAL or -ERANGE, leave the old value in place, and round-trip
 * valid values.
 *
 * LFPRIM_KO names the module file (default /lfprim/lfprim.ko).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "bench_lines.h"

#define ROOT "/sys/kernel/lfprim/"

static const char *ko_path(void)
{
	const char *p = getenv("LFPRIM_KO");

	return p ? p : "/lfprim/lfprim.ko";
}

/* Returns 0 or -errno. */
static int load(const char *params)
{
	int fd = open(ko_path(), O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

static int unload(void)
{
	return syscall(SYS_delete_module, "lfprim", O_NONBLOCK) ? -errno : 0;
}

static int loaded(void)
{
	return access(ROOT, F_OK) == 0;
}

/* Write @len bytes of @buf in one write(); returns bytes written or -errno. */
static ssize_t write_raw(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

static ssize_t write_str(const char *path, const char *s)
{
	return write_raw(path, s, strlen(s));
}

static int read_str(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

static long long read_ll(const char *path)
{
	char buf[64];

	if (read_str(path, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 0);
}

static unsigned long long read_ull(const char *path)
{
	char buf[64];

	if (read_str(path, buf, sizeof(buf)))
		return 0;
	return strtoull(buf, NULL, 0);
}

/* Bad input and the errno the kernel must answer with. */
struct bad_input {
	const char *text;
	int err;
};

static const struct bad_input bad_uint[] = {
	{ "\n", EINVAL }, { "abc", EINVAL },
	{ "12abc", EINVAL }, { "-1", EINVAL }, { "1.5", EINVAL },
	{ " 7", EINVAL }, { "0x", EINVAL }, { "4294967296", ERANGE },
	{ "99999999999999999999999", ERANGE },
};

static const struct bad_input bad_u64[] = {
	{ "\n", EINVAL }, { "abc", EINVAL },
	{ "12abc", EINVAL }, { "-1", EINVAL }, { "1e3", EINVAL },
	{ "18446744073709551616", ERANGE },
	{ "99999999999999999999999", ERANGE },
};

static const struct bad_input bad_s64[] = {
	{ "\n", EINVAL }, { "abc", EINVAL },
	{ "12abc", EINVAL }, { "--1", EINVAL }, { "+", EINVAL },
	{ "9223372036854775808", ERANGE },
	{ "-9223372036854775809", ERANGE },
	{ "-9223372036854775808", ERANGE },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Module parameters: bad values fail the load cleanly, good ones apply. */
TEST(module_params)
{
	static const struct bad_input bad[] = {
		{ "pcount_batch", EINVAL },	/* no value at all */
		{ "pcount_batch=", EINVAL },
		{ "pcount_batch=abc", EINVAL },
		{ "pcount_batch=-5", EINVAL },
		{ "pcount_batch=0", ERANGE },
		{ "pcount_batch=1073741825", ERANGE },
		{ "pcount_batch=99999999999", ERANGE },
		{ "snap_value", EINVAL },
		{ "snap_value=", EINVAL },
		{ "snap_value=xyz", EINVAL },
		{ "snap_value=-1", EINVAL },
		{ "snap_value=18446744073709551616", ERANGE },
		{ "pcount_batch=8 snap_value=oops", EINVAL },
	};
	unsigned int i;

	if (loaded())
		ASSERT_EQ(0, unload());
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		TH_LOG("params '%s'", bad[i].text);
		EXPECT_EQ(-bad[i].err, load(bad[i].text));
		EXPECT_FALSE(loaded());
		if (loaded())
			unload();
	}
	ASSERT_EQ(0, load("pcount_batch=48 snap_value=0x10"));
	EXPECT_EQ(48, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(16, read_ll(ROOT "snap/value"));
	EXPECT_EQ(48, read_ll("/sys/module/lfprim/parameters/pcount_batch"));
	EXPECT_EQ(16, read_ll("/sys/module/lfprim/parameters/snap_value"));
	/* Reload with defaults for the tests that follow. */
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(1024, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(0, read_ll(ROOT "snap/value"));
}

/*
 * An empty write() never reaches the module (the VFS returns 0 for it), so
 * "empty input" means a lone newline, which must fail; the zero-length
 * write must still change nothing.
 */
static void check_rejects(struct __test_metadata *_metadata, const char *path,
			  const struct bad_input *bad, unsigned int n)
{
	char before[64], after[64];
	unsigned int i;

	ASSERT_EQ(0, read_str(path, before, sizeof(before)));
	EXPECT_EQ(0, write_raw(path, "", 0));
	ASSERT_EQ(0, read_str(path, after, sizeof(after)));
	EXPECT_STREQ(before, after);
	for (i = 0; i < n; i++) {
		TH_LOG("%s <- '%s'", path, bad[i].text);
		EXPECT_EQ(-bad[i].err, write_str(path, bad[i].text));
		ASSERT_EQ(0, read_str(path, after, sizeof(after)));
		EXPECT_STREQ(before, after);
	}
}

TEST(pcount_add_sum)
{
	long long s0, s1, approx, bound;

	ASSERT_TRUE(loaded());
	s0 = read_ll(ROOT "pcount/sum");
	EXPECT_EQ(0, write_raw(ROOT "pcount/add", "", 0));
	for (unsigned int i = 0; i < ARRAY_LEN(bad_s64); i++) {
		TH_LOG("add <- '%s'", bad_s64[i].text);
		EXPECT_EQ(-bad_s64[i].err, write_str(ROOT "pcount/add", bad_s64[i].text));
	}
	EXPECT_EQ(s0, read_ll(ROOT "pcount/sum"));
	EXPECT_EQ(1, write_str(ROOT "pcount/add", "5"));
	EXPECT_EQ(3, write_str(ROOT "pcount/add", "-3\n"));
	EXPECT_EQ(5, write_str(ROOT "pcount/add", "1000\n"));
	s1 = read_ll(ROOT "pcount/sum");
	EXPECT_EQ(s0 + 1002, s1);
	approx = read_ll(ROOT "pcount/approx");
	bound = read_ll(ROOT "pcount/error_bound");
	/* Runs right after a default load: the bound is 1023 per CPU. */
	EXPECT_EQ(0, bound % 1023);
	EXPECT_LE(llabs(approx - s1), bound);
	/* Reading is not writing. */
	EXPECT_GT(0, write_str(ROOT "pcount/sum", "1"));
	EXPECT_GT(0, write_str(ROOT "pcount/approx", "1"));
	EXPECT_GT(0, write_str(ROOT "pcount/error_bound", "1"));
}

TEST(pcount_batch)
{
	ASSERT_TRUE(loaded());
	check_rejects(_metadata, ROOT "pcount/batch", bad_uint, ARRAY_LEN(bad_uint));
	EXPECT_EQ(-ERANGE, write_str(ROOT "pcount/batch", "0"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "pcount/batch", "1073741825"));
	EXPECT_EQ(3, write_str(ROOT "pcount/batch", "100"));
	EXPECT_EQ(100, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(5, write_str(ROOT "pcount/batch", "0x20\n"));
	EXPECT_EQ(32, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(10, write_str(ROOT "pcount/batch", "1073741824"));
	EXPECT_EQ(1073741824, read_ll(ROOT "pcount/batch"));
	EXPECT_EQ(1, write_str(ROOT "pcount/batch", "1"));
	EXPECT_EQ(1, read_ll(ROOT "pcount/batch"));
	/* The bound remembers the largest batch that was in effect. */
	EXPECT_LE(1073741823ULL, read_ull(ROOT "pcount/error_bound"));
	EXPECT_EQ(2, write_str(ROOT "pcount/batch", "64"));
}

TEST(snap_value)
{
	unsigned long long updates, retired, reads;
	int i;

	ASSERT_TRUE(loaded());
	check_rejects(_metadata, ROOT "snap/value", bad_u64, ARRAY_LEN(bad_u64));
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

/* Odd byte sequences: binary junk and very long input fail cleanly. */
TEST(junk_input)
{
	static const char * const knobs[] = {
		ROOT "pcount/batch", ROOT "pcount/add", ROOT "snap/value",
		ROOT "seqstat/record", ROOT "sampler/ppm", ROOT "sampler/trial",
		ROOT "dropq/capacity", ROOT "dropq/push", ROOT "dropq/drain",
		ROOT "rmap/set", ROOT "rmap/delete", ROOT "rmap/reload",
		ROOT "sflight/call", ROOT "sflight/forget",
		ROOT "event/fire", ROOT "event/wait", ROOT "group/limit",
		ROOT "group/run", ROOT "group/reset", ROOT "batch/add",
		ROOT "batch/max_items", ROOT "pubsub/subscribe", ROOT "pubsub/publish",
		ROOT "bench/scenario", ROOT "bench/threads", ROOT "bench/run",
	};
	char big[8192];
	unsigned int i;

	ASSERT_TRUE(loaded());
	memset(big, '9', sizeof(big));
	for (i = 0; i < ARRAY_LEN(knobs); i++) {
		EXPECT_GT(0, write_raw(knobs[i], "\x01\xff\x00", 3));
		EXPECT_GT(0, write_raw(knobs[i], big, sizeof(big) - 1));
	}
	/* The module still works. */
	EXPECT_EQ(2, write_str(ROOT "snap/value", "77"));
	EXPECT_EQ(77ULL, read_ull(ROOT "snap/value"));
}

TEST(seqstat_record)
{
	char buf[128];
	unsigned long long reads;

	ASSERT_TRUE(loaded());
	ASSERT_EQ(0, read_str(ROOT "seqstat/snapshot", buf, sizeof(buf)));
	EXPECT_STREQ("count=0 total=0\n", buf);
	EXPECT_EQ(0, write_raw(ROOT "seqstat/record", "", 0));
	for (unsigned int i = 0; i < ARRAY_LEN(bad_u64); i++) {
		TH_LOG("record <- '%s'", bad_u64[i].text);
		EXPECT_EQ(-bad_u64[i].err, write_str(ROOT "seqstat/record", bad_u64[i].text));
	}
	ASSERT_EQ(0, read_str(ROOT "seqstat/snapshot", buf, sizeof(buf)));
	EXPECT_STREQ("count=0 total=0\n", buf);
	EXPECT_EQ(1, write_str(ROOT "seqstat/record", "5"));
	EXPECT_EQ(3, write_str(ROOT "seqstat/record", "10\n"));
	EXPECT_EQ(20, write_str(ROOT "seqstat/record", "18446744073709551615"));
	reads = read_ull(ROOT "seqstat/reads");
	ASSERT_EQ(0, read_str(ROOT "seqstat/snapshot", buf, sizeof(buf)));
	/* The total wraps modulo 2^64: 15 + (2^64 - 1). */
	EXPECT_STREQ("count=3 total=14\n", buf);
	EXPECT_EQ(reads + 1, read_ull(ROOT "seqstat/reads"));
	EXPECT_GT(0, write_str(ROOT "seqstat/snapshot", "1"));
	EXPECT_GT(0, write_str(ROOT "seqstat/reads", "1"));
	EXPECT_GT(0, write_str(ROOT "seqstat/retries", "1"));
}

TEST(sampler_knobs)
{
	static const struct bad_input bad_trial[] = {
		{ "\n", EINVAL }, { "-1", EINVAL }, { "x", EINVAL },
		{ "100000001", ERANGE }, { "4294967296", ERANGE },
	};
	unsigned long long calls, hits;
	unsigned int i;

	ASSERT_TRUE(loaded());
	check_rejects(_metadata, ROOT "sampler/ppm", bad_uint, ARRAY_LEN(bad_uint));
	EXPECT_EQ(-ERANGE, write_str(ROOT "sampler/ppm", "1000001"));
	EXPECT_EQ(6, write_str(ROOT "sampler/ppm", "250000"));
	EXPECT_EQ(250000, read_ll(ROOT "sampler/ppm"));
	EXPECT_EQ(1073741824, read_ll(ROOT "sampler/threshold"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "sampler/ppm", "1000001"));
	EXPECT_EQ(250000, read_ll(ROOT "sampler/ppm"));
	calls = read_ull(ROOT "sampler/calls");
	hits = read_ull(ROOT "sampler/hits");
	for (i = 0; i < ARRAY_LEN(bad_trial); i++) {
		TH_LOG("trial <- '%s'", bad_trial[i].text);
		EXPECT_EQ(-bad_trial[i].err, write_str(ROOT "sampler/trial", bad_trial[i].text));
	}
	EXPECT_EQ(calls, read_ull(ROOT "sampler/calls"));
	/* Always, then never: exact. */
	EXPECT_EQ(7, write_str(ROOT "sampler/ppm", "1000000"));
	EXPECT_EQ(4294967295LL, read_ll(ROOT "sampler/threshold"));
	EXPECT_EQ(6, write_str(ROOT "sampler/trial", "100000"));
	EXPECT_EQ(calls + 100000, read_ull(ROOT "sampler/calls"));
	EXPECT_EQ(hits + 100000, read_ull(ROOT "sampler/hits"));
	EXPECT_EQ(1, write_str(ROOT "sampler/ppm", "0"));
	EXPECT_EQ(0, read_ll(ROOT "sampler/threshold"));
	EXPECT_EQ(6, write_str(ROOT "sampler/trial", "100000"));
	EXPECT_EQ(calls + 200000, read_ull(ROOT "sampler/calls"));
	EXPECT_EQ(hits + 100000, read_ull(ROOT "sampler/hits"));
	/* Half: 100000 calls land within 6 sigma (sigma ~158) of 50000. */
	EXPECT_EQ(6, write_str(ROOT "sampler/ppm", "500000"));
	EXPECT_EQ(6, write_str(ROOT "sampler/trial", "100000"));
	EXPECT_LE(llabs((long long)(read_ull(ROOT "sampler/hits") - hits - 150000)), 950);
	EXPECT_GT(0, write_str(ROOT "sampler/threshold", "1"));
	EXPECT_GT(0, write_str(ROOT "sampler/calls", "1"));
	EXPECT_GT(0, write_str(ROOT "sampler/hits", "1"));
}

TEST(sampler_param)
{
	if (loaded())
		ASSERT_EQ(0, unload());
	EXPECT_EQ(-ERANGE, load("sampler_ppm=1000001"));
	EXPECT_FALSE(loaded());
	EXPECT_EQ(-EINVAL, load("sampler_ppm=half"));
	EXPECT_FALSE(loaded());
	ASSERT_EQ(0, load("sampler_ppm=5000"));
	EXPECT_EQ(5000, read_ll(ROOT "sampler/ppm"));
	EXPECT_EQ(5000, read_ll("/sys/module/lfprim/parameters/sampler_ppm"));
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(0, read_ll(ROOT "sampler/ppm"));
}

TEST(dropq_knobs)
{
	static const struct bad_input bad_one[] = {
		{ "\n", EINVAL }, { "0", ERANGE }, { "2", ERANGE }, { "x", EINVAL },
		{ "-1", EINVAL },
	};
	static const struct bad_input bad_push[] = {
		{ "\n", EINVAL }, { "x", EINVAL }, { "-1", EINVAL },
		{ "18446744073709551616", ERANGE }, { "0", EINVAL },
	};
	char num[32];
	unsigned int i;

	if (loaded())
		ASSERT_EQ(0, unload());
	EXPECT_EQ(-ERANGE, load("dropq_capacity=0"));
	EXPECT_EQ(-ERANGE, load("dropq_capacity=1048577"));
	EXPECT_EQ(-EINVAL, load("dropq_capacity=big"));
	EXPECT_FALSE(loaded());
	ASSERT_EQ(0, load("dropq_capacity=4"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/capacity"));
	EXPECT_EQ(4, read_ll("/sys/module/lfprim/parameters/dropq_capacity"));
	for (i = 0; i < ARRAY_LEN(bad_push); i++) {
		TH_LOG("push <- '%s'", bad_push[i].text);
		EXPECT_EQ(-bad_push[i].err, write_str(ROOT "dropq/push", bad_push[i].text));
	}
	EXPECT_EQ(0, read_ll(ROOT "dropq/accepted"));
	EXPECT_EQ(0, read_ll(ROOT "dropq/dropped"));
	for (i = 1; i <= 4; i++) {
		snprintf(num, sizeof(num), "%u", i);
		EXPECT_EQ(1, write_str(ROOT "dropq/push", num));
	}
	EXPECT_EQ(-ENOSPC, write_str(ROOT "dropq/push", "5"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/accepted"));
	EXPECT_EQ(1, read_ll(ROOT "dropq/dropped"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/hwm"));
	check_rejects(_metadata, ROOT "dropq/capacity", bad_uint, ARRAY_LEN(bad_uint));
	EXPECT_EQ(-EBUSY, write_str(ROOT "dropq/capacity", "3"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "dropq/capacity", "0"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "dropq/capacity", "1048577"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/capacity"));
	EXPECT_EQ(1, write_str(ROOT "dropq/capacity", "8"));
	EXPECT_EQ(8, read_ll(ROOT "dropq/capacity"));
	EXPECT_EQ(4, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(1, write_str(ROOT "dropq/push", "6"));
	for (i = 0; i < ARRAY_LEN(bad_one); i++) {
		TH_LOG("drain/close <- '%s'", bad_one[i].text);
		EXPECT_EQ(-bad_one[i].err, write_str(ROOT "dropq/drain", bad_one[i].text));
		EXPECT_EQ(-bad_one[i].err, write_str(ROOT "dropq/close", bad_one[i].text));
	}
	EXPECT_EQ(5, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(1, write_str(ROOT "dropq/drain", "1"));
	EXPECT_EQ(0, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(5, read_ll(ROOT "dropq/consumed"));
	EXPECT_EQ(1, write_str(ROOT "dropq/capacity", "2"));
	EXPECT_EQ(0, read_ll(ROOT "dropq/closed"));
	EXPECT_EQ(1, write_str(ROOT "dropq/close", "1"));
	EXPECT_EQ(1, read_ll(ROOT "dropq/closed"));
	EXPECT_EQ(-EPIPE, write_str(ROOT "dropq/push", "7"));
	EXPECT_EQ(2, read_ll(ROOT "dropq/dropped"));
	EXPECT_EQ(5, read_ll(ROOT "dropq/accepted"));
	EXPECT_GT(0, write_str(ROOT "dropq/len", "1"));
	EXPECT_GT(0, write_str(ROOT "dropq/accepted", "1"));
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(256, read_ll(ROOT "dropq/capacity"));
}

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

TEST(group_knobs)
{
	static const struct bad_input bad_run[] = {
		{ "\n", EINVAL }, { "1", EINVAL }, { "1 2", EINVAL },
		{ "1 2 3 4", EINVAL }, { "x 1 0", EINVAL },
		{ "100001 0 0", ERANGE }, { "1 10001 0", ERANGE },
	};
	unsigned int i;

	ASSERT_TRUE(loaded());
	check_rejects(_metadata, ROOT "group/limit", bad_uint, ARRAY_LEN(bad_uint));
	EXPECT_EQ(-ERANGE, write_str(ROOT "group/limit", "0"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "group/limit", "513"));
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

TEST(batch_knobs)
{
	static const struct bad_input bad_add[] = {
		{ "\n", EINVAL }, { "x", EINVAL }, { "-1", EINVAL }, { "0", EINVAL },
		{ "18446744073709551616", ERANGE },
	};
	unsigned int i;

	ASSERT_TRUE(loaded());
	EXPECT_EQ(256, read_ll(ROOT "batch/capacity"));
	EXPECT_EQ(32, read_ll(ROOT "batch/max_items"));
	EXPECT_EQ(100, read_ll(ROOT "batch/max_delay_ms"));
	check_rejects(_metadata, ROOT "batch/max_items", bad_uint, ARRAY_LEN(bad_uint));
	check_rejects(_metadata, ROOT "batch/max_delay_ms", bad_uint, ARRAY_LEN(bad_uint));
	EXPECT_EQ(-ERANGE, write_str(ROOT "batch/max_items", "0"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "batch/max_items", "257"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "batch/max_delay_ms", "0"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "batch/max_delay_ms", "3600001"));
	for (i = 0; i < ARRAY_LEN(bad_add); i++)
		EXPECT_EQ(-bad_add[i].err, write_str(ROOT "batch/add", bad_add[i].text));
	EXPECT_EQ(0, read_ll(ROOT "batch/added"));
	/* Size: three items at max_items 3 flush at once. */
	EXPECT_EQ(7, write_str(ROOT "batch/max_delay_ms", "3600000"));
	EXPECT_EQ(1, write_str(ROOT "batch/max_items", "3"));
	EXPECT_EQ(1, write_str(ROOT "batch/add", "1"));
	EXPECT_EQ(1, write_str(ROOT "batch/add", "2"));
	EXPECT_EQ(1, write_str(ROOT "batch/add", "3"));
	for (i = 0; i < 5000 && read_ll(ROOT "batch/flushed") < 3; i++)
		usleep(1000);
	EXPECT_EQ(6, read_ll(ROOT "batch/sum"));
	EXPECT_EQ(1, read_ll(ROOT "batch/size_flushes"));
	/* Time: one item, then a short delay flushes it. */
	EXPECT_EQ(2, write_str(ROOT "batch/add", "10"));
	EXPECT_EQ(1, read_ll(ROOT "batch/pending"));
	EXPECT_EQ(2, write_str(ROOT "batch/max_delay_ms", "20"));
	for (i = 0; i < 5000 && read_ll(ROOT "batch/flushed") < 4; i++)
		usleep(1000);
	EXPECT_EQ(16, read_ll(ROOT "batch/sum"));
	EXPECT_EQ(1, read_ll(ROOT "batch/time_flushes"));
	/* Close: the pending one is flushed, then adds fail. */
	EXPECT_EQ(7, write_str(ROOT "batch/max_delay_ms", "3600000"));
	EXPECT_EQ(3, write_str(ROOT "batch/add", "100"));
	EXPECT_EQ(1, write_str(ROOT "batch/close", "1"));
	EXPECT_EQ(116, read_ll(ROOT "batch/sum"));
	EXPECT_EQ(1, read_ll(ROOT "batch/close_flushes"));
	EXPECT_EQ(1, read_ll(ROOT "batch/closed"));
	EXPECT_EQ(-EPIPE, write_str(ROOT "batch/add", "1"));
	EXPECT_EQ(5, read_ll(ROOT "batch/added"));
	EXPECT_EQ(1, read_ll(ROOT "batch/dropped"));
	EXPECT_GT(0, write_str(ROOT "batch/sum", "1"));
	/* A fresh module for the tests that follow. */
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
}

TEST(pubsub_knobs)
{
	char buf[512];
	unsigned int i;

	ASSERT_TRUE(loaded());
	for (i = 0; i < ARRAY_LEN(bad_uint); i++)
		EXPECT_EQ(-bad_uint[i].err, write_str(ROOT "pubsub/subscribe", bad_uint[i].text));
	EXPECT_EQ(-ERANGE, write_str(ROOT "pubsub/subscribe", "0"));
	EXPECT_EQ(-ERANGE, write_str(ROOT "pubsub/subscribe", "1048577"));
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

/*
 * Every writable file under /sys/kernel/lfprim gets random bytes, huge,
 * negative, empty and partial numbers: each write either applies (and
 * returns its length) or fails with a clear errno; the module keeps
 * working and unloads cleanly (kmemleak and the splat scan check the
 * rest).  Files whose valid input blocks for long (waits, task runs,
 * slow calls, benchmark runs) get only input that cannot parse.
 */
static int fuzz_errno_ok(int err)
{
	switch (err) {
	case EINVAL: case ERANGE: case EBUSY: case ENOSPC: case EPIPE:
	case ENOENT: case ETIMEDOUT: case ECANCELED: case EIO: case EEXIST:
		return 1;
	}
	return 0;
}

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
 * ---- Every file of one instance at once ----
 *
 * One process per file of the instance hammers it for a bounded time:
 * writers cycle through valid and invalid input, readers read.  Every
 * write must apply or fail with a clear errno, every read must succeed;
 * each process counts, per input, the writes that applied and those that
 * failed with each errno (in shared memory), so that the test can check
 * exact invariants afterwards.  The kernel log must stay free of splats.
 */
#define HAMMER_MAX_FILES	16
#define HAMMER_MAX_INPUTS	8

struct hammer_file {
	const char *name;			/* under the instance's directory */
	const char *in[HAMMER_MAX_INPUTS];	/* NULL-terminated; none: read */
	unsigned int late;			/* starts after late % of the time */
};

struct hammer_count {
	long long ok[HAMMER_MAX_INPUTS];	/* writes that applied */
	long long err[HAMMER_MAX_INPUTS][4];	/* EPIPE, ENOSPC, EBUSY, other ok errno */
	long long reads, bad;			/* bad: an unexpected result */
};

static unsigned int hammer_ms(void)
{
	const char *s = getenv("LFPRIM_HAMMER_MS");

	return s ? atoi(s) : 1500;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void hammer_one(const char *dir, const struct hammer_file *f,
		       struct hammer_count *c, long long start, long long end)
{
	char path[256], buf[4096];
	unsigned int i = 0;
	ssize_t r;
	int slot;

	snprintf(path, sizeof(path), ROOT "%s/%s", dir, f->name);
	while (now_ms() < start + (end - start) * f->late / 100)
		usleep(1000);
	while (now_ms() < end) {
		if (!f->in[0]) {
			if (read_str(path, buf, sizeof(buf)))
				c->bad++;
			else
				c->reads++;
			continue;
		}
		if (!f->in[i])
			i = 0;
		r = write_str(path, f->in[i]);
		if (r == (ssize_t)strlen(f->in[i])) {
			c->ok[i]++;
		} else if (r < 0 && fuzz_errno_ok(-r)) {
			slot = r == -EPIPE ? 0 : r == -ENOSPC ? 1 : r == -EBUSY ? 2 : 3;
			c->err[i][slot]++;
		} else {
			fprintf(stderr, "# %s <- '%s': %zd\n", path, f->in[i], r);
			c->bad++;
		}
		i++;
	}
}

/* Opens the kernel log at its end: only what comes later is read. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Number of splat lines logged since kmsg_open(); they are printed. */
static int kmsg_splats(int fd)
{
	static const char * const splat[] = {
		"WARNING:", "BUG:", "Oops", "KASAN", "general protection",
		"Call Trace", "UBSAN", "lockdep", "circular locking",
	};
	char rec[2048];
	unsigned int k;
	ssize_t n;
	int found = 0;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = 0;
		for (k = 0; k < ARRAY_LEN(splat); k++)
			if (strstr(rec, splat[k])) {
				fprintf(stderr, "# kernel: %s", rec);
				found++;
				break;
			}
	}
	close(fd);
	return found;
}

/*
 * Runs one process per file of @files (ending with an empty name) for
 * LFPRIM_HAMMER_MS ms (default 1500) on a freshly loaded module; fills
 * @c (one per file) and returns the number of splats in the kernel log.
 */
static int hammer(struct __test_metadata *_metadata, const char *dir,
		  const struct hammer_file *files, struct hammer_count *c)
{
	struct hammer_count *shared;
	pid_t pid[HAMMER_MAX_FILES];
	unsigned int n, i;
	long long start, end;
	int st, kfd;

	for (n = 0; files[n].name; n++)
		;
	if (loaded())
		ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	shared = mmap(NULL, sizeof(*shared) * n, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, shared);
	memset(shared, 0, sizeof(*shared) * n);
	kfd = kmsg_open();
	ASSERT_LE(0, kfd);
	start = now_ms();
	end = start + hammer_ms();
	for (i = 0; i < n; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i]) {
			hammer_one(dir, &files[i], &shared[i], start, end);
			_exit(0);
		}
	}
	for (i = 0; i < n; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &st, 0));
		/* A process killed in the kernel (an Oops) does not exit. */
		EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		EXPECT_EQ(0, shared[i].bad);
		/* Every process got through at least once. */
		if (files[i].in[0]) {
			EXPECT_LT(0, shared[i].ok[0] + shared[i].ok[1] +
				  shared[i].err[0][0] + shared[i].err[0][1] +
				  shared[i].err[0][2] + shared[i].err[0][3]);
		} else {
			EXPECT_LT(0, shared[i].reads);
		}
		TH_LOG("%s/%s: %lld reads, %lld ok writes of input 0", dir,
		       files[i].name, shared[i].reads, shared[i].ok[0]);
	}
	memcpy(c, shared, sizeof(*c) * n);
	munmap(shared, sizeof(*shared) * n);
	return kmsg_splats(kfd);
}

/* The writes of input @i to file @f of @c that applied. */
#define OK(f, i)	(c[f].ok[i])
/* A file written with the inputs that follow, and one that is read. */
#define W(file, ...)	{ .name = file, .in = { __VA_ARGS__ } }
#define RD(file)	{ .name = file }

TEST(hammer_snap_pcount_seqstat_sampler)
{
	static const struct hammer_file snap[] = {
		W("value", "5", "x", "18446744073709551615"),
		W("value", "7"),
		RD("value"), RD("publishes"), RD("updates"), RD("retries"),
		RD("retired"), RD("reads"), RD("freed"),
		{ .name = NULL },
	};
	static const struct hammer_file pcount[] = {
		W("add", "3", "-1", "x", "-9223372036854775808"),
		W("add", "100"),
		W("batch", "1", "64", "0", "1024", "x"),
		RD("approx"), RD("sum"), RD("error_bound"), RD("batch"),
		{ .name = NULL },
	};
	static const struct hammer_file seqstat[] = {
		W("record", "2", "x", "3"),
		W("record", "10"),
		RD("snapshot"), RD("snapshot"), RD("reads"), RD("retries"),
		{ .name = NULL },
	};
	static const struct hammer_file sampler[] = {
		W("ppm", "0", "500000", "1000000", "1000001", "x"),
		W("trial", "100", "100000001", "x", "7"),
		RD("ppm"), RD("threshold"), RD("calls"), RD("hits"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];
	char buf[128];
	long long n;

	EXPECT_EQ(0, hammer(_metadata, "snap", snap, c));
	/* Every update applied: as many objects retired as installed. */
	n = OK(0, 0) + OK(0, 2) + OK(1, 0);
	EXPECT_EQ(n, read_ll(ROOT "snap/updates"));
	EXPECT_EQ(2, write_str(ROOT "snap/value", "42"));
	EXPECT_EQ(42, read_ll(ROOT "snap/value"));

	EXPECT_EQ(0, hammer(_metadata, "pcount", pcount, c));
	EXPECT_EQ(3 * OK(0, 0) - OK(0, 1) + 100 * OK(1, 0),
		  read_ll(ROOT "pcount/sum"));

	EXPECT_EQ(0, hammer(_metadata, "seqstat", seqstat, c));
	snprintf(buf, sizeof(buf), "count=%lld total=%lld\n",
		 OK(0, 0) + OK(0, 2) + OK(1, 0),
		 2 * OK(0, 0) + 3 * OK(0, 2) + 10 * OK(1, 0));
	n = read_str(ROOT "seqstat/snapshot", buf + 64, 64);
	EXPECT_EQ(0, n);
	EXPECT_STREQ(buf, buf + 64);

	EXPECT_EQ(0, hammer(_metadata, "sampler", sampler, c));
	EXPECT_EQ(100 * OK(1, 0) + 7 * OK(1, 3), read_ll(ROOT "sampler/calls"));
	EXPECT_EQ(1, write_str(ROOT "sampler/ppm", "0"));
	EXPECT_EQ(4, write_str(ROOT "sampler/trial", "100\n"));
	EXPECT_EQ(100 * OK(1, 0) + 7 * OK(1, 3) + 100,
		  read_ll(ROOT "sampler/calls"));
}

TEST(hammer_dropq)
{
	static const struct hammer_file f[] = {
		W("push", "5", "0", "x", "6"),
		W("push", "9"),
		W("capacity", "16", "1", "0", "1048577", "256", "x"),
		W("drain", "1", "2"),
		/* Late: pushes race with resizes and drains first. */
		{ .name = "close", .in = { "1", "x" }, .late = 70 },
		RD("accepted"), RD("dropped"), RD("consumed"), RD("len"),
		RD("hwm"), RD("closed"), RD("capacity"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];
	long long pushes;

	EXPECT_EQ(0, hammer(_metadata, "dropq", f, c));
	/* Each push of a nonzero number was accepted or dropped, once. */
	pushes = OK(0, 0) + OK(0, 3) + OK(1, 0);
	pushes += c[0].err[0][0] + c[0].err[0][1] + c[0].err[3][0] + c[0].err[3][1];
	pushes += c[1].err[0][0] + c[1].err[0][1];
	EXPECT_EQ(pushes, read_ll(ROOT "dropq/accepted") + read_ll(ROOT "dropq/dropped"));
	/* It was closed: a push is dropped, the rest drains. */
	EXPECT_EQ(1, read_ll(ROOT "dropq/closed"));
	EXPECT_EQ(-EPIPE, write_str(ROOT "dropq/push", "1"));
	EXPECT_EQ(1, write_str(ROOT "dropq/drain", "1"));
	EXPECT_EQ(0, read_ll(ROOT "dropq/len"));
	EXPECT_EQ(read_ll(ROOT "dropq/accepted"), read_ll(ROOT "dropq/consumed"));
}

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

TEST(hammer_sflight_event)
{
	static const struct hammer_file sflight[] = {
		W("call", "1 1", "2 0", "x", "1 10001"),
		W("call", "1 2", "3 1"),
		W("forget", "1", "2", "x"),
		RD("leaders"), RD("shared"), RD("left"), RD("forgets"),
		RD("inflight"),
		{ .name = NULL },
	};
	static const struct hammer_file event[] = {
		W("fire", "1", "0"),
		W("reinit", "1", "x"),
		W("wait", "5", "0", "600001", "x"),
		W("wait", "3"),
		RD("fired"), RD("waiters"),
		{ .name = NULL },
	};
	struct hammer_count c[HAMMER_MAX_FILES];

	EXPECT_EQ(0, hammer(_metadata, "sflight", sflight, c));
	EXPECT_EQ(0, read_ll(ROOT "sflight/inflight"));
	EXPECT_EQ(OK(2, 0) + OK(2, 1), read_ll(ROOT "sflight/forgets"));
	EXPECT_EQ(OK(0, 0) + OK(0, 1) + OK(1, 0) + OK(1, 1),
		  read_ll(ROOT "sflight/leaders") + read_ll(ROOT "sflight/shared"));
	EXPECT_EQ(3, write_str(ROOT "sflight/call", "5 0"));

	EXPECT_EQ(0, hammer(_metadata, "event", event, c));
	EXPECT_EQ(0, read_ll(ROOT "event/waiters"));
	EXPECT_EQ(1, write_str(ROOT "event/reinit", "1"));
	EXPECT_EQ(0, read_ll(ROOT "event/fired"));
	EXPECT_EQ(-ETIMEDOUT, write_str(ROOT "event/wait", "0"));
	EXPECT_EQ(1, write_str(ROOT "event/fire", "1"));
	EXPECT_EQ(1, write_str(ROOT "event/wait", "0"));
}

/*
 * The group's reset swaps the whole group while run, wait, limit and the
 * counters use it: none of them may touch a group being torn down.
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

TEST(hammer_batch_pubsub)
{
	static const struct hammer_file batch[] = {
		W("add", "1", "0", "x", "2"),
		W("add", "4"),
		W("max_items", "1", "32", "0", "257", "x"),
		W("max_delay_ms", "1", "100", "0", "x"),
		{ .name = "close", .in = { "1", "x" }, .late = 70 },
		RD("added"), RD("dropped"), RD("flushed"), RD("pending"),
		RD("sum"), RD("closed"), RD("size_flushes"), RD("time_flushes"),
		{ .name = NULL },
	};
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

	EXPECT_EQ(0, hammer(_metadata, "batch", batch, c));
	/* The batch is closed (close is idempotent): all was flushed. */
	EXPECT_EQ(1, write_str(ROOT "batch/close", "1"));
	EXPECT_EQ(OK(0, 0) + OK(0, 3) + OK(1, 0), read_ll(ROOT "batch/added"));
	EXPECT_EQ(OK(0, 0) + 2 * OK(0, 3) + 4 * OK(1, 0), read_ll(ROOT "batch/sum"));
	EXPECT_EQ(-EPIPE, write_str(ROOT "batch/add", "1"));

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

/*
 * rmmod while writes block in the module: an event wait of a minute, a
 * group run waiting for slots, a group wait and a slow singleflight call.
 * The unload must neither hang until they end nor leave anything of the
 * module running; the blocked writes fail with ECANCELED, and the module
 * loads and works again.
 */
static pid_t spawn_write(const char *path, const char *s, int want)
{
	pid_t pid = fork();
	ssize_t r;

	if (pid)
		return pid;
	r = write_str(path, s);
	if (r == want || (r < 0 && (-r == ECANCELED || -r == ENOENT ||
				    -r == ENODEV)))
		_exit(0);
	fprintf(stderr, "# %s <- '%s': %zd\n", path, s, r);
	_exit(1);
}

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

/* ---- /sys/kernel/lfprim/bench: the in-kernel benchmark runner ---- */

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
	static const struct bad_input bad_threads[] = {
		{ "\n", EINVAL }, { "0", ERANGE }, { "257", ERANGE },
		{ "-1", EINVAL }, { "x", EINVAL }, { "1,,2", EINVAL },
		{ "1,2,3,4,5,6,7,8,9", EINVAL }, { "1,", EINVAL },
		{ "4294967296", ERANGE },
	};
	static const struct bad_input bad_pct[] = {
		{ "\n", EINVAL }, { "101", ERANGE }, { "-1", EINVAL },
		{ "50,", EINVAL }, { "1.5", EINVAL },
	};
	static const struct bad_input bad_ms[] = {
		{ "\n", EINVAL }, { "0", ERANGE }, { "60001", ERANGE },
		{ "-5", EINVAL }, { "1s", EINVAL },
	};
	static const struct bad_input bad_runs[] = {
		{ "\n", EINVAL }, { "0", ERANGE }, { "52", ERANGE }, { "x", EINVAL },
	};
	static const struct bad_input bad_run[] = {
		{ "\n", EINVAL }, { "2", ERANGE }, { "yes", EINVAL }, { "-1", EINVAL },
	};
	struct bench_scenario_info sc[BENCH_MAX_SCENARIOS];
	static char buf[8192], all[8192];
	int i, n;

	ASSERT_TRUE(loaded());
	check_rejects(_metadata, BENCH "scenario", bad_scenario, ARRAY_LEN(bad_scenario));
	check_rejects(_metadata, BENCH "threads", bad_threads, ARRAY_LEN(bad_threads));
	check_rejects(_metadata, BENCH "read_pct", bad_pct, ARRAY_LEN(bad_pct));
	check_rejects(_metadata, BENCH "duration_ms", bad_ms, ARRAY_LEN(bad_ms));
	check_rejects(_metadata, BENCH "runs", bad_runs, ARRAY_LEN(bad_runs));
	check_rejects(_metadata, BENCH "run", bad_run, ARRAY_LEN(bad_run));

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
		{ "bench_threads=0", ERANGE },
		{ "bench_threads=1,,2", EINVAL },
		{ "bench_read_pct=101", ERANGE },
		{ "bench_duration_ms=0", ERANGE },
		{ "bench_runs=52", ERANGE },
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

/*
 * A module parameter of a built-in instance shows the live value of its
 * knob (the load-time value until a write), stays read-only, and keeps
 * the old value when a write is refused.
 */
TEST(param_follows_knob)
{
	static const struct {
		const char *knob, *param, *value, *bad;
		int err;
	} f[] = {
		{ "pcount/batch", "pcount_batch", "77", "0", ERANGE },
		{ "dropq/capacity", "dropq_capacity", "9", "1048577", ERANGE },
		{ "sampler/ppm", "sampler_ppm", "1234", "1000001", ERANGE },
		{ "snap/value", "snap_value", "18446744073709551615", "x", EINVAL },
	};
	char knob[128], param[128], want[64], got[64];
	struct stat st;
	unsigned int i;

	if (loaded())
		ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load("pcount_batch=5 dropq_capacity=5 sampler_ppm=5 snap_value=5"));
	for (i = 0; i < ARRAY_LEN(f); i++) {
		TH_LOG("%s <- %s", f[i].knob, f[i].value);
		snprintf(knob, sizeof(knob), ROOT "%s", f[i].knob);
		snprintf(param, sizeof(param), "/sys/module/lfprim/parameters/%s",
			 f[i].param);
		ASSERT_EQ(0, stat(param, &st));
		EXPECT_EQ(0444, st.st_mode & 0777);
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		EXPECT_STREQ("5\n", got);
		EXPECT_EQ((ssize_t)strlen(f[i].value), write_str(knob, f[i].value));
		snprintf(want, sizeof(want), "%s\n", f[i].value);
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		EXPECT_STREQ(want, got);
		ASSERT_EQ(0, read_str(knob, got, sizeof(got)));
		EXPECT_STREQ(want, got);
		EXPECT_EQ(-f[i].err, write_str(knob, f[i].bad));
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		EXPECT_STREQ(want, got);
		EXPECT_GT(0, write_str(param, "6"));
		ASSERT_EQ(0, read_str(knob, got, sizeof(got)));
		EXPECT_STREQ(want, got);
	}
	/* A new load starts from its own parameters again. */
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(1024, read_ll("/sys/module/lfprim/parameters/pcount_batch"));
	EXPECT_EQ(256, read_ll("/sys/module/lfprim/parameters/dropq_capacity"));
	EXPECT_EQ(0, read_ll("/sys/module/lfprim/parameters/sampler_ppm"));
	EXPECT_EQ(0, read_ll("/sys/module/lfprim/parameters/snap_value"));
}

TEST_HARNESS_MAIN
