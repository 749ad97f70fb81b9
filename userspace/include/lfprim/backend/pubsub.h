/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User-space layout of lfprim pubsub: liburcu's rculist and a mutex. */
#ifndef _LFPRIM_BACKEND_PUBSUB_H
#define _LFPRIM_BACKEND_PUBSUB_H

#include <pthread.h>
#include <urcu/list.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_pubsub_link - a subscription's place in the list
 * @node: the list node
 */
struct lfp_pubsub_link {
	struct cds_list_head node;
};

/**
 * struct lfp_pubsub - a topic
 * @subs: the subscriptions, an RCU list
 * @lock: serializes subscribe and unsubscribe
 * @nsubs: number of subscriptions (under @lock)
 */
struct lfp_pubsub {
	struct cds_list_head subs;
	pthread_mutex_t lock;
	unsigned int nsubs;
};

#endif /* _LFPRIM_BACKEND_PUBSUB_H */
