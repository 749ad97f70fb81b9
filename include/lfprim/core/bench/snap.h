/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of snap: read under RCU and copy-and-CAS update,
 * against one value behind a rwlock, a mutex or a spinlock, and the bare
 * RCU read snap-read wraps.  Rows of the
 * table in <lfprim/core/bench/all.h>; see <lfprim/core/bench.h> for what a
 * scenario is and what the includer provides.
 */
#ifndef _LFPRIM_CORE_BENCH_SNAP_H
#define _LFPRIM_CORE_BENCH_SNAP_H

#include <lfprim/core/bench.h>
#include <lfprim/snap.h>

/* ---- snap: read under RCU, copy-and-CAS update ---- */

struct lfp_bench_obj {
	struct lfp_snap_node node;
	unsigned long value;
};

struct lfp_bench_snap {
	struct lfp_snap snap;
};

static void lfp_bench_obj_free(struct lfp_snap_node *node)
{
	lfpb_free(lfp_container_of(node, struct lfp_bench_obj, node));
}

static int lfp_bench_snap_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_bench_snap *s = lfpb_alloc(sizeof(*s));
	struct lfp_bench_obj *o = lfpb_alloc(sizeof(*o));

	if (!s || !o) {
		lfpb_free(s);
		lfpb_free(o);
		return -ENOMEM;
	}
	o->value = 1;
	lfp_snap_init(&s->snap, &o->node, lfp_bench_obj_free);
	*ctx = s;
	return 0;
}

static void lfp_bench_snap_cleanup(void *ctx)
{
	struct lfp_bench_snap *s = ctx;

	lfp_snap_destroy(&s->snap);
	lfp_snap_barrier();
	lfpb_free(s);
}

static void lfp_bench_snap_read(void *ctx, struct lfp_bench_thread *t,
				unsigned long loops)
{
	struct lfp_bench_snap *s = ctx;
	unsigned long acc = 0;

	while (loops--) {
		lfp_snap_read_lock();
		acc += lfp_container_of(lfp_snap_deref(&s->snap),
				    struct lfp_bench_obj, node)->value;
		lfp_snap_read_unlock();
	}
	t->acc += acc;
}

static int lfp_bench_snap_add_one(const struct lfp_snap_node *old,
				  struct lfp_snap_node *scratch, void *arg)
{
	lfp_container_of(scratch, struct lfp_bench_obj, node)->value =
		lfp_container_of(old, struct lfp_bench_obj, node)->value + 1;
	return 0;
}

static void lfp_bench_snap_update(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_bench_snap *s = ctx;
	struct lfp_bench_obj *o;

	while (loops--) {
		o = lfpb_alloc(sizeof(*o));
		if (o && lfp_snap_update(&s->snap, &o->node,
					 lfp_bench_snap_add_one, NULL))
			lfpb_free(o);
	}
}

/*
 * ---- the mechanism under snap-read: a bare RCU read of one pointer ----
 *
 * What lfp_snap_read_lock(), lfp_snap_deref() and lfp_snap_read_unlock()
 * wrap (kernel RCU, urcu-memb), on the same object: snap-read's ns/op
 * over this one is what snap adds.
 */

struct lfp_bench_rcu {
	struct lfp_bench_obj *cur;
};

static int lfp_bench_rcu_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_bench_rcu *r = lfpb_alloc(sizeof(*r));
	struct lfp_bench_obj *o = lfpb_alloc(sizeof(*o));

	if (!r || !o) {
		lfpb_free(r);
		lfpb_free(o);
		return -ENOMEM;
	}
	o->value = 1;
	r->cur = o;
	*ctx = r;
	return 0;
}

/* After every thread of the run has finished: no reader is left. */
static void lfp_bench_rcu_cleanup(void *ctx)
{
	struct lfp_bench_rcu *r = ctx;

	lfpb_free(r->cur);
	lfpb_free(r);
}

static void lfp_bench_rcu_read(void *ctx, struct lfp_bench_thread *t,
			       unsigned long loops)
{
	struct lfp_bench_rcu *r = ctx;
	unsigned long acc = 0;

	while (loops--) {
		lfpb_rcu_read_lock();
		acc += lfpb_rcu_dereference(r->cur)->value;
		lfpb_rcu_read_unlock();
	}
	t->acc += acc;
}

/* ---- baselines: one value behind a lock ---- */

struct lfp_bench_locked {
	struct lfpb_mutex mutex;
	struct lfpb_spinlock spin;
	struct lfpb_rwlock rw;
	unsigned long value;
};

static int lfp_bench_locked_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_bench_locked *l = lfpb_alloc(sizeof(*l));

	if (!l)
		return -ENOMEM;
	lfpb_mutex_init(&l->mutex);
	lfpb_spinlock_init(&l->spin);
	lfpb_rwlock_init(&l->rw);
	l->value = 1;
	*ctx = l;
	return 0;
}

static void lfp_bench_locked_cleanup(void *ctx)
{
	struct lfp_bench_locked *l = ctx;

	lfpb_mutex_destroy(&l->mutex);
	lfpb_spinlock_destroy(&l->spin);
	lfpb_rwlock_destroy(&l->rw);
	lfpb_free(l);
}

#define LFP_BENCH_LOCKED(name, lock, unlock, wlock, wunlock, field)	\
static void lfp_bench_##name##_read(void *ctx,				\
				    struct lfp_bench_thread *t,		\
				    unsigned long loops)		\
{									\
	struct lfp_bench_locked *l = ctx;				\
	unsigned long acc = 0;						\
									\
	while (loops--) {						\
		lock(&l->field);					\
		acc += l->value;					\
		unlock(&l->field);					\
	}								\
	t->acc += acc;							\
}									\
static void lfp_bench_##name##_update(void *ctx,			\
				      struct lfp_bench_thread *t,	\
				      unsigned long loops)		\
{									\
	struct lfp_bench_locked *l = ctx;				\
									\
	while (loops--) {						\
		wlock(&l->field);					\
		l->value++;						\
		wunlock(&l->field);					\
	}								\
}

LFP_BENCH_LOCKED(mutex, lfpb_mutex_lock, lfpb_mutex_unlock,
		 lfpb_mutex_lock, lfpb_mutex_unlock, mutex)
LFP_BENCH_LOCKED(spinlock, lfpb_spinlock_lock, lfpb_spinlock_unlock,
		 lfpb_spinlock_lock, lfpb_spinlock_unlock, spin)
LFP_BENCH_LOCKED(rwlock, lfpb_rwlock_read_lock, lfpb_rwlock_read_unlock,
		 lfpb_rwlock_write_lock, lfpb_rwlock_write_unlock, rw)

static const struct lfp_bench_scenario lfp_bench_sc_snap_read = {
	.name		= "snap-read",
	.family		= "read",
	.replaces	= "rwlock-read",
	.init		= lfp_bench_snap_init,
	.read_section	= lfp_bench_snap_read,
	.update_section	= lfp_bench_snap_update,
	.cleanup	= lfp_bench_snap_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_snap_update = {
	.name		= "snap-update",
	.family		= "update",
	.init		= lfp_bench_snap_init,
	.update_section	= lfp_bench_snap_update,
	.cleanup	= lfp_bench_snap_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_rcu_read = {
	.name		= "rcu-read",
	.family		= "floor",
	.init		= lfp_bench_rcu_init,
	.read_section	= lfp_bench_rcu_read,
	.cleanup	= lfp_bench_rcu_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_rwlock_read = {
	.name		= "rwlock-read",
	.family		= "read",
	.init		= lfp_bench_locked_init,
	.read_section	= lfp_bench_rwlock_read,
	.update_section	= lfp_bench_rwlock_update,
	.cleanup	= lfp_bench_locked_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_mutex_read = {
	.name		= "mutex-read",
	.family		= "read",
	.init		= lfp_bench_locked_init,
	.read_section	= lfp_bench_mutex_read,
	.update_section	= lfp_bench_mutex_update,
	.cleanup	= lfp_bench_locked_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_spinlock_read = {
	.name		= "spinlock-read",
	.family		= "read",
	.init		= lfp_bench_locked_init,
	.read_section	= lfp_bench_spinlock_read,
	.update_section	= lfp_bench_spinlock_update,
	.cleanup	= lfp_bench_locked_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_SNAP_H */
