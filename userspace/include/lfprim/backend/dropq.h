/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User-space layout of lfprim dropq: a lock-free ring of sequenced slots. */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_DROPQ_H
#include <lfprim/dropq.h>
#endif

#ifndef _LFPRIM_BACKEND_DROPQ_H
#define _LFPRIM_BACKEND_DROPQ_H

#include <pthread.h>

#include <lfprim/backend/compat.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The slot array and what it was built for (library-internal). */
struct lfp_dropq_ring;

/**
 * struct lfp_dropq - a bounded drop-counting queue
 * @ring: the slots, replaced by resize and freed after a grace period
 * @live: LFP_LIVE from a successful init until destroy (misuse checks)
 * @hwm: high-water mark of the length
 * @lock: serializes resize (and the stats' slow path); producers and
 *	consumers wait on it only while a resize holds the queue frozen
 * @pad0: keeps the producers' word off the lines above (padding, not
 *	alignment, so that plain malloc() memory holds a queue)
 * @enq: next position to fill, with the closed and frozen flags
 * @pad1: keeps the consumers' word off the producers' line
 * @deq: next position to take, with the frozen flag
 * @pad2: keeps the drop count off the consumers' line
 * @dropped: pushes dropped
 * @pad3: keeps the futex word off the drop count's line
 * @seq: futex word of blocked consumers, bumped when they may proceed
 * @waiters: consumers blocked or about to block
 */
struct lfp_dropq {
	struct lfp_dropq_ring *ring;
	unsigned int live;
	unsigned int hwm;
	pthread_mutex_t lock;

	char pad0[LFP_CACHELINE];
	unsigned long long enq;

	char pad1[LFP_CACHELINE];
	unsigned long long deq;

	char pad2[LFP_CACHELINE];
	unsigned long long dropped;

	char pad3[LFP_CACHELINE];
	unsigned int seq;
	unsigned int waiters;
};

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_DROPQ_H */
