// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/dropq: the built-in dropq, a queue of nonzero
 * numbers, and the dropq_capacity module parameter.
 *
 * No lock here: every call the files make may overlap every other one
 * (resize with push, pop and close).
 */
#include <linux/module.h>

#include <lfprim/core/dropq.h>

#include "knobs.h"

static struct lfp_dropq lfp_builtin_dropq;

/* ---- the module parameter: the initial capacity, then the live one ---- */

static unsigned int dropq_capacity = 256;

static void lfp_dropq_param_sync(void)
{
	struct lfp_dropq_stats st;

	lfp_dropq_get_stats(&lfp_builtin_dropq, &st);
	dropq_capacity = st.capacity;
}

/* Checked as dropq/capacity is: -EINVAL, or -ERANGE outside the contract's. */
static int lfp_dropq_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	ret = lfp_dropq_check_capacity(v);
	if (!ret)
		dropq_capacity = v;
	return ret;
}

static int lfp_dropq_param_get(char *buf, const struct kernel_param *kp)
{
	if (lfp_knobs_live)
		lfp_dropq_param_sync();
	return param_get_uint(buf, kp);
}

static const struct kernel_param_ops lfp_dropq_param_ops = {
	.set = lfp_dropq_param_set,
	.get = lfp_dropq_param_get,
};
module_param_cb(dropq_capacity, &lfp_dropq_param_ops, &dropq_capacity, 0444);
MODULE_PARM_DESC(dropq_capacity,
		 "Capacity of the built-in dropq, 1..1048576 (default 256); reads show dropq/capacity");

/* ---- the files ---- */

LFP_UINT_KNOB(dropq, &lfp_builtin_dropq, capacity, lfp_dropq_resize);

static ssize_t push_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	unsigned long v;
	int ret;

	ret = kstrtoul(buf, 0, &v);
	if (ret)
		return ret;
	/* 0 would be a NULL item; dropq refuses it with -EINVAL. */
	ret = lfp_dropq_push(&lfp_builtin_dropq, (void *)v);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_dropq_push = __ATTR_WO(push);

static ssize_t drain_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	void *item;
	int ret;

	ret = lfp_parse_one(buf);
	if (ret)
		return ret;
	while (!lfp_dropq_try_pop(&lfp_builtin_dropq, &item))
		;
	return count;
}
static struct kobj_attribute lfp_attr_dropq_drain = __ATTR_WO(drain);

static ssize_t close_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	int ret = lfp_parse_one(buf);

	if (ret)
		return ret;
	lfp_dropq_close(&lfp_builtin_dropq);
	return count;
}
static struct kobj_attribute lfp_attr_dropq_close = __ATTR_WO(close);

#define LFP_DROPQ_STAT_ATTR(field, fmt) \
	LFP_STAT_ATTR(dropq, &lfp_builtin_dropq, field, fmt)

LFP_DROPQ_STAT_ATTR(accepted, "%llu");
LFP_DROPQ_STAT_ATTR(dropped, "%llu");
LFP_DROPQ_STAT_ATTR(consumed, "%llu");
LFP_DROPQ_STAT_ATTR(len, "%u");
LFP_DROPQ_STAT_ATTR(hwm, "%u");
LFP_DROPQ_STAT_ATTR(closed, "%d");

static struct attribute *lfp_dropq_attrs[] = {
	&lfp_attr_dropq_capacity.attr,
	&lfp_attr_dropq_push.attr,
	&lfp_attr_dropq_drain.attr,
	&lfp_attr_dropq_close.attr,
	&lfp_attr_dropq_accepted.attr,
	&lfp_attr_dropq_dropped.attr,
	&lfp_attr_dropq_consumed.attr,
	&lfp_attr_dropq_len.attr,
	&lfp_attr_dropq_hwm.attr,
	&lfp_attr_dropq_closed.attr,
	NULL,
};

static const struct attribute_group lfp_dropq_group = {
	.name = "dropq",
	.attrs = lfp_dropq_attrs,
};

static int lfp_dropq_knob_init(void)
{
	return lfp_dropq_init(&lfp_builtin_dropq, dropq_capacity);
}

static void lfp_dropq_knob_exit(void)
{
	lfp_dropq_destroy(&lfp_builtin_dropq, NULL);
}

const struct lfp_knob lfp_knob_dropq = {
	.name = "dropq",
	.group = &lfp_dropq_group,
	.init = lfp_dropq_knob_init,
	.param_sync = lfp_dropq_param_sync,
	.exit = lfp_dropq_knob_exit,
};
