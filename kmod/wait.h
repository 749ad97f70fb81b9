/* SPDX-License-Identifier: GPL-2.0-only */
/* Blocking with a timeout and a cancel event, for every lfprim wait. */
#ifndef _LFPRIM_KMOD_WAIT_H
#define _LFPRIM_KMOD_WAIT_H

#include <linux/ktime.h>
#include <linux/wait.h>

#include <lfprim/event.h>

int lfp_wait_cond(wait_queue_head_t *wq, struct lfp_event *cancel,
		  bool (*cond)(void *arg), void *arg, ktime_t deadline,
		  unsigned int state);

/**
 * lfp_wait_deadline() - when a timeout ends, for lfp_wait_cond()
 * @timeout_ms: the caller's timeout; negative: forever; 0: check once
 *
 * Taken once per call, so a call that waits more than once (wakes up,
 * loses the race for the item, waits again) still ends on time.  Only a
 * positive @timeout_ms reads the clock.
 *
 * Return: KTIME_MAX for forever (or a timeout beyond a century), 0 for
 * check once, else the CLOCK_MONOTONIC time @timeout_ms from now.
 */
static inline ktime_t lfp_wait_deadline(long timeout_ms)
{
	/* Negative, or so long (over a century) that now + it overflows. */
	if (timeout_ms < 0 || timeout_ms > KTIME_MAX / NSEC_PER_MSEC / 2)
		return KTIME_MAX;
	return timeout_ms ? ktime_add_ms(ktime_get(), timeout_ms) : 0;
}

#endif /* _LFPRIM_KMOD_WAIT_H */
