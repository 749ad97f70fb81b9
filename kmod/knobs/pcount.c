// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/pcount: the built-in pcount, and the pcount_batch
 * module parameter.  The in-kernel benchmark's pcount scenarios fold at
 * this counter's batch (bench.h).
 *
 * No lock here: every call the files make may overlap every other one.
 */
#include <linux/module.h>

#include <lfprim/core/pcount.h>
#include <lfprim/pcount.h>

#include "../bench.h"
#include "knobs.h"

struct lfp_pcount lfp_builtin_pcount;	/* bench.h */

/* ---- the module parameter: the initial batch, then the live one ---- */

static unsigned int pcount_batch = LFP_PCOUNT_BATCH_DEFAULT;

static void lfp_pcount_param_sync(void)
{
	pcount_batch = lfp_pcount_batch(&lfp_builtin_pcount);
}

/* Checked as pcount/batch is: -EINVAL, or -ERANGE outside 1..max. */
static int lfp_pcount_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (!ret)
		ret = lfp_pcount_check_batch(v);
	if (!ret)
		pcount_batch = v;
	return ret;
}

static int lfp_pcount_param_get(char *buf, const struct kernel_param *kp)
{
	if (lfp_knobs_live)
		lfp_pcount_param_sync();
	return param_get_uint(buf, kp);
}

static const struct kernel_param_ops lfp_pcount_param_ops = {
	.set = lfp_pcount_param_set,
	.get = lfp_pcount_param_get,
};
module_param_cb(pcount_batch, &lfp_pcount_param_ops, &pcount_batch, 0444);
MODULE_PARM_DESC(pcount_batch,
		 "Fold threshold of the built-in pcount, 1..1073741824 (default 1024); reads show pcount/batch");

/* ---- the files ---- */

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

static int lfp_pcount_knob_init(void)
{
	return lfp_pcount_init(&lfp_builtin_pcount, pcount_batch, 0);
}

static void lfp_pcount_knob_exit(void)
{
	lfp_pcount_destroy(&lfp_builtin_pcount);
}

const struct lfp_knob lfp_knob_pcount = {
	.name = "pcount",
	.group = &lfp_pcount_group,
	.init = lfp_pcount_knob_init,
	.param_sync = lfp_pcount_param_sync,
	.exit = lfp_pcount_knob_exit,
};
