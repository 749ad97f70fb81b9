// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/sampler: the built-in sampler, and the sampler_ppm
 * module parameter.
 *
 * No lock here: every call the files make may overlap every other one.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/sched.h>

#include <lfprim/sampler.h>

#include "../sampler.h"
#include "knobs.h"

static struct lfp_sampler lfp_builtin_sampler;
static atomic64_t lfp_builtin_sampler_calls;
static atomic64_t lfp_builtin_sampler_hits;

/* ---- the module parameter: the initial rate, then the live one ---- */

static unsigned int sampler_ppm;

static void lfp_sampler_param_sync(void)
{
	sampler_ppm = lfp_sampler_ppm(&lfp_builtin_sampler);
}

/* Checked as sampler/ppm is: -EINVAL, or -ERANGE above the contract's max. */
static int lfp_sampler_param_set(const char *val, const struct kernel_param *kp)
{
	return lfp_parse_uint(val, 0, LFP_SAMPLER_PPM_MAX, &sampler_ppm);
}

static int lfp_sampler_param_get(char *buf, const struct kernel_param *kp)
{
	if (lfp_knobs_live)
		lfp_sampler_param_sync();
	return param_get_uint(buf, kp);
}

static const struct kernel_param_ops lfp_sampler_param_ops = {
	.set = lfp_sampler_param_set,
	.get = lfp_sampler_param_get,
};
module_param_cb(sampler_ppm, &lfp_sampler_param_ops, &sampler_ppm, 0444);
MODULE_PARM_DESC(sampler_ppm,
		 "Rate of the built-in sampler in parts per million, 0..1000000 (default 0); reads show sampler/ppm");

/* ---- the files ---- */

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

/* Also seeds the generators every sampler of the module uses. */
static int lfp_sampler_knob_init(void)
{
	lfp_sampler_seed();
	return lfp_sampler_init(&lfp_builtin_sampler, sampler_ppm);
}

const struct lfp_knob lfp_knob_sampler = {
	.name = "sampler",
	.group = &lfp_sampler_group,
	.init = lfp_sampler_knob_init,
	.param_sync = lfp_sampler_param_sync,
};
