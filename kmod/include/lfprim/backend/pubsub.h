/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout of lfprim pubsub: an RCU list and a writers' lock. */
#ifndef _LFPRIM_BACKEND_PUBSUB_H
#define _LFPRIM_BACKEND_PUBSUB_H

#include <linux/list.h>
#include <linux/spinlock.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_pubsub_link - a subscription's place in the list
 * @node: the list node
 * @state: LFP_PUBSUB_OFF, LFP_PUBSUB_ON (subscribed) or LFP_PUBSUB_LEAVING
 *	(an unsubscribe is between taking @node off the list and closing the
 *	queue); changes under the topic's lock, except LEAVING -> OFF
 */
struct lfp_pubsub_link {
	struct list_head node;
	int state;
};

#define LFP_PUBSUB_OFF		0
#define LFP_PUBSUB_ON		1
#define LFP_PUBSUB_LEAVING	2

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

/* No subscriber, the lock unlocked (LFP_PUBSUB_INIT). */
#define __LFP_PUBSUB_INIT(name) {					\
	.subs = LIST_HEAD_INIT((name).subs),				\
	.lock = __SPIN_LOCK_UNLOCKED((name).lock),			\
	.nsubs = 0,							\
}

#endif /* _LFPRIM_BACKEND_PUBSUB_H */
