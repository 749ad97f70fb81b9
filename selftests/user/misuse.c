// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * User space only: API misuse (the "Misuse:" paragraphs of the contract
 * headers).  Every out-of-line call of every primitive meets a NULL
 * object, a zeroed never-initialised one, one filled with garbage and a
 * destroyed one, and must answer with the documented error or do nothing;
 * init refuses NULL and zero sizes; a second destroy is harmless; and the
 * object works again after a fresh init.  A check that is missing shows
 * as a crash (the suite also runs under ASan and Valgrind) or as a wrong
 * value.  Included by lfprim_selftests.c.
 */
#include <lfprim/batch.h>
#include <lfprim/dropq.h>
#include <lfprim/event.h>
#include <lfprim/group.h>
#include <lfprim/pcount.h>
#include <lfprim/pubsub.h>
#include <lfprim/rmap.h>
#include <lfprim/sflight.h>
#include <lfprim/snap.h>

/* Heap memory that was never initialised: zeroes, or @fill bytes. */
static void *misuse_mem(size_t size, int fill)
{
	void *p = malloc(size);

	if (p)
		memset(p, fill, size);
	return p;
}

#define MISUSE_GARBAGE	0xa5

/* Counts calls of the callbacks below; they must not run on misuse. */
static unsigned int misuse_calls;

static unsigned int misuse_calls_read(void)
{
	return __atomic_load_n(&misuse_calls, __ATOMIC_SEQ_CST);
}

static void misuse_count(void)
{
	__atomic_fetch_add(&misuse_calls, 1, __ATOMIC_SEQ_CST);
}

static void misuse_drop(void *item)
{
	misuse_count();
}

/* ---- snap ---- */

static void misuse_snap_free(struct lfp_snap_node *node)
{
	misuse_count();
	free(node);
}

static int misuse_snap_modify(const struct lfp_snap_node *old,
			      struct lfp_snap_node *scratch, void *arg)
{
	misuse_count();
	return 0;
}

static void misuse_snap_dead(struct __test_metadata *_metadata,
			     struct lfp_snap *snap)
{
	struct lfp_snap_node node = { .free_fn = NULL };
	struct lfp_snap_stats st;
	unsigned int calls = misuse_calls_read();

	EXPECT_EQ(-EINVAL, lfp_snap_publish(snap, NULL));
	EXPECT_EQ(-EINVAL, lfp_snap_publish(snap, &node));
	EXPECT_EQ(-EINVAL, lfp_snap_publish_sync(snap, &node));
	EXPECT_EQ(-EINVAL, lfp_snap_update(snap, &node, misuse_snap_modify,
					   NULL));
	memset(&st, MISUSE_GARBAGE, sizeof(st));
	lfp_snap_get_stats(snap, &st);
	EXPECT_EQ(0ULL, st.publishes + st.updates + st.retries + st.retired);
	lfp_snap_get_stats(snap, NULL);
	lfp_snap_destroy(snap);
	lfp_snap_destroy(snap);
	lfp_snap_barrier();
	EXPECT_EQ(calls, misuse_calls_read());
}

TEST(user_misuse_snap)
{
	struct lfp_snap *z = misuse_mem(sizeof(*z), 0);
	struct lfp_snap *g = misuse_mem(sizeof(*g), MISUSE_GARBAGE);
	struct lfp_snap *snap = misuse_mem(sizeof(*snap), 0);
	struct lfp_snap_node *n;
	struct lfp_snap_stats st;
	unsigned int calls;

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, g);
	ASSERT_NE(NULL, snap);
	misuse_snap_dead(_metadata, NULL);
	misuse_snap_dead(_metadata, z);
	misuse_snap_dead(_metadata, g);

	EXPECT_EQ(-EINVAL, lfp_snap_init(NULL, NULL, misuse_snap_free));
	EXPECT_EQ(-EINVAL, lfp_snap_init(snap, NULL, NULL));
	misuse_snap_dead(_metadata, snap);

	calls = misuse_calls_read();
	ASSERT_EQ(0, lfp_snap_init(snap, calloc(1, sizeof(*n)),
				   misuse_snap_free));
	EXPECT_EQ(0, lfp_snap_publish(snap, calloc(1, sizeof(*n))));
	lfp_snap_get_stats(snap, NULL);
	lfp_snap_destroy(snap);
	lfp_snap_barrier();
	/* The replaced object and the current one, each once. */
	EXPECT_EQ(calls + 2, misuse_calls_read());
	misuse_snap_dead(_metadata, snap);

	/* A fresh init after destroy works. */
	ASSERT_EQ(0, lfp_snap_init(snap, NULL, misuse_snap_free));
	n = calloc(1, sizeof(*n));
	ASSERT_NE(NULL, n);
	EXPECT_EQ(0, lfp_snap_publish_sync(snap, n));
	lfp_snap_read_lock();
	EXPECT_EQ(n, lfp_snap_deref(snap));
	lfp_snap_read_unlock();
	lfp_snap_get_stats(snap, &st);
	EXPECT_EQ(1ULL, st.publishes);
	lfp_snap_destroy(snap);
	lfp_snap_barrier();
	free(snap);
	free(g);
	free(z);
}

/* ---- pcount ---- */

static void misuse_pcount_dead(struct __test_metadata *_metadata,
			       struct lfp_pcount *pc)
{
	EXPECT_EQ(-EINVAL, lfp_pcount_set_batch(pc, 8));
	EXPECT_EQ(-EINVAL, lfp_pcount_set_batch(pc, 0));
	EXPECT_EQ(0LL, lfp_pcount_sum(pc));
	EXPECT_EQ(0ULL, lfp_pcount_error_bound(pc));
	EXPECT_EQ(0U, lfp_pcount_batch(pc));
	lfp_pcount_destroy(pc);
	lfp_pcount_destroy(pc);
}

TEST(user_misuse_pcount)
{
	struct lfp_pcount *z = misuse_mem(sizeof(*z), 0);
	struct lfp_pcount *g = misuse_mem(sizeof(*g), MISUSE_GARBAGE);
	struct lfp_pcount *pc = misuse_mem(sizeof(*pc), 0);

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, g);
	ASSERT_NE(NULL, pc);
	misuse_pcount_dead(_metadata, NULL);
	misuse_pcount_dead(_metadata, z);
	misuse_pcount_dead(_metadata, g);

	EXPECT_EQ(-EINVAL, lfp_pcount_init(NULL, 8, 0));
	EXPECT_EQ(-ERANGE, lfp_pcount_init(pc, 0, 0));
	EXPECT_EQ(-ERANGE, lfp_pcount_init(pc, 0, LFP_PCOUNT_PER_CPU));
	misuse_pcount_dead(_metadata, pc);

	ASSERT_EQ(0, lfp_pcount_init(pc, 8, 0));
	lfp_pcount_add(pc, 3);
	EXPECT_EQ(3LL, lfp_pcount_sum(pc));
	lfp_pcount_destroy(pc);
	misuse_pcount_dead(_metadata, pc);

	ASSERT_EQ(0, lfp_pcount_init(pc, 8, LFP_PCOUNT_PER_CPU));
	lfp_pcount_add(pc, 5);
	EXPECT_EQ(5LL, lfp_pcount_sum(pc));
	EXPECT_EQ(0, lfp_pcount_set_batch(pc, 4));
	EXPECT_EQ(4U, lfp_pcount_batch(pc));
	lfp_pcount_destroy(pc);
	misuse_pcount_dead(_metadata, pc);
	free(pc);
	free(g);
	free(z);
}

/* ---- event (no destroy: only NULL is detected) ---- */

TEST(user_misuse_event)
{
	struct lfp_event *ev = misuse_mem(sizeof(*ev), MISUSE_GARBAGE);

	ASSERT_NE(NULL, ev);
	EXPECT_EQ(-EINVAL, lfp_event_init(NULL));
	EXPECT_EQ(-EINVAL, lfp_event_fire(NULL));
	EXPECT_EQ(-EINVAL, lfp_event_wait(NULL, 0, NULL));
	EXPECT_EQ(-EINVAL, lfp_event_wait(NULL, LFP_WAIT_FOREVER, NULL));
	EXPECT_EQ(-EINVAL, lfp_event_wait_killable(NULL, 10, NULL));
	EXPECT_EQ(-EINVAL, lfp_event_reinit(NULL));
	EXPECT_EQ(0U, lfp_event_waiters(NULL));

	ASSERT_EQ(0, lfp_event_init(ev));
	EXPECT_EQ(-ETIMEDOUT, lfp_event_wait(ev, 0, NULL));
	EXPECT_EQ(1, lfp_event_fire(ev));
	EXPECT_EQ(0, lfp_event_fire(ev));
	EXPECT_EQ(0, lfp_event_wait(ev, LFP_WAIT_FOREVER, NULL));
	EXPECT_EQ(0U, lfp_event_waiters(ev));
	EXPECT_EQ(0, lfp_event_reinit(ev));
	EXPECT_EQ(0, lfp_event_is_fired(ev));
	free(ev);
}

/* ---- dropq ---- */

static void misuse_dropq_dead(struct __test_metadata *_metadata,
			      struct lfp_dropq *q)
{
	struct lfp_dropq_stats st;
	unsigned int calls = misuse_calls_read();
	void *item = NULL;
	int x;

	EXPECT_EQ(-EINVAL, lfp_dropq_push(q, &x));
	EXPECT_EQ(-EINVAL, lfp_dropq_push(q, NULL));
	EXPECT_EQ(-EINVAL, lfp_dropq_try_pop(q, &item));
	EXPECT_EQ(-EINVAL, lfp_dropq_try_pop(q, NULL));
	EXPECT_EQ(-EINVAL, lfp_dropq_pop(q, &item, 0, NULL));
	EXPECT_EQ(-EINVAL, lfp_dropq_pop(q, &item, LFP_WAIT_FOREVER, NULL));
	EXPECT_EQ(NULL, item);
	EXPECT_EQ(-EINVAL, lfp_dropq_resize(q, 4));
	EXPECT_EQ(-EINVAL, lfp_dropq_resize(q, 0));
	memset(&st, MISUSE_GARBAGE, sizeof(st));
	lfp_dropq_get_stats(q, &st);
	EXPECT_EQ(0ULL, st.accepted + st.dropped + st.consumed);
	EXPECT_EQ(0U, st.len + st.hwm + st.capacity);
	EXPECT_EQ(0, st.closed);
	lfp_dropq_get_stats(q, NULL);
	lfp_dropq_close(q);
	lfp_dropq_destroy(q, misuse_drop);
	lfp_dropq_destroy(q, misuse_drop);
	EXPECT_EQ(calls, misuse_calls_read());
}

TEST(user_misuse_dropq)
{
	struct lfp_dropq *z = misuse_mem(sizeof(*z), 0);
	struct lfp_dropq *g = misuse_mem(sizeof(*g), MISUSE_GARBAGE);
	struct lfp_dropq *q = misuse_mem(sizeof(*q), 0);
	struct lfp_dropq_stats st;
	unsigned int calls;
	void *item;
	int x, y;

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, g);
	ASSERT_NE(NULL, q);
	misuse_dropq_dead(_metadata, NULL);
	misuse_dropq_dead(_metadata, z);
	misuse_dropq_dead(_metadata, g);

	EXPECT_EQ(-EINVAL, lfp_dropq_init(NULL, 4));
	EXPECT_EQ(-ERANGE, lfp_dropq_init(q, 0));
	EXPECT_EQ(-ERANGE, lfp_dropq_init(q, LFP_DROPQ_CAP_MAX + 1));
	misuse_dropq_dead(_metadata, q);

	ASSERT_EQ(0, lfp_dropq_init(q, 4));
	EXPECT_EQ(-EINVAL, lfp_dropq_try_pop(q, NULL));
	EXPECT_EQ(-EINVAL, lfp_dropq_pop(q, NULL, 10, NULL));
	EXPECT_EQ(-ERANGE, lfp_dropq_resize(q, 0));
	lfp_dropq_get_stats(q, NULL);
	EXPECT_EQ(0, lfp_dropq_push(q, &x));
	EXPECT_EQ(0, lfp_dropq_push(q, &y));
	/* The NULL out-pointer took nothing. */
	lfp_dropq_get_stats(q, &st);
	EXPECT_EQ(2U, st.len);
	calls = misuse_calls_read();
	lfp_dropq_destroy(q, misuse_drop);
	EXPECT_EQ(calls + 2, misuse_calls_read());
	misuse_dropq_dead(_metadata, q);

	ASSERT_EQ(0, lfp_dropq_init(q, 1));
	EXPECT_EQ(0, lfp_dropq_push(q, &x));
	EXPECT_EQ(-ENOSPC, lfp_dropq_push(q, &y));
	EXPECT_EQ(0, lfp_dropq_pop(q, &item, 0, NULL));
	EXPECT_EQ(&x, item);
	lfp_dropq_get_stats(q, &st);
	EXPECT_EQ(1ULL, st.accepted);
	EXPECT_EQ(1ULL, st.dropped);
	lfp_dropq_destroy(q, NULL);
	misuse_dropq_dead(_metadata, q);
	free(q);
	free(g);
	free(z);
}

/* ---- rmap and rmap_ref ---- */

static void misuse_rmap_free(struct lfp_rmap_node *node)
{
	misuse_count();
	free(node);
}

static int misuse_rmap_visit(struct lfp_rmap_node *node, void *arg)
{
	misuse_count();
	return 0;
}

static void misuse_rmap_release(struct lfp_rmap *map)
{
	misuse_count();
	free(map);
}

static struct lfp_rmap_node *misuse_rmap_node(unsigned long long key)
{
	struct lfp_rmap_node *n = calloc(1, sizeof(*n));

	if (n)
		n->key = key;
	return n;
}

static void misuse_rmap_dead(struct __test_metadata *_metadata,
			     struct lfp_rmap *map)
{
	struct lfp_rmap_node node = { .key = 1 };
	unsigned int calls = misuse_calls_read();

	lfp_rmap_read_lock();
	EXPECT_EQ(NULL, lfp_rmap_lookup(map, 1));
	lfp_rmap_read_unlock();
	EXPECT_EQ(-EINVAL, lfp_rmap_insert(map, &node));
	EXPECT_EQ(-EINVAL, lfp_rmap_insert(map, NULL));
	EXPECT_EQ(-EINVAL, lfp_rmap_replace(map, &node));
	EXPECT_EQ(-EINVAL, lfp_rmap_replace(map, NULL));
	EXPECT_EQ(-EINVAL, lfp_rmap_delete(map, 1));
	EXPECT_EQ(0UL, lfp_rmap_size(map));
	EXPECT_EQ(-EINVAL, lfp_rmap_for_each(map, misuse_rmap_visit, NULL));
	EXPECT_EQ(-EINVAL, lfp_rmap_for_each(map, NULL, NULL));
	lfp_rmap_destroy(map);
	lfp_rmap_destroy(map);
	lfp_snap_barrier();
	EXPECT_EQ(calls, misuse_calls_read());
}

/* @live: a live map the dead ref must refuse (and leave alone). */
static void misuse_ref_dead(struct __test_metadata *_metadata,
			    struct lfp_rmap_ref *ref, struct lfp_rmap *live)
{
	struct lfp_rmap *z = misuse_mem(sizeof(*z), 0);
	unsigned int calls = misuse_calls_read();

	ASSERT_NE(NULL, z);
	EXPECT_EQ(-EINVAL, lfp_rmap_ref_publish(ref, NULL, NULL));
	EXPECT_EQ(-EINVAL, lfp_rmap_ref_publish(ref, live, misuse_rmap_release));
	EXPECT_EQ(-EINVAL, lfp_rmap_ref_publish(ref, z, misuse_rmap_release));
	EXPECT_EQ(NULL, live->release);
	lfp_rmap_ref_destroy(ref);
	lfp_rmap_ref_destroy(ref);
	lfp_snap_barrier();
	EXPECT_EQ(calls, misuse_calls_read());
	free(z);
}

TEST(user_misuse_rmap)
{
	struct lfp_rmap *z = misuse_mem(sizeof(*z), 0);
	struct lfp_rmap *g = misuse_mem(sizeof(*g), MISUSE_GARBAGE);
	struct lfp_rmap *map = misuse_mem(sizeof(*map), 0);
	struct lfp_rmap_node *n;
	unsigned int calls;

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, g);
	ASSERT_NE(NULL, map);
	misuse_rmap_dead(_metadata, NULL);
	misuse_rmap_dead(_metadata, z);
	misuse_rmap_dead(_metadata, g);

	EXPECT_EQ(-EINVAL, lfp_rmap_init(NULL, misuse_rmap_free));
	EXPECT_EQ(-EINVAL, lfp_rmap_init(map, NULL));
	misuse_rmap_dead(_metadata, map);

	ASSERT_EQ(0, lfp_rmap_init(map, misuse_rmap_free));
	EXPECT_EQ(-EINVAL, lfp_rmap_insert(map, NULL));
	EXPECT_EQ(-EINVAL, lfp_rmap_for_each(map, NULL, NULL));
	n = misuse_rmap_node(7);
	ASSERT_NE(NULL, n);
	EXPECT_EQ(0, lfp_rmap_insert(map, n));
	EXPECT_EQ(1UL, lfp_rmap_size(map));
	calls = misuse_calls_read();
	lfp_rmap_destroy(map);
	EXPECT_EQ(calls + 1, misuse_calls_read());
	misuse_rmap_dead(_metadata, map);

	ASSERT_EQ(0, lfp_rmap_init(map, misuse_rmap_free));
	n = misuse_rmap_node(8);
	ASSERT_NE(NULL, n);
	EXPECT_EQ(0, lfp_rmap_insert(map, n));
	lfp_rmap_read_lock();
	EXPECT_EQ(n, lfp_rmap_lookup(map, 8));
	lfp_rmap_read_unlock();
	EXPECT_EQ(0, lfp_rmap_delete(map, 8));
	EXPECT_EQ(-ENOENT, lfp_rmap_delete(map, 8));
	lfp_rmap_destroy(map);
	free(map);
	free(g);
	free(z);
}

TEST(user_misuse_rmap_ref)
{
	struct lfp_rmap_ref *z = misuse_mem(sizeof(*z), 0);
	struct lfp_rmap_ref *g = misuse_mem(sizeof(*g), MISUSE_GARBAGE);
	struct lfp_rmap_ref *ref = misuse_mem(sizeof(*ref), 0);
	struct lfp_rmap *map = misuse_mem(sizeof(*map), 0);
	struct lfp_rmap *dead = misuse_mem(sizeof(*dead), 0);
	unsigned int calls;

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, g);
	ASSERT_NE(NULL, ref);
	ASSERT_NE(NULL, map);
	ASSERT_NE(NULL, dead);
	ASSERT_EQ(0, lfp_rmap_init(map, misuse_rmap_free));
	misuse_ref_dead(_metadata, NULL, map);
	misuse_ref_dead(_metadata, z, map);
	misuse_ref_dead(_metadata, g, map);

	EXPECT_EQ(-EINVAL, lfp_rmap_ref_init(NULL));
	ASSERT_EQ(0, lfp_rmap_ref_init(ref));
	/* A map never initialised, or destroyed, is not published. */
	EXPECT_EQ(-EINVAL, lfp_rmap_ref_publish(ref, dead, NULL));
	ASSERT_EQ(0, lfp_rmap_init(dead, misuse_rmap_free));
	lfp_rmap_destroy(dead);
	EXPECT_EQ(-EINVAL, lfp_rmap_ref_publish(ref, dead, NULL));
	EXPECT_EQ(0, lfp_rmap_ref_publish(ref, map, misuse_rmap_release));
	calls = misuse_calls_read();
	lfp_rmap_ref_destroy(ref);
	/* The map's release, once. */
	EXPECT_EQ(calls + 1, misuse_calls_read());
	map = misuse_mem(sizeof(*map), 0);
	ASSERT_NE(NULL, map);
	ASSERT_EQ(0, lfp_rmap_init(map, misuse_rmap_free));
	misuse_ref_dead(_metadata, ref, map);

	ASSERT_EQ(0, lfp_rmap_ref_init(ref));
	EXPECT_EQ(0, lfp_rmap_ref_publish(ref, map, NULL));
	lfp_rmap_read_lock();
	EXPECT_EQ(map, lfp_rmap_ref_deref(ref));
	lfp_rmap_read_unlock();
	calls = misuse_calls_read();
	lfp_rmap_ref_destroy(ref);
	lfp_rmap_ref_destroy(ref);
	/* No release: the map was destroyed, and is the caller's to free. */
	EXPECT_EQ(calls, misuse_calls_read());
	EXPECT_EQ(0UL, lfp_rmap_size(map));
	free(map);
	free(dead);
	free(ref);
	free(g);
	free(z);
}

/* ---- sflight ---- */

static int misuse_sflight_fn(void *arg, void **res)
{
	misuse_count();
	*res = arg;
	return 3;
}

static void misuse_sflight_dead(struct __test_metadata *_metadata,
				struct lfp_sflight *g)
{
	struct lfp_sflight_stats st;
	unsigned int calls = misuse_calls_read();
	void *res = NULL;
	int shared = -1;

	EXPECT_EQ(-EINVAL, lfp_sflight_do(g, 1, misuse_sflight_fn, &res, &res,
					  &shared, 0, NULL));
	EXPECT_EQ(-EINVAL, lfp_sflight_do(g, 1, NULL, NULL, NULL, NULL, 0,
					  NULL));
	EXPECT_EQ(NULL, res);
	EXPECT_EQ(-1, shared);
	EXPECT_EQ(-EINVAL, lfp_sflight_forget(g, 1));
	memset(&st, MISUSE_GARBAGE, sizeof(st));
	lfp_sflight_get_stats(g, &st);
	EXPECT_EQ(0ULL, st.leaders + st.shared + st.left + st.forgets);
	EXPECT_EQ(0U, st.inflight);
	lfp_sflight_get_stats(g, NULL);
	EXPECT_EQ(-EINVAL, lfp_sflight_destroy(g));
	EXPECT_EQ(-EINVAL, lfp_sflight_destroy(g));
	EXPECT_EQ(calls, misuse_calls_read());
}

TEST(user_misuse_sflight)
{
	struct lfp_sflight *z = misuse_mem(sizeof(*z), 0);
	struct lfp_sflight *gb = misuse_mem(sizeof(*gb), MISUSE_GARBAGE);
	struct lfp_sflight *g = misuse_mem(sizeof(*g), 0);
	struct lfp_sflight_stats st;
	void *res = NULL;
	int shared = -1;

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, gb);
	ASSERT_NE(NULL, g);
	misuse_sflight_dead(_metadata, NULL);
	misuse_sflight_dead(_metadata, z);
	misuse_sflight_dead(_metadata, gb);

	EXPECT_EQ(-EINVAL, lfp_sflight_init(NULL));
	ASSERT_EQ(0, lfp_sflight_init(g));
	EXPECT_EQ(-EINVAL, lfp_sflight_do(g, 1, NULL, NULL, NULL, NULL, 0,
					  NULL));
	lfp_sflight_get_stats(g, NULL);
	EXPECT_EQ(3, lfp_sflight_do(g, 1, misuse_sflight_fn, g, &res, &shared,
				    0, NULL));
	EXPECT_EQ(g, res);
	EXPECT_EQ(0, shared);
	EXPECT_EQ(0, lfp_sflight_forget(g, 1));
	EXPECT_EQ(0, lfp_sflight_destroy(g));
	misuse_sflight_dead(_metadata, g);

	ASSERT_EQ(0, lfp_sflight_init(g));
	EXPECT_EQ(3, lfp_sflight_do(g, 2, misuse_sflight_fn, NULL, NULL, NULL,
				    0, NULL));
	lfp_sflight_get_stats(g, &st);
	EXPECT_EQ(1ULL, st.leaders);
	EXPECT_EQ(0, lfp_sflight_destroy(g));
	free(g);
	free(gb);
	free(z);
}

/* ---- group ---- */

static int misuse_group_fn(void *arg, struct lfp_event *cancel)
{
	misuse_count();
	return 0;
}

static void misuse_group_dead(struct __test_metadata *_metadata,
			      struct lfp_group *g)
{
	struct lfp_group_stats st;
	unsigned int calls = misuse_calls_read();

	EXPECT_EQ(-EINVAL, lfp_group_go(g, misuse_group_fn, NULL, 0, NULL));
	EXPECT_EQ(-EINVAL, lfp_group_go(g, misuse_group_fn, NULL,
					LFP_WAIT_FOREVER, NULL));
	EXPECT_EQ(-EINVAL, lfp_group_go(g, NULL, NULL, 0, NULL));
	EXPECT_EQ(-EINVAL, lfp_group_try_go(g, misuse_group_fn, NULL));
	EXPECT_EQ(-EINVAL, lfp_group_try_go(g, NULL, NULL));
	EXPECT_EQ(-EINVAL, lfp_group_wait(g));
	EXPECT_EQ(-EINVAL, lfp_group_set_limit(g, 2));
	EXPECT_EQ(-EINVAL, lfp_group_set_limit(g, 0));
	memset(&st, MISUSE_GARBAGE, sizeof(st));
	lfp_group_get_stats(g, &st);
	EXPECT_EQ(0ULL, st.started + st.finished + st.failed + st.skipped);
	EXPECT_EQ(0U, st.running + st.max_running + st.limit);
	EXPECT_EQ(0, st.cancelled);
	EXPECT_EQ(0, st.first_error);
	lfp_group_get_stats(g, NULL);
	lfp_group_cancel(g);
	lfp_group_destroy(g);
	lfp_group_destroy(g);
	EXPECT_EQ(calls, misuse_calls_read());
}

TEST(user_misuse_group)
{
	struct lfp_group *z = misuse_mem(sizeof(*z), 0);
	struct lfp_group *gb = misuse_mem(sizeof(*gb), MISUSE_GARBAGE);
	struct lfp_group *g = misuse_mem(sizeof(*g), 0);
	struct lfp_group_stats st;
	unsigned int calls;

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, gb);
	ASSERT_NE(NULL, g);
	misuse_group_dead(_metadata, NULL);
	misuse_group_dead(_metadata, z);
	misuse_group_dead(_metadata, gb);

	EXPECT_EQ(-EINVAL, lfp_group_init(NULL, 2));
	EXPECT_EQ(-ERANGE, lfp_group_init(g, 0));
	EXPECT_EQ(-ERANGE, lfp_group_init(g, LFP_GROUP_LIMIT_MAX + 1));
	misuse_group_dead(_metadata, g);

	ASSERT_EQ(0, lfp_group_init(g, 2));
	EXPECT_EQ(-EINVAL, lfp_group_go(g, NULL, NULL, 0, NULL));
	EXPECT_EQ(-EINVAL, lfp_group_try_go(g, NULL, NULL));
	EXPECT_EQ(-ERANGE, lfp_group_set_limit(g, 0));
	lfp_group_get_stats(g, NULL);
	calls = misuse_calls_read();
	EXPECT_EQ(0, lfp_group_try_go(g, misuse_group_fn, NULL));
	EXPECT_EQ(0, lfp_group_wait(g));
	EXPECT_EQ(calls + 1, misuse_calls_read());
	lfp_group_destroy(g);
	misuse_group_dead(_metadata, g);

	ASSERT_EQ(0, lfp_group_init(g, 1));
	EXPECT_EQ(0, lfp_group_go(g, misuse_group_fn, NULL, LFP_WAIT_FOREVER,
				  NULL));
	EXPECT_EQ(0, lfp_group_wait(g));
	lfp_group_get_stats(g, &st);
	EXPECT_EQ(1ULL, st.finished);
	lfp_group_destroy(g);
	free(g);
	free(gb);
	free(z);
}

/* ---- batch ---- */

static void misuse_batch_flush(void **items, unsigned int n, void *arg)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		misuse_count();
}

static void misuse_batch_dead(struct __test_metadata *_metadata,
			      struct lfp_batch *b)
{
	struct lfp_batch_stats st;
	unsigned int calls = misuse_calls_read();
	int x;

	EXPECT_EQ(-EINVAL, lfp_batch_add(b, &x));
	EXPECT_EQ(-EINVAL, lfp_batch_add(b, NULL));
	EXPECT_EQ(-EINVAL, lfp_batch_set_max_items(b, 1));
	EXPECT_EQ(-EINVAL, lfp_batch_set_max_items(b, 0));
	EXPECT_EQ(-EINVAL, lfp_batch_set_max_delay(b, 1));
	EXPECT_EQ(-EINVAL, lfp_batch_set_max_delay(b, 0));
	memset(&st, MISUSE_GARBAGE, sizeof(st));
	lfp_batch_get_stats(b, &st);
	EXPECT_EQ(0ULL, st.added + st.dropped + st.flushed + st.size_flushes +
		  st.time_flushes + st.close_flushes);
	EXPECT_EQ(0U, st.pending + st.capacity + st.max_items +
		  st.max_delay_ms);
	EXPECT_EQ(0, st.closed);
	lfp_batch_get_stats(b, NULL);
	lfp_batch_close(b);
	lfp_batch_destroy(b);
	lfp_batch_destroy(b);
	EXPECT_EQ(calls, misuse_calls_read());
}

TEST(user_misuse_batch)
{
	struct lfp_batch *z = misuse_mem(sizeof(*z), 0);
	struct lfp_batch *g = misuse_mem(sizeof(*g), MISUSE_GARBAGE);
	struct lfp_batch *b = misuse_mem(sizeof(*b), 0);
	struct lfp_batch_stats st;
	unsigned int calls;
	int x, y;

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, g);
	ASSERT_NE(NULL, b);
	misuse_batch_dead(_metadata, NULL);
	misuse_batch_dead(_metadata, z);
	misuse_batch_dead(_metadata, g);

	EXPECT_EQ(-EINVAL, lfp_batch_init(NULL, 4, 4, 1000, misuse_batch_flush,
					  NULL));
	EXPECT_EQ(-EINVAL, lfp_batch_init(b, 4, 4, 1000, NULL, NULL));
	EXPECT_EQ(-ERANGE, lfp_batch_init(b, 0, 1, 1000, misuse_batch_flush,
					  NULL));
	EXPECT_EQ(-ERANGE, lfp_batch_init(b, 4, 0, 1000, misuse_batch_flush,
					  NULL));
	EXPECT_EQ(-ERANGE, lfp_batch_init(b, 4, 4, 0, misuse_batch_flush,
					  NULL));
	misuse_batch_dead(_metadata, b);

	ASSERT_EQ(0, lfp_batch_init(b, 4, 4, 100000, misuse_batch_flush, NULL));
	EXPECT_EQ(-EINVAL, lfp_batch_add(b, NULL));
	EXPECT_EQ(-ERANGE, lfp_batch_set_max_items(b, 0));
	EXPECT_EQ(-ERANGE, lfp_batch_set_max_delay(b, 0));
	lfp_batch_get_stats(b, NULL);
	calls = misuse_calls_read();
	EXPECT_EQ(0, lfp_batch_add(b, &x));
	EXPECT_EQ(0, lfp_batch_add(b, &y));
	/* Destroy closes: the pending items are flushed, once. */
	lfp_batch_destroy(b);
	EXPECT_EQ(calls + 2, misuse_calls_read());
	misuse_batch_dead(_metadata, b);

	ASSERT_EQ(0, lfp_batch_init(b, 2, 2, 100000, misuse_batch_flush, NULL));
	EXPECT_EQ(0, lfp_batch_add(b, &x));
	lfp_batch_close(b);
	EXPECT_EQ(-EPIPE, lfp_batch_add(b, &y));
	lfp_batch_get_stats(b, &st);
	EXPECT_EQ(1ULL, st.flushed);
	EXPECT_EQ(1ULL, st.dropped);
	lfp_batch_destroy(b);
	free(b);
	free(g);
	free(z);
}

/* ---- pubsub ---- */

static void misuse_pubsub_dead(struct __test_metadata *_metadata,
			       struct lfp_pubsub *ps)
{
	struct lfp_pubsub_sub *sub = misuse_mem(sizeof(*sub), 0);
	int x;

	ASSERT_NE(NULL, sub);
	EXPECT_EQ(-EINVAL, lfp_pubsub_subscribe(ps, sub, 4));
	EXPECT_EQ(-EINVAL, lfp_pubsub_subscribe(ps, NULL, 4));
	EXPECT_EQ(-EINVAL, lfp_pubsub_subscribe(ps, sub, 0));
	EXPECT_EQ(-EINVAL, lfp_pubsub_publish(ps, &x));
	EXPECT_EQ(-EINVAL, lfp_pubsub_publish(ps, NULL));
	EXPECT_EQ(0U, lfp_pubsub_subscribers(ps));
	lfp_pubsub_unsubscribe(ps, sub);
	lfp_pubsub_unsubscribe(ps, NULL);
	EXPECT_EQ(-EINVAL, lfp_pubsub_destroy(ps));
	EXPECT_EQ(-EINVAL, lfp_pubsub_destroy(ps));
	/* The refused subscription was left alone. */
	lfp_pubsub_sub_destroy(sub, misuse_drop);
	free(sub);
}

/* Every call on a subscription that is not subscribed, or destroyed. */
static void misuse_sub_dead(struct __test_metadata *_metadata,
			    struct lfp_pubsub *ps, struct lfp_pubsub_sub *sub)
{
	struct lfp_dropq_stats st;
	unsigned int calls = misuse_calls_read();
	unsigned int n = lfp_pubsub_subscribers(ps);
	void *msg = NULL;

	lfp_pubsub_unsubscribe(ps, sub);
	EXPECT_EQ(n, lfp_pubsub_subscribers(ps));
	EXPECT_EQ(-EINVAL, lfp_pubsub_pop(sub, &msg, 0, NULL));
	EXPECT_EQ(NULL, msg);
	memset(&st, MISUSE_GARBAGE, sizeof(st));
	lfp_pubsub_sub_stats(sub, &st);
	EXPECT_EQ(0ULL, st.accepted + st.dropped + st.consumed);
	EXPECT_EQ(0U, st.capacity);
	lfp_pubsub_sub_destroy(sub, misuse_drop);
	lfp_pubsub_sub_destroy(sub, misuse_drop);
	EXPECT_EQ(calls, misuse_calls_read());
}

TEST(user_misuse_pubsub)
{
	struct lfp_pubsub *z = misuse_mem(sizeof(*z), 0);
	struct lfp_pubsub *g = misuse_mem(sizeof(*g), MISUSE_GARBAGE);
	struct lfp_pubsub *ps = misuse_mem(sizeof(*ps), 0);
	struct lfp_pubsub_sub *zs = misuse_mem(sizeof(*zs), 0);
	struct lfp_pubsub_sub *gs = misuse_mem(sizeof(*gs), MISUSE_GARBAGE);
	struct lfp_pubsub_sub *sub = misuse_mem(sizeof(*sub), 0);
	unsigned int calls;
	void *msg = NULL;
	int x, y;

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, g);
	ASSERT_NE(NULL, ps);
	ASSERT_NE(NULL, zs);
	ASSERT_NE(NULL, gs);
	ASSERT_NE(NULL, sub);
	misuse_pubsub_dead(_metadata, NULL);
	misuse_pubsub_dead(_metadata, z);
	misuse_pubsub_dead(_metadata, g);

	EXPECT_EQ(-EINVAL, lfp_pubsub_init(NULL));
	misuse_pubsub_dead(_metadata, ps);
	ASSERT_EQ(0, lfp_pubsub_init(ps));
	misuse_sub_dead(_metadata, ps, zs);
	misuse_sub_dead(_metadata, ps, gs);
	EXPECT_EQ(-EINVAL, lfp_pubsub_sub_destroy(NULL, misuse_drop));
	EXPECT_EQ(-EINVAL, lfp_pubsub_subscribe(ps, NULL, 4));
	EXPECT_EQ(-ERANGE, lfp_pubsub_subscribe(ps, sub, 0));
	EXPECT_EQ(-ERANGE, lfp_pubsub_subscribe(ps, sub, LFP_DROPQ_CAP_MAX + 1));
	EXPECT_EQ(-EINVAL, lfp_pubsub_publish(ps, NULL));
	misuse_sub_dead(_metadata, ps, sub);

	ASSERT_EQ(0, lfp_pubsub_subscribe(ps, sub, 4));
	/* Still subscribed: sub_destroy refuses and leaves it alone. */
	EXPECT_EQ(-EBUSY, lfp_pubsub_sub_destroy(sub, misuse_drop));
	EXPECT_EQ(1, lfp_pubsub_publish(ps, &x));
	EXPECT_EQ(1, lfp_pubsub_publish(ps, &y));
	EXPECT_EQ(0, lfp_pubsub_pop(sub, &msg, 0, NULL));
	EXPECT_EQ(&x, msg);
	EXPECT_EQ(-EBUSY, lfp_pubsub_destroy(ps));
	lfp_pubsub_unsubscribe(NULL, sub);
	lfp_pubsub_unsubscribe(ps, NULL);
	EXPECT_EQ(1U, lfp_pubsub_subscribers(ps));
	lfp_pubsub_unsubscribe(ps, sub);
	/* A second unsubscribe does nothing: the count stays right. */
	lfp_pubsub_unsubscribe(ps, sub);
	EXPECT_EQ(0U, lfp_pubsub_subscribers(ps));
	EXPECT_EQ(0, lfp_pubsub_publish(ps, &x));
	calls = misuse_calls_read();
	EXPECT_EQ(0, lfp_pubsub_sub_destroy(sub, misuse_drop));
	EXPECT_EQ(calls + 1, misuse_calls_read());
	misuse_sub_dead(_metadata, ps, sub);
	EXPECT_EQ(0, lfp_pubsub_destroy(ps));
	misuse_pubsub_dead(_metadata, ps);

	/* A fresh init, and a fresh subscription, work. */
	ASSERT_EQ(0, lfp_pubsub_init(ps));
	ASSERT_EQ(0, lfp_pubsub_subscribe(ps, sub, 2));
	EXPECT_EQ(1, lfp_pubsub_publish(ps, &y));
	EXPECT_EQ(0, lfp_pubsub_pop(sub, &msg, 0, NULL));
	EXPECT_EQ(&y, msg);
	lfp_pubsub_unsubscribe(ps, sub);
	EXPECT_EQ(-EPIPE, lfp_pubsub_pop(sub, &msg, 0, NULL));
	lfp_pubsub_sub_destroy(sub, NULL);
	EXPECT_EQ(0, lfp_pubsub_destroy(ps));
	free(sub);
	free(gs);
	free(zs);
	free(ps);
	free(g);
	free(z);
}
