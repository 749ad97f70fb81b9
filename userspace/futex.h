/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Futex waits with deadlines, on one word or two (library-internal). */
#ifndef _LFPRIM_USERSPACE_FUTEX_H
#define _LFPRIM_USERSPACE_FUTEX_H

#include <time.h>

/* Absolute CLOCK_MONOTONIC deadline @timeout_ms from now; NULL if < 0. */
const struct timespec *lfp_deadline(long timeout_ms, struct timespec *ts);

/* Nonzero once @deadline (NULL: never) has passed. */
int lfp_deadline_passed(const struct timespec *deadline);

int lfp_futex_wait2(unsigned int *a, unsigned int va, unsigned int *b,
		    unsigned int vb, const struct timespec *deadline);

void lfp_futex_wake(unsigned int *a, int n);

#endif /* _LFPRIM_USERSPACE_FUTEX_H */
