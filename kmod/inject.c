// SPDX-License-Identifier: GPL-2.0-only
/*
 * Delay injection (include/lfprim/core/inject.h), kernel side: compiled
 * only into the module the test lanes build (LFPRIM_INJECT=y).  The hook
 * is read under SRCU, which allows the point to be atomic and the hook to
 * sleep where the point may; disarming waits for every running call of the
 * old hook.
 */
#include <linux/export.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/srcu.h>

#include "compat.h"

#include <lfprim/core/inject.h>

struct lfp_inject_hook {
	void (*fn)(const char *point, const void *obj, void *arg);
	void *arg;
};

DEFINE_STATIC_SRCU(lfp_inject_srcu);
static DEFINE_MUTEX(lfp_inject_mutex);
static struct lfp_inject_hook __rcu *lfp_inject_hook;

void lfp_inject_set(void (*fn)(const char *point, const void *obj, void *arg),
		    void *arg)
{
	struct lfp_inject_hook *h = NULL, *old;

	if (fn) {
		/* A test's own setup: on failure the test runs unarmed and fails. */
		h = kmalloc(sizeof(*h), GFP_KERNEL);
		if (WARN_ON(!h))
			return;
		h->fn = fn;
		h->arg = arg;
	}
	mutex_lock(&lfp_inject_mutex);
	old = rcu_replace_pointer(lfp_inject_hook, h,
				  lockdep_is_held(&lfp_inject_mutex));
	mutex_unlock(&lfp_inject_mutex);
	synchronize_srcu(&lfp_inject_srcu);
	kfree(old);
}
LFP_EXPORT(lfp_inject_set);

void lfp_inject(const char *point, const void *obj)
{
	struct lfp_inject_hook *h;
	int idx;

	if (!rcu_access_pointer(lfp_inject_hook))
		return;
	idx = srcu_read_lock(&lfp_inject_srcu);
	h = srcu_dereference(lfp_inject_hook, &lfp_inject_srcu);
	if (h)
		h->fn(point, obj, h->arg);
	srcu_read_unlock(&lfp_inject_srcu, idx);
}
LFP_EXPORT(lfp_inject);
