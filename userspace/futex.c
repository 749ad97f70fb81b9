// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Futex waits for lfprim's blocking calls: on one word with an absolute
 * CLOCK_MONOTONIC deadline (FUTEX_WAIT_BITSET), or on two words at once
 * with futex_waitv (Linux 5.16); where futex_waitv is missing, the wait on
 * two words becomes a wait on the first in 10 ms slices that look at the
 * second in between.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "futex.h"

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

#define LFP_POLL_SLICE_NS	10000000L

static int lfp_have_waitv = 1;

const struct timespec *lfp_deadline(long timeout_ms, struct timespec *ts)
{
	if (timeout_ms < 0)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += timeout_ms / 1000;
	ts->tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
	return ts;
}

static int lfp_ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

int lfp_deadline_passed(const struct timespec *deadline)
{
	struct timespec now;

	if (!deadline)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return !lfp_ts_before(&now, deadline);
}

static int lfp_futex_wait1(unsigned int *a, unsigned int va,
			   const struct timespec *deadline)
{
	if (syscall(SYS_futex, a, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, va,
		    deadline, NULL, FUTEX_BITSET_MATCH_ANY) &&
	    errno == ETIMEDOUT)
		return -ETIMEDOUT;
	return 0;
}

/**
 * lfp_futex_wait2() - sleep while *@a == @va and (no @b or *@b == @vb)
 * @a: first futex word
 * @va: its expected value
 * @b: optional second futex word
 * @vb: its expected value
 * @deadline: absolute CLOCK_MONOTONIC deadline, NULL for none
 *
 * May return early (a wake-up, a signal, a value already changed): the
 * caller re-checks its condition and calls again.
 *
 * Return: 0, or -ETIMEDOUT once @deadline passed.
 */
int lfp_futex_wait2(unsigned int *a, unsigned int va, unsigned int *b,
		    unsigned int vb, const struct timespec *deadline)
{
	struct futex_waitv w[2] = {
		{ .val = va, .uaddr = (uintptr_t)a,
		  .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
		{ .val = vb, .uaddr = (uintptr_t)b,
		  .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
	};
	struct timespec slice;

	if (!b)
		return lfp_futex_wait1(a, va, deadline);
	if (__atomic_load_n(&lfp_have_waitv, __ATOMIC_RELAXED)) {
		/* Success is the index of the word that woke us, 0 or 1. */
		if (syscall(SYS_futex_waitv, w, 2, 0, deadline,
			    CLOCK_MONOTONIC) >= 0)
			return 0;
		if (errno == ETIMEDOUT)
			return -ETIMEDOUT;
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		/* No futex_waitv here (older kernel, seccomp): poll instead. */
		__atomic_store_n(&lfp_have_waitv, 0, __ATOMIC_RELAXED);
	}
	if (__atomic_load_n(b, __ATOMIC_ACQUIRE) != vb)
		return 0;
	lfp_deadline(0, &slice);
	slice.tv_nsec += LFP_POLL_SLICE_NS;
	if (slice.tv_nsec >= 1000000000L) {
		slice.tv_sec++;
		slice.tv_nsec -= 1000000000L;
	}
	if (deadline && lfp_ts_before(deadline, &slice))
		return lfp_futex_wait1(a, va, deadline);
	lfp_futex_wait1(a, va, &slice);
	return 0;
}

/* Wake up to @n waiters on @a. */
void lfp_futex_wake(unsigned int *a, int n)
{
	syscall(SYS_futex, a, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n, NULL, NULL, 0);
}
