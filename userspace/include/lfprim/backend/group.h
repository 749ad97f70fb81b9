/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User-space layout of lfprim group: a pool of worker threads, a futex word. */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_GROUP_H
#include <lfprim/group.h>
#endif

#ifndef _LFPRIM_BACKEND_GROUP_H
#define _LFPRIM_BACKEND_GROUP_H

#include <pthread.h>

#include <lfprim/event.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lfp_group_worker;

/**
 * struct lfp_group - a bounded task group
 * @lock: guards @st, @ended, @idle and @nworkers
 * @seq: futex word, bumped whenever a task ends, a worker exits, a reaper
 *	 has joined what it took, or the group is cancelled
 * @sleepers: callers that may sleep on @seq (go() at the limit, wait())
 * @ended: workers that have exited and wait to be joined
 * @idle: workers waiting for a task
 * @nworkers: workers created and not yet joined
 * @cancel: fired on the first error or lfp_group_cancel()
 * @st: counters and state
 * @live: LFP_LIVE from a successful init until destroy (misuse checks)
 */
struct lfp_group {
	pthread_mutex_t lock;
	unsigned int seq;
	unsigned int sleepers;
	struct lfp_group_worker *ended;
	struct lfp_group_worker *idle;
	unsigned int nworkers;
	struct lfp_event cancel;
	struct lfp_group_stats st;
	unsigned int live;
};

/* lfprim-internal: wakes go() sleepers when a parent fires the cancel. */
void __lfp_group_cancel_fired(struct lfp_event *ev);

/*
 * An empty group at @lim, live (LFP_GROUP_INIT): user space only, the
 * kernel's group needs its workqueue allocated.
 */
#define __LFP_GROUP_INIT(name, lim) {					\
	.lock = PTHREAD_MUTEX_INITIALIZER,				\
	.seq = 0,							\
	.sleepers = 0,							\
	.ended = NULL,							\
	.idle = NULL,							\
	.nworkers = 0,							\
	.cancel = {							\
		.fired = 0 * sizeof((name).cancel),			\
		.waiters = 0,						\
		.nchildren = 0,						\
		.children = NULL,					\
		.parents = NULL,					\
		.walk_next = NULL,					\
		.on_fire = __lfp_group_cancel_fired,			\
	},								\
	.st = {								\
		.started = 0, .finished = 0, .failed = 0, .skipped = 0,	\
		.running = 0, .max_running = 0, .limit = (lim),	\
		.cancelled = 0, .first_error = 0,			\
	},								\
	.live = __LFP_LIVE,						\
}

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_GROUP_H */
