/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Checks of the benchmark's output, shared by the user-space benchmark
 * test and the in-kernel runner's sysfs test: both worlds print the same
 * line (include/lfprim/core/bench.h).
 */
#ifndef _LFPRIM_SELFTESTS_BENCH_LINES_H
#define _LFPRIM_SELFTESTS_BENCH_LINES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BENCH_MAX_SCENARIOS	64

struct bench_line {
	char scenario[64];
	unsigned int threads, read_pct, runs;
	double ns_per_op, min, max;
	double calls_per_op;	/* -1 when the line has none */
	unsigned long long ops;
};

/*
 * Parse one line of @world; 0 if it is complete and well formed with a
 * positive ns/op and op count, and ns/op between the fastest and the
 * slowest run (min <= ns_per_op <= max, all of one run when runs=1), -1
 * otherwise.  A trailing "calls_per_op=" (a scenario that counts the
 * calls of its slow function) must be above 0 and at most 1: an ask
 * runs the function at most once.
 */
static inline int bench_parse_line(const char *line, const char *world,
				   struct bench_line *b)
{
	char w[16], tail[2];
	int n, end = -1, cend = -1;

	n = sscanf(line,
		   "lfprim-bench world=%15s scenario=%63s threads=%u read_pct=%u ns_per_op=%lf ops=%llu runs=%u min=%lf max=%lf%n",
		   w, b->scenario, &b->threads, &b->read_pct, &b->ns_per_op,
		   &b->ops, &b->runs, &b->min, &b->max, &end);
	if (n != 9 || end < 0 || strcmp(w, world))
		return -1;
	b->calls_per_op = -1;
	line += end;
	if (!strncmp(line, " calls_per_op=", 14)) {
		if (sscanf(line, " calls_per_op=%lf%n", &b->calls_per_op,
			   &cend) != 1 || cend < 0)
			return -1;
		if (!(b->calls_per_op > 0) || b->calls_per_op > 1)
			return -1;
		line += cend;
	}
	/* Nothing else, not even a second line. */
	if (sscanf(line, "%1s", tail) == 1)
		return -1;
	if (b->threads < 1 || b->read_pct > 100 || b->runs < 1)
		return -1;
	if (!(b->ns_per_op > 0) || !b->ops)
		return -1;
	if (!(b->min > 0) || b->min > b->ns_per_op || b->ns_per_op > b->max)
		return -1;
	if (b->runs == 1 && (b->min != b->ns_per_op || b->max != b->ns_per_op))
		return -1;
	return 0;
}

/* One scenario of a "name family=... replaces=... read_pct=..." listing. */
struct bench_scenario_info {
	char name[64];
	int mixed;		/* takes a read_pct */
	unsigned int fixed_pct;	/* if not mixed */
};

/* Parse a scenario listing into @out; returns the count or -1. */
static inline int bench_parse_listing(char *text,
				      struct bench_scenario_info *out, int max)
{
	char *line, *save, fam[32], rep[64], pct[16];
	int n = 0;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (n == max)
			return -1;
		if (sscanf(line, "%63s family=%31s replaces=%63s read_pct=%15s",
			   out[n].name, fam, rep, pct) != 4)
			return -1;
		out[n].mixed = !strcmp(pct, "mixed");
		out[n].fixed_pct = out[n].mixed ? 0 : (unsigned int)atoi(pct);
		if (!out[n].mixed && strcmp(pct, "0") && strcmp(pct, "100"))
			return -1;
		n++;
	}
	return n;
}

/* @text past the lfprim-bench-memory lines that may lead it. */
static inline char *bench_skip_memory(char *text)
{
	while (!strncmp(text, "lfprim-bench-memory ", 20) && strchr(text, '\n'))
		text = strchr(text, '\n') + 1;
	return text;
}

/*
 * Check that @text holds exactly one well-formed line of @world for each
 * point of the matrix: every scenario of @sc x @threads x (@pcts, or its
 * fixed read_pct), and nothing else but lfprim-bench-memory lines.  Returns
 * the number of problems, each reported on stderr.
 */
static inline int bench_check_matrix(const char *text, const char *world,
				     const struct bench_scenario_info *sc,
				     int nsc, const unsigned int *threads,
				     int nt, const unsigned int *pcts, int np)
{
	unsigned char seen[BENCH_MAX_SCENARIOS][8][8] = { { { 0 } } };
	char *copy = strdup(text), *line, *save;
	int bad = 0, i, j, k, lines = 0, want = 0;
	struct bench_line b;

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		/* pcount's memory per counter, before the points. */
		if (!strncmp(line, "lfprim-bench-memory ", 20))
			continue;
		lines++;
		if (bench_parse_line(line, world, &b)) {
			fprintf(stderr, "# malformed line: %s\n", line);
			bad++;
			continue;
		}
		for (i = 0; i < nsc && strcmp(sc[i].name, b.scenario); i++)
			;
		for (j = 0; j < nt && threads[j] != b.threads; j++)
			;
		for (k = 0; k < np && pcts[k] != b.read_pct; k++)
			;
		if (i < nsc && !sc[i].mixed)
			k = b.read_pct == sc[i].fixed_pct ? 0 : np;
		if (i == nsc || j == nt || k == np || seen[i][j][k]++) {
			fprintf(stderr, "# unexpected or repeated line: %s\n", line);
			bad++;
		}
	}
	free(copy);
	for (i = 0; i < nsc; i++)
		want += nt * (sc[i].mixed ? np : 1);
	if (lines != want) {
		fprintf(stderr, "# %d lines, want %d\n", lines, want);
		bad++;
	}
	return bad;
}

#endif /* _LFPRIM_SELFTESTS_BENCH_LINES_H */
