// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim pubsub, user-space side: publishers walk the subscriber list in
 * an urcu-memb read-side section and push into each dropq; writers edit
 * the list under a mutex with cds_list_add_tail_rcu()/cds_list_del_rcu(),
 * and unsubscribe waits a grace period before closing the queue.
 *
 * Two unsubscribes of one subscription: the first takes it off the list
 * and sets @leaving under the topic lock; the second finds it not live
 * but leaving and sleeps on @leaving until the first has closed the queue
 * and cleared it (release, then a futex wake).
 */
#include "live.h"

#include <limits.h>
#include <urcu/rculist.h>

#include <lfprim/core/inject.h>
#include <lfprim/pubsub.h>
#include <lfprim/snap.h>

#include "dropq_rcu.h"
#include "futex.h"

int lfp_pubsub_init(struct lfp_pubsub *ps)
{
	if (!ps)
		return -EINVAL;
	CDS_INIT_LIST_HEAD(&ps->subs);
	pthread_mutex_init(&ps->lock, NULL);
	ps->nsubs = 0;
	lfp_live_set(&ps->live);
	return 0;
}

int lfp_pubsub_destroy(struct lfp_pubsub *ps)
{
	if (lfp_misuse(lfp_dead(ps, live)))
		return -EINVAL;
	if (lfp_pubsub_subscribers(ps))
		return -EBUSY;
	lfp_live_clear(&ps->live);
	pthread_mutex_destroy(&ps->lock);
	return 0;
}

int lfp_pubsub_subscribe(struct lfp_pubsub *ps, struct lfp_pubsub_sub *sub,
			 unsigned int capacity)
{
	int ret;

	if (lfp_misuse(lfp_dead(ps, live)) || !sub)
		return -EINVAL;
	ret = lfp_dropq_init(&sub->q, capacity);
	if (ret)
		return ret;
	lfp_live_set(&sub->link.live);
	__atomic_store_n(&sub->link.leaving, 0, __ATOMIC_RELAXED);
	lfp_tsan_release(sub);
	pthread_mutex_lock(&ps->lock);
	cds_list_add_tail_rcu(&sub->link.node, &ps->subs);
	__atomic_store_n(&ps->nsubs, ps->nsubs + 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&ps->lock);
	return 0;
}

void lfp_pubsub_unsubscribe(struct lfp_pubsub *ps, struct lfp_pubsub_sub *sub)
{
	int mine = 0;

	if (lfp_misuse(lfp_dead(ps, live) || !sub))
		return;
	pthread_mutex_lock(&ps->lock);
	if (lfp_live(&sub->link.live)) {
		lfp_live_clear(&sub->link.live);
		__atomic_store_n(&sub->link.leaving, 1, __ATOMIC_RELAXED);
		cds_list_del_rcu(&sub->link.node);
		__atomic_store_n(&ps->nsubs, ps->nsubs - 1, __ATOMIC_RELAXED);
		mine = 1;
	}
	pthread_mutex_unlock(&ps->lock);
	if (!mine) {
		/* Another unsubscribe is under way: wait until it is done. */
		while (__atomic_load_n(&sub->link.leaving, __ATOMIC_ACQUIRE) == 1)
			lfp_futex_wait2(&sub->link.leaving, 1, NULL, 0, NULL);
		return;
	}
	/* Off the list, before the grace period. */
	lfp_inject("pubsub.unsubscribe_gp", sub);
	/* After this no publisher can still be pushing into sub. */
	lfp_rcu_ensure_registered();
	urcu_memb_synchronize_rcu();
	lfp_tsan_gp_end();
	lfp_dropq_close(&sub->q);
	/* Pairs with the acquire above: the close is seen by the waiters. */
	__atomic_store_n(&sub->link.leaving, 0, __ATOMIC_RELEASE);
	lfp_futex_wake(&sub->link.leaving, INT_MAX);
}

int lfp_pubsub_sub_destroy(struct lfp_pubsub_sub *sub, void (*drop)(void *msg))
{
	if (lfp_misuse(!sub))
		return -EINVAL;
	/* Still subscribed, or leaving: publishers may be pushing into it. */
	if (lfp_misuse(lfp_live(&sub->link.live) ||
		       __atomic_load_n(&sub->link.leaving, __ATOMIC_ACQUIRE) == 1))
		return -EBUSY;
	lfp_dropq_destroy(&sub->q, drop);
	return 0;
}

int lfp_pubsub_publish(struct lfp_pubsub *ps, void *msg)
{
	struct lfp_pubsub_sub *sub;
	int n = 0;

	if (lfp_misuse(lfp_dead(ps, live)) || !msg)
		return -EINVAL;
	lfp_snap_read_lock();
	cds_list_for_each_entry_rcu(sub, &ps->subs, link.node) {
		lfp_tsan_acquire(sub);
		/* In the section already: the ring push and nothing else. */
		if (!lfp_dropq_push_rcu(&sub->q, msg)) {
			lfp_dropq_pushed(&sub->q);
			n++;
		}
	}
	lfp_snap_read_unlock();
	return n;
}

unsigned int lfp_pubsub_subscribers(struct lfp_pubsub *ps)
{
	if (lfp_misuse(lfp_dead(ps, live)))
		return 0;
	return __atomic_load_n(&ps->nsubs, __ATOMIC_RELAXED);
}
