// SPDX-License-Identifier: GPL-2.0-only
/* lfprim sflight, kernel side: the shared logic on a mutex and kzalloc. */
#include <linux/export.h>
#include <linux/slab.h>

#include "compat.h"

#define lfp_sflight_lock_init(g)	mutex_init(&(g)->lock.m)
#define lfp_sflight_lock(g)		mutex_lock(&(g)->lock.m)
#define lfp_sflight_unlock(g)		mutex_unlock(&(g)->lock.m)
#define lfp_sflight_lock_destroy(g)	mutex_destroy(&(g)->lock.m)
#define lfp_sflight_users_set(g, n)	atomic_set(&(g)->lock.users, (n))
#define lfp_sflight_users_inc(g)	atomic_inc(&(g)->lock.users)
#define lfp_sflight_users_dec(g)	atomic_dec_return_release(&(g)->lock.users)
#define lfp_sflight_users_read(g)	atomic_read_acquire(&(g)->lock.users)
#define lfp_sflight_zalloc(size)	kzalloc((size), GFP_KERNEL)
#define lfp_sflight_free(p)		kfree(p)

#include <lfprim/core/sflight.h>
