/* SPDX-License-Identifier: GPL-2.0-only */
/* Blocking with a timeout and a cancel event, for every lfprim wait. */
#ifndef _LFPRIM_KMOD_WAIT_H
#define _LFPRIM_KMOD_WAIT_H

#include <linux/wait.h>

#include <lfprim/event.h>

int lfp_wait_cond(wait_queue_head_t *wq, struct lfp_event *cancel,
		  bool (*cond)(void *arg), void *arg, long timeout_ms,
		  unsigned int state);

#endif /* _LFPRIM_KMOD_WAIT_H */
