/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User-space layout of lfprim sflight: the group's lock is a mutex. */
#ifndef _LFPRIM_BACKEND_SFLIGHT_H
#define _LFPRIM_BACKEND_SFLIGHT_H

#include <pthread.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_sflight_lock - guards a singleflight group
 * @m: the mutex
 */
struct lfp_sflight_lock {
	pthread_mutex_t m;
};

#endif /* _LFPRIM_BACKEND_SFLIGHT_H */
