// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim rmap, user-space side: a chained hash table under RCU
 * (urcu-memb), as the kernel side is an rhashtable: lookups walk a bucket
 * chain inside a read-side section and take no lock; writers are
 * serialised by a mutex, so that "replace" and "delete then retire" are
 * single steps; retired nodes go through call_rcu.
 *
 * Layout.  @cur points to a bucket array of 2^k chain heads; each node
 * carries two links, and the chains of an array use the link set of the
 * array's generation (0 or 1).  Writers change one pointer at a time with
 * release stores (a new node's link before the head or link that
 * publishes it; an unlinked node keeps its own link, so a reader standing
 * on it walks on); readers load heads and links with acquire.
 *
 * Resize.  Under the mutex, a resize links every node into a new array
 * with the other link set (nobody reads that set: see below), publishes
 * the new array with one release store, and retires the old one through
 * call_rcu.  Readers that loaded the old array walk its chains with its
 * own link set, which no writer touches any more: writers only change the
 * current array's set.  They see the map as it was when the new array was
 * published, an instant inside their section, so a lookup is still
 * linearizable and a walk still visits every node that stays in the map
 * exactly once.  The next resize rewrites the old set, so it must wait
 * until no reader can be on the old array: @gen_busy is set from the
 * resize until the old array's RCU callback runs, a grace period later,
 * and a resize needed meanwhile is left to that callback (which takes the
 * mutex, clears @gen_busy, and resizes if the load still asks for it).
 * No writer waits for a grace period, so a writer may run inside a
 * read-side section, and the mutex is never held across one.
 *
 * Load.  The array doubles (to the next power of two at or above the
 * size) when there are more nodes than buckets, and halves when fewer
 * than an eighth of the buckets are used, never below
 * LFP_RMAP_MIN_BUCKETS.  Inserts never allocate: a resize that cannot get
 * memory is skipped, and the chains grow longer until one can.
 */
#include "live.h"

#include <stdlib.h>

#include <lfprim/core/inject.h>
#include <lfprim/rmap.h>

#define lfp_rmap_dead(map)	lfp_misuse(lfp_dead(map, tbl.live))
#define lfp_rmap_ref_dead(ref)	lfp_misuse(lfp_dead(ref, snap.live))
#define lfp_rmap_in_free_fn(what)	lfp_misuse(lfp_rcu_refuse_in_free_fn(what))

#include <lfprim/core/rmap.h>

#define LFP_RMAP_MIN_BUCKETS	64UL

/**
 * struct lfp_rmap_buckets - one bucket array
 * @mask: number of buckets - 1 (a power of two - 1)
 * @shift: 64 - log2 of the number of buckets (see lfp_rmap_bucket())
 * @gen: the link set (0 or 1) of this array's chains
 * @map: the map, for the RCU callback that retires the array
 * @rcu: queues the array for retirement after a grace period
 * @head: the chains
 */
struct lfp_rmap_buckets {
	unsigned long mask;
	unsigned int shift;
	unsigned int gen;
	struct lfp_rmap *map;
	struct rcu_head rcu;
	struct lfp_rmap_link *head[];
};

/*
 * The bucket of @key in @b: the top bits of the key times 2^64 / phi
 * (Fibonacci hashing), which every key bit reaches, in one multiply on
 * the lookup's critical path.
 */
static unsigned long lfp_rmap_bucket(const struct lfp_rmap_buckets *b,
				     unsigned long long key)
{
	return (unsigned long)((key * 0x9e3779b97f4a7c15ULL) >> b->shift);
}

static struct lfp_rmap_node *lfp_rmap_node_of(struct lfp_rmap_link *l)
{
	return lfp_container_of(l, struct lfp_rmap_node, link);
}

static struct lfp_rmap_buckets *lfp_rmap_buckets_new(struct lfp_rmap *map,
						     unsigned long n,
						     unsigned int gen)
{
	struct lfp_rmap_buckets *b;

	b = calloc(1, sizeof(*b) + n * sizeof(b->head[0]));
	if (!b)
		return NULL;
	b->mask = n - 1;
	b->shift = 64 - __builtin_ctzl(n);
	b->gen = gen;
	b->map = map;
	return b;
}

static void lfp_rmap_free_rcu(struct rcu_head *rcu)
{
	struct lfp_rmap_node *node = lfp_container_of(rcu, struct lfp_rmap_node, rcu);

	lfp_tsan_gp_end();
	lfp_tsan_acquire(node);
	lfp_rcu_in_free_fn++;
	node->free_fn(node);
	lfp_rcu_in_free_fn--;
	lfp_tsan_cb_end();
}

static void lfp_rmap_retire(struct lfp_rmap *map, struct lfp_rmap_node *node)
{
	node->free_fn = map->free_fn;
	lfp_tsan_release(node);
	urcu_memb_call_rcu(&node->rcu, lfp_rmap_free_rcu);
}

static void lfp_rmap_buckets_retired(struct rcu_head *rcu);

/*
 * Move every node into a new array of @n buckets, with the link set the
 * current array does not use, and publish it.  Caller holds the mutex and
 * has checked that no reader can still walk with that set (!gen_busy).
 */
static void lfp_rmap_rehash(struct lfp_rmap *map, unsigned long n)
{
	struct lfp_rmap_buckets *old = map->tbl.cur, *b;
	unsigned int g = old->gen, ng = !g;
	struct lfp_rmap_link *l;
	unsigned long i, h;

	b = lfp_rmap_buckets_new(map, n, ng);
	if (!b)
		return;		/* later, with the chains a little longer */
	/* Unpublished, and the set ng is no reader's: plain stores. */
	for (i = 0; i <= old->mask; i++)
		for (l = old->head[i]; l; l = l->next[g]) {
			h = lfp_rmap_bucket(b, lfp_rmap_node_of(l)->key);
			l->next[ng] = b->head[h];
			b->head[h] = l;
		}
	map->tbl.gen_busy = 1;
	__atomic_store_n(&map->tbl.cur, b, __ATOMIC_RELEASE);
	/* Readers may hold the old array (and set g) for one more grace period. */
	lfp_inject("rmap.rehash_published", map);
	lfp_tsan_release(old);
	urcu_memb_call_rcu(&old->rcu, lfp_rmap_buckets_retired);
}

/* Resize if the load asks for it and a resize may run; under the mutex. */
static void lfp_rmap_balance(struct lfp_rmap *map)
{
	unsigned long n = map->tbl.cur->mask + 1, want = n;
	unsigned long size = __atomic_load_n(&map->tbl.size, __ATOMIC_RELAXED);

	if (map->tbl.gen_busy || map->tbl.dying)
		return;
	while (size > want)
		want *= 2;
	while (want > LFP_RMAP_MIN_BUCKETS && size < want / 8)
		want /= 2;
	if (want != n)
		lfp_rmap_rehash(map, want);
}

/*
 * A grace period after a resize: no reader walks the old array any more,
 * so its link set is free for the next resize, which the load may ask for
 * already.
 */
static void lfp_rmap_buckets_retired(struct rcu_head *rcu)
{
	struct lfp_rmap_buckets *old = lfp_container_of(rcu, struct lfp_rmap_buckets, rcu);
	struct lfp_rmap *map;

	lfp_tsan_gp_end();
	lfp_tsan_acquire(old);
	map = old->map;
	free(old);
	pthread_mutex_lock(&map->tbl.lock);
	map->tbl.gen_busy = 0;
	lfp_rmap_balance(map);
	pthread_mutex_unlock(&map->tbl.lock);
	lfp_tsan_cb_end();
}

int lfp_rmap_init(struct lfp_rmap *map,
		  void (*free_fn)(struct lfp_rmap_node *node))
{
	if (!map || !free_fn)
		return -EINVAL;
	/* call_rcu's worker must survive fork() too. */
	lfp_rcu_fork_handlers();
	map->tbl.cur = lfp_rmap_buckets_new(map, LFP_RMAP_MIN_BUCKETS, 0);
	if (!map->tbl.cur)
		return -ENOMEM;
	pthread_mutex_init(&map->tbl.lock, NULL);
	map->tbl.size = 0;
	map->tbl.gen_busy = 0;
	map->tbl.dying = 0;
	map->free_fn = free_fn;
	map->release = NULL;
	lfp_live_set(&map->tbl.live);
	return 0;
}

void lfp_rmap_destroy(struct lfp_rmap *map)
{
	struct lfp_rmap_buckets *b;
	struct lfp_rmap_link *l, *next;
	unsigned long i;
	unsigned int g;

	if (lfp_rmap_dead(map) || lfp_rmap_in_free_fn(__func__))
		return;
	lfp_live_clear(&map->tbl.live);
	/* No resize from now on, not even from a pending retirement. */
	pthread_mutex_lock(&map->tbl.lock);
	map->tbl.dying = 1;
	pthread_mutex_unlock(&map->tbl.lock);
	b = map->tbl.cur;
	g = b->gen;
	for (i = 0; i <= b->mask; i++)
		for (l = b->head[i]; l; l = next) {
			next = l->next[g];
			lfp_rmap_retire(map, lfp_rmap_node_of(l));
		}
	/*
	 * Every node, retired now or before, is freed once this returns,
	 * and the last old array is retired (its callback needs the map).
	 */
	lfp_snap_barrier();
	free(b);
	pthread_mutex_destroy(&map->tbl.lock);
	map->tbl.cur = NULL;
	map->tbl.size = 0;
}

static struct lfp_rmap_node *__lfp_rmap_lookup(struct lfp_rmap *map,
					       unsigned long long key)
{
	struct lfp_rmap_buckets *b;
	struct lfp_rmap_link *l;
	struct lfp_rmap_node *n;

	b = __atomic_load_n(&map->tbl.cur, __ATOMIC_ACQUIRE);
	/* A reader holding an array that a resize may retire meanwhile. */
	lfp_inject("rmap.lookup_buckets", map);
	for (l = __atomic_load_n(&b->head[lfp_rmap_bucket(b, key)],
				 __ATOMIC_ACQUIRE);
	     l; l = __atomic_load_n(&l->next[b->gen], __ATOMIC_ACQUIRE)) {
		n = lfp_rmap_node_of(l);
		if (n->key == key)
			return n;
	}
	return NULL;
}

struct lfp_rmap_node *lfp_rmap_lookup(struct lfp_rmap *map,
				      unsigned long long key)
{
	if (lfp_rmap_dead(map))
		return NULL;
	return __lfp_rmap_lookup(map, key);
}

/*
 * The size counter counts a node from before it can be in the table (the
 * increment precedes the store that publishes it) until after it has
 * left it (the decrement follows the store that unlinks it), so it never
 * counts less than the nodes in the table nor goes below zero (see
 * lfp_rmap_size() in lfprim/rmap.h).  Sequentially consistent, so that
 * the bounds hold against any other sequentially consistent observation
 * of the callers.  Only writers change it, under the mutex.
 */
static void lfp_rmap_size_add(struct lfp_rmap *map, long d)
{
	__atomic_fetch_add(&map->tbl.size, (unsigned long)d, __ATOMIC_SEQ_CST);
}

/* Where @key's link is, or the NULL at the end of its chain; under the mutex. */
static struct lfp_rmap_link **lfp_rmap_find(struct lfp_rmap *map,
					    unsigned long long key)
{
	struct lfp_rmap_buckets *b = map->tbl.cur;
	struct lfp_rmap_link **pp = &b->head[lfp_rmap_bucket(b, key)];

	while (*pp && lfp_rmap_node_of(*pp)->key != key)
		pp = &(*pp)->next[b->gen];
	return pp;
}

/* Link @node at the head of its chain; under the mutex, key absent. */
static void lfp_rmap_link_new(struct lfp_rmap *map, struct lfp_rmap_node *node)
{
	struct lfp_rmap_buckets *b = map->tbl.cur;
	struct lfp_rmap_link **head = &b->head[lfp_rmap_bucket(b, node->key)];

	node->link.next[b->gen] = *head;
	/* The node's key and link, and the caller's value, before it is seen. */
	__atomic_store_n(head, &node->link, __ATOMIC_RELEASE);
}

int lfp_rmap_insert(struct lfp_rmap *map, struct lfp_rmap_node *node)
{
	int ret = 0;

	if (lfp_rmap_dead(map) || !node)
		return -EINVAL;
	pthread_mutex_lock(&map->tbl.lock);
	if (*lfp_rmap_find(map, node->key)) {
		ret = -EEXIST;
	} else {
		lfp_rmap_size_add(map, 1);
		lfp_rmap_link_new(map, node);
		/* The node is in the table; writers wait. */
		lfp_inject("rmap.insert_added", map);
		lfp_rmap_balance(map);
	}
	pthread_mutex_unlock(&map->tbl.lock);
	return ret;
}

int lfp_rmap_replace(struct lfp_rmap *map, struct lfp_rmap_node *node)
{
	struct lfp_rmap_link **pp, *old;
	unsigned int g;

	if (lfp_rmap_dead(map) || !node)
		return -EINVAL;
	pthread_mutex_lock(&map->tbl.lock);
	pp = lfp_rmap_find(map, node->key);
	old = *pp;
	if (!old) {
		lfp_rmap_size_add(map, 1);
		lfp_rmap_link_new(map, node);
		lfp_rmap_balance(map);
		pthread_mutex_unlock(&map->tbl.lock);
		return 0;
	}
	/* In the old node's place: the key is never missing meanwhile. */
	g = map->tbl.cur->gen;
	node->link.next[g] = old->next[g];
	__atomic_store_n(pp, &node->link, __ATOMIC_RELEASE);
	lfp_rmap_retire(map, lfp_rmap_node_of(old));
	pthread_mutex_unlock(&map->tbl.lock);
	return 1;
}

int lfp_rmap_delete(struct lfp_rmap *map, unsigned long long key)
{
	struct lfp_rmap_link **pp, *old;
	int ret = -ENOENT;

	if (lfp_rmap_dead(map))
		return -EINVAL;
	pthread_mutex_lock(&map->tbl.lock);
	pp = lfp_rmap_find(map, key);
	old = *pp;
	if (old) {
		/* Between the lookup and the removal: writers wait. */
		lfp_inject("rmap.delete_lookup", map);
		/* A reader on @old walks on through its own link. */
		__atomic_store_n(pp, old->next[map->tbl.cur->gen],
				 __ATOMIC_RELEASE);
		/* Uncounted after it left: never undercounts. */
		lfp_rmap_size_add(map, -1);
		lfp_rmap_retire(map, lfp_rmap_node_of(old));
		lfp_rmap_balance(map);
		ret = 0;
	}
	pthread_mutex_unlock(&map->tbl.lock);
	return ret;
}

unsigned long lfp_rmap_size(struct lfp_rmap *map)
{
	if (lfp_rmap_dead(map))
		return 0;
	return __atomic_load_n(&map->tbl.size, __ATOMIC_SEQ_CST);
}

int lfp_rmap_for_each(struct lfp_rmap *map,
		      int (*fn)(struct lfp_rmap_node *node, void *arg),
		      void *arg)
{
	struct lfp_rmap_buckets *b;
	struct lfp_rmap_link *l;
	unsigned long i;
	int ret = 0;

	if (lfp_rmap_dead(map) || !fn)
		return -EINVAL;
	lfp_rmap_read_lock();
	/* One array for the whole walk: see "Resize" above. */
	b = __atomic_load_n(&map->tbl.cur, __ATOMIC_ACQUIRE);
	for (i = 0; i <= b->mask && !ret; i++)
		for (l = __atomic_load_n(&b->head[i], __ATOMIC_ACQUIRE);
		     l && !ret;
		     l = __atomic_load_n(&l->next[b->gen], __ATOMIC_ACQUIRE))
			ret = fn(lfp_rmap_node_of(l), arg);
	lfp_rmap_read_unlock();
	return ret;
}
