// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim pubsub, kernel side: publishers walk the subscriber list under
 * rcu_read_lock() and push into each dropq; writers edit the list under a
 * spinlock with list_add_rcu()/list_del_rcu(), and unsubscribe waits a
 * grace period before the subscription may be reused or freed.
 *
 * Ordering: list_add_tail_rcu() publishes the initialised queue to
 * publishers (rcu_assign_pointer(), release; the list walk's
 * rcu_dereference() is the address-dependent read).  list_del_rcu()
 * followed by synchronize_rcu() guarantees that every publisher that could
 * still see the subscription has left its read-side section, and with it
 * every push it made into the queue, before the close (RCU's grace-period
 * guarantee).  Two unsubscribes of one subscription: the first moves it
 * from ON to LEAVING under the topic lock; the second waits with
 * wait_var_event() until the first stores OFF with release after the
 * close, and reads it with acquire, so it sees the queue closed.
 */
#include <linux/export.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/wait_bit.h>

#include "compat.h"

#include <lfprim/core/inject.h>
#include <lfprim/pubsub.h>

int lfp_pubsub_init(struct lfp_pubsub *ps)
{
	if (!ps)
		return -EINVAL;
	INIT_LIST_HEAD(&ps->subs);
	spin_lock_init(&ps->lock);
	ps->nsubs = 0;
	return 0;
}
LFP_EXPORT(lfp_pubsub_init);

int lfp_pubsub_destroy(struct lfp_pubsub *ps)
{
	return lfp_pubsub_subscribers(ps) ? -EBUSY : 0;
}
LFP_EXPORT(lfp_pubsub_destroy);

int lfp_pubsub_subscribe(struct lfp_pubsub *ps, struct lfp_pubsub_sub *sub,
			 unsigned int capacity)
{
	int ret;

	if (!sub)
		return -EINVAL;
	ret = lfp_dropq_init(&sub->q, capacity);
	if (ret)
		return ret;
	spin_lock(&ps->lock);
	WRITE_ONCE(sub->link.state, LFP_PUBSUB_ON);
	list_add_tail_rcu(&sub->link.node, &ps->subs);
	WRITE_ONCE(ps->nsubs, ps->nsubs + 1);
	spin_unlock(&ps->lock);
	return 0;
}
LFP_EXPORT(lfp_pubsub_subscribe);

static bool lfp_pubsub_left(struct lfp_pubsub_sub *sub)
{
	/* Acquire: pairs with unsubscribe's release of OFF after the close. */
	return smp_load_acquire(&sub->link.state) != LFP_PUBSUB_LEAVING;
}

void lfp_pubsub_unsubscribe(struct lfp_pubsub *ps, struct lfp_pubsub_sub *sub)
{
	bool mine = false;

	spin_lock(&ps->lock);
	/* The first unsubscribe stores OFF outside the lock. */
	if (READ_ONCE(sub->link.state) == LFP_PUBSUB_ON) {
		list_del_rcu(&sub->link.node);
		WRITE_ONCE(ps->nsubs, ps->nsubs - 1);
		WRITE_ONCE(sub->link.state, LFP_PUBSUB_LEAVING);
		mine = true;
	}
	spin_unlock(&ps->lock);
	if (!mine) {
		/* Another unsubscribe is under way: wait until it is done. */
		wait_var_event(&sub->link.state, lfp_pubsub_left(sub));
		return;
	}
	/* Off the list, before the grace period. */
	lfp_inject("pubsub.unsubscribe_gp", sub);
	/* After this no publisher can still be pushing into sub. */
	synchronize_rcu();
	lfp_dropq_close(&sub->q);
	/* Pairs with the acquire in the waiters' condition. */
	smp_store_release(&sub->link.state, LFP_PUBSUB_OFF);
	/* Orders the store before wake_up_var()'s look for sleepers. */
	smp_mb();
	wake_up_var(&sub->link.state);
}
LFP_EXPORT(lfp_pubsub_unsubscribe);

int lfp_pubsub_sub_destroy(struct lfp_pubsub_sub *sub, void (*drop)(void *msg))
{
	/*
	 * Still subscribed, or leaving: publishers may be pushing into it.
	 * Acquire pairs with unsubscribe's release of OFF after the close.
	 */
	if (smp_load_acquire(&sub->link.state) != LFP_PUBSUB_OFF)
		return -EBUSY;
	lfp_dropq_destroy(&sub->q, drop);
	return 0;
}
LFP_EXPORT(lfp_pubsub_sub_destroy);

int lfp_pubsub_publish(struct lfp_pubsub *ps, void *msg)
{
	struct lfp_pubsub_sub *sub;
	int n = 0;

	if (!msg)
		return -EINVAL;
	rcu_read_lock();
	list_for_each_entry_rcu(sub, &ps->subs, link.node)
		n += !lfp_dropq_push(&sub->q, msg);
	rcu_read_unlock();
	return n;
}
LFP_EXPORT(lfp_pubsub_publish);

unsigned int lfp_pubsub_subscribers(struct lfp_pubsub *ps)
{
	return READ_ONCE(ps->nsubs);
}
LFP_EXPORT(lfp_pubsub_subscribers);
