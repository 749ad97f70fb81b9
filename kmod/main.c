// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim.ko: the module's built-in instances of each primitive, their
 * module parameters and their live knobs under /sys/kernel/lfprim/, one
 * row of lfp_knobs[] each (kmod/knobs/<name>.c, struct lfp_knob in
 * knobs/knobs.h, the table in knobs/all.h), plus the in-kernel benchmark
 * (bench.c).
 *
 * What serializes what.  The files run concurrently with each other and
 * with themselves; each primitive's contract says which of its calls may
 * overlap, and a row adds locks only where a contract asks for it (each
 * row's file says which).  A module parameter's get runs under the
 * module's parameter lock, which also guards lfp_knobs_live.
 *
 * Loading sets every instance up (a failure undoes the ones before, in
 * reverse), then the parameters show the live values, then the files
 * appear, then the benchmark may start.
 *
 * Unloading fires lfp_knobs_going first and calls each row's going step:
 * writes that block give up with ECANCELED and background work stops
 * early, so removing the files (which waits for every show and store in
 * progress) is quick; then the parameters keep the last live values, and
 * the instances are destroyed in reverse table order, each waiting for
 * what it still runs (see each row's exit).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>

#include <lfprim/event.h>

#include "knobs/all.h"


#define LFP_NKNOBS	ARRAY_SIZE(lfp_knobs)

struct lfp_event lfp_knobs_going;
bool lfp_knobs_live;

static struct kobject *lfp_kobj;

static void lfp_knobs_exit(unsigned int n)
{
	while (n--)
		if (lfp_knobs[n]->exit)
			lfp_knobs[n]->exit();
}

static void lfp_knobs_remove(unsigned int n)
{
	while (n--)
		sysfs_remove_group(lfp_kobj, lfp_knobs[n]->group);
	kobject_put(lfp_kobj);
}

/* Parameters show the instances' values (@live), or keep the last ones. */
static void lfp_knobs_set_live(bool live)
{
	unsigned int i;

	kernel_param_lock(THIS_MODULE);
	for (i = 0; i < LFP_NKNOBS; i++)
		if (lfp_knobs[i]->param_sync)
			lfp_knobs[i]->param_sync();
	lfp_knobs_live = live;
	kernel_param_unlock(THIS_MODULE);
}

static int __init lfp_init(void)
{
	unsigned int i, n;
	int ret;

	lfp_event_init(&lfp_knobs_going);
	for (n = 0; n < LFP_NKNOBS; n++) {
		ret = lfp_knobs[n]->init ? lfp_knobs[n]->init() : 0;
		if (ret)
			goto err_exit;
	}
	lfp_knobs_set_live(true);
	lfp_kobj = kobject_create_and_add("lfprim", kernel_kobj);
	if (!lfp_kobj) {
		ret = -ENOMEM;
		goto err_live;
	}
	for (i = 0; i < LFP_NKNOBS; i++) {
		ret = sysfs_create_group(lfp_kobj, lfp_knobs[i]->group);
		if (ret)
			goto err_files;
	}
	for (i = 0; i < LFP_NKNOBS; i++) {
		ret = lfp_knobs[i]->start ? lfp_knobs[i]->start() : 0;
		if (ret)
			goto err_started;
	}
	pr_info("loaded\n");
	return 0;

err_started:
	i = LFP_NKNOBS;
err_files:
	lfp_knobs_remove(i);
err_live:
	lfp_knobs_set_live(false);
err_exit:
	lfp_knobs_exit(n);
	return ret;
}

static void __exit lfp_exit(void)
{
	unsigned int i;

	lfp_event_fire(&lfp_knobs_going);
	for (i = 0; i < LFP_NKNOBS; i++)
		if (lfp_knobs[i]->going)
			lfp_knobs[i]->going();
	/* Removing the files waits for every running show/store. */
	lfp_knobs_remove(LFP_NKNOBS);
	lfp_knobs_set_live(false);
	lfp_knobs_exit(LFP_NKNOBS);
	pr_info("unloaded\n");
}

module_init(lfp_init);
module_exit(lfp_exit);

MODULE_DESCRIPTION("Light-weight concurrency primitives: snap (RCU snapshot pointer), pcount (sharded counter), seqstat (seqlock stats), sampler (rate sampling), event (one-shot broadcast), dropq (drop-counting queue), rmap (read-mostly map), sflight (singleflight), group (task group), batch (flush on size or time), pubsub (fan-out queues); in-kernel benchmark");
MODULE_AUTHOR("lfprim developers");
MODULE_VERSION(LFPRIM_VERSION);
MODULE_LICENSE("GPL");
