// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * dropq on a tiny ring: many producers and many consumers on capacities
 * 1, 2 and 3, where every push races for the same few slots, with the
 * first pushes held between their claim (accepted) and the publication
 * of their item, so that a slow producer sits on a slot while the others
 * find the queue full and the consumers find it not yet filled.  Exact
 * accounting: accepted + dropped == pushes, each accepted item popped
 * exactly once and no dropped one, each consumer sees each producer's
 * items in push order, and stats read all along never show more than the
 * capacity queued or consumed past accepted.  And a resize racing such a
 * held push.  Included by dropq.c.
 */
#define DT_PRODUCERS	3
#define DT_CONSUMERS	3

struct dt_run {
	struct lfp_dropq q;
	unsigned long n;		/* pushes per producer */
	struct lfpt_atomic *popped;	/* [p * n + seq - 1]: pops of the item */
	unsigned char *acc;		/* [p * n + seq - 1]: push returned 0 */
	struct lfpt_atomic next_id;
	struct lfpt_atomic go;
	struct lfpt_atomic producers_left;
	struct lfpt_atomic accepted;
	struct lfpt_atomic dropped;
	struct lfpt_atomic consumed;
	struct lfpt_atomic bad;
};

static int dt_producer(void *arg)
{
	struct dt_run *r = arg;
	unsigned long p = lfpt_atomic_add_return(&r->next_id, 1) - 1, i;
	long acc = 0, drop = 0;
	int ret;

	while (!lfpt_atomic_read(&r->go))
		lfpt_relax();
	for (i = 1; i <= r->n; i++) {
		ret = lfp_dropq_push(&r->q, DQ_ITEM(p, i));
		if (!ret) {
			r->acc[p * r->n + i - 1] = 1;
			acc++;
		} else if (ret == -ENOSPC) {
			/* Now and then, room for the consumers to run. */
			if (!(++drop % 16))
				lfpt_msleep(1);
		} else {
			lfpt_atomic_inc(&r->bad);
		}
		if (!(i % 64))
			lfpt_relax();
	}
	lfpt_atomic_add_return(&r->accepted, acc);
	lfpt_atomic_add_return(&r->dropped, drop);
	lfpt_atomic_add_return(&r->producers_left, -1);
	return 0;
}

static int dt_consumer(void *arg)
{
	struct dt_run *r = arg;
	unsigned long last[DT_PRODUCERS] = { 0 }, p, s;
	long n = 0;
	void *it;
	int ret;

	while (!lfpt_atomic_read(&r->go))
		lfpt_relax();
	for (;;) {
		ret = lfp_dropq_pop(&r->q, &it, 1000, NULL);
		if (ret == -EPIPE)
			break;
		if (ret == -ETIMEDOUT)
			continue;
		p = DQ_PROD(it);
		s = DQ_SEQ(it);
		if (ret || p >= DT_PRODUCERS || s < 1 || s > r->n ||
		    s <= last[p]) {
			lfpt_atomic_inc(&r->bad);
			break;
		}
		last[p] = s;
		if (lfpt_atomic_add_return(&r->popped[p * r->n + s - 1], 1) != 1)
			lfpt_atomic_inc(&r->bad);
		n++;
	}
	lfpt_atomic_add_return(&r->consumed, n);
	return 0;
}

/* Reads the stats while the threads run; returns the violations seen. */
static long dt_watch(struct lfpt *t, struct dt_run *r, unsigned int cap)
{
	unsigned long long acc = 0, cons = 0;
	struct lfp_dropq_stats st;
	long bad = 0;

	while (lfpt_atomic_read(&r->producers_left)) {
		lfp_dropq_get_stats(&r->q, &st);
		if (st.len > cap || st.hwm > cap || st.consumed > st.accepted ||
		    st.len != st.accepted - st.consumed ||
		    st.accepted < acc ||
		    st.consumed < cons || st.capacity != cap || st.closed) {
			if (bad++ < 4)
				lfpt_log("%s: cap %u: accepted %llu consumed %llu len %u hwm %u\n",
					 t->name, cap, st.accepted, st.consumed,
					 st.len, st.hwm);
		}
		acc = st.accepted;
		cons = st.consumed;
		lfpt_msleep(1);
	}
	return bad;
}

static void dt_round(struct lfpt *t, struct dt_run *r, unsigned int cap)
{
	struct lfpt_inject in = {
		.point = "dropq.push_publish", .obj = &r->q,
		.delay_ms = 2, .max_hits = 8,
	};
	struct lfpt_thread *w[DT_PRODUCERS + DT_CONSUMERS];
	unsigned long i, wrong = 0;
	struct lfp_dropq_stats st;
	void *it;

	LFPT_EXPECT_EQ(t, lfp_dropq_init(&r->q, cap), 0);
	for (i = 0; i < DT_PRODUCERS * r->n; i++) {
		lfpt_atomic_set(&r->popped[i], 0);
		r->acc[i] = 0;
	}
	lfpt_atomic_set(&r->next_id, 0);
	lfpt_atomic_set(&r->go, 0);
	lfpt_atomic_set(&r->producers_left, DT_PRODUCERS);
	lfpt_atomic_set(&r->accepted, 0);
	lfpt_atomic_set(&r->dropped, 0);
	lfpt_atomic_set(&r->consumed, 0);
	lfpt_atomic_set(&r->bad, 0);
	lfpt_inject_arm(&in);
	/* Ids come from next_id: producers first. */
	for (i = 0; i < DT_PRODUCERS; i++)
		w[i] = lfpt_thread_run(dt_producer, r);
	while (lfpt_atomic_read(&r->next_id) < DT_PRODUCERS)
		lfpt_relax();
	for (i = DT_PRODUCERS; i < DT_PRODUCERS + DT_CONSUMERS; i++)
		w[i] = lfpt_thread_run(dt_consumer, r);
	lfpt_atomic_set(&r->go, 1);
	LFPT_EXPECT_EQ(t, dt_watch(t, r, cap), 0);
	for (i = 0; i < DT_PRODUCERS; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(w[i]), 0);
	lfp_dropq_close(&r->q);
	for (i = DT_PRODUCERS; i < DT_PRODUCERS + DT_CONSUMERS; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(w[i]), 0);
	lfpt_inject_disarm();
	/* The slow producers were there: the first pushes were held. */
	LFPT_EXPECT(t, lfpt_atomic_read(&in.hits) > 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&r->bad), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_try_pop(&r->q, &it), -EPIPE);
	for (i = 0; i < DT_PRODUCERS * r->n; i++)
		wrong += lfpt_atomic_read(&r->popped[i]) != r->acc[i];
	LFPT_EXPECT_EQ(t, wrong, 0);
	lfp_dropq_get_stats(&r->q, &st);
	LFPT_EXPECT_EQ(t, st.accepted, lfpt_atomic_read(&r->accepted));
	LFPT_EXPECT_EQ(t, st.dropped, lfpt_atomic_read(&r->dropped));
	LFPT_EXPECT_EQ(t, st.accepted + st.dropped, DT_PRODUCERS * r->n);
	LFPT_EXPECT_EQ(t, st.consumed, st.accepted);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&r->consumed), st.accepted);
	LFPT_EXPECT_EQ(t, st.len, 0);
	LFPT_EXPECT(t, st.hwm >= 1 && st.hwm <= cap);
	LFPT_EXPECT(t, st.closed);
	lfpt_log("%s: cap %u: %llu accepted, %llu dropped, hwm %u\n", t->name,
		 cap, st.accepted, st.dropped, st.hwm);
	lfp_dropq_destroy(&r->q, NULL);
}

static void lfpt_case_dropq_tiny_mpmc(struct lfpt *t)
{
	struct dt_run *r = lfpt_zalloc(sizeof(*r));
	unsigned int cap;

	if (!r) {
		LFPT_EXPECT(t, r);
		return;
	}
	r->n = lfpt_scale(4000);
	r->popped = lfpt_zalloc(DT_PRODUCERS * r->n * sizeof(*r->popped));
	r->acc = lfpt_zalloc(DT_PRODUCERS * r->n);
	LFPT_EXPECT(t, r->popped && r->acc);
	for (cap = 1; cap <= 3 && r->popped && r->acc; cap++)
		dt_round(t, r, cap);
	lfpt_free(r->popped);
	lfpt_free(r->acc);
	lfpt_free(r);
}

/*
 * Resize against a push held between its claim (accepted) and the
 * publication of its item: the resize must carry that item over, not an
 * empty slot; then a resize of the closed queue keeps it closed.
 */
struct dt_one {
	struct lfp_dropq q;
	int ret;
};

static int dt_push_one(void *arg)
{
	struct dt_one *o = arg;

	o->ret = lfp_dropq_push(&o->q, DQ_ITEM(0, 1));
	return 0;
}

static void lfpt_case_dropq_resize_inflight(struct lfpt *t)
{
	struct dt_one *o = lfpt_zalloc(sizeof(*o));
	struct lfpt_inject in = {
		.point = "dropq.push_publish", .delay_ms = 100, .max_hits = 1,
	};
	struct lfp_dropq_stats st;
	struct lfpt_thread *th;
	void *it = NULL;

	if (!o) {
		LFPT_EXPECT(t, o);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_dropq_init(&o->q, 1), 0);
	in.obj = &o->q;
	lfpt_inject_arm(&in);
	th = lfpt_thread_run(dt_push_one, o);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	/* The push is accepted, its item not yet in its slot. */
	LFPT_EXPECT_EQ(t, lfp_dropq_resize(&o->q, 2), 0);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT_EQ(t, o->ret, 0);
	lfp_dropq_close(&o->q);
	LFPT_EXPECT_EQ(t, lfp_dropq_resize(&o->q, 1), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(&o->q, DQ_ITEM(0, 2)), -EPIPE);
	LFPT_EXPECT_EQ(t, lfp_dropq_try_pop(&o->q, &it), 0);
	LFPT_EXPECT_EQ(t, DQ_SEQ(it), 1);
	LFPT_EXPECT_EQ(t, lfp_dropq_try_pop(&o->q, &it), -EPIPE);
	lfp_dropq_get_stats(&o->q, &st);
	LFPT_EXPECT_EQ(t, st.accepted, 1);
	LFPT_EXPECT_EQ(t, st.dropped, 1);
	LFPT_EXPECT_EQ(t, st.consumed, 1);
	LFPT_EXPECT_EQ(t, st.len, 0);
	LFPT_EXPECT_EQ(t, st.capacity, 1);
	LFPT_EXPECT(t, st.closed);
	lfp_dropq_destroy(&o->q, NULL);
	lfpt_free(o);
}
