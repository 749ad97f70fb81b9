/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The helpers of the sysfs suite: loading and unloading lfprim.ko, reading
 * and writing its files, the bad input every number must reject, the
 * kernel log scan and the hammer that runs every file of an instance at
 * once.  Included once, by lfprim_sysfs_test.c: the suite is one
 * translation unit (the harness keeps its test list per unit).
 */
#ifndef LFPRIM_SYSFS_COMMON_H
#define LFPRIM_SYSFS_COMMON_H

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

/*
 * An empty write() never reaches the module (the VFS returns 0 for it), so
 * "empty input" means a lone newline, which must fail; the zero-length
 * write must still change nothing.  @state is the file that must read
 * back unchanged (@path itself for a knob that stores its value).
 */
static void check_rejects_at(struct __test_metadata *_metadata,
			     const char *path, const char *state,
			     const struct bad_input *bad, unsigned int n)
{
	char before[4096], after[4096];
	unsigned int i;

	ASSERT_EQ(0, read_str(state, before, sizeof(before)));
	EXPECT_EQ(0, write_raw(path, "", 0));
	ASSERT_EQ(0, read_str(state, after, sizeof(after)));
	EXPECT_STREQ(before, after);
	for (i = 0; i < n; i++) {
		TH_LOG("%s <- '%s'", path, bad[i].text);
		EXPECT_EQ(-bad[i].err, write_str(path, bad[i].text));
		ASSERT_EQ(0, read_str(state, after, sizeof(after)));
		EXPECT_STREQ(before, after);
	}
}

#define check_rejects(_metadata, path, bad, n)	\
	check_rejects_at(_metadata, path, path, bad, n)

static int fuzz_errno_ok(int err)
{
	switch (err) {
	case EINVAL: case ERANGE: case EBUSY: case ENOSPC: case EPIPE:
	case ENOENT: case ETIMEDOUT: case ECANCELED: case EIO: case EEXIST:
		return 1;
	}
	return 0;
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
	/* At least one try each, however late a loaded machine starts it. */
	do {
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
	} while (now_ms() < end);
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

/* A child writing @s to @path: exits 0 on @want or a gone module. */
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

#endif /* LFPRIM_SYSFS_COMMON_H */
