// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-failalloc scenarios: snap.  The copy is the caller's allocation,
 * counted here.
 */

#include <lfprim/snap.h>

/* A user allocation counted like lfprim's (the snap scenario's copy). */
static void *fa_user_alloc(size_t size)
{
	return fa_fail(ENOMEM) ? NULL : calloc(1, size);
}

struct fa_obj {
	struct lfp_snap_node node;
	int *val;
};

static void fa_obj_free(struct lfp_snap_node *node)
{
	struct fa_obj *o = lfp_container_of(node, struct fa_obj, node);

	free(o->val);
	free(o);
}

static int fa_modify(const struct lfp_snap_node *old,
		     struct lfp_snap_node *scratch, void *arg)
{
	struct fa_obj *s = lfp_container_of(scratch, struct fa_obj, node);
	const struct fa_obj *o = old ? lfp_container_of(old, struct fa_obj, node) :
				 NULL;

	(void)arg;
	free(s->val);
	s->val = fa_user_alloc(sizeof(*s->val));
	if (!s->val)
		return -ENOMEM;
	*s->val = (o ? *o->val : 0) + 1;
	return 0;
}

static int fa_snap_val(struct lfp_snap *snap)
{
	struct lfp_snap_node *n;
	int v = 0;

	lfp_snap_read_lock();
	n = lfp_snap_deref(snap);
	if (n)
		v = *lfp_container_of(n, struct fa_obj, node)->val;
	lfp_snap_read_unlock();
	return v;
}

static int sc_snap_update(void)
{
	struct lfp_snap snap;
	struct fa_obj *s;
	unsigned long m;
	int i, ret, val = 0;

	FA_CHECK(lfp_snap_init(&snap, NULL, fa_obj_free) == 0);
	for (i = 0; i < 3; i++) {
		s = calloc(1, sizeof(*s));
		if (!s)
			exit(2);
		m = fa_mark();
		ret = lfp_snap_update(&snap, &s->node, fa_modify, NULL);
		if (fa_hit(m)) {
			/* Aborted with @modify's errno: @s stays ours. */
			FA_CHECK(ret == -ENOMEM);
			fa_obj_free(&s->node);
		} else {
			FA_CHECK(ret == 0);
			val++;
		}
		FA_CHECK(fa_snap_val(&snap) == val);
	}
	lfp_snap_destroy(&snap);
	lfp_snap_barrier();
	return 0;
}

static void fa_node_free(struct lfp_snap_node *node)
{
	free(node);
}

/* Part of the noalloc scenario: the snap calls that must not allocate. */
static void fa_snap_noalloc(void)
{
	struct lfp_snap_node *n;
	struct lfp_snap snap;

	FA_CHECK(lfp_snap_init(&snap, NULL, fa_node_free) == 0);
	n = calloc(1, sizeof(*n));
	FA_CHECK(n && lfp_snap_publish(&snap, n) == 0);
	n = calloc(1, sizeof(*n));
	FA_CHECK(n && lfp_snap_publish_sync(&snap, n) == 0);
	lfp_snap_destroy(&snap);
	lfp_snap_barrier();
}

static const struct fa_scenario fa_snap_scenarios[] = {
	{ .name = "snap_update", .run = sc_snap_update },
};

static const struct fa_prim fa_prim_snap =
	FA_PRIM(fa_snap_scenarios, fa_snap_noalloc);
