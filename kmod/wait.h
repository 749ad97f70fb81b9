/* SPDX-License-Identifier: GPL-2.0-only */
/* Blocking with a timeout and a cancel event, for every lfprim wait. */
#ifndef _LFPRIM_KMOD_WAIT_H
#define _LFPRIM_KMOD_WAIT_H

#include <linux/ktime.h>
#include <linux/math.h>
#include <linux/wait.h>

#include <lfprim/event.h>

int lfp_wait_cond(wait_queue_head_t *wq, struct lfp_event *cancel,
		  bool (*cond)(void *arg), void *arg, long timeout_ms,
		  unsigned int state);

/**
 * lfp_wait_deadline() - when a timeout ends, by the clock
 * @timeout_ms: the caller's timeout; negative: forever; 0: check once
 *
 * Only a positive @timeout_ms reads the clock.
 *
 * Return: the deadline for lfp_wait_left_ms().
 */
static inline ktime_t lfp_wait_deadline(long timeout_ms)
{
	return timeout_ms > 0 ? ktime_add_ms(ktime_get(), timeout_ms) : 0;
}

/**
 * lfp_wait_left_ms() - what is left of a timeout, for a wait that loops
 * @timeout_ms: the caller's timeout, as given to lfp_wait_deadline()
 * @deadline: what lfp_wait_deadline() returned at the start of the call
 *
 * Counted by the clock, not by jiffies, which may lag and then catch up
 * at once.
 *
 * Return: @timeout_ms when it is not positive; else the milliseconds left,
 * rounded up, or 0 once @deadline has passed.
 */
static inline long lfp_wait_left_ms(long timeout_ms, ktime_t deadline)
{
	s64 rem;

	if (timeout_ms <= 0)
		return timeout_ms;
	rem = ktime_to_ns(ktime_sub(deadline, ktime_get()));
	return rem > 0 ? (long)DIV_ROUND_UP_ULL(rem, NSEC_PER_MSEC) : 0;
}

#endif /* _LFPRIM_KMOD_WAIT_H */
