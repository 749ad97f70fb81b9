/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The logic of lfprim sflight, written once for both worlds.  Included by
 * exactly one .c file per world, after the backend header, which provides:
 *
 *   lfp_sflight_lock_init/_lock/_unlock/_destroy(g)  the group's lock
 *   lfp_sflight_users_set(g, n)   store the group's caller count
 *   lfp_sflight_users_inc(g)      add a caller (group lock held)
 *   lfp_sflight_users_dec(g)      drop a caller: a release operation, and
 *                                 the caller's last access to the group
 *   lfp_sflight_users_read(g)     read the count with acquire semantics
 *   lfp_sflight_zalloc(size), lfp_sflight_free(p)    may sleep
 *   LFP_EXPORT(sym)
 *
 * A call lives in its bucket while in flight and not forgotten.  Its
 * reference count (under the group lock) counts the leader and every
 * waiter still inside lfp_sflight_do(); the last one out frees it.  The
 * leader stores the result, unhooks the call, then fires its event, which
 * publishes the result to the waiters (release/acquire of the event).
 *
 * The group's caller count counts every caller from the moment it leads
 * or joins a call (in the same critical section that counts it in the
 * stats) until it has done with the group: its decrement, after the
 * caller's last unlock, is the last access to the group.  Destroy refuses
 * while the count is not zero, so a group that destroy released is never
 * touched again, not even by the unlock of a waiter that is leaving (a
 * mutex may still be touched by its unlock after another thread took it).
 */
#ifndef _LFPRIM_CORE_SFLIGHT_H
#define _LFPRIM_CORE_SFLIGHT_H

#include <lfprim/core/inject.h>
#include <lfprim/sflight.h>

/*
 * Misuse checks (see "Misuse:" in lfprim/sflight.h).  User space defines
 * these before including this file:
 *
 *   lfp_sflight_dead(g)       nonzero for a NULL, never initialised or
 *                             destroyed group
 *   lfp_sflight_mark_live(g)  end of a successful init
 *   lfp_sflight_mark_dead(g)  start of a successful destroy
 *   lfp_sflight_null(p)       nonzero for a NULL pointer argument
 *
 * The kernel treats misuse as a bug, as its own primitives do, and gets
 * these defaults, which compile to nothing.
 */
#ifndef lfp_sflight_dead
#define lfp_sflight_dead(g)		((void)(g), 0)
#define lfp_sflight_mark_live(g)	((void)(g))
#define lfp_sflight_mark_dead(g)	((void)(g))
#define lfp_sflight_null(p)		((void)(p), 0)
#endif

struct lfp_sflight_call {
	struct lfp_sflight_call *next;
	unsigned long long key;
	unsigned int refs;
	int hashed;
	int ret;
	void *res;
	struct lfp_event done;
};

static unsigned int lfp_sflight_slot(unsigned long long key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return key % LFP_SFLIGHT_BUCKETS;
}

int lfp_sflight_init(struct lfp_sflight *g)
{
	unsigned int i;

	if (!g)
		return -EINVAL;
	lfp_sflight_lock_init(g);
	for (i = 0; i < LFP_SFLIGHT_BUCKETS; i++)
		g->bucket[i] = NULL;
	g->stats = (struct lfp_sflight_stats){ 0 };
	lfp_sflight_users_set(g, 0);
	lfp_sflight_mark_live(g);
	return 0;
}
LFP_EXPORT(lfp_sflight_init);

int lfp_sflight_destroy(struct lfp_sflight *g)
{
	if (lfp_sflight_dead(g))
		return -EINVAL;
	/*
	 * Acquire: pairs with each caller's final decrement, so everything
	 * the callers did to the group happened before what follows.
	 */
	if (lfp_sflight_users_read(g))
		return -EBUSY;
	lfp_sflight_mark_dead(g);
	lfp_sflight_lock_destroy(g);
	return 0;
}
LFP_EXPORT(lfp_sflight_destroy);

/* Takes @c out of its bucket; group lock held. */
static void lfp_sflight_unhash(struct lfp_sflight *g, struct lfp_sflight_call *c)
{
	struct lfp_sflight_call **pp = &g->bucket[lfp_sflight_slot(c->key)];

	while (*pp != c)
		pp = &(*pp)->next;
	*pp = c->next;
	c->hashed = 0;
}

/*
 * Drops one reference; the last frees the call.  Then the caller leaves
 * the group: nothing may touch @g after lfp_sflight_users_dec().
 */
static void lfp_sflight_put(struct lfp_sflight *g, struct lfp_sflight_call *c,
			    int leader)
{
	unsigned int refs;

	lfp_sflight_lock(g);
	refs = --c->refs;
	if (leader)
		g->stats.inflight--;
	lfp_sflight_unlock(g);
	if (!refs)
		lfp_sflight_free(c);
	lfp_sflight_users_dec(g);
}

int lfp_sflight_do(struct lfp_sflight *g, unsigned long long key,
		   int (*fn)(void *arg, void **res), void *arg, void **result,
		   int *shared, long timeout_ms, struct lfp_event *cancel)
{
	struct lfp_sflight_call *c, *fresh;
	unsigned int slot = lfp_sflight_slot(key);
	void *res = NULL;
	int ret;

	if (!fn || lfp_sflight_dead(g))
		return -EINVAL;
	/* Allocated up front: no allocation under the lock. */
	fresh = lfp_sflight_zalloc(sizeof(*fresh));
	lfp_sflight_lock(g);
	for (c = g->bucket[slot]; c && c->key != key; c = c->next)
		;
	if (c) {
		c->refs++;
		g->stats.shared++;
		lfp_sflight_users_inc(g);
		lfp_sflight_unlock(g);
		lfp_sflight_free(fresh);
		ret = lfp_event_wait(&c->done, timeout_ms, cancel);
		/*
		 * A waiter is done waiting (result in, or leaving) and has
		 * not touched the group since; the leader may have left it.
		 */
		lfp_inject("sflight.waiter_woken", g);
		if (!ret) {
			if (result)
				*result = c->res;
			ret = c->ret;
		} else {
			lfp_sflight_lock(g);
			g->stats.left++;
			lfp_sflight_unlock(g);
		}
		if (shared)
			*shared = 1;
		lfp_sflight_put(g, c, 0);
		return ret;
	}
	if (!fresh) {
		lfp_sflight_unlock(g);
		return -ENOMEM;
	}
	c = fresh;
	c->key = key;
	c->refs = 1;
	c->hashed = 1;
	lfp_event_init(&c->done);
	c->next = g->bucket[slot];
	g->bucket[slot] = c;
	g->stats.leaders++;
	g->stats.inflight++;
	lfp_sflight_users_inc(g);
	lfp_sflight_unlock(g);

	ret = fn(arg, &res);

	c->res = res;
	c->ret = ret;
	lfp_sflight_lock(g);
	if (c->hashed)
		lfp_sflight_unhash(g, c);
	lfp_sflight_unlock(g);
	/* Publishes res and ret to every waiter. */
	lfp_event_fire(&c->done);
	if (result)
		*result = res;
	if (shared)
		*shared = 0;
	lfp_sflight_put(g, c, 1);
	return ret;
}
LFP_EXPORT(lfp_sflight_do);

int lfp_sflight_forget(struct lfp_sflight *g, unsigned long long key)
{
	struct lfp_sflight_call *c;
	int found = 0;

	if (lfp_sflight_dead(g))
		return -EINVAL;
	lfp_sflight_lock(g);
	for (c = g->bucket[lfp_sflight_slot(key)]; c && c->key != key;
	     c = c->next)
		;
	if (c) {
		lfp_sflight_unhash(g, c);
		g->stats.forgets++;
		found = 1;
	}
	lfp_sflight_unlock(g);
	return found;
}
LFP_EXPORT(lfp_sflight_forget);

void lfp_sflight_get_stats(struct lfp_sflight *g, struct lfp_sflight_stats *st)
{
	if (lfp_sflight_null(st))
		return;
	if (lfp_sflight_dead(g)) {
		*st = (struct lfp_sflight_stats){ 0 };
		return;
	}
	lfp_sflight_lock(g);
	*st = g->stats;
	lfp_sflight_unlock(g);
}
LFP_EXPORT(lfp_sflight_get_stats);

#endif /* _LFPRIM_CORE_SFLIGHT_H */
