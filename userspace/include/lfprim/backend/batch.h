/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User-space layout of lfprim batch: a mutex, two buffers, a thread. */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_BATCH_H
#include <lfprim/batch.h>
#endif

#ifndef _LFPRIM_BACKEND_BATCH_H
#define _LFPRIM_BACKEND_BATCH_H

#include <pthread.h>
#include <time.h>

#include <lfprim/backend/compat.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lfp_batch - a size-or-time batcher
 * @lock: guards everything but @thread
 * @cond: wakes the flush thread
 * @done: wakes closers once the flush thread has been joined
 * @thread: the flush thread
 * @buf: pending items
 * @spare: the other buffer (NULL while a flush uses it)
 * @deadline: CLOCK_MONOTONIC time of the time flush, if items are pending
 * @flush: the flush function
 * @arg: its argument
 * @joined: 1 once a close() has taken on joining @thread, 2 once it has
 *	   (every close() returns only then)
 * @st: counters and settings
 * @live: LFP_LIVE from a successful init until destroy (misuse checks)
 */
struct lfp_batch {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_cond_t done;
	pthread_t thread;
	void **buf;
	void **spare;
	struct timespec deadline;
	void (*flush)(void **items, unsigned int n, void *arg);
	void *arg;
	int joined;
	struct lfp_batch_stats st;
	unsigned int live;
};

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_BATCH_H */
