/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout of lfprim pubsub: an RCU list and a writers' lock. */
#ifndef _LFPRIM_BACKEND_PUBSUB_H
#define _LFPRIM_BACKEND_PUBSUB_H

#include <linux/list.h>
#include <linux/spinlock.h>

/**
 * struct lfp_pubsub_link - a subscription's place in the list
 * @node: the list node
 */
struct lfp_pubsub_link {
	struct list_head node;
};

/**
 * struct lfp_pubsub - a topic
 * @subs: the subscriptions, an RCU list
 * @lock: serializes subscribe and unsubscribe
 * @nsubs: number of subscriptions (under @lock)
 */
struct lfp_pubsub {
	struct list_head subs;
	spinlock_t lock;
	unsigned int nsubs;
};

#endif /* _LFPRIM_BACKEND_PUBSUB_H */
