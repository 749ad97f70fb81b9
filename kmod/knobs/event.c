// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/event: the built-in event.
 *
 * No lock here: every call the files make may overlap every other one
 * (reinit with fire and wait, refused with EBUSY while anyone waits).
 * Unloading ends the waits with ECANCELED (lfp_knobs_going).
 */
#include <lfprim/event.h>

#include "knobs.h"

static struct lfp_event lfp_builtin_event;

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
	/* Unloading the module ends the wait with ECANCELED. */
	ret = lfp_event_wait(&lfp_builtin_event, ms, &lfp_knobs_going);
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

static int lfp_event_knob_init(void)
{
	return lfp_event_init(&lfp_builtin_event);
}

const struct lfp_knob lfp_knob_event = {
	.name = "event",
	.group = &lfp_event_group,
	.init = lfp_event_knob_init,
};
