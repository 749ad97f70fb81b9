/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dropq's push for callers already in a read-side section (library-internal). */
#ifndef _LFPRIM_USERSPACE_DROPQ_RCU_H
#define _LFPRIM_USERSPACE_DROPQ_RCU_H

#include <lfprim/dropq.h>

/*
 * lfp_dropq_push() without the argument checks and the read-side section:
 * the caller is in an urcu-memb read-side section, @q is live and @item is
 * not NULL.  On 0 the caller calls lfp_dropq_pushed() once it has left the
 * section (or at once).
 */
int lfp_dropq_push_rcu(struct lfp_dropq *q, void *item);

/* Wakes a consumer blocked on @q, if any: after an accepted push. */
void lfp_dropq_pushed(struct lfp_dropq *q);

#endif /* _LFPRIM_USERSPACE_DROPQ_RCU_H */
