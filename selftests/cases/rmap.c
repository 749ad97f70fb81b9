// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim rmap, compiled into the user-space runner and into the
 * kernel test module.  The includer provides the shim (lfpt.h).
 *
 * Every value carries a magic word its free function overwrites, and two
 * fields that must agree: a reader that ever sees a freed or half-built
 * value says so.  Allocations and frees are counted: nothing may leak.
 */
#include <lfprim/rmap.h>

#define RM_LIVE	0x4c495645UL
#define RM_DEAD	0xdeadUL

struct rm_val {
	struct lfp_rmap_node node;
	unsigned long magic;
	unsigned long a;
	unsigned long b;	/* always 3 * a + 1 */
};

static struct lfpt_atomic rm_allocs, rm_frees;

static struct rm_val *rm_new(unsigned long long key, unsigned long a)
{
	struct rm_val *v = lfpt_zalloc(sizeof(*v));

	if (!v)
		return NULL;
	lfpt_atomic_inc(&rm_allocs);
	v->node.key = key;
	v->a = a;
	v->b = 3 * a + 1;
	v->magic = RM_LIVE;
	return v;
}

static void rm_free(struct lfp_rmap_node *node)
{
	struct rm_val *v = lfp_container_of(node, struct rm_val, node);

	v->magic = RM_DEAD;
	lfpt_atomic_inc(&rm_frees);
	lfpt_free(v);
}

static int rm_bad(const struct rm_val *v, unsigned long long key)
{
	return v->magic != RM_LIVE || v->node.key != key ||
	       v->b != 3 * v->a + 1;
}

struct rm_walk {
	unsigned long n;
	unsigned long long keysum;
	unsigned long stop_at;
};

static int rm_walk_fn(struct lfp_rmap_node *node, void *arg)
{
	struct rm_walk *w = arg;

	w->n++;
	w->keysum += node->key;
	return w->stop_at && w->n == w->stop_at ? 7 : 0;
}

static void lfpt_case_rmap_basic(struct lfpt *t)
{
	struct lfp_rmap *m = lfpt_zalloc(sizeof(*m));
	struct lfp_rmap_node *n;
	struct rm_walk w = { 0 };
	struct rm_val *v;
	unsigned long k;

	if (!m) {
		LFPT_EXPECT(t, m);
		return;
	}
	lfpt_atomic_set(&rm_allocs, 0);
	lfpt_atomic_set(&rm_frees, 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_init(NULL, rm_free), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_init(NULL, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_init(m, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_init(m, rm_free), 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_insert(m, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_replace(m, NULL), -EINVAL);
	for (k = 1; k <= 1000; k++) {
		v = rm_new(k, k);
		LFPT_EXPECT(t, v && !lfp_rmap_insert(m, &v->node));
	}
	/* A duplicate key is refused; the node stays ours. */
	v = rm_new(5, 99);
	LFPT_EXPECT_EQ(t, lfp_rmap_insert(m, &v->node), -EEXIST);
	rm_free(&v->node);
	LFPT_EXPECT_EQ(t, lfp_rmap_size(m), 1000);
	lfp_rmap_read_lock();
	for (k = 1; k <= 1000; k++) {
		n = lfp_rmap_lookup(m, k);
		LFPT_EXPECT(t, n && !rm_bad(lfp_container_of(n, struct rm_val, node), k));
		LFPT_EXPECT(t, n && lfp_container_of(n, struct rm_val, node)->a == k);
	}
	LFPT_EXPECT(t, !lfp_rmap_lookup(m, 0));
	LFPT_EXPECT(t, !lfp_rmap_lookup(m, 1001));
	lfp_rmap_read_unlock();
	/* Replace an existing key (1), add a new one (0). */
	v = rm_new(5, 500);
	LFPT_EXPECT_EQ(t, lfp_rmap_replace(m, &v->node), 1);
	v = rm_new(~0ULL, 1);
	LFPT_EXPECT_EQ(t, lfp_rmap_replace(m, &v->node), 0);
	lfp_rmap_read_lock();
	n = lfp_rmap_lookup(m, 5);
	LFPT_EXPECT(t, n && lfp_container_of(n, struct rm_val, node)->a == 500);
	LFPT_EXPECT(t, lfp_rmap_lookup(m, ~0ULL) != NULL);
	lfp_rmap_read_unlock();
	LFPT_EXPECT_EQ(t, lfp_rmap_delete(m, 7), 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_delete(m, 7), -ENOENT);
	LFPT_EXPECT_EQ(t, lfp_rmap_delete(m, 123456), -ENOENT);
	LFPT_EXPECT_EQ(t, lfp_rmap_size(m), 1000);
	/* The walk sees every node once at rest, and stops when asked. */
	LFPT_EXPECT_EQ(t, lfp_rmap_for_each(m, rm_walk_fn, &w), 0);
	LFPT_EXPECT_EQ(t, w.n, 1000);
	LFPT_EXPECT(t, w.keysum == 500500ULL - 7 + ~0ULL);
	w = (struct rm_walk){ .stop_at = 10 };
	LFPT_EXPECT_EQ(t, lfp_rmap_for_each(m, rm_walk_fn, &w), 7);
	LFPT_EXPECT_EQ(t, w.n, 10);
	lfp_rmap_destroy(m);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&rm_frees), lfpt_atomic_read(&rm_allocs));
	lfpt_free(m);
}

/*
 * One thread inserts keys 1 .. RM_WALK_KEYS (the table grows behind it:
 * kernel, the resize worker; user space, call_rcu) while another walks
 * the map over and over.  Keys in the map for a whole walk (inserted
 * before it began) are visited exactly once, wherever the resize is;
 * keys inserted meanwhile at most once; nothing else, ever.  The inserter
 * counts a key in @inserted after inserting it.
 */
#define RM_WALK_KEYS	4096

struct rm_grow {
	struct lfp_rmap m;
	struct lfpt_atomic inserted;	/* keys 1 .. inserted are in */
	struct lfpt_atomic done;
	unsigned char seen[RM_WALK_KEYS];
	unsigned long walks, bad;
};

static int rm_seen_fn(struct lfp_rmap_node *node, void *arg)
{
	struct rm_grow *g = arg;

	if (node->key < 1 || node->key > RM_WALK_KEYS || g->seen[node->key - 1]++)
		g->bad++;
	return 0;
}

/* A walk: returns 0, or the number of keys it got wrong. */
static unsigned long rm_grow_walk(struct rm_grow *g)
{
	unsigned long lo, hi, k, wrong = 0;

	memset(g->seen, 0, sizeof(g->seen));
	lo = lfpt_atomic_read_acquire(&g->inserted);
	if (lfp_rmap_for_each(&g->m, rm_seen_fn, g))
		wrong++;
	hi = lfpt_atomic_read_acquire(&g->inserted);
	/* Key k + 1 at k; the inserter may be past hi by one insert. */
	for (k = 0; k < RM_WALK_KEYS; k++)
		wrong += k < lo ? g->seen[k] != 1 : k <= hi ? g->seen[k] > 1 :
			 g->seen[k] != 0;
	g->walks++;
	return wrong;
}

static int rm_grow_walker_fn(void *arg)
{
	struct rm_grow *g = arg;

	/* At least one walk, even for a walker first run after the inserts. */
	do {
		g->bad += rm_grow_walk(g);
		lfpt_relax();
	} while (!lfpt_atomic_read(&g->done));
	return 0;
}

static void lfpt_case_rmap_walk_resize(struct lfpt *t)
{
	struct rm_grow *g = lfpt_zalloc(sizeof(*g));
	struct lfpt_thread *th;
	struct rm_val *v;
	unsigned long k;

	if (!g) {
		LFPT_EXPECT(t, g);
		return;
	}
	lfpt_atomic_set(&rm_allocs, 0);
	lfpt_atomic_set(&rm_frees, 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_init(&g->m, rm_free), 0);
	th = lfpt_thread_run(rm_grow_walker_fn, g);
	LFPT_EXPECT(t, th);
	for (k = 1; k <= RM_WALK_KEYS; k++) {
		v = rm_new(k, k);
		LFPT_EXPECT(t, v && !lfp_rmap_insert(&g->m, &v->node));
		lfpt_atomic_set_release(&g->inserted, k);
		if (!(k & 63))
			lfpt_relax();
	}
	lfpt_atomic_set(&g->done, 1);
	if (th)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, g->bad, 0);
	/* And at rest. */
	LFPT_EXPECT_EQ(t, rm_grow_walk(g), 0);
	LFPT_EXPECT_EQ(t, g->bad, 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_size(&g->m), RM_WALK_KEYS);
	lfpt_log("%s: %lu walks while %u keys went in\n", t->name, g->walks - 1,
		 RM_WALK_KEYS);
	lfp_rmap_destroy(&g->m);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&rm_frees), lfpt_atomic_read(&rm_allocs));
	lfpt_free(g);
}

/*
 * Readers look up random keys while two writers insert, replace and
 * delete (each writer owns the keys of its parity and keeps a shadow of
 * them), growing and shrinking the table.  At the end the map must hold
 * exactly the shadows' keys, with their last values.
 */
#define RM_KEYS		2048
#define RM_WRITERS	2
#define RM_READERS	2

struct rm_conc {
	struct lfp_rmap m;
	unsigned long rounds;
	struct lfpt_atomic writers_left;
	struct lfpt_atomic bad;
	struct lfpt_atomic lookups;
	unsigned long shadow[RM_KEYS];	/* 0: absent, else the value's a */
};

static int rm_writer_fn(void *arg)
{
	static struct lfpt_atomic next;
	struct rm_conc *c = arg;
	unsigned int rnd = 0x1234 + lfpt_atomic_add_return(&next, 1);
	unsigned long i, k, id = rnd & 1, a;
	struct rm_val *v;
	int op, ret;

	for (i = 1; i <= c->rounds; i++) {
		k = (lfpt_rand(&rnd) % (RM_KEYS / 2)) * 2 + id;
		op = lfpt_rand(&rnd) % 4;
		a = i * 2 + id;
		if (op == 3 || (op == 2 && i > c->rounds / 2)) {
			ret = lfp_rmap_delete(&c->m, k);
			if (ret != (c->shadow[k] ? 0 : -ENOENT))
				lfpt_atomic_inc(&c->bad);
			c->shadow[k] = 0;
			continue;
		}
		v = rm_new(k, a);
		if (!v)
			continue;
		if (op == 0) {
			ret = lfp_rmap_insert(&c->m, &v->node);
			if (ret != (c->shadow[k] ? -EEXIST : 0))
				lfpt_atomic_inc(&c->bad);
			if (ret)
				rm_free(&v->node);
			else
				c->shadow[k] = a;
		} else {
			ret = lfp_rmap_replace(&c->m, &v->node);
			if (ret != (c->shadow[k] ? 1 : 0))
				lfpt_atomic_inc(&c->bad);
			c->shadow[k] = a;
		}
		if (!(i & 63))
			lfpt_relax();
	}
	lfpt_atomic_add_return(&c->writers_left, -1);
	return 0;
}

static int rm_reader_fn(void *arg)
{
	struct rm_conc *c = arg;
	unsigned int rnd = 0x9876;
	struct lfp_rmap_node *n;
	unsigned long k, done = 0;

	do {
		lfp_rmap_read_lock();
		for (int j = 0; j < 64; j++) {
			k = lfpt_rand(&rnd) % RM_KEYS;
			n = lfp_rmap_lookup(&c->m, k);
			if (n && rm_bad(lfp_container_of(n, struct rm_val, node), k))
				lfpt_atomic_inc(&c->bad);
		}
		lfp_rmap_read_unlock();
		done += 64;
		lfpt_relax();
	} while (lfpt_atomic_read(&c->writers_left));
	lfpt_atomic_add_return(&c->lookups, done);
	return 0;
}

struct rm_check {
	struct rm_conc *c;
	unsigned long n;
	unsigned long wrong;
};

static int rm_check_fn(struct lfp_rmap_node *node, void *arg)
{
	struct rm_check *ck = arg;
	struct rm_val *v = lfp_container_of(node, struct rm_val, node);

	ck->n++;
	if (node->key >= RM_KEYS || ck->c->shadow[node->key] != v->a ||
	    rm_bad(v, node->key))
		ck->wrong++;
	return 0;
}

static void lfpt_case_rmap_concurrent(struct lfpt *t)
{
	struct rm_conc *c = lfpt_zalloc(sizeof(*c));
	struct lfpt_thread *th[RM_WRITERS + RM_READERS];
	struct rm_check ck = { 0 };
	struct lfp_rmap_node *n;
	unsigned long k, present = 0;
	int i;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	lfpt_atomic_set(&rm_allocs, 0);
	lfpt_atomic_set(&rm_frees, 0);
	c->rounds = lfpt_scale(40000);
	LFPT_EXPECT_EQ(t, lfp_rmap_init(&c->m, rm_free), 0);
	lfpt_atomic_set(&c->writers_left, RM_WRITERS);
	for (i = 0; i < RM_READERS; i++)
		th[i] = lfpt_thread_run(rm_reader_fn, c);
	for (i = RM_READERS; i < RM_READERS + RM_WRITERS; i++)
		th[i] = lfpt_thread_run(rm_writer_fn, c);
	for (i = 0; i < RM_READERS + RM_WRITERS; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->bad), 0);
	/* Exactly the shadows' keys, each once, with the last value. */
	for (k = 0; k < RM_KEYS; k++)
		present += !!c->shadow[k];
	LFPT_EXPECT_EQ(t, lfp_rmap_size(&c->m), present);
	ck.c = c;
	LFPT_EXPECT_EQ(t, lfp_rmap_for_each(&c->m, rm_check_fn, &ck), 0);
	LFPT_EXPECT_EQ(t, ck.n, present);
	LFPT_EXPECT_EQ(t, ck.wrong, 0);
	lfp_rmap_read_lock();
	for (k = 0; k < RM_KEYS; k++) {
		n = lfp_rmap_lookup(&c->m, k);
		LFPT_EXPECT(t, !n == !c->shadow[k]);
	}
	lfp_rmap_read_unlock();
	lfpt_log("%s: %lu keys at the end, %ld lookups\n", t->name, present,
		 lfpt_atomic_read(&c->lookups));
	lfp_rmap_destroy(&c->m);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&rm_frees), lfpt_atomic_read(&rm_allocs));
	lfpt_free(c);
}

/*
 * Whole-map swap: readers look two keys up in one section and must find
 * both in the same generation; every replaced map is destroyed and
 * released exactly once; nothing leaks.
 */
struct rm_gen_map {
	struct lfp_rmap m;
	unsigned long gen;
};

struct rm_swap {
	struct lfp_rmap_ref ref;
	struct lfpt_atomic released;
	struct lfpt_atomic bad;
	struct lfpt_atomic stop;
};

static struct rm_swap *rm_swap_cur;

static void rm_release(struct lfp_rmap *m)
{
	lfpt_atomic_inc(&rm_swap_cur->released);
	lfpt_free(lfp_container_of(m, struct rm_gen_map, m));
}

static struct rm_gen_map *rm_build(unsigned long gen)
{
	struct rm_gen_map *g = lfpt_zalloc(sizeof(*g));
	struct rm_val *v;
	unsigned long k;

	if (!g || lfp_rmap_init(&g->m, rm_free)) {
		lfpt_free(g);
		return NULL;
	}
	g->gen = gen;
	for (k = 0; k < 100; k++) {
		v = rm_new(k, gen);
		if (v && lfp_rmap_insert(&g->m, &v->node))
			rm_free(&v->node);
	}
	return g;
}

static int rm_swap_reader_fn(void *arg)
{
	struct rm_swap *s = arg;
	unsigned int rnd = 0x4242;
	struct lfp_rmap_node *n1, *n2;
	struct lfp_rmap *m;
	unsigned long i = 0;

	while (!lfpt_atomic_read(&s->stop)) {
		lfp_rmap_read_lock();
		m = lfp_rmap_ref_deref(&s->ref);
		if (m) {
			n1 = lfp_rmap_lookup(m, lfpt_rand(&rnd) % 100);
			n2 = lfp_rmap_lookup(m, lfpt_rand(&rnd) % 100);
			if (!n1 || !n2 ||
			    rm_bad(lfp_container_of(n1, struct rm_val, node), n1->key) ||
			    rm_bad(lfp_container_of(n2, struct rm_val, node), n2->key) ||
			    lfp_container_of(n1, struct rm_val, node)->a !=
			    lfp_container_of(n2, struct rm_val, node)->a ||
			    lfp_container_of(n1, struct rm_val, node)->a !=
			    lfp_container_of(m, struct rm_gen_map, m)->gen)
				lfpt_atomic_inc(&s->bad);
		}
		lfp_rmap_read_unlock();
		if (!(++i & 63))
			lfpt_relax();
	}
	return 0;
}

static void lfpt_case_rmap_swap(struct lfpt *t)
{
	struct rm_swap *s = lfpt_zalloc(sizeof(*s));
	struct lfpt_thread *th[2];
	struct rm_gen_map *g;
	unsigned long gen, gens = lfpt_scale(30);
	int i;

	if (!s) {
		LFPT_EXPECT(t, s);
		return;
	}
	rm_swap_cur = s;
	lfpt_atomic_set(&rm_allocs, 0);
	lfpt_atomic_set(&rm_frees, 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_init(NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_init(&s->ref), 0);
	for (i = 0; i < 2; i++)
		th[i] = lfpt_thread_run(rm_swap_reader_fn, s);
	for (gen = 1; gen <= gens; gen++) {
		g = rm_build(gen);
		LFPT_EXPECT(t, g);
		if (!g)
			break;
		LFPT_EXPECT_EQ(t, lfp_rmap_ref_publish(&s->ref, &g->m, rm_release), 0);
		LFPT_EXPECT_EQ(t, lfp_rmap_ref_publish(&s->ref, &g->m, rm_release),
			       -EINVAL);
		/* The old map is gone once publish returns. */
		LFPT_EXPECT_EQ(t, lfpt_atomic_read(&s->released), gen - 1);
	}
	lfpt_atomic_set(&s->stop, 1);
	for (i = 0; i < 2; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
	lfp_rmap_ref_destroy(&s->ref);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&s->released), gens);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&s->bad), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&rm_frees), lfpt_atomic_read(&rm_allocs));
	lfpt_free(s);
}

#include "rmap_history.c"
#include "rmap_races.c"

static const struct lfpt_case lfpt_rmap_cases[] = {
	LFPT_CASE(rmap_basic),
	LFPT_CASE(rmap_walk_resize),
	LFPT_CASE(rmap_concurrent),
	LFPT_CASE(rmap_swap),
	LFPT_CASE(rmap_history),
	LFPT_CASE(rmap_writer_races),
	LFPT_CASE(rmap_size_bounds),
};

#include "rmap_torture.c"

#include "rmap_misuse.c"

static const struct lfpt_prim lfpt_prim_rmap = {
	.name = "rmap",
	.cases = lfpt_rmap_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_rmap_cases),
	.torture = rmap_torture,
	.misuse = lfpt_rmap_misuse,
	.nmisuse = LFP_ARRAY_SIZE(lfpt_rmap_misuse),
};
