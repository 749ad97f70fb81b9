// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/sflight: the built-in sflight; concurrent calls of
 * one key share one run of the function.
 *
 * No lock here: every call the files make may overlap every other one.
 * Unloading ends the calls' sleeps early (lfp_knobs_going).
 */
#include <linux/bug.h>

#include <lfprim/event.h>
#include <lfprim/sflight.h>

#include "knobs.h"

static struct lfp_sflight lfp_builtin_sflight;

/* Longest a call may sleep, so that a write cannot hang for long. */
#define LFP_SFLIGHT_SLEEP_MAX	10000U

static int lfp_builtin_sf_fn(void *arg, void **res)
{
	u64 *kv = arg;
	int ret;

	/* Sleeps kv[1] ms, unless a signal comes or the module unloads. */
	ret = lfp_event_wait(&lfp_knobs_going, kv[1], NULL);
	if (!ret)
		return -ECANCELED;
	if (ret != -ETIMEDOUT)
		return ret;
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
			     &res, NULL, LFP_WAIT_FOREVER, &lfp_knobs_going);
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

static int lfp_sflight_knob_init(void)
{
	return lfp_sflight_init(&lfp_builtin_sflight);
}

static void lfp_sflight_knob_exit(void)
{
	/* No call can be in flight: the files are gone. */
	WARN_ON(lfp_sflight_destroy(&lfp_builtin_sflight));
}

const struct lfp_knob lfp_knob_sflight = {
	.name = "sflight",
	.group = &lfp_sflight_group,
	.init = lfp_sflight_knob_init,
	.exit = lfp_sflight_knob_exit,
};
