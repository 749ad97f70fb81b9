// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/group: the built-in group, whose tasks sleep and one
 * of which may fail.
 *
 * lfp_builtin_group_sem: run, wait, limit and every counter hold it for
 * reading while they use the group; reset holds it for writing while it
 * swaps in a new group, so nothing uses a group that is being torn down.
 * A wait holds it until the group's tasks end: a reset meanwhile waits
 * for that (and new readers queue behind the reset).
 * lfp_builtin_group_run_lock serializes runs with each other (they share
 * the task parameters), lfp_builtin_group_limit_lock limit writes with
 * each other (the workqueue's max_active follows the limit).  A reset
 * builds its group before it touches the old one: if that fails, the old
 * group stays and the write fails with its errno.
 *
 * Unloading (lfp_knobs_going) cancels the rest of a run and stops the
 * tasks early; the instance's exit waits for them.
 */
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <lfprim/event.h>
#include <lfprim/group.h>

#include "knobs.h"

/* Swapped by group/reset, under lfp_builtin_group_sem (see the top). */
static struct lfp_group *lfp_builtin_group;
static DECLARE_RWSEM(lfp_builtin_group_sem);
/* Serializes runs with each other, and limit writes with each other. */
static DEFINE_MUTEX(lfp_builtin_group_run_lock);
static DEFINE_MUTEX(lfp_builtin_group_limit_lock);

#define LFP_GROUP_RUN_MAX	100000U
#define LFP_GROUP_SLEEP_MAX	10000U

static u64 lfp_group_task_ms, lfp_group_task_fail_at;
static atomic64_t lfp_group_task_seq;

static int lfp_builtin_task_fn(void *arg, struct lfp_event *cancel)
{
	u64 me = atomic64_inc_return(&lfp_group_task_seq);
	unsigned long end = jiffies + msecs_to_jiffies((unsigned long)arg);

	/* Sleep the task's time, a jiffy at a time, unless cancelled. */
	while (time_before(jiffies, end) && !lfp_event_is_fired(cancel) &&
	       !lfp_event_is_fired(&lfp_knobs_going))
		schedule_timeout_interruptible(1);
	if (me == READ_ONCE(lfp_group_task_fail_at))
		return -EIO;
	return lfp_event_is_fired(cancel) ||
	       lfp_event_is_fired(&lfp_knobs_going) ? -ECANCELED : 0;
}

/*
 * Every file of the group holds lfp_builtin_group_sem for reading while it
 * uses the group; reset holds it for writing to swap the group.  Returns
 * the current group, or an ERR_PTR (-EINTR: a signal came first).
 */
static struct lfp_group *lfp_builtin_group_get(void)
{
	if (down_read_killable(&lfp_builtin_group_sem))
		return ERR_PTR(-EINTR);
	return lfp_builtin_group;
}

static void lfp_builtin_group_put(void)
{
	up_read(&lfp_builtin_group_sem);
}

/* "N MS FAIL_AT": start N tasks of MS ms; task FAIL_AT (1-based) fails. */
static ssize_t run_tasks_store(struct kobject *kobj,
			       struct kobj_attribute *attr, const char *buf,
			       size_t count)
{
	unsigned long long v[3];
	struct lfp_group *g;
	int ret;

	ret = lfp_parse_u64s(buf, v, 3);
	if (ret)
		return ret;
	if (v[0] > LFP_GROUP_RUN_MAX || v[1] > LFP_GROUP_SLEEP_MAX)
		return -ERANGE;
	g = lfp_builtin_group_get();
	if (IS_ERR(g))
		return PTR_ERR(g);
	ret = mutex_lock_killable(&lfp_builtin_group_run_lock);
	if (ret)
		goto out;
	atomic64_set(&lfp_group_task_seq, 0);
	WRITE_ONCE(lfp_group_task_ms, v[1]);
	WRITE_ONCE(lfp_group_task_fail_at, v[2]);
	/* Unloading the module cancels the rest of the run. */
	for (ret = 0; !ret && v[0]--;)
		ret = lfp_event_is_fired(&lfp_knobs_going) ? -ECANCELED :
		      lfp_group_go(g, lfp_builtin_task_fn,
				   (void *)(unsigned long)v[1],
				   LFP_WAIT_FOREVER, &lfp_knobs_going);
	mutex_unlock(&lfp_builtin_group_run_lock);
out:
	lfp_builtin_group_put();
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_group_run =
	__ATTR(run, 0200, NULL, run_tasks_store);

static ssize_t group_wait_store(struct kobject *kobj,
				struct kobj_attribute *attr, const char *buf,
				size_t count)
{
	struct lfp_group *g;
	int ret = lfp_parse_one(buf);

	if (ret)
		return ret;
	g = lfp_builtin_group_get();
	if (IS_ERR(g))
		return PTR_ERR(g);
	/* Blocks a reset (and new readers behind it) until the tasks end. */
	ret = lfp_group_wait(g);
	lfp_builtin_group_put();
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_group_wait =
	__ATTR(wait, 0200, NULL, group_wait_store);

/*
 * Builds the new group first: if that fails, the old one stays in place,
 * untouched and usable, and the write fails with the errno.
 */
static ssize_t reset_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	struct lfp_group_stats st;
	struct lfp_group *old, *g;
	int ret = lfp_parse_one(buf);

	if (ret)
		return ret;
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	ret = down_write_killable(&lfp_builtin_group_sem);
	if (ret)
		goto out_free;
	old = lfp_builtin_group;
	lfp_group_get_stats(old, &st);
	if (st.running) {
		ret = -EBUSY;
		goto out_unlock;
	}
	ret = lfp_group_init(g, st.limit);
	if (ret)
		goto out_unlock;
	lfp_builtin_group = g;
	up_write(&lfp_builtin_group_sem);
	/* Nobody can reach the old group any more; no task of it runs. */
	lfp_group_destroy(old);
	kfree(old);
	return count;

out_unlock:
	up_write(&lfp_builtin_group_sem);
out_free:
	kfree(g);
	return ret;
}
static struct kobj_attribute lfp_attr_group_reset = __ATTR_WO(reset);

static ssize_t group_limit_store(struct kobject *kobj,
				 struct kobj_attribute *attr, const char *buf,
				 size_t count)
{
	struct lfp_group *g;
	unsigned int v;
	int ret;

	ret = kstrtouint(buf, 0, &v);
	if (ret)
		return ret;
	g = lfp_builtin_group_get();
	if (IS_ERR(g))
		return PTR_ERR(g);
	/* Two limit writes must not leave the workqueue's mirror behind. */
	ret = mutex_lock_killable(&lfp_builtin_group_limit_lock);
	if (!ret) {
		ret = lfp_group_set_limit(g, v);
		mutex_unlock(&lfp_builtin_group_limit_lock);
	}
	lfp_builtin_group_put();
	return ret ? ret : count;
}

#define LFP_GROUP_SHOW(field, fmt)					\
static ssize_t group_##field##_show(struct kobject *kobj,		\
				    struct kobj_attribute *attr,	\
				    char *buf)				\
{									\
	struct lfp_group_stats st;					\
	struct lfp_group *g = lfp_builtin_group_get();			\
									\
	if (IS_ERR(g))							\
		return PTR_ERR(g);					\
	lfp_group_get_stats(g, &st);					\
	lfp_builtin_group_put();					\
	return sysfs_emit(buf, fmt "\n", st.field);			\
}

LFP_GROUP_SHOW(limit, "%u");
static struct kobj_attribute lfp_attr_group_limit =
	__ATTR(limit, 0644, group_limit_show, group_limit_store);

#define LFP_GROUP_STAT_ATTR(field, fmt)					\
LFP_GROUP_SHOW(field, fmt)						\
static struct kobj_attribute lfp_attr_group_##field =			\
	__ATTR(field, 0444, group_##field##_show, NULL)

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

static int lfp_group_knob_init(void)
{
	int ret;

	lfp_builtin_group = kzalloc(sizeof(*lfp_builtin_group), GFP_KERNEL);
	if (!lfp_builtin_group)
		return -ENOMEM;
	ret = lfp_group_init(lfp_builtin_group, 4);
	if (ret)
		kfree(lfp_builtin_group);
	return ret;
}

/*
 * The tasks stop early.  The group cannot be swapped meanwhile: a reset
 * holds the semaphore.
 */
static void lfp_group_knob_going(void)
{
	down_read(&lfp_builtin_group_sem);
	lfp_group_cancel(lfp_builtin_group);
	up_read(&lfp_builtin_group_sem);
}

static void lfp_group_knob_exit(void)
{
	/* Waits for the group's tasks: none of their code runs after this. */
	lfp_group_destroy(lfp_builtin_group);
	kfree(lfp_builtin_group);
}

const struct lfp_knob lfp_knob_group = {
	.name = "group",
	.group = &lfp_group_group,
	.init = lfp_group_knob_init,
	.going = lfp_group_knob_going,
	.exit = lfp_group_knob_exit,
};
