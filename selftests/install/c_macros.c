// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A C program with its own container_of and ARRAY_SIZE, defined before
 * the lfprim headers (MACROS_FIRST) or after them: the headers must
 * neither redefine nor use them (built with -Werror).
 */
#include <stddef.h>
#include <stdio.h>

static int own_uses;

#ifdef MACROS_FIRST
#define container_of(ptr, type, member) \
	((own_uses++, (type *)((char *)(ptr) - offsetof(type, member))))
#define ARRAY_SIZE(a)	(own_uses++, sizeof(a) / sizeof((a)[0]))
#endif

#include <lfprim/batch.h>
#include <lfprim/dropq.h>
#include <lfprim/event.h>
#include <lfprim/group.h>
#include <lfprim/pcount.h>
#include <lfprim/pubsub.h>
#include <lfprim/rmap.h>
#include <lfprim/sampler.h>
#include <lfprim/seqstat.h>
#include <lfprim/sflight.h>
#include <lfprim/snap.h>

#ifndef MACROS_FIRST
#if defined(container_of) || defined(ARRAY_SIZE) || defined(EXPORT_SYMBOL_GPL)
#error "the lfprim headers define a generic macro"
#endif
#define container_of(ptr, type, member) \
	((own_uses++, (type *)((char *)(ptr) - offsetof(type, member))))
#define ARRAY_SIZE(a)	(own_uses++, sizeof(a) / sizeof((a)[0]))
#endif

struct obj {
	int pad;
	struct lfp_snap_node node;
};

static void obj_free(struct lfp_snap_node *node)
{
}

static void node_free(struct lfp_rmap_node *node)
{
}

static void map_release(struct lfp_rmap *map)
{
}

int main(void)
{
	static struct obj objs[2];
	struct lfp_rmap_ref ref;
	struct lfp_rmap map;
	struct lfp_snap snap;
	struct obj *o;
	int bad = 0;

	if (lfp_snap_init(&snap, &objs[1].node, obj_free) ||
	    lfp_rmap_init(&map, node_free) || lfp_rmap_ref_init(&ref) ||
	    lfp_rmap_ref_publish(&ref, &map, map_release))
		bad = 1;
	lfp_snap_read_lock();
	o = container_of(lfp_snap_deref(&snap), struct obj, node);
	/* Inline, and through lfprim's own container_of. */
	if (lfp_rmap_ref_deref(&ref) != &map)
		bad = 1;
	lfp_snap_read_unlock();
	lfp_rmap_ref_destroy(&ref);
	lfp_snap_destroy(&snap);
	/* Exactly the program's own two uses went through its macros. */
	if (bad || o != &objs[1] || ARRAY_SIZE(objs) != 2 || own_uses != 2) {
		fprintf(stderr, "c_macros: bad=%d own_uses=%d\n", bad, own_uses);
		return 1;
	}
	printf("c_macros: all checks passed\n");
	return 0;
}
