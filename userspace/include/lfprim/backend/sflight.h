/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-space layout of lfprim sflight: the group's lock is a mutex, next
 * to the group's liveness word.
 */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_SFLIGHT_H
#include <lfprim/sflight.h>
#endif

#ifndef _LFPRIM_BACKEND_SFLIGHT_H
#define _LFPRIM_BACKEND_SFLIGHT_H

#include <pthread.h>

#include <lfprim/backend/compat.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lfp_sflight_lock - guards a singleflight group
 * @m: the mutex
 * @users: callers inside lfp_sflight_do() that led or joined a call
 * @live: LFP_LIVE from a successful init until destroy (misuse checks)
 */
struct lfp_sflight_lock {
	pthread_mutex_t m;
	unsigned int users;
	unsigned int live;
};

/*
 * No call in flight, the lock unlocked, live (LFP_SFLIGHT_INIT); sizeof()
 * only checks that @name names an object.
 */
#define __LFP_SFLIGHT_INIT(name) {					\
	.lock = {							\
		.m = PTHREAD_MUTEX_INITIALIZER,				\
		.users = 0 * sizeof(name),				\
		.live = __LFP_LIVE,					\
	},								\
	.bucket = __LFP_ZERO,						\
	.stats = __LFP_ZERO,						\
}

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_SFLIGHT_H */
