// SPDX-License-Identifier: GPL-2.0-only
/*
 * An example module that builds on lfprim.ko: it publishes and reads a
 * snap object, lets lfprim free the replaced one after a grace period,
 * adds to a pcount and sums it, logs one line, and refuses to load
 * (-EINVAL) when a result is wrong.  README, "Building on lfprim from
 * another module", tells how to build it against an installed lfprim.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/slab.h>

#include <lfprim/kmod.h>
#include <lfprim/pcount.h>
#include <lfprim/snap.h>

struct consumer_obj {
	struct lfp_snap_node node;
	int value;
};

static atomic_t consumer_frees = ATOMIC_INIT(0);

static void consumer_free(struct lfp_snap_node *node)
{
	kfree(container_of(node, struct consumer_obj, node));
	atomic_inc(&consumer_frees);
}

static struct consumer_obj *consumer_obj_new(int value)
{
	struct consumer_obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (o)
		o->value = value;
	return o;
}

/* The value a reader sees now; -1 for an empty snap. */
static int consumer_read(struct lfp_snap *snap)
{
	struct lfp_snap_node *node;
	int v = -1;

	lfp_snap_read_lock();
	node = lfp_snap_deref(snap);
	if (node)
		v = container_of(node, struct consumer_obj, node)->value;
	lfp_snap_read_unlock();
	return v;
}

/*
 * snap: 1 at init, 2 published; a reader sees 2, and after a barrier the
 * replaced object has been freed (1 free), after destroy both (2 frees).
 */
static int __init consumer_snap(int *seen, int *freed)
{
	struct consumer_obj *a = consumer_obj_new(1), *b = consumer_obj_new(2);
	struct lfp_snap snap;
	int ret;

	if (!a || !b) {
		kfree(a);
		kfree(b);
		return -ENOMEM;
	}
	ret = lfp_snap_init(&snap, &a->node, consumer_free);
	if (ret) {
		kfree(a);
		kfree(b);
		return ret;
	}
	ret = lfp_snap_publish(&snap, &b->node);
	if (ret)
		kfree(b);
	*seen = consumer_read(&snap);
	lfp_snap_barrier();
	*freed = atomic_read(&consumer_frees);
	lfp_snap_destroy(&snap);
	return ret;
}

/* pcount: 1 + 2 + ... + 100 on CPU shards, then -50: the sum is 5000. */
static int __init consumer_pcount(long long *sum)
{
	struct lfp_pcount pc;
	int i, ret;

	ret = lfp_pcount_init(&pc, LFP_PCOUNT_BATCH_DEFAULT, LFP_PCOUNT_PER_CPU);
	if (ret)
		return ret;
	for (i = 1; i <= 100; i++)
		lfp_pcount_add(&pc, i);
	lfp_pcount_add(&pc, -50);
	*sum = lfp_pcount_sum(&pc);
	lfp_pcount_destroy(&pc);
	return 0;
}

static int __init consumer_init(void)
{
	int seen = 0, freed = 0, ret;
	long long sum = 0;

	ret = consumer_snap(&seen, &freed);
	if (ret)
		return ret;
	ret = consumer_pcount(&sum);
	if (ret)
		return ret;
	pr_info("snap read %d, %d freed after the barrier, %d after destroy; pcount sum %lld\n",
		seen, freed, atomic_read(&consumer_frees), sum);
	if (seen != 2 || freed != 1 || atomic_read(&consumer_frees) != 2 ||
	    sum != 5000) {
		pr_err("wrong result: want snap read 2, 1 and 2 freed, pcount sum 5000\n");
		return -EINVAL;
	}
	pr_info("ok\n");
	return 0;
}

static void __exit consumer_exit(void)
{
}

module_init(consumer_init);
module_exit(consumer_exit);

MODULE_DESCRIPTION("Example module building on lfprim.ko: snap and pcount");
MODULE_AUTHOR("lfprim developers");
MODULE_LICENSE("GPL");
/* lfprim.ko's symbols are in the LFPRIM namespace. */
LFP_IMPORT_NS();
