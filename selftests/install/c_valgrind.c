// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A user's program under valgrind with lfprim's suppression file
 * (share/lfprim/lfprim.supp): snap publishes and updates, an rmap grown
 * past its first resize and emptied again, reader threads, everything
 * destroyed before exit.  What liburcu keeps until exit (its call_rcu
 * thread, the lock-free table's resize worker) must be suppressed, and
 * nothing of lfprim's may remain.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <lfprim/rmap.h>
#include <lfprim/snap.h>

#define KEYS	4096

struct cfg {
	struct lfp_snap_node node;
	unsigned long v;
};

struct val {
	struct lfp_rmap_node node;
	unsigned long v;
};

static struct lfp_snap snap;
static struct lfp_rmap map;

static void cfg_free(struct lfp_snap_node *n)
{
	free((char *)n - offsetof(struct cfg, node));
}

static void val_free(struct lfp_rmap_node *n)
{
	free((char *)n - offsetof(struct val, node));
}

static int bump(const struct lfp_snap_node *old, struct lfp_snap_node *scratch, void *arg)
{
	const struct cfg *o = (const void *)((const char *)old - offsetof(struct cfg, node));
	struct cfg *n = (void *)((char *)scratch - offsetof(struct cfg, node));

	n->v = o->v + 1;
	return 0;
}

static void *reader(void *arg)
{
	unsigned long i, found = 0;

	for (i = 0; i < KEYS; i++) {
		lfp_rmap_read_lock();
		found += lfp_rmap_lookup(&map, i) != NULL;
		lfp_snap_read_lock();
		found += lfp_snap_deref(&snap) != NULL;
		lfp_snap_read_unlock();
		lfp_rmap_read_unlock();
	}
	return (void *)found;
}

int main(void)
{
	pthread_t t[2];
	unsigned long i;
	struct cfg *c;
	struct val *v;
	int ok = 1;

	c = calloc(1, sizeof(*c));
	ok &= c && lfp_snap_init(&snap, &c->node, cfg_free) == 0;
	ok &= lfp_rmap_init(&map, val_free) == 0;
	if (!ok)
		return 1;
	for (i = 0; i < KEYS; i++) {
		v = calloc(1, sizeof(*v));
		if (!v)
			return 1;
		v->node.key = i;
		ok &= lfp_rmap_insert(&map, &v->node) == 0;
	}
	for (i = 0; i < 2; i++)
		ok &= pthread_create(&t[i], NULL, reader, NULL) == 0;
	for (i = 0; i < 100; i++) {
		c = calloc(1, sizeof(*c));
		if (!c)
			return 1;
		if (i % 2)
			ok &= lfp_snap_publish(&snap, &c->node) == 0;
		else
			ok &= lfp_snap_update(&snap, &c->node, bump, NULL) == 0;
	}
	for (i = 0; i < 2; i++)
		ok &= pthread_join(t[i], NULL) == 0;
	for (i = 0; i < KEYS; i++)
		ok &= lfp_rmap_delete(&map, i) == 0;
	lfp_rmap_destroy(&map);
	lfp_snap_destroy(&snap);
	lfp_snap_barrier();
	printf("valgrind consumer: %s\n", ok ? "ok" : "FAILED");
	return !ok;
}
