/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User-space layout of lfprim dropq: a slot array under two mutexes. */
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

/**
 * struct lfp_dropq - a bounded drop-counting queue
 * @slot: @capacity slots, NULL when free
 * @pad0: keeps the producers' fields off the lines above (padding, not
 *	alignment, so that plain malloc() memory holds a queue)
 * @pad1: keeps the consumers' fields off the producers' lines
 * @pad2: keeps the futex word off the consumers' lines
 * @capacity: most items queued at once
 * @live: LFP_LIVE from a successful init until destroy (misuse checks)
 * @prod_lock: serializes producers (and close, resize)
 * @head: next slot to fill (under @prod_lock)
 * @hwm: high-water mark of @len (under @prod_lock)
 * @closed: set once, under @prod_lock
 * @cons_lock: serializes consumers (and resize)
 * @tail: next slot to take (under @cons_lock)
 * @seq: futex word of blocked consumers, bumped when they may proceed
 * @waiters: consumers blocked or about to block
 * @accepted: pushes accepted (under @prod_lock)
 * @dropped: pushes dropped (under @prod_lock)
 * @consumed: items popped (under @cons_lock)
 */
struct lfp_dropq {
	void **slot;
	unsigned int capacity;
	unsigned int live;

	char pad0[LFP_CACHELINE];
	pthread_mutex_t prod_lock;
	unsigned int head;
	unsigned int hwm;
	int closed;
	unsigned long long accepted;
	unsigned long long dropped;

	char pad1[LFP_CACHELINE];
	pthread_mutex_t cons_lock;
	unsigned int tail;
	unsigned long long consumed;

	char pad2[LFP_CACHELINE];
	unsigned int seq;
	unsigned int waiters;
};

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_DROPQ_H */
