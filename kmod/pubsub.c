// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim pubsub, kernel side: publishers walk the subscriber list under
 * rcu_read_lock() and push into each dropq; writers edit the list under a
 * spinlock with list_add_rcu()/list_del_rcu(), and unsubscribe waits a
 * grace period before the subscription may be reused or freed.
 */
#include <linux/export.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>

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
EXPORT_SYMBOL_GPL(lfp_pubsub_init);

int lfp_pubsub_destroy(struct lfp_pubsub *ps)
{
	return lfp_pubsub_subscribers(ps) ? -EBUSY : 0;
}
EXPORT_SYMBOL_GPL(lfp_pubsub_destroy);

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
	list_add_tail_rcu(&sub->link.node, &ps->subs);
	ps->nsubs++;
	spin_unlock(&ps->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(lfp_pubsub_subscribe);

void lfp_pubsub_unsubscribe(struct lfp_pubsub *ps, struct lfp_pubsub_sub *sub)
{
	spin_lock(&ps->lock);
	list_del_rcu(&sub->link.node);
	ps->nsubs--;
	spin_unlock(&ps->lock);
	/* After this no publisher can still be pushing into sub. */
	synchronize_rcu();
	lfp_dropq_close(&sub->q);
}
EXPORT_SYMBOL_GPL(lfp_pubsub_unsubscribe);

void lfp_pubsub_sub_destroy(struct lfp_pubsub_sub *sub, void (*drop)(void *msg))
{
	lfp_dropq_destroy(&sub->q, drop);
}
EXPORT_SYMBOL_GPL(lfp_pubsub_sub_destroy);

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
EXPORT_SYMBOL_GPL(lfp_pubsub_publish);

unsigned int lfp_pubsub_subscribers(struct lfp_pubsub *ps)
{
	return READ_ONCE(ps->nsubs);
}
EXPORT_SYMBOL_GPL(lfp_pubsub_subscribers);
