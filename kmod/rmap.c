// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim rmap, kernel side: an rhashtable keyed by u64, lookups under RCU,
 * writers serialized by a mutex so that "replace" and "delete then
 * retire" are single steps, nodes freed by call_rcu().
 */
#include <linux/export.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable.h>

#include "compat.h"

#include <lfprim/core/inject.h>
#include <lfprim/core/live.h>

/* The debug build refuses a dead map (core/live.h); release: nothing. */
#define lfp_rmap_dead(map)		unlikely(lfp_dead(map, tbl.live))
#define lfp_rmap_ref_dead(ref)		((void)(ref), 0)
#define lfp_rmap_in_free_fn(what)	((void)(what), 0)

#include <lfprim/core/rmap.h>

static const struct rhashtable_params lfp_rmap_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct lfp_rmap_node, key),
	.head_offset = offsetof(struct lfp_rmap_node, link.head),
	.automatic_shrinking = true,
};

/*
 * The size counter counts a node from before it is in the table until
 * after it has left it (see lfp_rmap_size() in lfprim/rmap.h); fully
 * ordered against the caller's other accesses.
 */
static void lfp_rmap_size_add(struct lfp_rmap *map, long d)
{
	atomic_long_add_return(d, &map->tbl.size);
}

static void lfp_rmap_free_rcu(struct rcu_head *rcu)
{
	struct lfp_rmap_node *node = container_of(rcu, struct lfp_rmap_node, rcu);

	node->free_fn(node);
}

static void lfp_rmap_retire(struct lfp_rmap *map, struct lfp_rmap_node *node)
{
	node->free_fn = map->free_fn;
	call_rcu(&node->rcu, lfp_rmap_free_rcu);
}

int lfp_rmap_init(struct lfp_rmap *map,
		  void (*free_fn)(struct lfp_rmap_node *node))
{
	int ret;

	if (!map || !free_fn)
		return -EINVAL;
	ret = rhashtable_init(&map->tbl.ht, &lfp_rmap_params);
	if (ret)
		return ret;
	mutex_init(&map->tbl.lock);
	atomic_long_set(&map->tbl.size, 0);
	map->free_fn = free_fn;
	map->release = NULL;
	lfp_live_set(&map->tbl.live);
	return 0;
}
LFP_EXPORT(lfp_rmap_init);

static void lfp_rmap_free_now(void *ptr, void *arg)
{
	struct lfp_rmap_node *node = ptr;
	struct lfp_rmap *map = arg;

	map->free_fn(node);
}

void lfp_rmap_destroy(struct lfp_rmap *map)
{
	/* Not from a free function in softirq: this sleeps. */
	might_sleep();
	if (lfp_rmap_dead(map))
		return;
	lfp_live_clear(&map->tbl.live);
	/* Readers may still hold nodes: let them finish first. */
	synchronize_rcu();
	rhashtable_free_and_destroy(&map->tbl.ht, lfp_rmap_free_now, map);
	/* And the nodes retired before. */
	rcu_barrier();
	mutex_destroy(&map->tbl.lock);
}
LFP_EXPORT(lfp_rmap_destroy);

struct lfp_rmap_node *lfp_rmap_lookup(struct lfp_rmap *map,
				      unsigned long long key)
{
	u64 k = key;

	if (lfp_rmap_dead(map))
		return NULL;
	return rhashtable_lookup(&map->tbl.ht, &k, lfp_rmap_params);
}
LFP_EXPORT(lfp_rmap_lookup);

int lfp_rmap_insert(struct lfp_rmap *map, struct lfp_rmap_node *node)
{
	int ret;

	if (lfp_rmap_dead(map) || !node)
		return -EINVAL;
	mutex_lock(&map->tbl.lock);
	/* Counted before it can be seen: lfp_rmap_size() never undercounts. */
	lfp_rmap_size_add(map, 1);
	ret = rhashtable_lookup_insert_fast(&map->tbl.ht, &node->link.head,
					    lfp_rmap_params);
	if (ret)
		lfp_rmap_size_add(map, -1);
	else
		/* The node is in the table (sleepable, writers wait). */
		lfp_inject("rmap.insert_added", map);
	mutex_unlock(&map->tbl.lock);
	return ret;
}
LFP_EXPORT(lfp_rmap_insert);

int lfp_rmap_replace(struct lfp_rmap *map, struct lfp_rmap_node *node)
{
	struct lfp_rmap_node *old;
	u64 k;
	int ret;

	if (lfp_rmap_dead(map) || !node)
		return -EINVAL;
	k = node->key;
	mutex_lock(&map->tbl.lock);
	lfp_rmap_size_add(map, 1);
	/* Writers are serialized: old cannot go away under us. */
	old = rhashtable_lookup_fast(&map->tbl.ht, &k, lfp_rmap_params);
	if (old) {
		ret = rhashtable_replace_fast(&map->tbl.ht, &old->link.head,
					      &node->link.head, lfp_rmap_params);
		if (!ret) {
			lfp_rmap_retire(map, old);
			ret = 1;
		}
	} else {
		ret = rhashtable_insert_fast(&map->tbl.ht, &node->link.head,
					     lfp_rmap_params);
	}
	/* One node in for one out, or none in. */
	if (ret)
		lfp_rmap_size_add(map, -1);
	mutex_unlock(&map->tbl.lock);
	return ret;
}
LFP_EXPORT(lfp_rmap_replace);

int lfp_rmap_delete(struct lfp_rmap *map, unsigned long long key)
{
	struct lfp_rmap_node *old;
	u64 k = key;
	int ret = -ENOENT;

	if (lfp_rmap_dead(map))
		return -EINVAL;
	mutex_lock(&map->tbl.lock);
	old = rhashtable_lookup_fast(&map->tbl.ht, &k, lfp_rmap_params);
	if (old) {
		/*
		 * Between the lookup and the removal (sleepable; writers
		 * are serialized, so a replace waits for this delete).
		 */
		lfp_inject("rmap.delete_lookup", map);
		ret = rhashtable_remove_fast(&map->tbl.ht, &old->link.head,
					     lfp_rmap_params);
		if (!ret) {
			/* Uncounted after it left: never undercounts. */
			lfp_rmap_size_add(map, -1);
			lfp_rmap_retire(map, old);
		}
	}
	mutex_unlock(&map->tbl.lock);
	return ret;
}
LFP_EXPORT(lfp_rmap_delete);

unsigned long lfp_rmap_size(struct lfp_rmap *map)
{
	if (lfp_rmap_dead(map))
		return 0;
	/* Pairs with the barriers of lfp_rmap_size_add(). */
	smp_mb();
	return atomic_long_read(&map->tbl.size);
}
LFP_EXPORT(lfp_rmap_size);

int lfp_rmap_for_each(struct lfp_rmap *map,
		      int (*fn)(struct lfp_rmap_node *node, void *arg),
		      void *arg)
{
	struct rhashtable_iter iter;
	struct lfp_rmap_node *node;
	int ret = 0;

	if (lfp_rmap_dead(map) || !fn)
		return -EINVAL;
	/*
	 * Only the table's resize worker moves nodes between the current
	 * and the future table, and it does so under ht.mutex.  Holding it
	 * keeps every node where it is for the walk, so the walk's -EAGAIN
	 * (end of one table, on to the next) never hands over a node it has
	 * already visited, even with a resize pending.  Writers never take
	 * ht.mutex, so they run on; the resize waits for the walk.
	 */
	mutex_lock(&map->tbl.ht.mutex);
	rhashtable_walk_enter(&map->tbl.ht, &iter);
	rhashtable_walk_start(&iter);
	while ((node = rhashtable_walk_next(&iter))) {
		if (IS_ERR(node)) {
			/* On to the future table. */
			if (PTR_ERR(node) == -EAGAIN)
				continue;
			break;
		}
		ret = fn(node, arg);
		if (ret)
			break;
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	mutex_unlock(&map->tbl.ht.mutex);
	return ret;
}
LFP_EXPORT(lfp_rmap_for_each);
