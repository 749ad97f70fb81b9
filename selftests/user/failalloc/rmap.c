// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failalloc scenarios: rmap */

#include <lfprim/rmap.h>

struct fa_rnode {
	struct lfp_rmap_node node;
	int val;
};

static void fa_rnode_free(struct lfp_rmap_node *node)
{
	free(lfp_container_of(node, struct fa_rnode, node));
}

static struct lfp_rmap_node *fa_rnode(unsigned long long key, int val)
{
	struct fa_rnode *n = calloc(1, sizeof(*n));

	if (!n) {
		perror("calloc");
		exit(2);
	}
	n->node.key = key;
	n->val = val;
	return &n->node;
}

/* The value under @key in @map, -1 if none. */
static int fa_rmap_val(struct lfp_rmap *map, unsigned long long key)
{
	struct lfp_rmap_node *n;
	int v = -1;

	lfp_rmap_read_lock();
	n = lfp_rmap_lookup(map, key);
	if (n)
		v = lfp_container_of(n, struct fa_rnode, node)->val;
	lfp_rmap_read_unlock();
	return v;
}

static int sc_rmap_init(void)
{
	struct lfp_rmap_node *n;
	struct lfp_rmap map;
	unsigned long m = fa_mark();
	int ret;

	memset(&map, 0, sizeof(map));
	ret = lfp_rmap_init(&map, fa_rnode_free);
	if (fa_hit(m)) {
		FA_CHECK(ret == -ENOMEM);
		n = fa_rnode(1, 1);
		FA_CHECK(lfp_rmap_insert(&map, n) == -EINVAL);
		fa_rnode_free(n);
		lfp_rmap_destroy(&map);
		return 0;
	}
	FA_CHECK(ret == 0);
	/* Insert, replace and delete allocate nothing of lfprim's. */
	FA_CHECK(lfp_rmap_insert(&map, fa_rnode(1, 10)) == 0);
	FA_CHECK(lfp_rmap_insert(&map, fa_rnode(2, 20)) == 0);
	n = fa_rnode(1, 11);
	FA_CHECK(lfp_rmap_insert(&map, n) == -EEXIST);
	FA_CHECK(lfp_rmap_replace(&map, n) == 1);
	FA_CHECK(lfp_rmap_delete(&map, 2) == 0);
	FA_CHECK(fa_rmap_val(&map, 1) == 11 && fa_rmap_val(&map, 2) == -1);
	FA_CHECK(lfp_rmap_size(&map) == 1);
	lfp_rmap_destroy(&map);
	return 0;
}

/*
 * Growth: the resizes allocate their bucket arrays (in the inserting
 * thread, or in call_rcu's worker once a grace period allows the next
 * one); a failed one only postpones growth, every insert succeeds.
 */
static int sc_rmap_grow(void)
{
	struct lfp_rmap map;
	unsigned long m = fa_mark();
	unsigned long long k;
	int ret;

	memset(&map, 0, sizeof(map));
	ret = lfp_rmap_init(&map, fa_rnode_free);
	if (fa_hit(m)) {
		FA_CHECK(ret == -ENOMEM);
		lfp_rmap_destroy(&map);
		return 0;
	}
	FA_CHECK(ret == 0);
	for (k = 1; k <= 300; k++)
		FA_CHECK(lfp_rmap_insert(&map, fa_rnode(k, (int)k)) == 0);
	lfp_snap_barrier();
	for (k = 1; k <= 300; k++)
		FA_CHECK(fa_rmap_val(&map, k) == (int)k);
	FA_CHECK(lfp_rmap_size(&map) == 300);
	lfp_rmap_destroy(&map);
	return 0;
}

static void fa_rmap_release(struct lfp_rmap *map)
{
	free(map);
}

/* Build a map of keys 1..3 holding @gen; NULL if its init failed. */
static struct lfp_rmap *fa_rmap_build(int gen, int *err)
{
	struct lfp_rmap *map = calloc(1, sizeof(*map));
	unsigned long long k;
	int ret;

	if (!map) {
		perror("calloc");
		exit(2);
	}
	ret = lfp_rmap_init(map, fa_rnode_free);
	if (ret) {
		*err = ret;
		free(map);
		return NULL;
	}
	for (k = 1; k <= 3; k++)
		if (lfp_rmap_insert(map, fa_rnode(k, gen)))
			*err = -EEXIST;
	return map;
}

/* The generation the ref serves (checked on every key), 0 if empty. */
static int fa_ref_gen(struct lfp_rmap_ref *ref)
{
	struct lfp_rmap *map;
	unsigned long long k;
	int gen = 0, v;

	lfp_rmap_read_lock();
	map = lfp_rmap_ref_deref(ref);
	for (k = 1; map && k <= 3; k++) {
		v = fa_rmap_val(map, k);
		if (k == 1)
			gen = v;
		else if (v != gen)
			gen = -1;
	}
	lfp_rmap_read_unlock();
	return gen;
}

/* Build and swap: a failed rebuild leaves the old map in service. */
static int sc_rmap_reload(void)
{
	struct lfp_rmap_ref ref;
	struct lfp_rmap *map;
	int gen, serving = 0, err;

	FA_CHECK(lfp_rmap_ref_init(&ref) == 0);
	for (gen = 1; gen <= 3; gen++) {
		unsigned long m = fa_mark();

		err = 0;
		map = fa_rmap_build(gen, &err);
		if (fa_hit(m)) {
			FA_CHECK(!map && err == -ENOMEM);
		} else {
			FA_CHECK(map && !err);
			FA_CHECK(lfp_rmap_ref_publish(&ref, map,
						      fa_rmap_release) == 0);
			serving = gen;
		}
		FA_CHECK(fa_ref_gen(&ref) == serving);
	}
	lfp_rmap_ref_destroy(&ref);
	return 0;
}

/* Part of the noalloc scenario: the rmap calls that must not allocate. */
static void fa_rmap_noalloc(void)
{
	struct lfp_rmap_ref ref;

	FA_CHECK(lfp_rmap_ref_init(&ref) == 0);
	lfp_rmap_ref_destroy(&ref);
}

static const struct fa_scenario fa_rmap_scenarios[] = {
	{ .name = "rmap_init", .run = sc_rmap_init },
	{ .name = "rmap_grow", .run = sc_rmap_grow },
	{ .name = "rmap_reload", .run = sc_rmap_reload },
};

static const struct fa_prim fa_prim_rmap =
	FA_PRIM(fa_rmap_scenarios, fa_rmap_noalloc);
