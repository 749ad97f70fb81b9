/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User-space layout of lfprim pubsub: liburcu's rculist and a mutex. */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_PUBSUB_H
#include <lfprim/pubsub.h>
#endif

#ifndef _LFPRIM_BACKEND_PUBSUB_H
#define _LFPRIM_BACKEND_PUBSUB_H

#include <pthread.h>
#include <urcu/list.h>

#include <lfprim/backend/compat.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lfp_pubsub_link - a subscription's place in the list
 * @node: the list node
 * @live: LFP_LIVE from a successful subscribe until unsubscribe (misuse
 *	checks; the subscription's queue has its own, until sub_destroy);
 *	read and written under the topic's lock
 * @leaving: futex word, 1 while an unsubscribe is between taking @node off
 *	the list and closing the queue (set under the topic's lock), 0 after
 */
struct lfp_pubsub_link {
	struct cds_list_head node;
	unsigned int live;
	unsigned int leaving;
};

/**
 * struct lfp_pubsub - a topic
 * @subs: the subscriptions, an RCU list
 * @lock: serializes subscribe and unsubscribe
 * @nsubs: number of subscriptions (under @lock)
 * @live: LFP_LIVE from a successful init until destroy (misuse checks)
 */
struct lfp_pubsub {
	struct cds_list_head subs;
	pthread_mutex_t lock;
	unsigned int nsubs;
	unsigned int live;
};

/* No subscriber, the lock unlocked, live (LFP_PUBSUB_INIT). */
#define __LFP_PUBSUB_INIT(name) {					\
	.subs = { &(name).subs, &(name).subs },	/* next, prev: empty */	\
	.lock = PTHREAD_MUTEX_INITIALIZER,				\
	.nsubs = 0,							\
	.live = __LFP_LIVE,						\
}

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_PUBSUB_H */
