/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The built-in instances of lfprim.ko, one file each under kmod/knobs/:
 * the instance, its files under /sys/kernel/lfprim/<name>/ and its module
 * parameter if it has one, described by one struct lfp_knob, a row of the
 * table in knobs/all.h that kmod/main.c walks.
 *
 * Every write is parsed with kstrto*() (or core/parse.h) and range checked
 * before anything changes: bad input gets -EINVAL (not a number) or
 * -ERANGE (a number out of range) and leaves the old value in place.
 */
#ifndef _LFPRIM_KMOD_KNOBS_H
#define _LFPRIM_KMOD_KNOBS_H

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/types.h>

#include <lfprim/core/parse.h>
#include <lfprim/event.h>

/**
 * struct lfp_knob - one built-in instance, a row of main.c's table
 * @name: the instance, as in /sys/kernel/lfprim/<name>/
 * @group: its files (the group's own name is @name)
 * @init: set the instance up, from its module parameter if it has one;
 *	none of its files exists yet.  0 or a negative errno (the load
 *	fails with it).  Optional.
 * @start: called once every file of every row exists; undone by @exit.
 *	0 or a negative errno.  Optional.
 * @going: the module starts to unload (lfp_knobs_going is fired already):
 *	make blocking writes and background work give up early, so that
 *	removing the files, which waits for running shows and stores, is
 *	quick.  The files still exist.  Optional.
 * @param_sync: copy the instance's live value into its module parameter's
 *	variable; called under the module's parameter lock while the
 *	instances exist.  Only for a row with a module parameter.
 * @exit: tear the instance down; no file of any row exists any more.
 *	Optional.
 *
 * Loading: @init of every row in table order, then every row's files,
 * then @start of every row.  Unloading: lfp_knobs_going is fired and
 * @going of every row called, then every file is removed, then @exit of
 * every row in reverse table order.
 */
struct lfp_knob {
	const char *name;
	const struct attribute_group *group;
	int (*init)(void);
	int (*start)(void);
	void (*going)(void);
	void (*param_sync)(void);
	void (*exit)(void);
};

/*
 * Fired when the module starts to unload (main.c): the rows' writes that
 * block pass it as their cancel event and give up with -ECANCELED.
 */
extern struct lfp_event lfp_knobs_going;

/*
 * True while every built-in instance exists: a module parameter's get
 * then calls its row's @param_sync and shows the live value; before
 * (while the load is parsing the parameters) and after (once the files
 * are gone) it shows its variable.  Written by main.c, read by the gets,
 * both under the module's parameter lock (kernel_param_lock()).
 */
extern bool lfp_knobs_live;

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

/* Parses "KEY VALUE" (@value set) or "KEY" (@value NULL), both u64. */
static inline int lfp_parse_kv(const char *buf, u64 *key, u64 *value)
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

#endif /* _LFPRIM_KMOD_KNOBS_H */
