/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Argument checks of lfprim dropq, shared by both worlds (and the module's
 * built-in instance) so that all reject the same input with the same errno.
 */
#ifndef _LFPRIM_CORE_DROPQ_H
#define _LFPRIM_CORE_DROPQ_H

#include <lfprim/dropq.h>

/* 0, or -ERANGE for a capacity outside 1..LFP_DROPQ_CAP_MAX. */
static inline int lfp_dropq_check_capacity(unsigned int capacity)
{
	return capacity < 1 || capacity > LFP_DROPQ_CAP_MAX ? -ERANGE : 0;
}

#endif /* _LFPRIM_CORE_DROPQ_H */
