// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * dropq history case: producers push numbered items into a small queue
 * while consumers pop them, every call recording its interval and result.
 * The history is then checked against the contract: accepted + dropped ==
 * pushes; every accepted item is consumed exactly once, and nothing else
 * is; no item is popped before its push began; and items of one producer
 * come out in push order across all consumers, in real time: if the pop
 * of a later item ended before the pop of an earlier one began, the
 * queue reordered them.  Included by dropq.c (it uses DQ_ITEM()).
 */
#define DH_PRODUCERS	2
#define DH_CONSUMERS	2
#define DH_CAPACITY	8

struct dh_push {
	unsigned long long start;
	unsigned long long end;
	int ret;
};

struct dh_pop {
	unsigned long long start;
	unsigned long long end;
	void *item;
};

struct dh_run {
	struct lfp_dropq *q;
	unsigned long n;			/* pushes per producer */
	struct dh_push *push[DH_PRODUCERS];	/* [seq - 1] */
	struct dh_pop *pop[DH_CONSUMERS];	/* in the order popped */
	unsigned long npop[DH_CONSUMERS];
	struct lfpt_atomic next_id;
	struct lfpt_atomic go;
	int bad_ret;
};

static int dh_producer(void *arg)
{
	struct dh_run *r = arg;
	unsigned long p = lfpt_atomic_add_return(&r->next_id, 1) - 1, i;
	struct dh_push *rec;

	while (!lfpt_atomic_read(&r->go))
		lfpt_relax();
	for (i = 1; i <= r->n; i++) {
		rec = &r->push[p][i - 1];
		rec->start = lfpt_now_ns();
		rec->ret = lfp_dropq_push(r->q, DQ_ITEM(p, i));
		rec->end = lfpt_now_ns();
		if (rec->ret && rec->ret != -ENOSPC)
			r->bad_ret = rec->ret;
		if (!(i % 32))
			lfpt_relax();
	}
	return 0;
}

static int dh_consumer(void *arg)
{
	struct dh_run *r = arg;
	unsigned long c = lfpt_atomic_add_return(&r->next_id, 1) - 1 -
			  DH_PRODUCERS;
	unsigned long max = DH_PRODUCERS * r->n;
	unsigned long long start;
	struct dh_pop *rec;
	void *it;
	int ret;

	while (!lfpt_atomic_read(&r->go))
		lfpt_relax();
	for (;;) {
		start = lfpt_now_ns();
		ret = lfp_dropq_pop(r->q, &it, 1000, NULL);
		if (ret == -EPIPE)
			break;
		if (ret == -ETIMEDOUT)
			continue;
		if (ret || r->npop[c] == max) {
			r->bad_ret = ret ? ret : -E2BIG;
			break;
		}
		rec = &r->pop[c][r->npop[c]++];
		rec->start = start;
		rec->end = lfpt_now_ns();
		rec->item = it;
	}
	return 0;
}

/* Checks one run's history; returns the number of violations. */
static unsigned long dh_check(struct lfpt *t, struct dh_run *r)
{
	struct dh_pop **by = lfpt_zalloc(DH_PRODUCERS * sizeof(*by));
	unsigned long p, c, i, s, bad = 0, accepted = 0, consumed = 0;
	unsigned long long max_start;
	struct lfp_dropq_stats st;
	struct dh_pop *rec;

	if (!by)
		return 1;
	for (p = 0; p < DH_PRODUCERS; p++) {
		by[p] = lfpt_zalloc(r->n * sizeof(**by));
		if (!by[p])
			bad++;
	}
	for (c = 0; c < DH_CONSUMERS && !bad; c++) {
		for (i = 0; i < r->npop[c]; i++) {
			rec = &r->pop[c][i];
			p = DQ_PROD(rec->item);
			s = DQ_SEQ(rec->item);
			consumed++;
			if (p >= DH_PRODUCERS || s < 1 || s > r->n) {
				lfpt_log("%s: unknown item %p\n", t->name, rec->item);
				bad++;
			} else if (by[p][s - 1].item) {
				lfpt_log("%s: item %lu/%lu popped twice\n", t->name, p, s);
				bad++;
			} else if (r->push[p][s - 1].ret) {
				lfpt_log("%s: dropped item %lu/%lu popped\n", t->name, p, s);
				bad++;
			} else if (rec->end < r->push[p][s - 1].start) {
				lfpt_log("%s: item %lu/%lu popped before its push\n",
					 t->name, p, s);
				bad++;
			} else {
				by[p][s - 1] = *rec;
			}
		}
	}
	for (p = 0; p < DH_PRODUCERS && !bad; p++) {
		max_start = 0;
		for (s = 1; s <= r->n; s++) {
			if (r->push[p][s - 1].ret)
				continue;
			accepted++;
			if (!by[p][s - 1].item) {
				lfpt_log("%s: accepted item %lu/%lu never popped\n",
					 t->name, p, s);
				bad++;
				continue;
			}
			/* An earlier item's pop began after this one's ended. */
			if (by[p][s - 1].end < max_start) {
				lfpt_log("%s: item %lu/%lu came out before an earlier one\n",
					 t->name, p, s);
				bad++;
			}
			if (by[p][s - 1].start > max_start)
				max_start = by[p][s - 1].start;
		}
	}
	lfp_dropq_get_stats(r->q, &st);
	if (!bad) {
		LFPT_EXPECT_EQ(t, st.accepted, accepted);
		LFPT_EXPECT_EQ(t, st.consumed, consumed);
		LFPT_EXPECT_EQ(t, st.accepted + st.dropped, DH_PRODUCERS * r->n);
		LFPT_EXPECT_EQ(t, st.len, 0);
	}
	for (p = 0; p < DH_PRODUCERS; p++)
		lfpt_free(by[p]);
	lfpt_free(by);
	return bad;
}

static void lfpt_case_dropq_history(struct lfpt *t)
{
	struct lfpt_thread *w[DH_PRODUCERS + DH_CONSUMERS];
	struct dh_run *r = lfpt_zalloc(sizeof(*r));
	unsigned long rounds = lfpt_scale(10), round, bad = 0, i;

	if (!r) {
		LFPT_EXPECT(t, r);
		return;
	}
	r->q = lfpt_zalloc(sizeof(*r->q));
	r->n = 2000;
	for (i = 0; i < DH_PRODUCERS; i++)
		r->push[i] = lfpt_zalloc(r->n * sizeof(*r->push[i]));
	for (i = 0; i < DH_CONSUMERS; i++)
		r->pop[i] = lfpt_zalloc(DH_PRODUCERS * r->n * sizeof(*r->pop[i]));
	LFPT_EXPECT(t, r->q && r->push[0] && r->push[1] && r->pop[0] && r->pop[1]);
	if (!r->q || !r->push[0] || !r->push[1] || !r->pop[0] || !r->pop[1])
		goto out;
	for (round = 0; round < rounds && !bad; round++) {
		LFPT_EXPECT_EQ(t, lfp_dropq_init(r->q, DH_CAPACITY), 0);
		lfpt_atomic_set(&r->next_id, 0);
		lfpt_atomic_set(&r->go, 0);
		r->bad_ret = 0;
		for (i = 0; i < DH_CONSUMERS; i++)
			r->npop[i] = 0;
		/* Ids come from next_id: producers first, then consumers. */
		for (i = 0; i < DH_PRODUCERS; i++) {
			w[i] = lfpt_thread_run(dh_producer, r);
			LFPT_EXPECT(t, w[i]);
		}
		while (lfpt_atomic_read(&r->next_id) < DH_PRODUCERS)
			lfpt_relax();
		for (i = 0; i < DH_CONSUMERS; i++) {
			w[DH_PRODUCERS + i] = lfpt_thread_run(dh_consumer, r);
			LFPT_EXPECT(t, w[DH_PRODUCERS + i]);
		}
		lfpt_atomic_set(&r->go, 1);
		for (i = 0; i < DH_PRODUCERS; i++)
			LFPT_EXPECT_EQ(t, lfpt_thread_join(w[i]), 0);
		lfp_dropq_close(r->q);
		for (i = 0; i < DH_CONSUMERS; i++)
			LFPT_EXPECT_EQ(t, lfpt_thread_join(w[DH_PRODUCERS + i]), 0);
		LFPT_EXPECT_EQ(t, r->bad_ret, 0);
		bad += dh_check(t, r);
		lfp_dropq_destroy(r->q, NULL);
	}
	LFPT_EXPECT_EQ(t, bad, 0);
out:
	for (i = 0; i < DH_PRODUCERS; i++)
		lfpt_free(r->push[i]);
	for (i = 0; i < DH_CONSUMERS; i++)
		lfpt_free(r->pop[i]);
	lfpt_free(r->q);
	lfpt_free(r);
}
