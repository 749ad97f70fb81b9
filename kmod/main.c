// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim.ko: the module's built-in instances of each primitive, their
 * module parameters and their live knobs under /sys/kernel/lfprim/.
 *
 * Every write is parsed with kstrto*() and range checked before anything
 * changes: bad input gets -EINVAL (not a number) or -ERANGE (a number out
 * of range) and leaves the old value in place.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <lfprim/batch.h>
#include <lfprim/core/parse.h>
#include <lfprim/dropq.h>
#include <lfprim/event.h>
#include <lfprim/group.h>
#include <lfprim/pcount.h>
#include <lfprim/pubsub.h>
#include <lfprim/rmap.h>
#include <lfprim/sampler.h>
#include <lfprim/seqstat.h>
#include <lfprim/sflight.h>
#include <lfprim/snap.h>

#include "bench.h"
#include "sampler.h"

/* ---- module parameters (validated at load, read-only afterwards) ---- */

static unsigned int pcount_batch = LFP_PCOUNT_BATCH_DEFAULT;
static unsigned long long snap_value;

static int lfp_param_set_batch(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v < 1 || v > LFP_PCOUNT_BATCH_MAX)
		return -ERANGE;
	*(unsigned int *)kp->arg = v;
	return 0;
}

static const struct kernel_param_ops lfp_batch_ops = {
	.set = lfp_param_set_batch,
	.get = param_get_uint,
};
module_param_cb(pcount_batch, &lfp_batch_ops, &pcount_batch, 0444);
MODULE_PARM_DESC(pcount_batch,
		 "Fold threshold of the built-in pcount, 1..1073741824 (default 1024)");

static int lfp_param_set_u64(const char *val, const struct kernel_param *kp)
{
	return kstrtoull(val, 0, (unsigned long long *)kp->arg);
}

static int lfp_param_get_u64(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%llu\n", *(unsigned long long *)kp->arg);
}

static const struct kernel_param_ops lfp_u64_ops = {
	.set = lfp_param_set_u64,
	.get = lfp_param_get_u64,
};
module_param_cb(snap_value, &lfp_u64_ops, &snap_value, 0444);
MODULE_PARM_DESC(snap_value, "Initial value of the built-in snap (u64, default 0)");

static unsigned int sampler_ppm;

static int lfp_param_set_ppm(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v > LFP_SAMPLER_PPM_MAX)
		return -ERANGE;
	*(unsigned int *)kp->arg = v;
	return 0;
}

static const struct kernel_param_ops lfp_ppm_ops = {
	.set = lfp_param_set_ppm,
	.get = param_get_uint,
};
module_param_cb(sampler_ppm, &lfp_ppm_ops, &sampler_ppm, 0444);
MODULE_PARM_DESC(sampler_ppm,
		 "Initial rate of the built-in sampler in parts per million, 0..1000000 (default 0)");

static unsigned int dropq_capacity = 256;

static int lfp_param_set_capacity(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v < 1 || v > LFP_DROPQ_CAP_MAX)
		return -ERANGE;
	*(unsigned int *)kp->arg = v;
	return 0;
}

static const struct kernel_param_ops lfp_capacity_ops = {
	.set = lfp_param_set_capacity,
	.get = param_get_uint,
};
module_param_cb(dropq_capacity, &lfp_capacity_ops, &dropq_capacity, 0444);
MODULE_PARM_DESC(dropq_capacity,
		 "Capacity of the built-in dropq, 1..1048576 (default 256)");

/* ---- the built-in instances ---- */

struct lfp_builtin_obj {
	struct lfp_snap_node node;
	u64 value;
};

static struct lfp_snap lfp_builtin_snap;
static struct lfp_pcount lfp_builtin_pcount;
static struct lfp_seqstat lfp_builtin_seqstat;
static struct lfp_sampler lfp_builtin_sampler;
static struct lfp_dropq lfp_builtin_dropq;
static struct lfp_rmap_ref lfp_builtin_rmap;
/* Serializes the built-in map's writers with its reloads. */
static DEFINE_MUTEX(lfp_builtin_rmap_lock);
/* The published map, for writers (under lfp_builtin_rmap_lock). */
static struct lfp_rmap *lfp_builtin_rmap_cur;
static atomic64_t lfp_builtin_rmap_reloads;
static struct lfp_sflight lfp_builtin_sflight;
static struct lfp_event lfp_builtin_event;
/*
 * The built-in group is one of two: a reset makes the fresh group in the
 * other before it destroys the old one, so a reset that cannot make it
 * leaves the old group in place.  Changed under lfp_builtin_group_lock.
 */
static struct lfp_group lfp_builtin_groups[2];
static struct lfp_group *lfp_builtin_group = &lfp_builtin_groups[0];
#define lfp_builtin_grp()	READ_ONCE(lfp_builtin_group)
/* Serializes run, wait and reset of the built-in group. */
static DEFINE_MUTEX(lfp_builtin_group_lock);
static struct lfp_batch lfp_builtin_batch;
static atomic64_t lfp_builtin_batch_sum;
static struct lfp_pubsub lfp_builtin_pubsub;
#define LFP_PUBSUB_SUBS	8
/* Subscription slots of the built-in topic, under lfp_builtin_pubsub_lock. */
static struct lfp_pubsub_sub *lfp_builtin_sub[LFP_PUBSUB_SUBS];
static DEFINE_MUTEX(lfp_builtin_pubsub_lock);
static atomic64_t lfp_builtin_seqstat_reads;
static atomic64_t lfp_builtin_seqstat_retries;
static atomic64_t lfp_builtin_sampler_calls;
static atomic64_t lfp_builtin_sampler_hits;
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

/*
 * Files of the built-in instances that are nothing but a stats field:
 * LFP_STAT_ATTR() shows st.@field of lfp_<prim>_get_stats(@obj);
 * LFP_UINT_KNOB() also stores a kstrtouint() value through @setter,
 * whose verdict (-ERANGE, -EBUSY, ...) is the write's.
 */
#define LFP_STAT_SHOW(prim, obj, field, fmt)				\
static ssize_t prim##_##field##_show(struct kobject *kobj,		\
				     struct kobj_attribute *attr,	\
				     char *buf)				\
{									\
	struct lfp_##prim##_stats st;					\
									\
	lfp_##prim##_get_stats(obj, &st);				\
	return sysfs_emit(buf, fmt "\n", st.field);			\
}

#define LFP_STAT_ATTR(prim, obj, field, fmt)				\
LFP_STAT_SHOW(prim, obj, field, fmt)					\
static struct kobj_attribute lfp_attr_##prim##_##field =		\
	__ATTR(field, 0444, prim##_##field##_show, NULL)

#define LFP_UINT_KNOB(prim, obj, field, setter)				\
LFP_STAT_SHOW(prim, obj, field, "%u")					\
static ssize_t prim##_##field##_store(struct kobject *kobj,		\
				      struct kobj_attribute *attr,	\
				      const char *buf, size_t count)	\
{									\
	unsigned int v;							\
	int ret;							\
									\
	ret = kstrtouint(buf, 0, &v);					\
	if (ret)							\
		return ret;						\
	ret = setter(obj, v);						\
	return ret ? ret : count;					\
}									\
static struct kobj_attribute lfp_attr_##prim##_##field =		\
	__ATTR(field, 0644, prim##_##field##_show, prim##_##field##_store)

/* ---- /sys/kernel/lfprim/snap ---- */

static ssize_t value_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct lfp_snap_node *n;
	u64 v = 0;

	lfp_snap_read_lock();
	n = lfp_snap_deref(&lfp_builtin_snap);
	if (n)
		v = container_of(n, struct lfp_builtin_obj, node)->value;
	lfp_snap_read_unlock();
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

/* ---- /sys/kernel/lfprim/pcount ---- */

static ssize_t batch_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%u\n", lfp_pcount_batch(&lfp_builtin_pcount));
}

static ssize_t batch_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(buf, 0, &v);
	if (ret)
		return ret;
	ret = lfp_pcount_set_batch(&lfp_builtin_pcount, v);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_pcount_batch = __ATTR_RW(batch);

static ssize_t add_store(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count)
{
	s64 v;
	int ret;

	ret = kstrtos64(buf, 0, &v);
	if (ret)
		return ret;
	/* The counter folds on abs(delta), which S64_MIN does not have. */
	if (v == S64_MIN)
		return -ERANGE;
	lfp_pcount_add(&lfp_builtin_pcount, v);
	return count;
}
static struct kobj_attribute lfp_attr_pcount_add = __ATTR_WO(add);

static ssize_t approx_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%lld\n", lfp_pcount_read(&lfp_builtin_pcount));
}
static struct kobj_attribute lfp_attr_pcount_approx = __ATTR_RO(approx);

static ssize_t sum_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%lld\n", lfp_pcount_sum(&lfp_builtin_pcount));
}
static struct kobj_attribute lfp_attr_pcount_sum = __ATTR_RO(sum);

static ssize_t error_bound_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  lfp_pcount_error_bound(&lfp_builtin_pcount));
}
static struct kobj_attribute lfp_attr_pcount_error_bound = __ATTR_RO(error_bound);

static struct attribute *lfp_pcount_attrs[] = {
	&lfp_attr_pcount_batch.attr,
	&lfp_attr_pcount_add.attr,
	&lfp_attr_pcount_approx.attr,
	&lfp_attr_pcount_sum.attr,
	&lfp_attr_pcount_error_bound.attr,
	NULL,
};

static const struct attribute_group lfp_pcount_group = {
	.name = "pcount",
	.attrs = lfp_pcount_attrs,
};

/* ---- /sys/kernel/lfprim/seqstat: count and total of recorded events ---- */

static ssize_t record_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	u64 v;
	int ret;

	ret = kstrtou64(buf, 0, &v);
	if (ret)
		return ret;
	lfp_seqstat_record(&lfp_builtin_seqstat, v);
	return count;
}
static struct kobj_attribute lfp_attr_seqstat_record = __ATTR_WO(record);

static ssize_t snapshot_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	unsigned long long v[2];
	unsigned int retries;

	retries = lfp_seqstat_read(&lfp_builtin_seqstat, v);
	atomic64_inc(&lfp_builtin_seqstat_reads);
	atomic64_add(retries, &lfp_builtin_seqstat_retries);
	return sysfs_emit(buf, "count=%llu total=%llu\n", v[0], v[1]);
}
static struct kobj_attribute lfp_attr_seqstat_snapshot = __ATTR_RO(snapshot);

static ssize_t seqstat_reads_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&lfp_builtin_seqstat_reads));
}
static struct kobj_attribute lfp_attr_seqstat_reads =
	__ATTR(reads, 0444, seqstat_reads_show, NULL);

static ssize_t seqstat_retries_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&lfp_builtin_seqstat_retries));
}
static struct kobj_attribute lfp_attr_seqstat_retries =
	__ATTR(retries, 0444, seqstat_retries_show, NULL);

static struct attribute *lfp_seqstat_attrs[] = {
	&lfp_attr_seqstat_record.attr,
	&lfp_attr_seqstat_snapshot.attr,
	&lfp_attr_seqstat_reads.attr,
	&lfp_attr_seqstat_retries.attr,
	NULL,
};

static const struct attribute_group lfp_seqstat_group = {
	.name = "seqstat",
	.attrs = lfp_seqstat_attrs,
};

/* ---- /sys/kernel/lfprim/sampler ---- */

static ssize_t ppm_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%u\n", lfp_sampler_ppm(&lfp_builtin_sampler));
}

static ssize_t ppm_store(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(buf, 0, &v);
	if (ret)
		return ret;
	ret = lfp_sampler_set_ppm(&lfp_builtin_sampler, v);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_sampler_ppm = __ATTR_RW(ppm);

static ssize_t threshold_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", lfp_sampler_threshold(&lfp_builtin_sampler));
}
static struct kobj_attribute lfp_attr_sampler_threshold = __ATTR_RO(threshold);

/* Bounded so that one write cannot hold the CPU for long. */
#define LFP_SAMPLER_TRIAL_MAX	100000000U

static ssize_t trial_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	unsigned int n, i, hits = 0;
	int ret;

	ret = kstrtouint(buf, 0, &n);
	if (ret)
		return ret;
	if (n > LFP_SAMPLER_TRIAL_MAX)
		return -ERANGE;
	for (i = 0; i < n; i++) {
		hits += !!lfp_sampler_should_sample(&lfp_builtin_sampler);
		if (!(i & 0xffff))
			cond_resched();
	}
	atomic64_add(n, &lfp_builtin_sampler_calls);
	atomic64_add(hits, &lfp_builtin_sampler_hits);
	return count;
}
static struct kobj_attribute lfp_attr_sampler_trial = __ATTR_WO(trial);

static ssize_t calls_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&lfp_builtin_sampler_calls));
}
static struct kobj_attribute lfp_attr_sampler_calls = __ATTR_RO(calls);

static ssize_t hits_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&lfp_builtin_sampler_hits));
}
static struct kobj_attribute lfp_attr_sampler_hits = __ATTR_RO(hits);

static struct attribute *lfp_sampler_attrs[] = {
	&lfp_attr_sampler_ppm.attr,
	&lfp_attr_sampler_threshold.attr,
	&lfp_attr_sampler_trial.attr,
	&lfp_attr_sampler_calls.attr,
	&lfp_attr_sampler_hits.attr,
	NULL,
};

static const struct attribute_group lfp_sampler_group = {
	.name = "sampler",
	.attrs = lfp_sampler_attrs,
};

/* ---- /sys/kernel/lfprim/dropq: a queue of nonzero numbers ---- */

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

/* ---- /sys/kernel/lfprim/rmap: u64 -> u64, edited or reloaded whole ---- */

struct lfp_builtin_val {
	struct lfp_rmap_node node;
	u64 value;
};

static void lfp_builtin_val_free(struct lfp_rmap_node *node)
{
	kfree(container_of(node, struct lfp_builtin_val, node));
}

static void lfp_builtin_map_release(struct lfp_rmap *map)
{
	kfree(map);
}

/* Bounded so that one reload cannot take the machine's memory. */
#define LFP_RMAP_RELOAD_MAX	1000000U

/* A map holding keys 0 .. n - 1, each key's value = key * mult. */
static struct lfp_rmap *lfp_builtin_map_build(unsigned int n, u64 mult)
{
	struct lfp_rmap *map = kzalloc(sizeof(*map), GFP_KERNEL);
	struct lfp_builtin_val *v;
	unsigned int k;

	if (!map)
		return NULL;
	if (lfp_rmap_init(map, lfp_builtin_val_free)) {
		kfree(map);
		return NULL;
	}
	for (k = 0; k < n; k++) {
		v = kzalloc(sizeof(*v), GFP_KERNEL);
		if (v) {
			v->node.key = k;
			v->value = k * mult;
		}
		if (!v || lfp_rmap_insert(map, &v->node)) {
			kfree(v);
			lfp_rmap_destroy(map);
			kfree(map);
			return NULL;
		}
	}
	return map;
}

/* Parses "KEY VALUE" (@value set) or "KEY" (@value NULL), both u64. */
static int lfp_parse_kv(const char *buf, u64 *key, u64 *value)
{
	unsigned long long v[2];
	int ret;

	ret = lfp_parse_u64s(buf, v, value ? 2 : 1);
	if (ret)
		return ret;
	*key = v[0];
	if (value)
		*value = v[1];
	return 0;
}

static ssize_t set_store(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count)
{
	struct lfp_builtin_val *v;
	u64 key, value;
	int ret;

	ret = lfp_parse_kv(buf, &key, &value);
	if (ret)
		return ret;
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->node.key = key;
	v->value = value;
	mutex_lock(&lfp_builtin_rmap_lock);
	ret = lfp_rmap_replace(lfp_builtin_rmap_cur, &v->node);
	mutex_unlock(&lfp_builtin_rmap_lock);
	if (ret < 0) {
		kfree(v);
		return ret;
	}
	return count;
}
static struct kobj_attribute lfp_attr_rmap_set = __ATTR_WO(set);

static ssize_t delete_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	u64 key;
	int ret;

	ret = lfp_parse_kv(buf, &key, NULL);
	if (ret)
		return ret;
	mutex_lock(&lfp_builtin_rmap_lock);
	ret = lfp_rmap_delete(lfp_builtin_rmap_cur, key);
	mutex_unlock(&lfp_builtin_rmap_lock);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_rmap_delete = __ATTR_WO(delete);

static ssize_t reload_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	struct lfp_rmap *map;
	u64 n, mult;
	int ret;

	ret = lfp_parse_kv(buf, &n, &mult);
	if (ret)
		return ret;
	if (n > LFP_RMAP_RELOAD_MAX)
		return -ERANGE;
	/* Built off line; readers keep using the old map meanwhile. */
	map = lfp_builtin_map_build(n, mult);
	if (!map)
		return -ENOMEM;
	mutex_lock(&lfp_builtin_rmap_lock);
	ret = lfp_rmap_ref_publish(&lfp_builtin_rmap, map,
				   lfp_builtin_map_release);
	if (!ret) {
		lfp_builtin_rmap_cur = map;
		atomic64_inc(&lfp_builtin_rmap_reloads);
	}
	mutex_unlock(&lfp_builtin_rmap_lock);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_rmap_reload = __ATTR_WO(reload);

static ssize_t rmap_size_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	unsigned long n;

	lfp_rmap_read_lock();
	n = lfp_rmap_size(lfp_rmap_ref_deref(&lfp_builtin_rmap));
	lfp_rmap_read_unlock();
	return sysfs_emit(buf, "%lu\n", n);
}
static struct kobj_attribute lfp_attr_rmap_size =
	__ATTR(size, 0444, rmap_size_show, NULL);

static ssize_t reloads_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&lfp_builtin_rmap_reloads));
}
static struct kobj_attribute lfp_attr_rmap_reloads = __ATTR_RO(reloads);

/* Up to a page of "key value" lines, in table order; "..." if cut short. */
struct lfp_dump {
	char *buf;
	int len;
};

static int lfp_dump_fn(struct lfp_rmap_node *node, void *arg)
{
	struct lfp_dump *d = arg;
	char line[48];
	int n;

	n = scnprintf(line, sizeof(line), "%llu %llu\n", node->key,
		      container_of(node, struct lfp_builtin_val, node)->value);
	if (d->len + n > PAGE_SIZE - 5) {
		d->len += sysfs_emit_at(d->buf, d->len, "...\n");
		return 1;
	}
	d->len += sysfs_emit_at(d->buf, d->len, "%s", line);
	return 0;
}

static ssize_t dump_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	struct lfp_dump d = { .buf = buf };

	/* Under the writers' mutex: the map cannot be destroyed meanwhile. */
	mutex_lock(&lfp_builtin_rmap_lock);
	lfp_rmap_for_each(lfp_builtin_rmap_cur, lfp_dump_fn, &d);
	mutex_unlock(&lfp_builtin_rmap_lock);
	return d.len;
}
static struct kobj_attribute lfp_attr_rmap_dump = __ATTR_RO(dump);

static struct attribute *lfp_rmap_attrs[] = {
	&lfp_attr_rmap_set.attr,
	&lfp_attr_rmap_delete.attr,
	&lfp_attr_rmap_reload.attr,
	&lfp_attr_rmap_size.attr,
	&lfp_attr_rmap_reloads.attr,
	&lfp_attr_rmap_dump.attr,
	NULL,
};

static const struct attribute_group lfp_rmap_group = {
	.name = "rmap",
	.attrs = lfp_rmap_attrs,
};

/* ---- /sys/kernel/lfprim/sflight: concurrent writes of one key share ---- */

/* Longest a call may sleep, so that a write cannot hang for long. */
#define LFP_SFLIGHT_SLEEP_MAX	10000U

static int lfp_builtin_sf_fn(void *arg, void **res)
{
	u64 *kv = arg;

	if (msleep_interruptible(kv[1]))
		return -EINTR;
	*res = (void *)(unsigned long)(kv[0] * 2);
	return 0;
}

static ssize_t call_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	u64 kv[2];
	void *res;
	int ret;

	ret = lfp_parse_kv(buf, &kv[0], &kv[1]);
	if (ret)
		return ret;
	if (kv[1] > LFP_SFLIGHT_SLEEP_MAX)
		return -ERANGE;
	ret = lfp_sflight_do(&lfp_builtin_sflight, kv[0], lfp_builtin_sf_fn, kv,
			     &res, NULL, LFP_WAIT_FOREVER, NULL);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_sflight_call = __ATTR_WO(call);

static ssize_t forget_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	u64 key;
	int ret;

	ret = lfp_parse_kv(buf, &key, NULL);
	if (ret)
		return ret;
	return lfp_sflight_forget(&lfp_builtin_sflight, key) ? count : -ENOENT;
}
static struct kobj_attribute lfp_attr_sflight_forget = __ATTR_WO(forget);

#define LFP_SFLIGHT_STAT_ATTR(field, fmt) \
	LFP_STAT_ATTR(sflight, &lfp_builtin_sflight, field, fmt)

LFP_SFLIGHT_STAT_ATTR(leaders, "%llu");
LFP_SFLIGHT_STAT_ATTR(shared, "%llu");
LFP_SFLIGHT_STAT_ATTR(left, "%llu");
LFP_SFLIGHT_STAT_ATTR(forgets, "%llu");
LFP_SFLIGHT_STAT_ATTR(inflight, "%u");

static struct attribute *lfp_sflight_attrs[] = {
	&lfp_attr_sflight_call.attr,
	&lfp_attr_sflight_forget.attr,
	&lfp_attr_sflight_leaders.attr,
	&lfp_attr_sflight_shared.attr,
	&lfp_attr_sflight_left.attr,
	&lfp_attr_sflight_forgets.attr,
	&lfp_attr_sflight_inflight.attr,
	NULL,
};

static const struct attribute_group lfp_sflight_group = {
	.name = "sflight",
	.attrs = lfp_sflight_attrs,
};

/* ---- /sys/kernel/lfprim/event ---- */

static ssize_t fire_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	int ret = lfp_parse_one(buf);

	if (ret)
		return ret;
	lfp_event_fire(&lfp_builtin_event);
	return count;
}
static struct kobj_attribute lfp_attr_event_fire = __ATTR_WO(fire);

static ssize_t reinit_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	int ret = lfp_parse_one(buf);

	if (ret)
		return ret;
	ret = lfp_event_reinit(&lfp_builtin_event);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_event_reinit = __ATTR_WO(reinit);

/* Longest a write to event/wait may block. */
#define LFP_EVENT_WAIT_MAX	600000U

static ssize_t wait_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	unsigned int ms;
	int ret;

	ret = kstrtouint(buf, 0, &ms);
	if (ret)
		return ret;
	if (ms > LFP_EVENT_WAIT_MAX)
		return -ERANGE;
	ret = lfp_event_wait(&lfp_builtin_event, ms, NULL);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_event_wait = __ATTR_WO(wait);

static ssize_t fired_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%d\n", !!lfp_event_is_fired(&lfp_builtin_event));
}
static struct kobj_attribute lfp_attr_event_fired = __ATTR_RO(fired);

static ssize_t waiters_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", lfp_event_waiters(&lfp_builtin_event));
}
static struct kobj_attribute lfp_attr_event_waiters = __ATTR_RO(waiters);

static struct attribute *lfp_event_attrs[] = {
	&lfp_attr_event_fire.attr,
	&lfp_attr_event_reinit.attr,
	&lfp_attr_event_wait.attr,
	&lfp_attr_event_fired.attr,
	&lfp_attr_event_waiters.attr,
	NULL,
};

static const struct attribute_group lfp_event_group = {
	.name = "event",
	.attrs = lfp_event_attrs,
};

/* ---- /sys/kernel/lfprim/group: tasks that sleep, one may fail ---- */

#define LFP_GROUP_RUN_MAX	100000U
#define LFP_GROUP_SLEEP_MAX	10000U

static u64 lfp_group_task_ms, lfp_group_task_fail_at;
static atomic64_t lfp_group_task_seq;

static int lfp_builtin_task_fn(void *arg, struct lfp_event *cancel)
{
	u64 me = atomic64_inc_return(&lfp_group_task_seq);
	unsigned long end = jiffies + msecs_to_jiffies((unsigned long)arg);

	/* Sleep the task's time, a jiffy at a time, unless cancelled. */
	while (time_before(jiffies, end) && !lfp_event_is_fired(cancel))
		schedule_timeout_interruptible(1);
	if (me == READ_ONCE(lfp_group_task_fail_at))
		return -EIO;
	return lfp_event_is_fired(cancel) ? -ECANCELED : 0;
}

/* "N MS FAIL_AT": start N tasks of MS ms; task FAIL_AT (1-based) fails. */
static ssize_t run_tasks_store(struct kobject *kobj,
			       struct kobj_attribute *attr, const char *buf,
			       size_t count)
{
	unsigned long long v[3];
	int ret;

	ret = lfp_parse_u64s(buf, v, 3);
	if (ret)
		return ret;
	if (v[0] > LFP_GROUP_RUN_MAX || v[1] > LFP_GROUP_SLEEP_MAX)
		return -ERANGE;
	mutex_lock(&lfp_builtin_group_lock);
	atomic64_set(&lfp_group_task_seq, 0);
	WRITE_ONCE(lfp_group_task_ms, v[1]);
	WRITE_ONCE(lfp_group_task_fail_at, v[2]);
	for (ret = 0; !ret && v[0]--;)
		ret = lfp_group_go(lfp_builtin_group, lfp_builtin_task_fn,
				   (void *)(unsigned long)v[1], LFP_WAIT_FOREVER,
				   NULL);
	mutex_unlock(&lfp_builtin_group_lock);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_group_run =
	__ATTR(run, 0200, NULL, run_tasks_store);

static ssize_t group_wait_store(struct kobject *kobj,
				struct kobj_attribute *attr, const char *buf,
				size_t count)
{
	int ret = lfp_parse_one(buf);

	if (ret)
		return ret;
	ret = lfp_group_wait(lfp_builtin_grp());
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_group_wait =
	__ATTR(wait, 0200, NULL, group_wait_store);

static ssize_t reset_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	struct lfp_group *old, *fresh;
	struct lfp_group_stats st;
	int ret = lfp_parse_one(buf);

	if (ret)
		return ret;
	mutex_lock(&lfp_builtin_group_lock);
	old = lfp_builtin_group;
	lfp_group_get_stats(old, &st);
	if (st.running) {
		ret = -EBUSY;
	} else {
		/* The fresh group first: if it cannot be made, nothing changes. */
		fresh = &lfp_builtin_groups[old == &lfp_builtin_groups[0]];
		ret = lfp_group_init(fresh, st.limit);
		if (!ret) {
			WRITE_ONCE(lfp_builtin_group, fresh);
			lfp_group_destroy(old);
		}
	}
	mutex_unlock(&lfp_builtin_group_lock);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_group_reset = __ATTR_WO(reset);

LFP_UINT_KNOB(group, lfp_builtin_grp(), limit, lfp_group_set_limit);

#define LFP_GROUP_STAT_ATTR(field, fmt) \
	LFP_STAT_ATTR(group, lfp_builtin_grp(), field, fmt)

LFP_GROUP_STAT_ATTR(started, "%llu");
LFP_GROUP_STAT_ATTR(finished, "%llu");
LFP_GROUP_STAT_ATTR(failed, "%llu");
LFP_GROUP_STAT_ATTR(skipped, "%llu");
LFP_GROUP_STAT_ATTR(running, "%u");
LFP_GROUP_STAT_ATTR(max_running, "%u");
LFP_GROUP_STAT_ATTR(cancelled, "%d");
LFP_GROUP_STAT_ATTR(first_error, "%d");

static struct attribute *lfp_group_attrs[] = {
	&lfp_attr_group_limit.attr,
	&lfp_attr_group_run.attr,
	&lfp_attr_group_wait.attr,
	&lfp_attr_group_reset.attr,
	&lfp_attr_group_started.attr,
	&lfp_attr_group_finished.attr,
	&lfp_attr_group_failed.attr,
	&lfp_attr_group_skipped.attr,
	&lfp_attr_group_running.attr,
	&lfp_attr_group_max_running.attr,
	&lfp_attr_group_cancelled.attr,
	&lfp_attr_group_first_error.attr,
	NULL,
};

static const struct attribute_group lfp_group_group = {
	.name = "group",
	.attrs = lfp_group_attrs,
};

/* ---- /sys/kernel/lfprim/batch: numbers summed by the flush ---- */

#define LFP_BUILTIN_BATCH_CAP	256

static void lfp_builtin_batch_flush(void **items, unsigned int n, void *arg)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum += (unsigned long)items[i];
	atomic64_add(sum, &lfp_builtin_batch_sum);
}

static ssize_t batch_add_store(struct kobject *kobj,
			       struct kobj_attribute *attr, const char *buf,
			       size_t count)
{
	unsigned long v;
	int ret;

	ret = kstrtoul(buf, 0, &v);
	if (ret)
		return ret;
	ret = lfp_batch_add(&lfp_builtin_batch, (void *)v);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_batch_add =
	__ATTR(add, 0200, NULL, batch_add_store);

static ssize_t batch_close_store(struct kobject *kobj,
				 struct kobj_attribute *attr, const char *buf,
				 size_t count)
{
	int ret = lfp_parse_one(buf);

	if (ret)
		return ret;
	lfp_batch_close(&lfp_builtin_batch);
	return count;
}
static struct kobj_attribute lfp_attr_batch_close =
	__ATTR(close, 0200, NULL, batch_close_store);

LFP_UINT_KNOB(batch, &lfp_builtin_batch, max_items, lfp_batch_set_max_items);
LFP_UINT_KNOB(batch, &lfp_builtin_batch, max_delay_ms, lfp_batch_set_max_delay);

#define LFP_BATCH_STAT_ATTR(field, fmt) \
	LFP_STAT_ATTR(batch, &lfp_builtin_batch, field, fmt)

LFP_BATCH_STAT_ATTR(added, "%llu");
LFP_BATCH_STAT_ATTR(dropped, "%llu");
LFP_BATCH_STAT_ATTR(flushed, "%llu");
LFP_BATCH_STAT_ATTR(size_flushes, "%llu");
LFP_BATCH_STAT_ATTR(time_flushes, "%llu");
LFP_BATCH_STAT_ATTR(close_flushes, "%llu");
LFP_BATCH_STAT_ATTR(pending, "%u");
LFP_BATCH_STAT_ATTR(capacity, "%u");
LFP_BATCH_STAT_ATTR(closed, "%d");

static ssize_t batch_sum_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  (u64)atomic64_read(&lfp_builtin_batch_sum));
}
static struct kobj_attribute lfp_attr_batch_sum =
	__ATTR(sum, 0444, batch_sum_show, NULL);

static struct attribute *lfp_batch_attrs[] = {
	&lfp_attr_batch_add.attr,
	&lfp_attr_batch_close.attr,
	&lfp_attr_batch_max_items.attr,
	&lfp_attr_batch_max_delay_ms.attr,
	&lfp_attr_batch_added.attr,
	&lfp_attr_batch_dropped.attr,
	&lfp_attr_batch_flushed.attr,
	&lfp_attr_batch_size_flushes.attr,
	&lfp_attr_batch_time_flushes.attr,
	&lfp_attr_batch_close_flushes.attr,
	&lfp_attr_batch_pending.attr,
	&lfp_attr_batch_capacity.attr,
	&lfp_attr_batch_closed.attr,
	&lfp_attr_batch_sum.attr,
	NULL,
};

static const struct attribute_group lfp_batch_group = {
	.name = "batch",
	.attrs = lfp_batch_attrs,
};

/* ---- /sys/kernel/lfprim/pubsub: a topic with up to 8 subscriptions ---- */

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
	if (cap < 1 || cap > LFP_DROPQ_CAP_MAX)
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

static const struct attribute_group *lfp_groups[] = {
	&lfp_snap_group,
	&lfp_pcount_group,
	&lfp_seqstat_group,
	&lfp_sampler_group,
	&lfp_dropq_group,
	&lfp_rmap_group,
	&lfp_sflight_group,
	&lfp_event_group,
	&lfp_group_group,
	&lfp_batch_group,
	&lfp_pubsub_group,
	&lfp_bench_group,
	NULL,
};

static struct kobject *lfp_kobj;

static int __init lfp_init(void)
{
	struct lfp_builtin_obj *o;
	int ret;

	lfp_sampler_seed();
	lfp_sampler_init(&lfp_builtin_sampler, sampler_ppm);
	lfp_seqstat_init(&lfp_builtin_seqstat, 2);
	lfp_sflight_init(&lfp_builtin_sflight);
	lfp_event_init(&lfp_builtin_event);
	lfp_pubsub_init(&lfp_builtin_pubsub);
	ret = lfp_batch_init(&lfp_builtin_batch, LFP_BUILTIN_BATCH_CAP, 32, 100,
			     lfp_builtin_batch_flush, NULL);
	if (ret)
		return ret;
	ret = lfp_group_init(lfp_builtin_group, 4);
	if (ret)
		goto err_batch;
	lfp_rmap_ref_init(&lfp_builtin_rmap);
	lfp_builtin_rmap_cur = lfp_builtin_map_build(0, 0);
	if (!lfp_builtin_rmap_cur) {
		ret = -ENOMEM;
		goto err_group;
	}
	lfp_rmap_ref_publish(&lfp_builtin_rmap, lfp_builtin_rmap_cur,
			     lfp_builtin_map_release);
	ret = lfp_dropq_init(&lfp_builtin_dropq, dropq_capacity);
	if (ret)
		goto err_rmap;
	ret = lfp_pcount_init(&lfp_builtin_pcount, pcount_batch, 0);
	if (ret)
		goto err_dropq;
	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o) {
		ret = -ENOMEM;
		goto err_pcount;
	}
	o->value = snap_value;
	ret = lfp_snap_init(&lfp_builtin_snap, &o->node, lfp_builtin_free);
	if (ret) {
		kfree(o);
		goto err_pcount;
	}
	lfp_kobj = kobject_create_and_add("lfprim", kernel_kobj);
	if (!lfp_kobj) {
		ret = -ENOMEM;
		goto err_snap;
	}
	ret = sysfs_create_groups(lfp_kobj, lfp_groups);
	if (ret)
		goto err_kobj;
	ret = lfp_bench_init();
	if (ret)
		goto err_groups;
	pr_info("loaded: pcount_batch=%u snap_value=%llu sampler_ppm=%u dropq_capacity=%u\n",
		pcount_batch, snap_value, sampler_ppm, dropq_capacity);
	return 0;

err_groups:
	sysfs_remove_groups(lfp_kobj, lfp_groups);
err_kobj:
	kobject_put(lfp_kobj);
err_snap:
	lfp_snap_destroy(&lfp_builtin_snap);
	lfp_snap_barrier();
err_pcount:
	lfp_pcount_destroy(&lfp_builtin_pcount);
err_dropq:
	lfp_dropq_destroy(&lfp_builtin_dropq, NULL);
err_rmap:
	lfp_rmap_ref_destroy(&lfp_builtin_rmap);
err_group:
	lfp_group_destroy(lfp_builtin_group);
err_batch:
	lfp_batch_destroy(&lfp_builtin_batch);
	return ret;
}

static void __exit lfp_exit(void)
{
	unsigned int i;

	/* Removing the files waits for every running show/store. */
	sysfs_remove_groups(lfp_kobj, lfp_groups);
	kobject_put(lfp_kobj);
	/* Then no new run can start: stop the one in progress. */
	lfp_bench_exit();
	lfp_snap_destroy(&lfp_builtin_snap);
	/* No callback of ours may run after the module text is gone. */
	lfp_snap_barrier();
	lfp_pcount_destroy(&lfp_builtin_pcount);
	lfp_dropq_destroy(&lfp_builtin_dropq, NULL);
	lfp_rmap_ref_destroy(&lfp_builtin_rmap);
	/* No call can be in flight: the files are gone. */
	WARN_ON(lfp_sflight_destroy(&lfp_builtin_sflight));
	/* Waits for the group's tasks: none of their code runs after this. */
	lfp_group_destroy(lfp_builtin_group);
	/* Flushes what is pending; no flush runs after this. */
	lfp_batch_destroy(&lfp_builtin_batch);
	for (i = 0; i < LFP_PUBSUB_SUBS; i++)
		if (lfp_builtin_sub[i])
			lfp_builtin_unsub(i);
	WARN_ON(lfp_pubsub_destroy(&lfp_builtin_pubsub));
	pr_info("unloaded\n");
}

module_init(lfp_init);
module_exit(lfp_exit);

MODULE_DESCRIPTION("Light-weight concurrency primitives: RCU snapshots, sharded counters, seqlock stats, samplers, events, drop-counting queues, read-mostly maps, in-kernel benchmark");
MODULE_LICENSE("GPL");
