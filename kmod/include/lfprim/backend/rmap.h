/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout of lfprim rmap: an rhashtable and a writers' mutex. */
#ifndef _LFPRIM_BACKEND_RMAP_H
#define _LFPRIM_BACKEND_RMAP_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/rhashtable-types.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_rmap_link - a node's place in the table
 * @head: rhashtable's link
 */
struct lfp_rmap_link {
	struct rhash_head head;
};

/**
 * struct lfp_rmap_table - the table
 * @ht: the rhashtable (u64 keys)
 * @lock: serializes writers
 * @size: nodes in the table
 * @live: LFP_LIVE from a successful lfp_rmap_init() until destroy (the debug
 *        build's misuse checks, include/lfprim/core/live.h)
 */
struct lfp_rmap_table {
	struct rhashtable ht;
	struct mutex lock;
	atomic_long_t size;
	unsigned int live;
};

#endif /* _LFPRIM_BACKEND_RMAP_H */
