// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/seqstat: the built-in seqstat, the count and total
 * of recorded events.
 *
 * No lock here: every call the files make may overlap every other one.
 */
#include <linux/atomic.h>

#include <lfprim/seqstat.h>

#include "knobs.h"

static struct lfp_seqstat lfp_builtin_seqstat;
static atomic64_t lfp_builtin_seqstat_reads;
static atomic64_t lfp_builtin_seqstat_retries;

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

static int lfp_seqstat_knob_init(void)
{
	return lfp_seqstat_init(&lfp_builtin_seqstat, 2);
}

const struct lfp_knob lfp_knob_seqstat = {
	.name = "seqstat",
	.group = &lfp_seqstat_group,
	.init = lfp_seqstat_knob_init,
};
