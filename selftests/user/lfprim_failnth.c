// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Allocation-failure injection over lfprim.ko's load and every sysfs write
 * that allocates, run inside the debug guest as root.
 *
 * For N = 1, 2, ...: write N to /proc/thread-self/fail-nth, so that the
 * Nth slab or page allocation of this thread fails (failslab and
 * fail_page_alloc count alike), do one kernel operation from this thread,
 * read fail-nth back: 0 means a failure was injected, nonzero means the
 * operation allocated fewer than N times and the path is exhausted.  At
 * every N the operation must succeed or fail with ENOMEM (or an errno
 * listed for the path), every built-in instance must still work, and
 * the module must unload; a failed load must leave no module behind and
 * a plain load must work afterwards.
 *
 * Each injected failure dumps its stack into the kernel log (verbose=2,
 * kept off the console while this runs): a failure whose stack holds a
 * frame of lfprim.ko is one the module's own code saw.  A path that
 * allocates in the module must have seen at least one; every path must
 * have had at least one injected failure.  Any other kernel splat in the
 * log meanwhile is copied to stdout and fails the run, and so does what
 * kmemleak finds after the last unload.
 *
 * Usage: lfprim-failnth [KO [PATH...]]: KO defaults to /lfprim/lfprim.ko,
 * the paths (names as printed, without "failnth_") to all of them.  Prints
 * "ok N failnth_<path> fails=F lfprim=M allocs=A" (or "not ok ...") per
 * path and one for the kmemleak scan at the end; LFPRIM_FAILNTH_TRACE=1
 * adds a line per N.
 *
 * The instances' parts (load parameters, the check that one still works,
 * the writes that allocate) live in failnth/<name>.c, and failnth/all.c
 * is the table of them this driver walks.
 */
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ROOT		"/sys/kernel/lfprim/"
#define FAILNTH		"/proc/thread-self/fail-nth"
#define DEBUGFS		"/sys/kernel/debug/"
#define KMEMLEAK	DEBUGFS "kmemleak"
#define MAX_N		100000
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_PATHS	64

static const char *ko = "/lfprim/lfprim.ko";
static int nth_fd = -1, kmsg_fd = -1;
static int problems;		/* of the path being run */
static int trace;		/* LFPRIM_FAILNTH_TRACE=1: a line per N */
static regex_t splat_re;

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

static void problem(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	problems++;
}

/* ---- files ---- */

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

static int read_str(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

static int knob_w(const char *knob, const char *s)
{
	char path[128];

	snprintf(path, sizeof(path), ROOT "%s", knob);
	return write_str(path, s);
}

/* The knob's value as a number; -1 if it cannot be read. */
static long long knob_r(const char *knob)
{
	char path[128], buf[64];

	snprintf(path, sizeof(path), ROOT "%s", knob);
	if (read_str(path, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 0);
}

/* ---- fail-nth ---- */

static void arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(nth_fd, buf, len, 0) != len) {
		perror("fail-nth write");
		exit(1);
	}
}

/* Disarms; returns what was left of N: 0 when the failure was injected. */
static unsigned int disarm(void)
{
	char buf[16];
	ssize_t n = pread(nth_fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0 || pwrite(nth_fd, "0", 1, 0) != 1) {
		perror("fail-nth read");
		exit(1);
	}
	buf[n] = 0;
	return strtoul(buf, NULL, 10);
}

/* ---- kernel log: injected failures and splats ---- */

/* The splat list of selftests/vm/run.sh, but "Call Trace:" (see below). */
#define SPLAT_RE "BUG:|WARNING:|Oops|kernel BUG|general protection fault" \
	"|UBSAN:|KASAN:|possible circular locking|possible recursive locking" \
	"|inconsistent lock state|suspicious RCU usage|unreferenced object" \
	"|ODEBUG:|Kernel panic|DEBUG_LOCKS_WARN_ON|detected stalls? on CPU" \
	"|INFO: task .* blocked for more than|soft lockup|hard LOCKUP" \
	"|Disabling lock debugging|new suspected memory leak"

struct kscan {
	int in_dump;		/* inside a stack dump we expect */
	int dump_is_fi;		/* ... of an injected failure */
	int dump_lfprim;	/* ... that has a frame of lfprim.ko */
	int fails;		/* Ns at which a failure was injected */
	int injected;		/* injected failures dumped */
	int lfprim;		/* ... with a frame of lfprim.ko */
};

/*
 * Reads the kernel log from where the last call stopped.  Stack dumps of
 * injected failures (and of the "vmalloc error" warning such a failure
 * causes) are counted; any other splat-like line is copied to stdout.
 */
static void kmsg_scan(struct kscan *ks)
{
	char rec[8192], *msg;
	ssize_t n;

	for (;;) {
		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten before we read it */
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		if (strstr(msg, "FAULT_INJECTION: forcing a failure")) {
			ks->in_dump = 1;
			ks->dump_is_fi = 1;
			ks->dump_lfprim = 0;
			continue;
		}
		if (strstr(msg, "vmalloc error:") ||
		    strstr(msg, "page allocation failure:")) {
			ks->in_dump = 1;
			ks->dump_is_fi = 0;
			continue;
		}
		if (ks->in_dump) {
			if (strstr(msg, "[lfprim]"))
				ks->dump_lfprim = 1;
			if (strstr(msg, "</TASK>")) {
				ks->in_dump = 0;
				if (ks->dump_is_fi) {
					ks->injected++;
					ks->lfprim += ks->dump_lfprim;
				}
			}
			if (strstr(msg, "Call Trace:"))
				continue;
		} else if (strstr(msg, "Call Trace:")) {
			problem("kernel: %s", msg);
			continue;
		}
		if (!regexec(&splat_re, msg, 0, NULL, 0))
			problem("kernel: %s", msg);
	}
}

/* ---- the module ---- */

static int load(const char *params)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0) ? -errno : 0;
	close(fd);
	return ret;
}

static int unload(void)
{
	return syscall(SYS_delete_module, "lfprim", O_NONBLOCK) ? -errno : 0;
}

static int loaded(void)
{
	char line[256];
	FILE *f = fopen("/proc/modules", "re");
	int found = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "lfprim ", 7))
			found = 1;
	fclose(f);
	return found || access(ROOT, F_OK) == 0;
}

/* Nonzero (and a problem) unless @cond. */
#define EXPECT(cond, ...)	((cond) ? 0 : (problem(__VA_ARGS__), 1))

/* ---- paths ---- */

struct path {
	const char *name;
	const char *knob;		/* NULL: the load itself */
	const char *in[2];		/* written at odd and even N */
	int lfprim_allocs;		/* the module's code allocates here */
	int fresh;			/* a fresh module before each N */
	void (*prep)(void);		/* before each N */
};

#define PATH(n, k, ...)	{ .name = n, .knob = k, .in = { __VA_ARGS__ }, .lfprim_allocs = 1 }

/* A built-in instance's row, at the end of its failnth/<name>.c. */
struct fn_prim {
	const char *params;		/* module parameters of every load */
	const char *load_params;	/* ... added for the load path */
	const char *stop;		/* 0 written there before an unload */
	int (*usable)(void);		/* one basic operation; nonzero: broken */
	const struct path *paths;	/* its writes that allocate */
	unsigned int npaths;
};

#define FN_PATHS(p)	.paths = (p), .npaths = ARRAY_SIZE(p)

#include "failnth/all.c"

/* One basic operation on every built-in instance that has state. */
static int usable(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fn_prims); i++)
		if (fn_prims[i]->usable && fn_prims[i]->usable())
			return -1;
	return 0;
}

/* The parameters of every load, and those of the load path. */
static char load_params[512], load_path_params[512];

static void add_params(char *buf, size_t size, const char *params)
{
	size_t len = strlen(buf);

	if (params)
		snprintf(buf + len, size - len, "%s%s", len ? " " : "", params);
}

static void build_params(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fn_prims); i++)
		add_params(load_params, sizeof(load_params), fn_prims[i]->params);
	memcpy(load_path_params, load_params, sizeof(load_params));
	for (i = 0; i < ARRAY_SIZE(fn_prims); i++)
		add_params(load_path_params, sizeof(load_path_params),
			   fn_prims[i]->load_params);
}

/* The load with every instance's parameters, then each instance's writes. */
static struct path load_path = { .name = "load", .lfprim_allocs = 1 };
static const struct path *paths[MAX_PATHS];
static unsigned int npaths;

static void build_paths(void)
{
	unsigned int i, j;

	load_path.in[0] = load_path_params;
	paths[npaths++] = &load_path;
	for (i = 0; i < ARRAY_SIZE(fn_prims); i++)
		for (j = 0; j < fn_prims[i]->npaths && npaths < MAX_PATHS; j++)
			paths[npaths++] = &fn_prims[i]->paths[j];
}

/* Loads (plainly unless @params); a failure here is the run's. */
static int must_load(const char *params)
{
	int ret = load(params ? params : load_params);

	if (ret)
		problem("load: %s", strerror(-ret));
	return ret;
}

static int must_unload(void)
{
	unsigned int i;
	int ret;

	/* Work a path started in the background may still be going. */
	for (i = 0; i < ARRAY_SIZE(fn_prims); i++)
		if (fn_prims[i]->stop)
			knob_w(fn_prims[i]->stop, "0");
	ret = unload();
	if (ret)
		problem("rmmod: %s", strerror(-ret));
	else if (loaded())
		problem("still loaded after rmmod");
	return ret;
}

/*
 * Returns 0 if the path is exhausted, 1 to go on, -1 on a problem.  After
 * a failed load, a plain load must work and leave a usable module: checked
 * after every failure that reached lfprim.ko's code, and after every
 * PLAIN_EVERY-th other one (those hit the kernel's loader before the
 * module ran, and a load and unload under TCG costs a second).
 */
#define PLAIN_EVERY	10

static int one_load(const struct path *p, unsigned int n, struct kscan *ks)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC), ret, before = problems;
	int in_lfprim = ks->lfprim;
	unsigned int left;

	if (fd < 0) {
		problem("%s: %s", ko, strerror(errno));
		return -1;
	}
	arm(n);
	ret = syscall(SYS_finit_module, fd, p->in[0], 0) ? errno : 0;
	left = disarm();
	close(fd);
	kmsg_scan(ks);
	in_lfprim = ks->lfprim != in_lfprim;
	if (ret) {
		if (ret != ENOMEM)
			problem("N=%u: load failed with %s", n, strerror(ret));
		if (loaded()) {
			problem("N=%u: failed load left the module behind", n);
			unload();
		} else if ((in_lfprim || !(n % PLAIN_EVERY)) &&
			   !must_load(NULL)) {
			ret = 0;
		}
	}
	if (!ret && loaded() == 1) {
		usable();
		must_unload();
	}
	ks->fails += !left;
	if (problems != before)
		return -1;
	return left != 0 ? 0 : 1;
}

static int one_write(const struct path *p, unsigned int n, struct kscan *ks)
{
	const char *in = p->in[!(n & 1) && p->in[1] ? 1 : 0];
	char path[128];
	int fd, ret, before = problems;
	unsigned int left;
	ssize_t w;

	if (p->fresh && must_load(NULL))
		return -1;
	if (p->prep)
		p->prep();
	snprintf(path, sizeof(path), ROOT "%s", p->knob);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		problem("%s: %s", path, strerror(errno));
		return -1;
	}
	arm(n);
	w = write(fd, in, strlen(in));
	ret = w < 0 ? errno : 0;
	left = disarm();
	close(fd);
	kmsg_scan(ks);
	if (ret && ret != ENOMEM)
		problem("N=%u: write '%s' failed with %s", n, in, strerror(ret));
	if (!ret && w != (ssize_t)strlen(in))
		problem("N=%u: short write %zd", n, w);
	if (p->prep)
		p->prep();
	usable();
	if (p->fresh)
		must_unload();
	ks->fails += !left;
	if (problems != before)
		return -1;
	return left != 0 ? 0 : 1;
}

/* The load's stride outside lfprim.ko's own allocations (run_path()). */
#define LOAD_STRIDE	8
#define LOAD_QUIET	16

static int run_path(int num, const struct path *p)
{
	unsigned int n = 1, step = 1, prev = 0, quiet = 0;
	struct kscan ks = { 0 };
	int ret = 1, before;

	problems = 0;
	if (p->knob && !p->fresh && must_load(NULL))
		goto out;
	for (n = 1; n <= MAX_N && ret == 1; n += step) {
		before = ks.lfprim;
		ret = p->knob ? one_write(p, n, &ks) : one_load(p, n, &ks);
		if (trace || !(n % 100))
			say("%s: N=%u, %d failures injected, %d in lfprim.ko",
			    p->name, n, ks.fails, ks.lfprim);
		/*
		 * The load: the kernel's loader allocates before lfprim.ko's
		 * init runs and after it returns, and the module's own
		 * allocations (everything under its init, sysfs files
		 * included) come in one stretch between.  Outside that
		 * stretch N advances by LOAD_STRIDE; on the first failure
		 * inside it, or past the last allocation, N goes back to
		 * the one after the last tried and advances by one, so
		 * every allocation of the stretch is failed once.
		 */
		if (p->knob)
			continue;
		if (step > 1 && (ks.lfprim != before || ret == 0)) {
			ret = 1;
			step = 1;
			quiet = 0;
			n = prev;	/* the loop adds the step */
			continue;
		}
		quiet = ks.lfprim != before ? 0 : quiet + 1;
		if (quiet >= LOAD_QUIET)
			step = LOAD_STRIDE;
		prev = n;
	}
	if (ret == 1)
		problem("not exhausted after %u allocations", MAX_N);
	if (p->knob && !p->fresh)
		must_unload();
	kmsg_scan(&ks);
	if (ks.in_dump)
		problem("unterminated stack dump in the kernel log");
	if (!ks.fails)
		problem("no allocation failure was injected");
	if (p->lfprim_allocs && !ks.lfprim)
		problem("no injected failure reached lfprim.ko's code");
out:
	printf("%sok %d failnth_%s fails=%d lfprim=%d allocs=%u\n",
	       problems ? "not " : "", num, p->name, ks.fails, ks.lfprim,
	       n - 2);
	fflush(stdout);
	return problems != 0;
}

static int kmemleak_clean(int num)
{
	char buf[4096];
	int ret;

	problems = 0;
	if (access(KMEMLEAK, W_OK)) {
		problem("no %s", KMEMLEAK);
	} else {
		/* kmemleak reports objects older than 5 s. */
		sleep(6);
		write_str(KMEMLEAK, "scan");
		sleep(1);
		write_str(KMEMLEAK, "scan");
		ret = read_str(KMEMLEAK, buf, sizeof(buf));
		if (ret || buf[0]) {
			printf("%s", buf);
			problem("kmemleak found unreferenced objects");
		}
	}
	printf("%sok %d failnth_kmemleak\n", problems ? "not " : "", num);
	return problems != 0;
}

/* ---- setup ---- */

/* Every path, or the ones named after KO. */
static int selected(int argc, char **argv, const char *name)
{
	int i;

	for (i = 2; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return argc <= 2;
}

static const char *const fi_knobs[][2] = {
	{ "failslab/ignore-gfp-wait", "N" },
	{ "failslab/verbose", "2" },
	{ "fail_page_alloc/ignore-gfp-wait", "N" },
	{ "fail_page_alloc/ignore-gfp-highmem", "N" },
	{ "fail_page_alloc/min-order", "0" },
	{ "fail_page_alloc/verbose", "2" },
};

int main(int argc, char **argv)
{
	char printk[64], stack[1 << 16];
	unsigned int i, failed = 0;
	int num = 0;

	if (argc > 1)
		ko = argv[1];
	trace = getenv("LFPRIM_FAILNTH_TRACE") != NULL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	nth_fd = open(FAILNTH, O_RDWR | O_CLOEXEC);
	if (nth_fd < 0) {
		perror(FAILNTH);
		return 1;
	}
	if (regcomp(&splat_re, SPLAT_RE, REG_EXTENDED | REG_NOSUB))
		return 1;
	for (i = 0; i < ARRAY_SIZE(fi_knobs); i++) {
		char path[128];

		snprintf(path, sizeof(path), DEBUGFS "%s", fi_knobs[i][0]);
		if (write_str(path, fi_knobs[i][1])) {
			perror(path);
			return 1;
		}
	}
	if (loaded()) {
		fprintf(stderr, "lfprim is loaded: unload it first\n");
		return 1;
	}
	/*
	 * No page fault of ours may allocate while a failure is armed (a
	 * failed fault would turn a write into EFAULT): lock everything in,
	 * stack included.
	 */
	memset(stack, 0, sizeof(stack));
	__asm__ volatile("" : : "r"(stack) : "memory");
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		perror("mlockall");
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd < 0 || lseek(kmsg_fd, 0, SEEK_END) < 0) {
		perror("/dev/kmsg");
		return 1;
	}
	/* The stack dumps go to the log, not the (slow) console. */
	if (read_str("/proc/sys/kernel/printk", printk, sizeof(printk)))
		return 1;
	write_str("/proc/sys/kernel/printk", "4");

	build_params();
	build_paths();
	for (i = 0; i < npaths; i++)
		num += selected(argc, argv, paths[i]->name);
	printf("TAP version 13\n1..%d\n", num + 1);
	num = 0;
	for (i = 0; i < npaths; i++)
		if (selected(argc, argv, paths[i]->name))
			failed += run_path(++num, paths[i]);
	failed += kmemleak_clean(++num);

	printk[strcspn(printk, " \t")] = 0;
	write_str("/proc/sys/kernel/printk", printk);
	say("%u of %d failed", failed, num);
	return failed ? 1 : 0;
}
