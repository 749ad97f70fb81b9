// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim event, user-space side: a futex on the fired word.
 *
 * No lost wake-up: a waiter increments @waiters and then reads @fired; a
 * firer exchanges @fired and then reads @waiters, all sequentially
 * consistent.  In their single total order either the increment comes
 * first (the firer sees a waiter and wakes the word) or the exchange does
 * (the waiter sees the event fired and never sleeps); and a waiter that
 * read 0 just before the exchange sleeps only if the word is still 0 when
 * the kernel checks it (FUTEX_WAIT compares atomically).
 *
 * Links: one mutex for every link of every event, so that a chain
 * (grandparent -> parent -> child) needs no lock order, and a fire walks
 * the descendants with an explicit stack (@walk_next) instead of
 * recursing.  The mutex is taken only by link, unlink, destroy, the
 * reinit of an event that has children, and the fire of an event that
 * has children: an event without children fires without it (and stays
 * async-signal-safe).  The @nchildren check against link's increment is
 * the same store buffering as @fired against @waiters above.
 *
 * Termination: during a walk the mutex is held, so no link changes and no
 * event with children is reinit (reinit takes the mutex for those); an
 * event is pushed only when this walk changed it from unfired to fired,
 * which happens at most once per event and walk, cycles included.
 */
#include "live.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>

#include <lfprim/core/inject.h>
#include <lfprim/event.h>

#include "futex.h"

int lfp_event_init(struct lfp_event *ev)
{
	if (!ev)
		return -EINVAL;
	__atomic_store_n(&ev->fired, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ev->waiters, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ev->nchildren, 0, __ATOMIC_RELAXED);
	ev->children = NULL;
	ev->parents = NULL;
	ev->walk_next = NULL;
	ev->on_fire = NULL;
	return 0;
}

static pthread_mutex_t lfp_event_links_lock = PTHREAD_MUTEX_INITIALIZER;

/**
 * struct lfp_event_link - one parent -> child link
 * @next_in_parent: next on @parent->children
 * @pprev_in_parent: what points at this one there
 * @next_in_child: next on @child->parents
 * @pprev_in_child: what points at this one there
 * @parent: the event whose fire fires @child
 * @child: the event it fires
 */
struct lfp_event_link {
	struct lfp_event_link *next_in_parent, **pprev_in_parent;
	struct lfp_event_link *next_in_child, **pprev_in_child;
	struct lfp_event *parent;
	struct lfp_event *child;
};

/* Set the flag and wake; 1 if this call fired it. */
static int lfp_event_fire_one(struct lfp_event *ev)
{
	int first;

	first = !__atomic_exchange_n(&ev->fired, 1, __ATOMIC_SEQ_CST);
	/* Fired, waiters not yet woken. */
	lfp_inject("event.fire_wake", ev);
	/*
	 * Every fire wakes, the first or a repeat: a repeat that races the
	 * first returns only once every waiter is woken, as the first does.
	 */
	if (__atomic_load_n(&ev->waiters, __ATOMIC_SEQ_CST))
		lfp_futex_wake(&ev->fired, INT_MAX);
	return first;
}

/* Fire every descendant of the fired @root; link lock held. */
static void lfp_event_walk_locked(struct lfp_event *root)
{
	struct lfp_event *stack = root, *ev, *c;
	struct lfp_event_link *l;

	root->walk_next = NULL;
	while ((ev = stack)) {
		stack = ev->walk_next;
		for (l = ev->children; l; l = l->next_in_parent) {
			c = l->child;
			/*
			 * Injection point "event.walk_child" (obj: the child):
			 * a parent fired, this child not yet.
			 */
			lfp_inject("event.walk_child", c);
			if (!lfp_event_fire_one(c))
				continue;
			if (c->on_fire)
				c->on_fire(c);
			if (__atomic_load_n(&c->nchildren, __ATOMIC_RELAXED)) {
				c->walk_next = stack;
				stack = c;
			}
		}
	}
}

int lfp_event_fire(struct lfp_event *ev)
{
	int first;

	if (lfp_misuse(!ev))
		return -EINVAL;
	first = lfp_event_fire_one(ev);
	/*
	 * Injection point "event.fire_walk" (obj: the event): fired and
	 * woken, children not fired yet.
	 */
	lfp_inject("event.fire_walk", ev);
	/* Every fire walks, so a repeat returns with the children fired too. */
	if (__atomic_load_n(&ev->nchildren, __ATOMIC_SEQ_CST)) {
		pthread_mutex_lock(&lfp_event_links_lock);
		lfp_event_walk_locked(ev);
		pthread_mutex_unlock(&lfp_event_links_lock);
	}
	return first;
}

int lfp_event_wait(struct lfp_event *ev, long timeout_ms,
		   struct lfp_event *cancel)
{
	const struct timespec *deadline;
	struct timespec ts;
	int ret = 0;

	if (lfp_misuse(!ev))
		return -EINVAL;
	if (lfp_event_is_fired(ev))
		return 0;
	deadline = lfp_deadline(timeout_ms, &ts);
	__atomic_fetch_add(&ev->waiters, 1, __ATOMIC_SEQ_CST);
	if (cancel)
		__atomic_fetch_add(&cancel->waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		if (__atomic_load_n(&ev->fired, __ATOMIC_SEQ_CST))
			break;
		if (cancel && __atomic_load_n(&cancel->fired, __ATOMIC_SEQ_CST)) {
			ret = -ECANCELED;
			break;
		}
		if (lfp_futex_wait2(&ev->fired, 0, cancel ? &cancel->fired : NULL,
				    0, deadline) == -ETIMEDOUT ||
		    lfp_deadline_passed(deadline)) {
			/* A fire that raced the timeout still counts. */
			ret = lfp_event_is_fired(ev) ? 0 : -ETIMEDOUT;
			break;
		}
	}
	if (cancel)
		__atomic_fetch_sub(&cancel->waiters, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_sub(&ev->waiters, 1, __ATOMIC_SEQ_CST);
	return ret;
}

int lfp_event_wait_killable(struct lfp_event *ev, long timeout_ms,
			    struct lfp_event *cancel)
{
	return lfp_event_wait(ev, timeout_ms, cancel);
}

int lfp_event_reinit(struct lfp_event *ev)
{
	int locked, ret = 0;

	if (lfp_misuse(!ev))
		return -EINVAL;
	/* Not during a walk, which relies on fired events staying fired. */
	locked = !!__atomic_load_n(&ev->nchildren, __ATOMIC_SEQ_CST);
	if (locked)
		pthread_mutex_lock(&lfp_event_links_lock);
	if (__atomic_load_n(&ev->waiters, __ATOMIC_SEQ_CST))
		ret = -EBUSY;
	else
		__atomic_store_n(&ev->fired, 0, __ATOMIC_RELEASE);
	if (locked)
		pthread_mutex_unlock(&lfp_event_links_lock);
	return ret;
}

unsigned int lfp_event_waiters(const struct lfp_event *ev)
{
	if (lfp_misuse(!ev))
		return 0;
	return __atomic_load_n(&ev->waiters, __ATOMIC_RELAXED);
}

static struct lfp_event_link *lfp_event_find_link(struct lfp_event *child,
						  struct lfp_event *parent)
{
	struct lfp_event_link *l;

	for (l = child->parents; l; l = l->next_in_child)
		if (l->parent == parent)
			return l;
	return NULL;
}

static void lfp_event_unlink_locked(struct lfp_event_link *l)
{
	*l->pprev_in_parent = l->next_in_parent;
	if (l->next_in_parent)
		l->next_in_parent->pprev_in_parent = l->pprev_in_parent;
	*l->pprev_in_child = l->next_in_child;
	if (l->next_in_child)
		l->next_in_child->pprev_in_child = l->pprev_in_child;
	__atomic_fetch_sub(&l->parent->nchildren, 1, __ATOMIC_SEQ_CST);
}

int lfp_event_link(struct lfp_event *child, struct lfp_event *parent)
{
	struct lfp_event_link *l;

	if (lfp_misuse(!child || !parent || child == parent))
		return -EINVAL;
	l = malloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->parent = parent;
	l->child = child;
	pthread_mutex_lock(&lfp_event_links_lock);
	if (lfp_event_find_link(child, parent)) {
		pthread_mutex_unlock(&lfp_event_links_lock);
		free(l);
		return -EEXIST;
	}
	l->next_in_parent = parent->children;
	if (l->next_in_parent)
		l->next_in_parent->pprev_in_parent = &l->next_in_parent;
	l->pprev_in_parent = &parent->children;
	parent->children = l;
	l->next_in_child = child->parents;
	if (l->next_in_child)
		l->next_in_child->pprev_in_child = &l->next_in_child;
	l->pprev_in_child = &child->parents;
	child->parents = l;
	/*
	 * Store buffering against lfp_event_fire(): it sets @fired, then
	 * reads @nchildren; this increments @nchildren, then reads @fired,
	 * all sequentially consistent.  Either the fire sees the link and
	 * walks it (after this unlocks), or this sees the fire.
	 */
	__atomic_fetch_add(&parent->nchildren, 1, __ATOMIC_SEQ_CST);
	/*
	 * Injection point "event.link" (obj: the child): the link is in
	 * place, the parent's state not read yet.
	 */
	lfp_inject("event.link", child);
	if (__atomic_load_n(&parent->fired, __ATOMIC_SEQ_CST)) {
		if (lfp_event_fire_one(child) && child->on_fire)
			child->on_fire(child);
		lfp_event_walk_locked(child);
	}
	pthread_mutex_unlock(&lfp_event_links_lock);
	return 0;
}

int lfp_event_unlink(struct lfp_event *child, struct lfp_event *parent)
{
	struct lfp_event_link *l;
	int ret;

	if (lfp_misuse(!child || !parent))
		return -EINVAL;
	pthread_mutex_lock(&lfp_event_links_lock);
	l = lfp_event_find_link(child, parent);
	if (l)
		lfp_event_unlink_locked(l);
	pthread_mutex_unlock(&lfp_event_links_lock);
	ret = l ? 0 : -ENOENT;
	free(l);
	return ret;
}

void lfp_event_destroy(struct lfp_event *ev)
{
	struct lfp_event_link *dead = NULL, *l;

	if (lfp_misuse(!ev))
		return;
	pthread_mutex_lock(&lfp_event_links_lock);
	while ((l = ev->parents) || (l = ev->children)) {
		lfp_event_unlink_locked(l);
		l->next_in_child = dead;
		dead = l;
	}
	pthread_mutex_unlock(&lfp_event_links_lock);
	/* No walk holds a link to @ev any more: each ran under the lock. */
	while ((l = dead)) {
		dead = l->next_in_child;
		free(l);
	}
}
