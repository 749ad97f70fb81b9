// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-stress: per primitive, rounds of its torture driver (a random
 * mix of its whole API from more threads than CPUs as often as not, with
 * threads coming and going; the .torture of its row) followed by its
 * shared cases at a random scale, with random yields and sleeps injected
 * at every relax point.  Every driver and case checks its invariants
 * exactly (exact counts, nothing torn, nothing lost or duplicated,
 * accepted + dropped == submitted, allocations == frees, no waiter left
 * behind), so a round that breaks one fails.  One verdict line per
 * primitive, then a summary; exit status 1 if any round failed.
 *
 *   lfprim-stress [-d seconds] [-p primitive,...] [-t threads]
 *
 * The time is shared out evenly between the primitives (default 60 s in
 * all).  The cases run at 10 .. 100 % of the scale LFPRIM_TEST_SCALE sets
 * (percent of the default sizes, default 100).  Each round's torture runs for 50 .. 400 ms with 1 .. 2 * CPUs + 2
 * threads (-t fixes the count).  Each round runs in a child process, so a
 * crash or a hang (a round that takes more than 60 s is killed) counts as
 * a failure of that primitive rather than ending the run.
 */
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "shim.h"

#include "../cases/all.c"

#define prims lfpt_prims

#define ROUND_LIMIT_S	60

/* Copy what a failed round wrote to stderr (its last 8 KiB). */
static void show_log(FILE *log)
{
	char buf[8192];
	long end;
	size_t n;

	fflush(log);
	end = ftell(log);
	fseek(log, end > (long)sizeof(buf) ? end - (long)sizeof(buf) : 0, SEEK_SET);
	n = fread(buf, 1, sizeof(buf), log);
	fwrite(buf, 1, n, stderr);
}

/* Operations the torture drivers ran, added up by the children. */
static long *torture_ops;

/*
 * One round of one primitive in a child: its torture driver for @ms with
 * @threads workers, then its cases at @scale percent.  Returns nonzero
 * if the round failed.
 */
static int run_round(size_t p, unsigned int scale, unsigned int ms,
		     unsigned int threads, unsigned int seed)
{
	FILE *log = tmpfile();
	char pct[16];
	int st, bad;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		if (log)
			fclose(log);
		return 1;
	}
	if (!pid) {
		/* The cases' notes go to the log, shown only on failure. */
		if (log)
			dup2(fileno(log), 2);
		long failed = 0;
		struct lfpt t;
		size_t i;

		snprintf(pct, sizeof(pct), "%u", scale);
		setenv("LFPRIM_TEST_SCALE", pct, 1);
		lfpt_stress_on = 1;
		alarm(ROUND_LIMIT_S);
		t.name = "torture";
		lfpt_atomic_set(&t.failures, 0);
		__atomic_fetch_add(torture_ops,
				   lfpt_torture_run(&t, prims[p]->torture, ms,
						    threads, seed),
				   __ATOMIC_RELAXED);
		if (lfpt_atomic_read(&t.failures))
			fprintf(stderr, "# %s torture: %u threads, %u ms, seed %u failed\n",
				prims[p]->name, threads, ms, seed);
		failed += lfpt_atomic_read(&t.failures);
		for (i = 0; i < prims[p]->ncases; i++) {
			t.name = prims[p]->cases[i].name;
			lfpt_atomic_set(&t.failures, 0);
			prims[p]->cases[i].fn(&t);
			failed += lfpt_atomic_read(&t.failures);
		}
		_exit(failed ? 1 : 0);
	}
	if (waitpid(pid, &st, 0) != pid)
		st = -1;
	bad = st == -1 || WIFSIGNALED(st) || WEXITSTATUS(st);
	if (bad) {
		fprintf(stderr, "# %s: round at scale %u failed", prims[p]->name, scale);
		if (st != -1 && WIFSIGNALED(st))
			fprintf(stderr, " (signal %d%s)", WTERMSIG(st),
				WTERMSIG(st) == SIGALRM ? ": hang" : "");
		fprintf(stderr, "; its log:\n");
		if (log)
			show_log(log);
	}
	if (log)
		fclose(log);
	return bad;
}

int main(int argc, char **argv)
{
	unsigned long long end, budget;
	unsigned int seed = (unsigned int)lfpt_now_ns();
	const char *only = NULL;
	int opt, want, total_runs = 0, total_failed = 0, prims_failed = 0;
	unsigned int ncpu = lfpt_nr_cpus(), threads = 0, nth;
	size_t p, nprims = 0;
	long secs = 60, v;
	char *e;

	while ((opt = getopt(argc, argv, "d:p:t:")) != -1) {
		switch (opt) {
		case 'd':
			errno = 0;
			secs = strtol(optarg, &e, 10);
			if (errno || *e || secs < 1 || secs > 86400) {
				fprintf(stderr, "lfprim-stress: bad duration '%s'\n", optarg);
				return 2;
			}
			break;
		case 'p':
			only = optarg;
			break;
		case 't':
			errno = 0;
			v = strtol(optarg, &e, 10);
			if (errno || *e || v < 1 || v > TT_MAX_THREADS) {
				fprintf(stderr, "lfprim-stress: threads must be 1 .. %d\n",
					TT_MAX_THREADS);
				return 2;
			}
			threads = v;
			break;
		default:
			fprintf(stderr, "usage: lfprim-stress [-d seconds] [-p primitive,...] [-t threads]\n");
			return 2;
		}
	}
	for (p = 0; p < LFP_ARRAY_SIZE(prims); p++)
		nprims += !only || strstr(only, prims[p]->name);
	if (!nprims) {
		fprintf(stderr, "lfprim-stress: no primitive matches '%s'\n", only);
		return 2;
	}
	torture_ops = mmap(NULL, sizeof(*torture_ops), PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (torture_ops == MAP_FAILED) {
		perror("lfprim-stress: mmap");
		return 2;
	}
	budget = secs * 1000000000ULL / nprims;
	for (p = 0; p < LFP_ARRAY_SIZE(prims); p++) {
		int runs = 0, failed = 0;
		unsigned int most = 0;

		want = !only || strstr(only, prims[p]->name);
		if (!want)
			continue;
		*torture_ops = 0;
		end = lfpt_now_ns() + budget;
		do {
			/* More threads than CPUs about half the time. */
			nth = threads ? threads : 1 + lfpt_rand(&seed) % (2 * ncpu + 2);
			if (nth > TT_MAX_THREADS)
				nth = TT_MAX_THREADS;
			most = nth > most ? nth : most;
			/* 10 % .. 100 % of the sizes LFPRIM_TEST_SCALE sets. */
			failed += run_round(p, lfpt_scale(10 + lfpt_rand(&seed) % 91),
					    50 + lfpt_rand(&seed) % 351, nth,
					    lfpt_rand(&seed));
			runs++;
		} while (lfpt_now_ns() < end);
		printf("lfprim-stress: %-8s %s rounds=%d failed=%d torture_ops=%ld max_threads=%u cpus=%u\n",
		       prims[p]->name, failed ? "FAIL" : "PASS", runs, failed,
		       *torture_ops, most, ncpu);
		fflush(stdout);
		total_runs += runs;
		total_failed += failed;
		prims_failed += !!failed;
	}
	printf("lfprim-stress: %zu primitives, %d rounds, %d failed rounds, verdict %s\n",
	       nprims, total_runs, total_failed, prims_failed ? "FAIL" : "PASS");
	return prims_failed ? 1 : 0;
}
