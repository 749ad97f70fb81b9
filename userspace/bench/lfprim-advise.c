// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-advise: the decision tree of lfprim's primitives, answered for
 * one workload, with this machine's numbers on request.
 *
 *   lfprim-advise --shape SHAPE [--threads N] [--reads-per-write R]
 *                 [--together yes|no] [--stale-ok yes|no]
 *                 [--cancel yes|no] [--full block|drop]
 *                 [--per-waiter yes|no] [--measure] [--world W]
 *                 [--duration T] [--runs N] [--json] [-i]
 *
 * The tree walks the questions of a pre-merge review in order: is a
 * primitive needed at all (one thread: no), what is shared (the shape),
 * then the question that decides for that shape (the read-to-write ratio,
 * whether fields move together, whether a full queue may drop, whether
 * waiters wait for one event or each for its own predicate).  Each leaf
 * is one row of rules[]: the primitive, what it replaces and the rule
 * that decided it.  Questions a shape needs and the flags do not answer
 * are asked on the terminal (or always, with -i); without a terminal a
 * missing answer is an error.
 *
 * --measure runs lfprim-bench (user space: $LFPRIM_BENCH, else the
 * lfprim-bench next to this program, else the one on $PATH) or the
 * in-kernel runner (/sys/kernel/lfprim/bench, when lfprim.ko is loaded)
 * on every scenario of the recommendation's benchmark family at the
 * workload's thread count and read percentage, and, for the read-mostly
 * shapes, on a sweep of read percentages to find the reads per write at
 * which the recommendation and the lock it replaces swap places.
 *
 * Exit status: 0 with an answer, 1 when a measurement failed, 2 on bad
 * arguments.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lfprim/backend/kstrto.h>
#include <lfprim/core/parse.h>

#include "advise.h"
#include "duration.h"

#ifndef LFPRIM_VERSION
#error "LFPRIM_VERSION: the Makefile's VERSION"
#endif
/* ---- output ---- */

static void print_answer(const struct workload *w, int leaf, int json)
{
	const struct rule *r = &rules[leaf];

	if (json) {
		printf("{\"shape\":");
		json_str(stdout, shapes[w->shape].name);
		printf(",\"threads\":%d,\"primitive\":", w->threads);
		json_str(stdout, r->primitive);
		printf(",\"replaces\":");
		json_str(stdout, r->replaces);
		printf(",\"rule_id\":");
		json_str(stdout, r->id);
		printf(",\"rule\":");
		json_str(stdout, r->rule);
		if (w->cancel == YN_YES && leaf != R_SINGLE)
			printf(",\"note\":\"every blocking wait takes a timeout and a cancel event; derive the cancel event from the owner's\"");
		return;
	}
	printf("recommendation: %s%s\n", strcmp(r->primitive, "none") &&
	       strcmp(r->primitive, "mutex") && strcmp(r->primitive, "rwlock") &&
	       strcmp(r->primitive, "atomic") && strcmp(r->primitive, "condvar") ?
	       "lfp_" : "", r->primitive);
	printf("replaces:       %s\n", r->replaces);
	printf("rule (%s): %s\n", r->id, r->rule);
	if (w->cancel == YN_YES && leaf != R_SINGLE)
		printf("note: every blocking wait takes a timeout and a cancel event; derive the cancel event from the owner's.\n");
}
/* ---- command line ---- */

static void print_usage(FILE *f)
{
	int i;

	fprintf(f, "usage: lfprim-advise --shape SHAPE [--threads N] [--reads-per-write R]\n"
		"                     [--together yes|no] [--stale-ok yes|no] [--cancel yes|no]\n"
		"                     [--full block|drop] [--per-waiter yes|no]\n"
		"                     [--measure] [--world user|kernel|both] [--duration TIME]\n"
		"                     [--runs N] [--json] [-i] [--help] [--version]\n"
		"  -s, --shape=SHAPE          what is shared:");
	for (i = 0; i < SH_NR; i++)
		fprintf(f, " %s", shapes[i].name);
	fprintf(f, "\n"
		"  -t, --threads=N            threads that touch it at once (1..4096)\n"
		"  -r, --reads-per-write=R    reads per write (a number, or inf)\n"
		"      --together=yes|no      several fields move together (stats)\n"
		"      --stale-ok=yes|no      a read may be approximate (counter)\n"
		"      --cancel=yes|no        waiters need a timeout or cancel path\n"
		"      --full=block|drop      a full queue blocks the producer, or drops\n"
		"      --per-waiter=yes|no    each waiter waits for its own predicate (signal)\n"
		"  -m, --measure              run the benchmark rows of the answer\n"
		"      --world=user|kernel|both  where to measure (default user)\n"
		"  -d, --duration=TIME        each timed run (default 100ms)\n"
		"      --runs=N               timed runs per point, 1..51 (default 3)\n"
		"  -j, --json                 one JSON object on stdout\n"
		"  -i, --interactive          ask every open question on stdin\n"
		"  -h, --help                 show this and exit\n"
		"      --version              show the version and exit\n");
}

static int bad_arg(const char *what, const char *arg)
{
	fprintf(stderr, "lfprim-advise: bad %s '%s'\n", what, arg);
	print_usage(stderr);
	return 2;
}

enum {
	O_TOGETHER = 256, O_STALE, O_CANCEL, O_FULL, O_PERWAITER, O_WORLD,
	O_RUNS, O_VERSION
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "shape",		required_argument, NULL, 's' },
		{ "threads",		required_argument, NULL, 't' },
		{ "reads-per-write",	required_argument, NULL, 'r' },
		{ "together",		required_argument, NULL, O_TOGETHER },
		{ "stale-ok",		required_argument, NULL, O_STALE },
		{ "cancel",		required_argument, NULL, O_CANCEL },
		{ "full",		required_argument, NULL, O_FULL },
		{ "per-waiter",		required_argument, NULL, O_PERWAITER },
		{ "measure",		no_argument,	   NULL, 'm' },
		{ "world",		required_argument, NULL, O_WORLD },
		{ "duration",		required_argument, NULL, 'd' },
		{ "runs",		required_argument, NULL, O_RUNS },
		{ "json",		no_argument,	   NULL, 'j' },
		{ "interactive",	no_argument,	   NULL, 'i' },
		{ "help",		no_argument,	   NULL, 'h' },
		{ "version",		no_argument,	   NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct workload w = {
		.shape = -1, .rpw = -1, .together = YN_UNSET,
		.stale_ok = YN_UNSET, .cancel = YN_UNSET,
		.per_waiter = YN_UNSET, .drop = YN_UNSET,
	};
	int opt, json = 0, do_measure = 0, interactive = 0, q, leaf, ret = 0;
	unsigned int worlds = 1, runs = 3;
	unsigned long long ms = 100;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "s:t:r:md:jih", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 's':
			if (answer(&w, -1, optarg))
				return bad_arg("shape", optarg);
			break;
		case 't':
			if (answer(&w, Q_THREADS, optarg))
				return bad_arg("thread count", optarg);
			break;
		case 'r':
			if (answer(&w, Q_RPW, optarg))
				return bad_arg("reads per write", optarg);
			break;
		case O_TOGETHER:
			if (answer(&w, Q_TOGETHER, optarg))
				return bad_arg("--together (yes or no)", optarg);
			break;
		case O_STALE:
			if (answer(&w, Q_STALE, optarg))
				return bad_arg("--stale-ok (yes or no)", optarg);
			break;
		case O_CANCEL:
			if (answer(&w, Q_CANCEL, optarg))
				return bad_arg("--cancel (yes or no)", optarg);
			break;
		case O_FULL:
			if (answer(&w, Q_FULL, optarg))
				return bad_arg("--full (block or drop)", optarg);
			break;
		case O_PERWAITER:
			if (answer(&w, Q_PERWAITER, optarg))
				return bad_arg("--per-waiter (yes or no)", optarg);
			break;
		case 'm':
			do_measure = 1;
			break;
		case O_WORLD:
			if (!strcmp(optarg, "user"))
				worlds = 1;
			else if (!strcmp(optarg, "kernel"))
				worlds = 2;
			else if (!strcmp(optarg, "both"))
				worlds = 3;
			else
				return bad_arg("world", optarg);
			break;
		case 'd':
			if (lfp_tool_parse_duration(optarg, 10, 1, 1, 60000, &ms))
				return bad_arg("duration (1ms..60s)", optarg);
			break;
		case O_RUNS:
			if (lfp_parse_uint(optarg, 1, 51, &runs))
				return bad_arg("runs (1..51)", optarg);
			break;
		case 'j':
			json = 1;
			break;
		case 'i':
			interactive = 1;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		case O_VERSION:
			printf("lfprim-advise %s\n", LFPRIM_VERSION);
			return 0;
		default:
			return bad_arg("option (or its argument)",
				   argv[optind - 1]);
		}
	}
	if (optind != argc)
		return bad_arg("argument", argv[optind]);
	if (!interactive && isatty(STDIN_FILENO) && isatty(STDERR_FILENO))
		interactive = 1;
	if (w.shape < 0 && (!interactive || ask(&w, -1)))
		goto missing;
	/* An answer may open a question (--together yes: the ratio). */
	for (q = Q_THREADS; q <= Q_PERWAITER; q++) {
		if (!open_q(&w, q))
			continue;
		if (!interactive || ask(&w, q)) {
			fprintf(stderr, "lfprim-advise: --shape %s needs %s\n",
				shapes[w.shape].name, qflag[q]);
			return 2;
		}
		q = Q_THREADS - 1;
	}
	if ((w.shape == SH_SIGNAL || w.shape == SH_TASKS) && w.threads != 1 &&
	    w.cancel == YN_UNSET && interactive)
		ask(&w, Q_CANCEL);
	if ((worlds & 2) && do_measure && access(KBENCH "/run", W_OK)) {
		fprintf(stderr, "lfprim-advise: " KBENCH ": %s (is lfprim.ko loaded, and are you root?)\n",
			strerror(errno));
		return 2;
	}
	leaf = decide(&w);
	print_answer(&w, leaf, json);
	if (do_measure)
		ret = measure(&w, worlds, ms, runs, json, stdout);
	if (json)
		printf("}\n");
	return ret;
missing:
	fprintf(stderr, "lfprim-advise: --shape is needed (or -i to be asked)\n");
	print_usage(stderr);
	return 2;
}
