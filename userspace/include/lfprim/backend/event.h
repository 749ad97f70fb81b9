/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User-space layout and fast paths of lfprim event: a futex word. */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_EVENT_H
#include <lfprim/event.h>
#endif

#ifndef _LFPRIM_BACKEND_EVENT_H
#define _LFPRIM_BACKEND_EVENT_H

#include <lfprim/backend/compat.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lfp_event_link;

/**
 * struct lfp_event - a one-shot broadcast
 * @fired: the futex word: 0, then 1 once fired
 * @waiters: callers inside a wait on this event (also as a cancel event)
 * @nchildren: links to children (read by fire without the link lock)
 * @children: links to events this one fires
 * @parents: links to events that fire this one
 * @walk_next: the stack of a fire's walk over descendants (link lock)
 * @on_fire: lfprim-internal: called when a parent's fire fires this one
 */
struct lfp_event {
	unsigned int fired;
	unsigned int waiters;
	unsigned int nchildren;
	struct lfp_event_link *children;
	struct lfp_event_link *parents;
	struct lfp_event *walk_next;
	void (*on_fire)(struct lfp_event *ev);
};

static inline int __lfp_event_is_fired(const struct lfp_event *ev)
{
	return __atomic_load_n(&ev->fired, __ATOMIC_ACQUIRE);
}

/*
 * An unfired event with no waiters (LFP_EVENT_INIT).  @name needs no
 * pointer into it here; sizeof() only checks that it names an object.
 */
#define __LFP_EVENT_INIT(name) {					\
	.fired = 0 * sizeof(name),					\
	.waiters = 0,							\
	.nchildren = 0,							\
	.children = NULL,						\
	.parents = NULL,						\
	.walk_next = NULL,						\
	.on_fire = NULL,						\
}

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_EVENT_H */
