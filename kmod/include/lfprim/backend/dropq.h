/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout of lfprim dropq: a ptr_ring and its counters. */
#ifndef _LFPRIM_BACKEND_DROPQ_H
#define _LFPRIM_BACKEND_DROPQ_H

#include <linux/atomic.h>
#include <linux/ptr_ring.h>
#include <linux/wait.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_dropq - a bounded drop-counting queue
 * @ring: the slots, ptr_ring's producer and consumer locks
 * @capacity: most items accepted at once
 * @hwm: high-water mark of the items queued, @accepted - @consumed
 *       (written under the producer lock)
 * @closed: set once, under the producer lock
 * @accepted: pushes accepted (written under the producer lock; a push
 *             counts its item just before queueing it)
 * @dropped: pushes dropped
 * @consumed: items popped (incremented under the consumer lock)
 * @wq: blocked consumers
 * @live: LFP_LIVE from a successful init until destroy (the debug
 *        build's misuse checks, include/lfprim/core/live.h)
 */
struct lfp_dropq {
	struct ptr_ring ring;
	unsigned int capacity;
	unsigned int hwm;
	int closed;
	atomic64_t accepted;
	atomic64_t dropped;
	atomic64_t consumed;
	wait_queue_head_t wq;
	unsigned int live;
};

#endif /* _LFPRIM_BACKEND_DROPQ_H */
