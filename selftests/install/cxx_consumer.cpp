// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A C++ program built against the installed library only: the inline fast
 * paths and the out-of-line calls of snap, pcount, event, dropq and rmap.
 * Exits nonzero, with a message, on the first wrong result.
 */
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include <lfprim/dropq.h>
#include <lfprim/event.h>
#include <lfprim/pcount.h>
#include <lfprim/rmap.h>
#include <lfprim/snap.h>

#define CHECK(cond) do { \
	if (!(cond)) { \
		std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		std::exit(1); \
	} \
} while (0)

struct obj {
	struct lfp_snap_node node;
	int value;
};

struct entry {
	struct lfp_rmap_node node;
	int value;
};

static int snap_frees;
static int rmap_frees;

static void obj_free(struct lfp_snap_node *n)
{
	snap_frees++;
	delete reinterpret_cast<struct obj *>(
		reinterpret_cast<char *>(n) - offsetof(struct obj, node));
}

static void entry_free(struct lfp_rmap_node *n)
{
	rmap_frees++;
	delete reinterpret_cast<struct entry *>(
		reinterpret_cast<char *>(n) - offsetof(struct entry, node));
}

/* The release function of the ref: the map is already destroyed. */
static void map_free(struct lfp_rmap *map)
{
	delete map;
}

int main()
{
	struct lfp_snap snap;
	struct obj *a = new obj(), *b = new obj();
	struct lfp_snap_node *cur;

	a->value = 1;
	b->value = 2;
	CHECK(lfp_snap_init(&snap, &a->node, obj_free) == 0);
	lfp_snap_read_lock();
	cur = lfp_snap_deref(&snap);
	CHECK(cur == &a->node);
	lfp_snap_read_unlock();
	CHECK(lfp_snap_publish_sync(&snap, &b->node) == 0);
	CHECK(snap_frees == 1);
	lfp_snap_read_lock();
	CHECK(lfp_snap_deref(&snap) == &b->node);
	lfp_snap_read_unlock();
	lfp_snap_destroy(&snap);
	CHECK(snap_frees == 2);

	struct lfp_pcount pc;

	CHECK(lfp_pcount_init(&pc, 4, 0) == 0);
	for (int i = 0; i < 10; i++)
		lfp_pcount_inc(&pc);
	lfp_pcount_add(&pc, 5);
	CHECK(lfp_pcount_sum(&pc) == 15);
	lfp_pcount_destroy(&pc);

	struct lfp_event ev;

	CHECK(lfp_event_init(&ev) == 0);
	CHECK(!lfp_event_is_fired(&ev));
	CHECK(lfp_event_wait(&ev, 0, NULL) == -ETIMEDOUT);
	CHECK(lfp_event_fire(&ev) == 1);
	CHECK(lfp_event_is_fired(&ev));
	CHECK(lfp_event_wait(&ev, LFP_WAIT_FOREVER, NULL) == 0);

	struct lfp_dropq q;
	int items[3] = { 1, 2, 3 };
	void *item;

	CHECK(lfp_dropq_init(&q, 2) == 0);
	CHECK(lfp_dropq_push(&q, &items[0]) == 0);
	CHECK(lfp_dropq_push(&q, &items[1]) == 0);
	CHECK(lfp_dropq_push(&q, &items[2]) == -ENOSPC);
	CHECK(lfp_dropq_try_pop(&q, &item) == 0 && item == &items[0]);
	CHECK(lfp_dropq_pop(&q, &item, 0, &ev) == 0 && item == &items[1]);
	CHECK(lfp_dropq_try_pop(&q, &item) == -EAGAIN);
	lfp_dropq_destroy(&q, NULL);

	struct lfp_rmap *map = new lfp_rmap;
	struct lfp_rmap_ref ref;
	struct entry *e = new entry();

	CHECK(lfp_rmap_init(map, entry_free) == 0);
	e->node.key = 42;
	e->value = 7;
	CHECK(lfp_rmap_insert(map, &e->node) == 0);
	CHECK(lfp_rmap_size(map) == 1);
	CHECK(lfp_rmap_ref_init(&ref) == 0);
	CHECK(lfp_rmap_ref_publish(&ref, map, map_free) == 0);
	lfp_rmap_read_lock();
	struct lfp_rmap *m = lfp_rmap_ref_deref(&ref);
	struct lfp_rmap_node *n = m ? lfp_rmap_lookup(m, 42) : NULL;

	CHECK(m == map);
	CHECK(n == &e->node);
	CHECK(lfp_rmap_lookup(m, 43) == NULL);
	lfp_rmap_read_unlock();
	lfp_rmap_ref_destroy(&ref);
	CHECK(rmap_frees == 1);

	std::printf("cxx consumer: all checks passed\n");
	return 0;
}
