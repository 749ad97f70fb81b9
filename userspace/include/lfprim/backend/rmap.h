/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User-space layout of lfprim rmap: liburcu's cds_lfht, urcu-memb flavour. */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_RMAP_H
#include <lfprim/rmap.h>
#endif

#ifndef _LFPRIM_BACKEND_RMAP_H
#define _LFPRIM_BACKEND_RMAP_H

#include <lfprim/backend/snap.h>
#include <urcu/rculfhash.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lfp_rmap_link - a node's place in the table
 * @node: cds_lfht's link
 */
struct lfp_rmap_link {
	struct cds_lfht_node node;
};

/**
 * struct lfp_rmap_table - the table
 * @ht: the lock-free hash table (resizes itself)
 * @size: nodes in the table
 * @live: LFP_LIVE from a successful lfp_rmap_init() until destroy (misuse
 *	checks)
 */
struct lfp_rmap_table {
	struct cds_lfht *ht;
	unsigned long size;
	unsigned int live;
};

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_RMAP_H */
