// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/snap: the built-in snap, a u64 in an object replaced
 * by copy-modify-CAS, and the snap_value module parameter.
 *
 * No lock here: every call the files make may overlap every other one.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/slab.h>

#include <lfprim/snap.h>

#include "knobs.h"

struct lfp_builtin_obj {
	struct lfp_snap_node node;
	u64 value;
};

static struct lfp_snap lfp_builtin_snap;
static atomic64_t lfp_builtin_snap_reads;
static atomic64_t lfp_builtin_snap_freed;

static void lfp_builtin_free(struct lfp_snap_node *node)
{
	kfree(container_of(node, struct lfp_builtin_obj, node));
	atomic64_inc(&lfp_builtin_snap_freed);
}

static int lfp_builtin_set(const struct lfp_snap_node *old,
			   struct lfp_snap_node *scratch, void *arg)
{
	container_of(scratch, struct lfp_builtin_obj, node)->value = *(u64 *)arg;
	return 0;
}

static u64 lfp_builtin_snap_value(void)
{
	struct lfp_snap_node *n;
	u64 v = 0;

	lfp_snap_read_lock();
	n = lfp_snap_deref(&lfp_builtin_snap);
	if (n)
		v = container_of(n, struct lfp_builtin_obj, node)->value;
	lfp_snap_read_unlock();
	return v;
}

/* ---- the module parameter: the initial value, then the live one ---- */

static unsigned long long snap_value;

static void lfp_snap_param_sync(void)
{
	snap_value = lfp_builtin_snap_value();
}

static int lfp_snap_param_get(char *buf, const struct kernel_param *kp)
{
	if (lfp_knobs_live)
		lfp_snap_param_sync();
	return param_get_ullong(buf, kp);
}

static const struct kernel_param_ops lfp_snap_param_ops = {
	.set = param_set_ullong,
	.get = lfp_snap_param_get,
};
module_param_cb(snap_value, &lfp_snap_param_ops, &snap_value, 0444);
MODULE_PARM_DESC(snap_value,
		 "Value of the built-in snap, u64 (default 0); reads show snap/value");

/* ---- the files ---- */

static ssize_t value_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	u64 v = lfp_builtin_snap_value();

	atomic64_inc(&lfp_builtin_snap_reads);
	return sysfs_emit(buf, "%llu\n", v);
}

static ssize_t value_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	struct lfp_builtin_obj *o;
	u64 v;
	int ret;

	ret = kstrtou64(buf, 0, &v);
	if (ret)
		return ret;
	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	ret = lfp_snap_update(&lfp_builtin_snap, &o->node, lfp_builtin_set, &v);
	if (ret) {
		kfree(o);
		return ret;
	}
	return count;
}

static struct kobj_attribute lfp_attr_snap_value = __ATTR_RW(value);

#define LFP_SNAP_STAT(field) \
	LFP_STAT_ATTR(snap, &lfp_builtin_snap, field, "%llu")

LFP_SNAP_STAT(publishes);
LFP_SNAP_STAT(updates);
LFP_SNAP_STAT(retries);
LFP_SNAP_STAT(retired);

static ssize_t reads_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&lfp_builtin_snap_reads));
}
static struct kobj_attribute lfp_attr_snap_reads = __ATTR_RO(reads);

static ssize_t freed_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&lfp_builtin_snap_freed));
}
static struct kobj_attribute lfp_attr_snap_freed = __ATTR_RO(freed);

static struct attribute *lfp_snap_attrs[] = {
	&lfp_attr_snap_value.attr,
	&lfp_attr_snap_reads.attr,
	&lfp_attr_snap_publishes.attr,
	&lfp_attr_snap_updates.attr,
	&lfp_attr_snap_retries.attr,
	&lfp_attr_snap_retired.attr,
	&lfp_attr_snap_freed.attr,
	NULL,
};

static const struct attribute_group lfp_snap_group = {
	.name = "snap",
	.attrs = lfp_snap_attrs,
};

static int lfp_snap_knob_init(void)
{
	struct lfp_builtin_obj *o;
	int ret;

	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	o->value = snap_value;
	ret = lfp_snap_init(&lfp_builtin_snap, &o->node, lfp_builtin_free);
	if (ret)
		kfree(o);
	return ret;
}

static void lfp_snap_knob_exit(void)
{
	lfp_snap_destroy(&lfp_builtin_snap);
	/* No callback of ours may run after the module text is gone. */
	lfp_snap_barrier();
}

const struct lfp_knob lfp_knob_snap = {
	.name = "snap",
	.group = &lfp_snap_group,
	.init = lfp_snap_knob_init,
	.param_sync = lfp_snap_param_sync,
	.exit = lfp_snap_knob_exit,
};
