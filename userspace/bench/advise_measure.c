// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-advise --measure: the answer's benchmark family run by
 * lfprim-bench (user space) or by /sys/kernel/lfprim/bench (the kernel),
 * and where the recommendation and the lock it replaces swap places.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "advise.h"

struct point {
	char world[8];
	char scenario[48];
	unsigned int threads, read_pct;
	double ns, min, max;
};

#define MAX_POINTS 256
static struct point pts[MAX_POINTS];
static unsigned int npts;

/* Take one "lfprim-bench world=... scenario=..." line into pts[]. */
static void take_line(const char *line)
{
	struct point p;

	if (npts >= MAX_POINTS || strncmp(line, "lfprim-bench ", 13))
		return;
	memset(&p, 0, sizeof(p));
	if (sscanf(line, "lfprim-bench world=%7s scenario=%47s threads=%u read_pct=%u ns_per_op=%lf",
		   p.world, p.scenario, &p.threads, &p.read_pct, &p.ns) != 5)
		return;
	p.min = p.max = p.ns;
	if (strstr(line, " min="))
		sscanf(strstr(line, " min="), " min=%lf", &p.min);
	if (strstr(line, " max="))
		sscanf(strstr(line, " max="), " max=%lf", &p.max);
	pts[npts++] = p;
}

/* The scenario table of a world, "name family=F ..." per line. */
static char user_table[8192], kernel_table[8192];

static char bench_path[PATH_MAX];

/* $LFPRIM_BENCH, else lfprim-bench beside this program, else $PATH. */
static const char *find_bench(void)
{
	const char *env = getenv("LFPRIM_BENCH");
	char self[PATH_MAX - 16];
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			snprintf(bench_path, sizeof(bench_path), "%s/lfprim-bench",
				 self);
			if (!access(bench_path, X_OK))
				return bench_path;
		}
	}
	return "lfprim-bench";
}

/* Run lfprim-bench with @args; its point lines go to pts[]. */
static int run_user(const char *args, char *table, size_t tlen)
{
	char cmd[PATH_MAX + 512], line[512];
	size_t used = 0;
	FILE *f;
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' %s", find_bench(), args);
	f = popen(cmd, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (table) {
			if (used + strlen(line) < tlen) {
				memcpy(table + used, line, strlen(line) + 1);
				used += strlen(line);
			}
		} else {
			take_line(line);
		}
	}
	st = pclose(f);
	return st ? -EIO : 0;
}

static int kwrite(const char *file, const char *val)
{
	char path[128];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), KBENCH "/%s", file);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	if (fputs(val, f) < 0)
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

static int kread(const char *file, char *buf, size_t len)
{
	char path[128];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), KBENCH "/%s", file);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	buf[n] = 0;
	fclose(f);
	return 0;
}

/* One in-kernel run of the matrix; its result lines go to pts[]. */
static int run_kernel(const char *scen, unsigned int threads,
		      const char *pcts, unsigned int ms, unsigned int runs)
{
	static char res[65536];
	struct timespec d = { 0, 20000000 };
	char v[64], *line, *save;
	int ret;

	snprintf(v, sizeof(v), "%u", threads);
	ret = kwrite("scenario", scen);
	if (!ret)
		ret = kwrite("threads", v);
	if (!ret)
		ret = kwrite("read_pct", pcts);
	snprintf(v, sizeof(v), "%u", ms);
	if (!ret)
		ret = kwrite("duration_ms", v);
	snprintf(v, sizeof(v), "%u", runs);
	if (!ret)
		ret = kwrite("runs", v);
	if (!ret)
		ret = kwrite("run", "1");
	if (ret)
		return ret;
	do {
		nanosleep(&d, NULL);
		ret = kread("run", v, sizeof(v));
	} while (!ret && v[0] == '1');
	if (!ret)
		ret = kread("status", v, sizeof(v));
	if (ret)
		return ret;
	if (strncmp(v, "state=done", 10)) {
		fprintf(stderr, "lfprim-advise: in-kernel run: %s", v);
		return -EIO;
	}
	ret = kread("result", res, sizeof(res));
	if (ret)
		return ret;
	for (line = strtok_r(res, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		take_line(line);
	return 0;
}

/* The family of @row in @table, or NULL. */
static const char *family_of(const char *table, const char *row, char *fam,
			     size_t len)
{
	size_t n = strlen(row);
	const char *l = table, *f;

	while (l && *l) {
		if (!strncmp(l, row, n) && l[n] == ' ') {
			f = strstr(l, "family=");
			if (f && sscanf(f, "family=%63s", fam) == 1 && len > 63)
				return fam;
		}
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	return NULL;
}

/* The rows of @table in family @fam, comma-separated, into @out. */
static void family_rows(const char *table, const char *fam, char *out,
			size_t len)
{
	char name[64], f[64];
	const char *l = table, *p;
	size_t used = 0;

	out[0] = 0;
	while (l && *l) {
		if (sscanf(l, "%63s", name) == 1) {
			p = strstr(l, "family=");
			if (p && sscanf(p, "family=%63s", f) == 1 &&
			    !strcmp(f, fam) &&
			    used + strlen(name) + 2 < len) {
				used += snprintf(out + used, len - used, "%s%s",
						 used ? "," : "", name);
			}
		}
		l = strchr(l, '\n');
		if (l)
			l++;
	}
}

static unsigned int pct_of(double rpw)
{
	if (isinf(rpw))
		return 100;
	return (unsigned int)floor(100.0 * rpw / (rpw + 1.0));
}

static const struct point *find_point(const char *world, const char *sc,
				      unsigned int pct, int mixed)
{
	unsigned int i;

	for (i = 0; i < npts; i++)
		if (!strcmp(pts[i].world, world) &&
		    !strcmp(pts[i].scenario, sc) &&
		    (!mixed || pts[i].read_pct == pct))
			return &pts[i];
	return NULL;
}

/*
 * The sweep of read percentages for a crossover: with the workload's own
 * point at most 8, the longest list either runner takes.
 */
static const unsigned int sweep[] = { 0, 50, 80, 90, 95, 99, 100 };

struct crossover {
	int found;		/* 1: the answer flips below the top */
	int row_wins;		/* the row wins at the most reads measured */
	double pct;		/* with found: read_pct of the flip */
};

/*
 * Where @row and @lock swap places in @world, walking down from the most
 * reads: the winner there holds every point down to the flip, which is
 * interpolated between the last point it holds and the first it loses.
 * A noisy point below the flip does not move it.
 */
static struct crossover cross(const char *world, const char *row,
			      const char *lock)
{
	struct crossover c = { 0, 0, 0 };
	const struct point *a, *b;
	double up_d = 0, d;
	unsigned int i, up_pct = 0;
	int have = 0;

	for (i = LFP_ARRAY_SIZE(sweep); i-- > 0;) {
		a = find_point(world, row, sweep[i], 1);
		b = find_point(world, lock, sweep[i], 1);
		if (!a || !b)
			continue;
		d = a->ns - b->ns;	/* < 0: the row is faster */
		if (!have) {
			c.row_wins = d < 0;
		} else if ((d < 0) != c.row_wins) {
			c.found = 1;
			c.pct = sweep[i] + (up_pct - sweep[i]) *
				(d / (d - up_d));
			break;
		}
		up_d = d;
		up_pct = sweep[i];
		have = 1;
	}
	return c;
}

static void print_crossover(FILE *f, const struct crossover *c, int json)
{
	double r = c->pct >= 100 ? INFINITY : c->pct / (100 - c->pct);

	if (json) {
		fprintf(f, "{\"flips\":%s,\"row_wins\":%s", c->found ? "true" : "false",
			c->row_wins ? "true" : "false");
		if (c->found)
			fprintf(f, ",\"read_pct\":%.1f,\"reads_per_write\":%.1f",
				c->pct, isinf(r) ? -1.0 : r);
		fprintf(f, "}");
		return;
	}
	if (!c->found)
		fprintf(f, "it %s at every read percentage measured\n",
			c->row_wins ? "wins" : "loses");
	else
		fprintf(f, "it %s above about %.1f%% reads (%.1f reads per write), %s below\n",
			c->row_wins ? "wins" : "loses", c->pct, r,
			c->row_wins ? "loses" : "wins");
}
void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int measure(const struct workload *w, unsigned int worlds,
		   unsigned int ms, unsigned int runs, int json, FILE *f)
{
	const char *row = shapes[w->shape].row;
	const char *lock = shapes[w->shape].lock_row;
	char fam[64], rows[1024], args[1400], pcts[64];
	unsigned int pct = pct_of(w->rpw < 0 ? INFINITY : w->rpw);
	unsigned int i, wi, used = 0, first = 1;
	const char *names[2] = { "user", "kernel" };
	struct crossover c;
	int ret = 0, ok;

	if (!row) {
		if (json)
			fprintf(f, ",\"measured\":{\"rows\":[],\"note\":\"no benchmark scenario measures this shape\"}");
		else
			fprintf(f, "measured: no benchmark scenario measures this shape\n");
		return 0;
	}
	if (lock) {
		for (i = 0; i < LFP_ARRAY_SIZE(sweep); i++)
			if (sweep[i] != pct)
				used += snprintf(pcts + used, sizeof(pcts) - used,
						 "%u,", sweep[i]);
		snprintf(pcts + used, sizeof(pcts) - used, "%u", pct);
	} else {
		snprintf(pcts, sizeof(pcts), "%u", pct);
	}
	for (wi = 0; wi < 2; wi++) {
		if (!(worlds & (1u << wi)))
			continue;
		if (wi == 0) {
			ok = !run_user("-l", user_table, sizeof(user_table)) &&
			     family_of(user_table, row, fam, sizeof(fam));
			if (ok) {
				family_rows(user_table, fam, rows, sizeof(rows));
				snprintf(args, sizeof(args),
					 "-s %s -t %d -p %s -d %ums -r %u", rows,
					 w->threads, pcts, ms, runs);
				ok = !run_user(args, NULL, 0);
			}
		} else {
			ok = !kread("scenarios", kernel_table,
				    sizeof(kernel_table)) &&
			     family_of(kernel_table, row, fam, sizeof(fam));
			if (ok) {
				family_rows(kernel_table, fam, rows, sizeof(rows));
				ok = !run_kernel(rows, w->threads, pcts, ms, runs);
			}
		}
		if (!ok) {
			fprintf(stderr, "lfprim-advise: the %s benchmark of %s failed%s\n",
				names[wi], row,
				wi ? "" : " (is lfprim-bench installed? LFPRIM_BENCH names it)");
			ret = 1;
		}
	}
	if (json)
		fprintf(f, ",\"measured\":{\"read_pct\":%u,\"rows\":[", pct);
	else
		fprintf(f, "measured at %d thread(s), %u%% reads:\n", w->threads,
			pct);
	for (i = 0; i < npts; i++) {
		if (lock && pts[i].read_pct != pct &&
		    find_point(pts[i].world, pts[i].scenario, pct, 1))
			continue;
		if (json) {
			fprintf(f, "%s{\"world\":", first ? "" : ",");
			json_str(f, pts[i].world);
			fprintf(f, ",\"scenario\":");
			json_str(f, pts[i].scenario);
			fprintf(f, ",\"threads\":%u,\"read_pct\":%u,\"ns_per_op\":%.2f,\"min\":%.2f,\"max\":%.2f}",
				pts[i].threads, pts[i].read_pct, pts[i].ns,
				pts[i].min, pts[i].max);
		} else {
			fprintf(f, "  %-6s %-20s %8.2f ns/op (min %.2f, max %.2f)%s\n",
				pts[i].world, pts[i].scenario, pts[i].ns,
				pts[i].min, pts[i].max,
				!strcmp(pts[i].scenario, row) ? "  <- the recommendation's row" : "");
		}
		first = 0;
	}
	if (json)
		fprintf(f, "]");
	if (lock) {
		if (json)
			fprintf(f, ",\"crossover\":{");
		first = 1;
		for (wi = 0; wi < 2; wi++) {
			if (!(worlds & (1u << wi)))
				continue;
			c = cross(names[wi], row, lock);
			if (json) {
				fprintf(f, "%s\"%s\":", first ? "" : ",", names[wi]);
				print_crossover(f, &c, 1);
			} else {
				fprintf(f, "%s vs %s (%s): ", row, lock, names[wi]);
				print_crossover(f, &c, 0);
			}
			first = 0;
		}
		if (json)
			fprintf(f, "}");
	}
	if (json)
		fprintf(f, "}");
	return ret;
}
