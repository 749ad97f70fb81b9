// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/pubsub: the built-in pubsub, a topic with up to 8
 * subscriptions.
 *
 * lfp_builtin_pubsub_lock guards the subscription slots: subscribe,
 * unsubscribe, drain and subs; publish takes no lock.
 */
#include <linux/bug.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include <lfprim/core/dropq.h>
#include <lfprim/pubsub.h>

#include "knobs.h"

static struct lfp_pubsub lfp_builtin_pubsub;
#define LFP_PUBSUB_SUBS	8
/* Subscription slots of the built-in topic, under lfp_builtin_pubsub_lock. */
static struct lfp_pubsub_sub *lfp_builtin_sub[LFP_PUBSUB_SUBS];
static DEFINE_MUTEX(lfp_builtin_pubsub_lock);

static ssize_t subscribe_store(struct kobject *kobj,
			       struct kobj_attribute *attr, const char *buf,
			       size_t count)
{
	struct lfp_pubsub_sub *sub;
	unsigned int cap, i;
	int ret;

	ret = kstrtouint(buf, 0, &cap);
	if (ret)
		return ret;
	if (lfp_dropq_check_capacity(cap))
		return -ERANGE;
	sub = kzalloc(sizeof(*sub), GFP_KERNEL);
	if (!sub)
		return -ENOMEM;
	mutex_lock(&lfp_builtin_pubsub_lock);
	for (i = 0; i < LFP_PUBSUB_SUBS && lfp_builtin_sub[i]; i++)
		;
	if (i == LFP_PUBSUB_SUBS) {
		ret = -ENOSPC;
	} else {
		ret = lfp_pubsub_subscribe(&lfp_builtin_pubsub, sub, cap);
		if (!ret)
			lfp_builtin_sub[i] = sub;
	}
	mutex_unlock(&lfp_builtin_pubsub_lock);
	if (ret)
		kfree(sub);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_pubsub_subscribe = __ATTR_WO(subscribe);

static void lfp_builtin_unsub(unsigned int i)
{
	lfp_pubsub_unsubscribe(&lfp_builtin_pubsub, lfp_builtin_sub[i]);
	lfp_pubsub_sub_destroy(lfp_builtin_sub[i], NULL);
	kfree(lfp_builtin_sub[i]);
	lfp_builtin_sub[i] = NULL;
}

static ssize_t unsubscribe_store(struct kobject *kobj,
				 struct kobj_attribute *attr, const char *buf,
				 size_t count)
{
	unsigned int id;
	int ret;

	ret = kstrtouint(buf, 0, &id);
	if (ret)
		return ret;
	if (id >= LFP_PUBSUB_SUBS)
		return -ERANGE;
	mutex_lock(&lfp_builtin_pubsub_lock);
	if (lfp_builtin_sub[id])
		lfp_builtin_unsub(id);
	else
		ret = -ENOENT;
	mutex_unlock(&lfp_builtin_pubsub_lock);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_pubsub_unsubscribe =
	__ATTR_WO(unsubscribe);

static ssize_t publish_store(struct kobject *kobj,
			     struct kobj_attribute *attr, const char *buf,
			     size_t count)
{
	unsigned long v;
	int ret;

	ret = kstrtoul(buf, 0, &v);
	if (ret)
		return ret;
	ret = lfp_pubsub_publish(&lfp_builtin_pubsub, (void *)v);
	return ret < 0 ? ret : count;
}
static struct kobj_attribute lfp_attr_pubsub_publish = __ATTR_WO(publish);

/* "ID": pop everything subscription ID holds. */
static ssize_t pubsub_drain_store(struct kobject *kobj,
				  struct kobj_attribute *attr, const char *buf,
				  size_t count)
{
	unsigned int id;
	void *m;
	int ret;

	ret = kstrtouint(buf, 0, &id);
	if (ret)
		return ret;
	if (id >= LFP_PUBSUB_SUBS)
		return -ERANGE;
	mutex_lock(&lfp_builtin_pubsub_lock);
	if (lfp_builtin_sub[id])
		while (!lfp_pubsub_pop(lfp_builtin_sub[id], &m, 0, NULL))
			;
	else
		ret = -ENOENT;
	mutex_unlock(&lfp_builtin_pubsub_lock);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_pubsub_drain =
	__ATTR(drain, 0200, NULL, pubsub_drain_store);

/* One line per subscription: "ID accepted dropped consumed len". */
static ssize_t subs_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	struct lfp_dropq_stats st;
	unsigned int i;
	int len = 0;

	mutex_lock(&lfp_builtin_pubsub_lock);
	for (i = 0; i < LFP_PUBSUB_SUBS; i++) {
		if (!lfp_builtin_sub[i])
			continue;
		lfp_pubsub_sub_stats(lfp_builtin_sub[i], &st);
		len += sysfs_emit_at(buf, len, "%u %llu %llu %llu %u\n", i,
				     st.accepted, st.dropped, st.consumed,
				     st.len);
	}
	mutex_unlock(&lfp_builtin_pubsub_lock);
	return len;
}
static struct kobj_attribute lfp_attr_pubsub_subs = __ATTR_RO(subs);

static struct attribute *lfp_pubsub_attrs[] = {
	&lfp_attr_pubsub_subscribe.attr,
	&lfp_attr_pubsub_unsubscribe.attr,
	&lfp_attr_pubsub_publish.attr,
	&lfp_attr_pubsub_drain.attr,
	&lfp_attr_pubsub_subs.attr,
	NULL,
};

static const struct attribute_group lfp_pubsub_group = {
	.name = "pubsub",
	.attrs = lfp_pubsub_attrs,
};

static int lfp_pubsub_knob_init(void)
{
	return lfp_pubsub_init(&lfp_builtin_pubsub);
}

static void lfp_pubsub_knob_exit(void)
{
	unsigned int i;

	for (i = 0; i < LFP_PUBSUB_SUBS; i++)
		if (lfp_builtin_sub[i])
			lfp_builtin_unsub(i);
	WARN_ON(lfp_pubsub_destroy(&lfp_builtin_pubsub));
}

const struct lfp_knob lfp_knob_pubsub = {
	.name = "pubsub",
	.group = &lfp_pubsub_group,
	.init = lfp_pubsub_knob_init,
	.exit = lfp_pubsub_knob_exit,
};
