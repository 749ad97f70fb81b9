/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The bookkeeping of lfprim group, written once for both worlds: admission
 * against the limit and the cancel state, and the end of a task.  The
 * including world provides the lock (lfp_group_lock/_unlock(g)), a way to
 * wake waiters (lfp_group_wake(g), called after unlocking) and runs the
 * tasks.  All fields of @g->st are guarded by the lock.
 */
#ifndef _LFPRIM_CORE_GROUP_H
#define _LFPRIM_CORE_GROUP_H

#include <lfprim/group.h>

/*
 * Admit one task if a slot is free and the group is not cancelled; lock
 * held.  Returns 0, -EAGAIN (full) or -ECANCELED.
 */
static int lfp_group_admit_locked(struct lfp_group *g)
{
	/*
	 * first_error too: the cancel it brings fires after the lock is
	 * dropped, and nothing may be admitted after the first error.
	 */
	if (g->st.first_error || lfp_event_is_fired(&g->cancel))
		return -ECANCELED;
	if (g->st.running >= g->st.limit)
		return -EAGAIN;
	g->st.running++;
	g->st.started++;
	if (g->st.running > g->st.max_running)
		g->st.max_running = g->st.running;
	return 0;
}

/* A task has ended with @ret (@skipped: it never ran); lock held. */
static int lfp_group_end_locked(struct lfp_group *g, int ret, int skipped)
{
	int fire = 0;

	g->st.running--;
	g->st.finished++;
	if (skipped)
		g->st.skipped++;
	if (ret && !skipped) {
		g->st.failed++;
		if (!g->st.first_error) {
			g->st.first_error = ret;
			fire = 1;
		}
	}
	return fire;
}

/* Give back a slot taken by lfp_group_admit_locked() for nothing. */
static void lfp_group_unadmit_locked(struct lfp_group *g)
{
	g->st.running--;
	g->st.started--;
}

/* 0, or -ERANGE for a limit outside 1..LFP_GROUP_LIMIT_MAX. */
static inline int lfp_group_check_limit(unsigned int limit)
{
	return limit < 1 || limit > LFP_GROUP_LIMIT_MAX ? -ERANGE : 0;
}

static int lfp_group_set_limit_locked(struct lfp_group *g, unsigned int limit)
{
	if (lfp_group_check_limit(limit))
		return -ERANGE;
	if (g->st.running)
		return -EBUSY;
	g->st.limit = limit;
	return 0;
}

static void lfp_group_stats_init(struct lfp_group *g, unsigned int limit)
{
	g->st = (struct lfp_group_stats){ .limit = limit };
}

#endif /* _LFPRIM_CORE_GROUP_H */
