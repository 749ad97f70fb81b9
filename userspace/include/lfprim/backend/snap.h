/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-space layout and fast paths of lfprim snap: liburcu's memb flavour
 * (membarrier-based, no signals, no quiescent-state calls needed).
 *
 * Threads are registered with RCU lazily: the first read-side section or
 * writer call of a thread registers it, a thread-exit hook unregisters it.
 */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_SNAP_H
#include <lfprim/snap.h>
#endif

#ifndef _LFPRIM_BACKEND_SNAP_H
#define _LFPRIM_BACKEND_SNAP_H

#include <lfprim/backend/compat.h>
#include <lfprim/backend/tsan.h>

/*
 * A program that defines _LGPL_SOURCE before including lfprim (and so
 * accepts liburcu's LGPL code inlined into it) gets the inline read-side
 * fast path; any other program calls into liburcu-memb for it.
 *
 * A program that picked its own flavour through liburcu's API mapping
 * (<urcu.h>, <urcu-qsbr.h>, ... included before lfprim: URCU_API_MAP) keeps
 * it: <urcu/urcu-memb.h> would map the generic names (rcu_read_lock(),
 * call_rcu(), rcu_flavor...) to memb, so lfprim takes only what its
 * inline code needs: rcu_dereference(), struct rcu_head and memb's read
 * lock under its own urcu_memb_ name.  The other order (lfprim first) is
 * not supported: liburcu declares the mapped names of one flavour per
 * translation unit only, and that one would be memb.
 */
#if defined(URCU_API_MAP) && !defined(_URCU_MEMB_H)
#include <urcu/pointer.h>
#include <urcu/call-rcu.h>
#ifdef _LGPL_SOURCE
#include <urcu/static/urcu-memb.h>
#define urcu_memb_read_lock		_urcu_memb_read_lock
#define urcu_memb_read_unlock		_urcu_memb_read_unlock
#else
#ifdef __cplusplus
extern "C" {
#endif
void urcu_memb_read_lock(void);
void urcu_memb_read_unlock(void);
#ifdef __cplusplus
}
#endif
#endif /* _LGPL_SOURCE */
#else
#include <urcu/urcu-memb.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct lfp_snap_node;

/**
 * struct lfp_snap - an RCU-protected snapshot pointer
 * @cur: the current object
 * @free_fn: frees a retired object
 * @live: LFP_LIVE from a successful init until destroy (misuse checks)
 * @publishes: see struct lfp_snap_stats
 * @updates: see struct lfp_snap_stats
 * @retries: see struct lfp_snap_stats
 * @retired: see struct lfp_snap_stats
 */
struct lfp_snap {
	struct lfp_snap_node *cur;
	void (*free_fn)(struct lfp_snap_node *node);
	unsigned int live;
	unsigned long long publishes;
	unsigned long long updates;
	unsigned long long retries;
	unsigned long long retired;
};

/* Nonzero once the calling thread is registered with urcu-memb. */
extern __thread int lfp_rcu_registered
	__attribute__((tls_model("initial-exec")));

void lfp_rcu_register_slow(void);

/* Registers liburcu-memb's fork handlers, once per process. */
void lfp_rcu_fork_handlers(void);

/*
 * Nonzero while the calling thread runs a snap or rmap free function from
 * liburcu's call_rcu worker (set by lfprim's callbacks around the call):
 * waiting there for the worker's own queue (lfp_snap_barrier(), rmap
 * destroy) would never return, so those calls refuse.  Library-internal.
 */
extern __thread int lfp_rcu_in_free_fn
	__attribute__((tls_model("initial-exec")));

/* Refuses (message on stderr, returns 1) inside a deferred free function. */
int lfp_rcu_refuse_in_free_fn(const char *what);

static inline void lfp_rcu_ensure_registered(void)
{
	if (lfp_unlikely(!lfp_rcu_registered))
		lfp_rcu_register_slow();
}

static inline void __lfp_snap_read_lock(void)
{
	lfp_rcu_ensure_registered();
	urcu_memb_read_lock();
}

static inline void __lfp_snap_read_unlock(void)
{
	lfp_tsan_reader_end();
	urcu_memb_read_unlock();
}

static inline struct lfp_snap_node *__lfp_snap_deref(struct lfp_snap *snap)
{
	struct lfp_snap_node *node = rcu_dereference(snap->cur);

	if (node)
		lfp_tsan_acquire(node);
	return node;
}

/* An empty snap, live, counters zero (LFP_SNAP_INIT). */
#define __LFP_SNAP_INIT(free) {					\
	.cur = NULL, .free_fn = (free), .live = __LFP_LIVE,		\
	.publishes = 0, .updates = 0, .retries = 0, .retired = 0,	\
}

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_SNAP_H */
