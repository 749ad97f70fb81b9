/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dropq's push for callers already in a read-side section (library-internal). */
#ifndef _LFPRIM_USERSPACE_DROPQ_RCU_H
#define _LFPRIM_USERSPACE_DROPQ_RCU_H

#include <lfprim/dropq.h>

#include "futex.h"

/*
 * lfp_dropq_push() without the argument checks and the read-side section:
 * the caller is in an urcu-memb read-side section, @q is live and @item is
 * not NULL.  On 0 the caller calls lfp_dropq_pushed() once it has left the
 * section (or at once).
 */
int lfp_dropq_push_rcu(struct lfp_dropq *q, void *item);

/*
 * Wakes a consumer blocked on @q, if any: after an accepted push.  The
 * load is seq_cst, after the push's seq_cst CAS (see dropq.c's top).
 */
static inline void lfp_dropq_pushed(struct lfp_dropq *q)
{
	if (__atomic_load_n(&q->waiters, __ATOMIC_SEQ_CST)) {
		__atomic_fetch_add(&q->seq, 1, __ATOMIC_SEQ_CST);
		lfp_futex_wake(&q->seq, 1);
	}
}

#endif /* _LFPRIM_USERSPACE_DROPQ_RCU_H */
