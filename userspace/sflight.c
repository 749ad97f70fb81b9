// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim sflight, user-space side: the shared logic on a pthread mutex. */
#include "live.h"

#include <stdlib.h>

#include <lfprim/sflight.h>

#define lfp_sflight_lock_init(g)	pthread_mutex_init(&(g)->lock.m, NULL)
#define lfp_sflight_lock(g)		pthread_mutex_lock(&(g)->lock.m)
#define lfp_sflight_unlock(g)		pthread_mutex_unlock(&(g)->lock.m)
#define lfp_sflight_lock_destroy(g)	pthread_mutex_destroy(&(g)->lock.m)
#define lfp_sflight_users_set(g, n)	__atomic_store_n(&(g)->lock.users, (n), \
							 __ATOMIC_RELAXED)
#define lfp_sflight_users_inc(g)	__atomic_fetch_add(&(g)->lock.users, 1, \
							   __ATOMIC_RELAXED)
#define lfp_sflight_users_dec(g)	__atomic_fetch_sub(&(g)->lock.users, 1, \
							   __ATOMIC_RELEASE)
#define lfp_sflight_users_read(g)	__atomic_load_n(&(g)->lock.users, \
							__ATOMIC_ACQUIRE)
#define lfp_sflight_zalloc(size)	calloc(1, (size))
#define lfp_sflight_free(p)		free(p)
#define lfp_sflight_dead(g)		lfp_misuse(lfp_dead(g, lock.live))
#define lfp_sflight_mark_live(g)	lfp_live_set(&(g)->lock.live)
#define lfp_sflight_mark_dead(g)	lfp_live_clear(&(g)->lock.live)
#define lfp_sflight_null(p)		lfp_misuse(!(p))

#include <lfprim/core/sflight.h>
