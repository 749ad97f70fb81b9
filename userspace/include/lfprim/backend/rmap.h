/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-space layout of lfprim rmap: a chained hash table under RCU
 * (urcu-memb), writers serialised by a mutex (userspace/rmap.c).
 */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_RMAP_H
#include <lfprim/rmap.h>
#endif

#ifndef _LFPRIM_BACKEND_RMAP_H
#define _LFPRIM_BACKEND_RMAP_H

#include <pthread.h>
#include <lfprim/backend/snap.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lfp_rmap_link - a node's place in the table
 * @next: the next node of its chain, one link set per bucket array
 *	generation (a resize links every node into the new array with the
 *	set the old one does not use)
 */
struct lfp_rmap_link {
	struct lfp_rmap_link *next[2];
};

struct lfp_rmap_buckets;

/**
 * struct lfp_rmap_table - the table
 * @cur: the bucket array readers walk (RCU-published)
 * @live: LFP_LIVE from a successful lfp_rmap_init() until destroy (misuse
 *	checks; next to @cur, which every lookup reads too)
 * @gen_busy: readers may still walk the previous array, whose link set
 *	the next resize would rewrite: set by a resize, cleared once that
 *	array is retired after a grace period (under @lock)
 * @dying: set by destroy: no resize any more (under @lock)
 * @size: nodes in the table
 * @lock: serialises writers, resizes and the retirement of old arrays
 */
struct lfp_rmap_table {
	struct lfp_rmap_buckets *cur;
	unsigned int live;
	unsigned int gen_busy;
	unsigned int dying;
	unsigned long size;
	pthread_mutex_t lock;
};

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_RMAP_H */
