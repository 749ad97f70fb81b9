// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim rmap, user-space side: liburcu's cds_lfht in the urcu-memb
 * flavour.  Every table call runs inside a read-side section, as cds_lfht
 * requires; writers need no lock of their own (add_unique, add_replace and
 * del are linearizable); retired nodes go through call_rcu.
 */
#include "live.h"

#include <lfprim/core/inject.h>
#include <lfprim/rmap.h>

#define lfp_rmap_dead(map)	lfp_misuse(lfp_dead(map, tbl.live))
#define lfp_rmap_ref_dead(ref)	lfp_misuse(lfp_dead(ref, snap.live))
#define lfp_rmap_in_free_fn(what)	lfp_misuse(lfp_rcu_refuse_in_free_fn(what))

#include <lfprim/core/rmap.h>

/* splitmix64's finalizer: every key bit reaches every hash bit. */
static unsigned long lfp_rmap_hash(unsigned long long k)
{
	k ^= k >> 30;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 27;
	k *= 0x94d049bb133111ebULL;
	k ^= k >> 31;
	return (unsigned long)k;
}

static int lfp_rmap_match(struct cds_lfht_node *node, const void *key)
{
	/* A node's key was written before it was published. */
	lfp_tsan_acquire(node);
	return lfp_container_of(node, struct lfp_rmap_node, link.node)->key ==
	       *(const unsigned long long *)key;
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

int lfp_rmap_init(struct lfp_rmap *map,
		  void (*free_fn)(struct lfp_rmap_node *node))
{
	if (!map || !free_fn)
		return -EINVAL;
	/* The table's resize worker must survive fork() too. */
	lfp_rcu_fork_handlers();
	map->tbl.ht = cds_lfht_new_flavor(64, 64, 0,
					  CDS_LFHT_AUTO_RESIZE | CDS_LFHT_ACCOUNTING,
					  &urcu_memb_flavor, NULL);
	if (!map->tbl.ht)
		return -ENOMEM;
	map->tbl.size = 0;
	map->free_fn = free_fn;
	map->release = NULL;
	lfp_live_set(&map->tbl.live);
	return 0;
}

void lfp_rmap_destroy(struct lfp_rmap *map)
{
	struct cds_lfht_iter iter;
	struct cds_lfht_node *n;

	if (lfp_rmap_dead(map) || lfp_rmap_in_free_fn(__func__))
		return;
	lfp_live_clear(&map->tbl.live);
	lfp_rmap_read_lock();
	cds_lfht_for_each(map->tbl.ht, &iter, n)
		if (!cds_lfht_del(map->tbl.ht, n))
			lfp_rmap_retire(map,
					lfp_container_of(n, struct lfp_rmap_node, link.node));
	lfp_rmap_read_unlock();
	/* Every node, retired now or before, is freed once this returns. */
	lfp_snap_barrier();
	/* Outside any read-side section: liburcu 0.13 can hang otherwise. */
	cds_lfht_destroy(map->tbl.ht, NULL);
	map->tbl.ht = NULL;
	map->tbl.size = 0;
}

static struct lfp_rmap_node *__lfp_rmap_lookup(struct lfp_rmap *map,
					       unsigned long long key)
{
	struct cds_lfht_iter iter;
	struct cds_lfht_node *n;

	cds_lfht_lookup(map->tbl.ht, lfp_rmap_hash(key), lfp_rmap_match, &key,
			&iter);
	n = cds_lfht_iter_get_node(&iter);
	if (!n)
		return NULL;
	lfp_tsan_acquire(n);
	return lfp_container_of(n, struct lfp_rmap_node, link.node);
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
 * increment precedes the add) until after it has left it (the decrement
 * follows the del or the replace that took it out), so it never counts
 * less than the nodes in the table nor goes below zero, and it counts at
 * most one node more per writer call in progress (see lfp_rmap_size() in
 * lfprim/rmap.h).  Sequentially consistent, so that the bounds hold
 * against any other sequentially consistent observation of the callers.
 */
static void lfp_rmap_size_add(struct lfp_rmap *map, long d)
{
	__atomic_fetch_add(&map->tbl.size, (unsigned long)d, __ATOMIC_SEQ_CST);
}

int lfp_rmap_insert(struct lfp_rmap *map, struct lfp_rmap_node *node)
{
	struct cds_lfht_node *n;

	if (lfp_rmap_dead(map) || !node)
		return -EINVAL;
	cds_lfht_node_init(&node->link.node);
	lfp_tsan_release(&node->link.node);
	lfp_rmap_size_add(map, 1);
	lfp_rmap_read_lock();
	n = cds_lfht_add_unique(map->tbl.ht, lfp_rmap_hash(node->key),
				lfp_rmap_match, &node->key, &node->link.node);
	lfp_rmap_read_unlock();
	if (n != &node->link.node) {
		lfp_rmap_size_add(map, -1);
		return -EEXIST;
	}
	/* The node is in the table; a delete may already take it out. */
	lfp_inject("rmap.insert_added", map);
	return 0;
}

int lfp_rmap_replace(struct lfp_rmap *map, struct lfp_rmap_node *node)
{
	struct cds_lfht_node *old;

	if (lfp_rmap_dead(map) || !node)
		return -EINVAL;
	cds_lfht_node_init(&node->link.node);
	lfp_tsan_release(&node->link.node);
	lfp_rmap_size_add(map, 1);
	lfp_rmap_read_lock();
	old = cds_lfht_add_replace(map->tbl.ht, lfp_rmap_hash(node->key),
				   lfp_rmap_match, &node->key, &node->link.node);
	if (old)
		lfp_rmap_retire(map, lfp_container_of(old, struct lfp_rmap_node,
						  link.node));
	lfp_rmap_read_unlock();
	if (!old)
		return 0;
	lfp_rmap_size_add(map, -1);
	return 1;
}

int lfp_rmap_delete(struct lfp_rmap *map, unsigned long long key)
{
	struct lfp_rmap_node *node;
	int ret = -ENOENT;

	if (lfp_rmap_dead(map))
		return -EINVAL;
	lfp_rmap_read_lock();
	while ((node = __lfp_rmap_lookup(map, key))) {
		/*
		 * Between the lookup and the del: a replace of this key or
		 * another delete may take @node out here.
		 */
		lfp_inject("rmap.delete_lookup", map);
		if (!cds_lfht_del(map->tbl.ht, &node->link.node)) {
			lfp_rmap_retire(map, node);
			ret = 0;
			break;
		}
		/*
		 * Someone else took @node out first.  A delete: the key may
		 * be gone, and the next lookup says so.  A replace: the key
		 * never left the map, and its new node is ours to delete.
		 * Either way this delete takes effect after that writer.
		 */
	}
	lfp_rmap_read_unlock();
	if (!ret)
		lfp_rmap_size_add(map, -1);
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
	struct cds_lfht_iter iter;
	struct cds_lfht_node *n;
	int ret = 0;

	if (lfp_rmap_dead(map) || !fn)
		return -EINVAL;
	lfp_rmap_read_lock();
	cds_lfht_for_each(map->tbl.ht, &iter, n) {
		lfp_tsan_acquire(n);
		ret = fn(lfp_container_of(n, struct lfp_rmap_node, link.node), arg);
		if (ret)
			break;
	}
	lfp_rmap_read_unlock();
	return ret;
}
