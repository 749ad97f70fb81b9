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
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest_harness.h"

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

TEST_HARNESS_MAIN
