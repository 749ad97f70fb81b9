// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim seqstat, compiled into the user-space runner and into
 * the kernel test module.  The includer provides the shim (lfpt.h).
 */
#include <lfprim/seqstat.h>

static void lfpt_case_seqstat_init_args(struct lfpt *t)
{
	struct lfp_seqstat *s = lfpt_zalloc(sizeof(*s));
	unsigned long long v[LFP_SEQSTAT_MAX_FIELDS];
	unsigned int i;

	if (!s) {
		LFPT_EXPECT(t, s);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(NULL, 2), -EINVAL);
	/* A bad pointer (or unknown flags) wins over a number out of range. */
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(NULL, 0), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(s, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(s, LFP_SEQSTAT_MAX_FIELDS + 1),
		       -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(s, 3), 0);
	LFPT_EXPECT_EQ(t, lfp_seqstat_nfields(s), 3);
	/* Indexes past nfields are ignored, not written. */
	lfp_seqstat_write_begin(s);
	lfp_seqstat_set(s, 3, 5);
	lfp_seqstat_add(s, 100, 5);
	lfp_seqstat_set(s, 2, 9);
	lfp_seqstat_write_end(s);
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(s, 3), 0);
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(s, 100), 0);
	for (i = 0; i < LFP_SEQSTAT_MAX_FIELDS; i++)
		v[i] = 77;
	LFPT_EXPECT_EQ(t, lfp_seqstat_read(s, v), 0);
	LFPT_EXPECT_EQ(t, v[0], 0);
	LFPT_EXPECT_EQ(t, v[2], 9);
	/* read() fills nfields values and no more. */
	LFPT_EXPECT_EQ(t, v[3], 77);
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(s, LFP_SEQSTAT_MAX_FIELDS), 0);
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(s, 2), 0);
	lfpt_free(s);
}

static void lfpt_case_seqstat_basic(struct lfpt *t)
{
	struct lfp_seqstat *s = lfpt_zalloc(sizeof(*s));
	unsigned long long v[3];

	if (!s) {
		LFPT_EXPECT(t, s);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(s, 3), 0);
	lfp_seqstat_write_begin(s);
	lfp_seqstat_set(s, 0, 5);
	lfp_seqstat_add(s, 1, 7);
	lfp_seqstat_add(s, 2, ~0ULL);	/* wraps: 0 - 1 */
	lfp_seqstat_write_end(s);
	LFPT_EXPECT_EQ(t, lfp_seqstat_read(s, v), 0);
	LFPT_EXPECT_EQ(t, v[0], 5);
	LFPT_EXPECT_EQ(t, v[1], 7);
	LFPT_EXPECT(t, v[2] == ~0ULL);
	lfp_seqstat_record(s, 10);
	lfp_seqstat_record(s, 1ULL << 40);
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(s, 0), 7);
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(s, 1), 17 + (1LL << 40));
	LFPT_EXPECT(t, lfp_seqstat_get(s, 2) == ~0ULL);
	/* One field: record counts the event and drops the amount. */
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(s, 1), 0);
	lfp_seqstat_record(s, 10);
	lfp_seqstat_record(s, 5);
	v[1] = 99;
	LFPT_EXPECT_EQ(t, lfp_seqstat_read(s, v), 0);
	LFPT_EXPECT_EQ(t, v[0], 2);
	LFPT_EXPECT_EQ(t, v[1], 99);	/* read copies one field only */
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(s, 0), 2);
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(s, 1), 0);
	LFPT_EXPECT_EQ(t, s->v[1], 0);	/* nothing was stored past field 0 */
	lfpt_free(s);
}

/*
 * Writers move four fields together (k, 3k, ~k, and a second count);
 * readers must never see them disagree, and the counts must end exact.
 */
struct seqstat_conc {
	struct lfpt *t;
	struct lfp_seqstat s;
	struct lfpt_atomic writers_left;
	struct lfpt_atomic reads;
	struct lfpt_atomic torn;
	unsigned long rounds;
};

static int seqstat_writer_fn(void *arg)
{
	struct seqstat_conc *c = arg;
	unsigned long long k;
	unsigned long i;

	for (i = 0; i < c->rounds; i++) {
		lfp_seqstat_write_begin(&c->s);
		k = lfp_seqstat_get(&c->s, 0) + 1;
		lfp_seqstat_set(&c->s, 0, k);
		lfp_seqstat_set(&c->s, 1, 3 * k);
		lfp_seqstat_set(&c->s, 2, ~k);
		lfp_seqstat_add(&c->s, 3, 1);
		lfp_seqstat_write_end(&c->s);
		if (!(i & 255))
			lfpt_relax();
	}
	lfpt_atomic_add_return(&c->writers_left, -1);
	return 0;
}

static int seqstat_reader_fn(void *arg)
{
	struct seqstat_conc *c = arg;
	unsigned long long v[4], last = 0;
	unsigned long n = 0;

	do {
		lfp_seqstat_read(&c->s, v);
		if (v[1] != 3 * v[0] || v[2] != ~v[0] || v[3] != v[0] ||
		    v[0] < last)
			lfpt_atomic_inc(&c->torn);
		last = v[0];
		if (!(++n & 255))
			lfpt_relax();
	} while (lfpt_atomic_read(&c->writers_left));
	lfpt_atomic_add_return(&c->reads, n);
	return 0;
}

static void lfpt_case_seqstat_concurrent(struct lfpt *t)
{
	struct seqstat_conc *c = lfpt_zalloc(sizeof(*c));
	struct lfpt_thread *th[4];
	unsigned long long v[4];
	int i;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	c->t = t;
	c->rounds = lfpt_scale(200000);
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(&c->s, 4), 0);
	/* k = 0: the fields agree before any writer runs. */
	lfp_seqstat_write_begin(&c->s);
	lfp_seqstat_set(&c->s, 2, ~0ULL);
	lfp_seqstat_write_end(&c->s);
	lfpt_atomic_set(&c->writers_left, 2);
	for (i = 0; i < 2; i++)
		th[i] = lfpt_thread_run(seqstat_reader_fn, c);
	for (i = 2; i < 4; i++)
		th[i] = lfpt_thread_run(seqstat_writer_fn, c);
	for (i = 0; i < 4; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->torn), 0);
	LFPT_EXPECT(t, lfpt_atomic_read(&c->reads) >= 2);
	lfp_seqstat_read(&c->s, v);
	LFPT_EXPECT_EQ(t, v[0], 2 * c->rounds);
	LFPT_EXPECT_EQ(t, v[3], 2 * c->rounds);
	LFPT_EXPECT(t, v[1] == 3 * v[0] && v[2] == ~v[0]);
	lfpt_free(c);
}

/*
 * A writer records without pause until every reader has finished its
 * quota of reads: readers must get through a hammering writer (a starved
 * reader hangs the case), and each snapshot must have count == total.
 */
struct seqstat_prog {
	struct lfp_seqstat s;
	struct lfpt_atomic readers_left;
	struct lfpt_atomic torn;
	struct lfpt_atomic retried;
	unsigned long quota;
	unsigned long writes;
};

static int seqstat_hammer_fn(void *arg)
{
	struct seqstat_prog *p = arg;
	unsigned long n = 0;

	while (lfpt_atomic_read(&p->readers_left)) {
		lfp_seqstat_record(&p->s, 1);
		if (!(++n & 255))
			lfpt_relax();
	}
	p->writes = n;
	return 0;
}

static int seqstat_quota_reader_fn(void *arg)
{
	struct seqstat_prog *p = arg;
	unsigned long long v[2];
	unsigned long i, retries = 0;

	for (i = 0; i < p->quota; i++) {
		retries += lfp_seqstat_read(&p->s, v);
		if (v[0] != v[1])
			lfpt_atomic_inc(&p->torn);
		if (!(i & 255))
			lfpt_relax();
	}
	lfpt_atomic_add_return(&p->retried, retries);
	lfpt_atomic_add_return(&p->readers_left, -1);
	return 0;
}

static void lfpt_case_seqstat_reader_progress(struct lfpt *t)
{
	struct seqstat_prog *p = lfpt_zalloc(sizeof(*p));
	struct lfpt_thread *th[3];
	int i;

	if (!p) {
		LFPT_EXPECT(t, p);
		return;
	}
	p->quota = lfpt_scale(50000);
	LFPT_EXPECT_EQ(t, lfp_seqstat_init(&p->s, 2), 0);
	lfpt_atomic_set(&p->readers_left, 2);
	th[0] = lfpt_thread_run(seqstat_hammer_fn, p);
	for (i = 1; i < 3; i++)
		th[i] = lfpt_thread_run(seqstat_quota_reader_fn, p);
	for (i = 0; i < 3; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&p->torn), 0);
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(&p->s, 0), p->writes);
	LFPT_EXPECT_EQ(t, lfp_seqstat_get(&p->s, 1), p->writes);
	lfpt_log("%s: %lu writes while 2 readers did %lu reads (%ld retries)\n",
		 t->name, p->writes, 2 * p->quota,
		 lfpt_atomic_read(&p->retried));
	lfpt_free(p);
}

static const struct lfpt_case lfpt_seqstat_cases[] = {
	LFPT_CASE(seqstat_init_args),
	LFPT_CASE(seqstat_basic),
	LFPT_CASE(seqstat_concurrent),
	LFPT_CASE(seqstat_reader_progress),
	LFPT_CASE(seqstat_static_init),
};

/* Torture driver: field sets and records from many writers; no torn read */

#define SEQSTAT_TORTURE_PATTERN	2	/* fields 2.. hold x, x + 1, x + 2, ... */

struct seqstat_torture_ctx {
	struct lfp_seqstat s;
	struct lfpt_atomic records, amount, torn;
};

static void seqstat_torture_op(struct tt_worker *w)
{
	struct seqstat_torture_ctx *c = w->tt->ctx;
	unsigned long long v[LFP_SEQSTAT_MAX_FIELDS], x;
	unsigned int r = tt_pick(w, 100), i;

	if (r < 60) {
		lfp_seqstat_read(&c->s, v);
		for (i = SEQSTAT_TORTURE_PATTERN + 1; i < LFP_SEQSTAT_MAX_FIELDS; i++)
			if (v[i] != v[SEQSTAT_TORTURE_PATTERN] + i - SEQSTAT_TORTURE_PATTERN)
				lfpt_atomic_inc(&c->torn);
		if (v[1] < v[0])	/* every record adds amount >= 1 */
			lfpt_atomic_inc(&c->torn);
	} else if (r < 80) {
		x = lfpt_rand(&w->seed);
		lfp_seqstat_write_begin(&c->s);
		for (i = SEQSTAT_TORTURE_PATTERN; i < LFP_SEQSTAT_MAX_FIELDS; i++)
			lfp_seqstat_set(&c->s, i, x + i - SEQSTAT_TORTURE_PATTERN);
		lfp_seqstat_write_end(&c->s);
	} else {
		x = 1 + tt_pick(w, 100);
		lfp_seqstat_record(&c->s, x);
		lfpt_atomic_inc(&c->records);
		lfpt_atomic_add_return(&c->amount, x);
	}
}

static void seqstat_torture(struct tt *tt)
{
	struct seqstat_torture_ctx *c = lfpt_zalloc(sizeof(*c));
	unsigned long long v[LFP_SEQSTAT_MAX_FIELDS];
	unsigned int i;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	LFPT_EXPECT_EQ(tt->t, lfp_seqstat_init(&c->s, LFP_SEQSTAT_MAX_FIELDS), 0);
	lfp_seqstat_write_begin(&c->s);
	for (i = SEQSTAT_TORTURE_PATTERN; i < LFP_SEQSTAT_MAX_FIELDS; i++)
		lfp_seqstat_set(&c->s, i, i - SEQSTAT_TORTURE_PATTERN);
	lfp_seqstat_write_end(&c->s);
	tt->ctx = c;
	tt->op = seqstat_torture_op;
	tt_run(tt);
	lfp_seqstat_read(&c->s, v);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->torn), 0);
	LFPT_EXPECT_EQ(tt->t, v[0], lfpt_atomic_read(&c->records));
	LFPT_EXPECT_EQ(tt->t, v[1], lfpt_atomic_read(&c->amount));
	lfpt_free(c);
}

static const struct lfpt_prim lfpt_prim_seqstat = {
	.name = "seqstat",
	.cases = lfpt_seqstat_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_seqstat_cases),
	.torture = seqstat_torture,
};
