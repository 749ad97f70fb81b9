/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout of lfprim sflight: the group's lock is a mutex. */
#ifndef _LFPRIM_BACKEND_SFLIGHT_H
#define _LFPRIM_BACKEND_SFLIGHT_H

#include <linux/atomic.h>
#include <linux/mutex.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_sflight_lock - guards a singleflight group
 * @m: the mutex
 * @users: callers inside lfp_sflight_do() that led or joined a call
 */
struct lfp_sflight_lock {
	struct mutex m;
	atomic_t users;
};

/* No call in flight, the mutex unlocked (LFP_SFLIGHT_INIT). */
#define __LFP_SFLIGHT_INIT(name) {					\
	.lock = {							\
		.m = __MUTEX_INITIALIZER((name).lock.m),		\
		.users = ATOMIC_INIT(0),				\
	},								\
}

#endif /* _LFPRIM_BACKEND_SFLIGHT_H */
