// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/batch: the built-in batch, whose flush sums the
 * numbers added.
 *
 * No lock here: every call the files make may overlap every other one
 * (close with add).  The instance's exit flushes what is pending.
 */
#include <linux/atomic.h>

#include <lfprim/batch.h>

#include "knobs.h"

static struct lfp_batch lfp_builtin_batch;
static atomic64_t lfp_builtin_batch_sum;

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

static int lfp_batch_knob_init(void)
{
	return lfp_batch_init(&lfp_builtin_batch, LFP_BUILTIN_BATCH_CAP, 32, 100,
			      lfp_builtin_batch_flush, NULL);
}

static void lfp_batch_knob_exit(void)
{
	/* Flushes what is pending; no flush runs after this. */
	lfp_batch_destroy(&lfp_builtin_batch);
}

const struct lfp_knob lfp_knob_batch = {
	.name = "batch",
	.group = &lfp_batch_group,
	.init = lfp_batch_knob_init,
	.exit = lfp_batch_knob_exit,
};
