// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A C program that uses liburcu's qsbr flavour through its API mapping
 * (<urcu-qsbr.h> included first) together with lfprim (urcu-memb inside):
 * it builds, and the program's generic RCU names stay qsbr's.  The hash
 * table header comes after the lfprim headers, or first with LFHT_FIRST.
 */
#include <urcu-qsbr.h>
#ifdef LFHT_FIRST
#include <urcu/rculfhash.h>
#endif

#include <stdio.h>
#include <string.h>

#include <lfprim/rmap.h>
#include <lfprim/snap.h>
#ifndef LFHT_FIRST
#include <urcu/rculfhash.h>
#endif

#define STR2(x)	#x
#define STR(x)	STR2(x)

static int qsbr_frees;

static void qsbr_free(struct rcu_head *head)
{
	qsbr_frees++;
}

struct obj {
	struct lfp_snap_node node;
};

static void obj_free(struct lfp_snap_node *node)
{
}

static int mapped_to_qsbr(const char *name, const char *expansion)
{
	if (strstr(expansion, "qsbr"))
		return 1;
	fprintf(stderr, "c_qsbr: %s expands to %s\n", name, expansion);
	return 0;
}

int main(void)
{
	static struct obj a;
	struct lfp_rmap_ref ref;
	struct lfp_snap snap;
	struct rcu_head head;
	struct cds_lfht *ht;
	int ok = 1;

	ok &= mapped_to_qsbr("rcu_read_lock", STR(rcu_read_lock));
	ok &= mapped_to_qsbr("synchronize_rcu", STR(synchronize_rcu));
	ok &= mapped_to_qsbr("call_rcu", STR(call_rcu));
	ok &= mapped_to_qsbr("rcu_barrier", STR(rcu_barrier));
	ok &= mapped_to_qsbr("rcu_flavor", STR(rcu_flavor));

	rcu_register_thread();
	ht = cds_lfht_new(1, 1, 0, 0, NULL);
	ok &= ht != NULL;
	ok &= lfp_snap_init(&snap, &a.node, obj_free) == 0;
	ok &= lfp_rmap_ref_init(&ref) == 0;
	rcu_read_lock();
	lfp_snap_read_lock();
	ok &= lfp_snap_deref(&snap) == &a.node;
	ok &= lfp_rmap_ref_deref(&ref) == NULL;
	lfp_snap_read_unlock();
	rcu_read_unlock();
	call_rcu(&head, qsbr_free);
	rcu_thread_offline();
	lfp_rmap_ref_destroy(&ref);
	lfp_snap_destroy(&snap);
	rcu_barrier();
	rcu_thread_online();
	ok &= qsbr_frees == 1;
	ok &= cds_lfht_destroy(ht, NULL) == 0;
	rcu_unregister_thread();
	if (!ok) {
		fprintf(stderr, "c_qsbr: a check failed\n");
		return 1;
	}
	printf("c_qsbr: all checks passed\n");
	return 0;
}
