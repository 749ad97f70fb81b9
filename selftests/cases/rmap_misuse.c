// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * The misuse tests of rmap, both worlds, and of rmap_ref, user space
 * only (struct lfpt_misuse in lfpt.h, run by misuse.h; the kernel's test
 * build refuses a dead map as user space does, not a dead ref, whose
 * snap has a static initializer there).  Included by rmap.c.
 */

static void misuse_rmap_free(struct lfp_rmap_node *node)
{
	lfpt_misuse_count();
	lfpt_free(node);
}

static int misuse_rmap_visit(struct lfp_rmap_node *node, void *arg)
{
	lfpt_misuse_count();
	return 0;
}

static struct lfp_rmap_node *misuse_rmap_node(unsigned long long key)
{
	struct lfp_rmap_node *n = lfpt_zalloc(sizeof(*n));

	if (n)
		n->key = key;
	return n;
}

/* Offered to a dead map, which must not take it. */
static struct lfp_rmap_node misuse_rmap_dead_node = { .key = 1 };

static long long misuse_rmap_lookup(void *obj)
{
	struct lfp_rmap_node *n;

	lfp_rmap_read_lock();
	n = lfp_rmap_lookup(obj, 1);
	lfp_rmap_read_unlock();
	return (uintptr_t)n;
}

LFPT_PROBE_FN(rmap_lookup, misuse_rmap_lookup(o))
LFPT_PROBE_FN(rmap_insert, lfp_rmap_insert(o, &misuse_rmap_dead_node))
LFPT_PROBE_FN(rmap_insert_null, lfp_rmap_insert(o, NULL))
LFPT_PROBE_FN(rmap_replace, lfp_rmap_replace(o, &misuse_rmap_dead_node))
LFPT_PROBE_FN(rmap_replace_null, lfp_rmap_replace(o, NULL))
LFPT_PROBE_FN(rmap_delete, lfp_rmap_delete(o, 1))
LFPT_PROBE_FN(rmap_size, lfp_rmap_size(o))
LFPT_PROBE_FN(rmap_for_each, lfp_rmap_for_each(o, misuse_rmap_visit, NULL))
LFPT_PROBE_FN(rmap_for_each_null, lfp_rmap_for_each(o, NULL, NULL))
LFPT_PROBE_FN(rmap_destroy, (lfp_rmap_destroy(o), 0))
LFPT_PROBE_FN(rmap_barrier, (lfp_snap_barrier(), 0))
LFPT_PROBE_FN(rmap_init_null, lfp_rmap_init(NULL, misuse_rmap_free))
LFPT_PROBE_FN(rmap_init_no_free, lfp_rmap_init(o, NULL))

static const struct lfpt_probe misuse_rmap_dead[] = {
	LFPT_PROBE(rmap_lookup, 0),
	LFPT_PROBE(rmap_insert, -EINVAL),
	LFPT_PROBE(rmap_insert_null, -EINVAL),
	LFPT_PROBE(rmap_replace, -EINVAL),
	LFPT_PROBE(rmap_replace_null, -EINVAL),
	LFPT_PROBE(rmap_delete, -EINVAL),
	LFPT_PROBE(rmap_size, 0),
	LFPT_PROBE(rmap_for_each, -EINVAL),
	LFPT_PROBE(rmap_for_each_null, -EINVAL),
	LFPT_PROBE(rmap_destroy, 0),
	LFPT_PROBE(rmap_destroy, 0),
	LFPT_PROBE(rmap_barrier, 0),
};

static const struct lfpt_probe misuse_rmap_bad_init[] = {
	LFPT_PROBE(rmap_init_null, -EINVAL),
	LFPT_PROBE(rmap_init_no_free, -EINVAL),
};

static int misuse_rmap_init(void *obj)
{
	return lfp_rmap_init(obj, misuse_rmap_free);
}

static void misuse_rmap_live(struct lfpt *t, void *obj)
{
	struct lfp_rmap_node *n = misuse_rmap_node(7);

	LFPT_EXPECT_EQ(t, lfp_rmap_insert(obj, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_for_each(obj, NULL, NULL), -EINVAL);
	LFPT_EXPECT(t, n != NULL);
	LFPT_EXPECT_EQ(t, lfp_rmap_insert(obj, n), 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_size(obj), 1);
}

static void misuse_rmap_again(struct lfpt *t, void *obj)
{
	struct lfp_rmap_node *n = misuse_rmap_node(8);

	LFPT_EXPECT_EQ(t, lfp_rmap_init(obj, misuse_rmap_free), 0);
	LFPT_EXPECT(t, n != NULL);
	LFPT_EXPECT_EQ(t, lfp_rmap_insert(obj, n), 0);
	lfp_rmap_read_lock();
	LFPT_EXPECT(t, lfp_rmap_lookup(obj, 8) == n);
	lfp_rmap_read_unlock();
	LFPT_EXPECT_EQ(t, lfp_rmap_delete(obj, 8), 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_delete(obj, 8), -ENOENT);
	lfp_rmap_destroy(obj);
	/* The deleted node's free runs now, not in the checks that follow. */
	lfp_snap_barrier();
}

/* ---- rmap_ref (user space only) ---- */
#ifndef __KERNEL__

static void misuse_rmap_release(struct lfp_rmap *map)
{
	lfpt_misuse_count();
	free(map);
}

/*
 * A dead ref refuses a live map (and leaves it alone) and a map never
 * initialised, before the probes destroy it.
 */
static void misuse_ref_dead_hook(struct lfpt *t, void *ref)
{
	struct lfp_rmap *live = lfpt_misuse_mem(sizeof(*live), 0);
	struct lfp_rmap *z = lfpt_misuse_mem(sizeof(*z), 0);

	if (!live || !z || lfp_rmap_init(live, misuse_rmap_free)) {
		LFPT_EXPECT(t, !"a live map");
		free(live);
		free(z);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_publish(ref, NULL, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_publish(ref, live, misuse_rmap_release),
		       -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_publish(ref, z, misuse_rmap_release),
		       -EINVAL);
	LFPT_EXPECT(t, live->release == NULL);
	lfp_rmap_destroy(live);
	free(live);
	free(z);
}

LFPT_PROBE_FN(ref_destroy, (lfp_rmap_ref_destroy(o), 0))
LFPT_PROBE_FN(ref_init_null, lfp_rmap_ref_init(NULL))

static const struct lfpt_probe misuse_ref_dead[] = {
	LFPT_PROBE(ref_destroy, 0),
	LFPT_PROBE(ref_destroy, 0),
	LFPT_PROBE(rmap_barrier, 0),
};

static const struct lfpt_probe misuse_ref_bad_init[] = {
	LFPT_PROBE(ref_init_null, -EINVAL),
};

static int misuse_ref_init(void *obj)
{
	return lfp_rmap_ref_init(obj);
}

/*
 * A map never initialised, or destroyed, is not published; a live one
 * is, and the ref's destroy releases it.
 */
static void misuse_ref_live(struct lfpt *t, void *ref)
{
	struct lfp_rmap *map = lfpt_misuse_mem(sizeof(*map), 0);
	struct lfp_rmap *dead = lfpt_misuse_mem(sizeof(*dead), 0);

	if (!map || !dead || lfp_rmap_init(map, misuse_rmap_free)) {
		LFPT_EXPECT(t, !"a live map");
		free(map);
		free(dead);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_publish(ref, dead, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_init(dead, misuse_rmap_free), 0);
	lfp_rmap_destroy(dead);
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_publish(ref, dead, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_publish(ref, map, misuse_rmap_release),
		       0);
	free(dead);
}

static void misuse_ref_again(struct lfpt *t, void *ref)
{
	struct lfp_rmap *map = lfpt_misuse_mem(sizeof(*map), 0);
	unsigned int calls;

	if (!map || lfp_rmap_init(map, misuse_rmap_free)) {
		LFPT_EXPECT(t, !"a live map");
		free(map);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_init(ref), 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_ref_publish(ref, map, NULL), 0);
	lfp_rmap_read_lock();
	LFPT_EXPECT(t, lfp_rmap_ref_deref(ref) == map);
	lfp_rmap_read_unlock();
	calls = lfpt_misuse_calls_read();
	lfp_rmap_ref_destroy(ref);
	lfp_rmap_ref_destroy(ref);
	/* No release: the map was destroyed, and is the caller's to free. */
	LFPT_EXPECT_EQ(t, lfpt_misuse_calls_read(), calls);
	LFPT_EXPECT_EQ(t, lfp_rmap_size(map), 0);
	free(map);
}

#endif /* !__KERNEL__ */

static const struct lfpt_misuse lfpt_rmap_misuse[] = {
	{
		.name = "user_misuse_rmap",
		.size = sizeof(struct lfp_rmap),
		.dead = misuse_rmap_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_rmap_dead),
		.bad_init = misuse_rmap_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_rmap_bad_init),
		.init = misuse_rmap_init,
		.live = misuse_rmap_live,
		/* The node left is freed, once. */
		.destroy = LFPT_PROBE(rmap_destroy, 0),
		.calls = 1,
		.again = misuse_rmap_again,
	},
#ifndef __KERNEL__
	{
		.name = "user_misuse_rmap_ref",
		.size = sizeof(struct lfp_rmap_ref),
		.dead = misuse_ref_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_ref_dead),
		.dead_hook = misuse_ref_dead_hook,
		.bad_init = misuse_ref_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_ref_bad_init),
		.init = misuse_ref_init,
		.live = misuse_ref_live,
		/* The map's release, once. */
		.destroy = LFPT_PROBE(ref_destroy, 0),
		.calls = 1,
		.again = misuse_ref_again,
	},
#endif
};
