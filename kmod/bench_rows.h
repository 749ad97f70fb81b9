/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The benchmark scenarios only the kernel has, rows in the style of the
 * shared ones (include/lfprim/core/bench/): an rw_semaphore, a
 * percpu_rw_semaphore, a bare this_cpu_inc(), a bare bounded
 * this_cpu_cmpxchg(), the kernel's own percpu_counter, a bare
 * rhashtable_lookup_fast(), bare ptr_rings, and the queues the kernel
 * offers besides ptr_ring (an llist with an atomic budget, a kfifo).
 * Included by kmod/bench.c only, after <lfprim/core/bench/all.h>.
 */
#ifndef _LFPRIM_KMOD_BENCH_ROWS_H
#define _LFPRIM_KMOD_BENCH_ROWS_H

#include <linux/atomic.h>
#include <linux/kfifo.h>
#include <linux/llist.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/percpu_counter.h>
#include <linux/percpu-rwsem.h>
#include <linux/ptr_ring.h>
#include <linux/rhashtable.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stddef.h>

#include <lfprim/core/bench.h>

struct lfp_kbench_rwsem {
	struct rw_semaphore rwsem;
	unsigned long value;
};

static int lfp_kbench_rwsem_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_kbench_rwsem *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	init_rwsem(&s->rwsem);
	*ctx = s;
	return 0;
}

static void lfp_kbench_rwsem_read(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_kbench_rwsem *s = ctx;
	unsigned long acc = 0;

	while (loops--) {
		down_read(&s->rwsem);
		acc += s->value;
		up_read(&s->rwsem);
	}
	t->acc += acc;
}

static void lfp_kbench_rwsem_update(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	struct lfp_kbench_rwsem *s = ctx;

	while (loops--) {
		down_write(&s->rwsem);
		s->value++;
		up_write(&s->rwsem);
	}
}

static void lfp_kbench_kfree(void *ctx)
{
	kfree(ctx);
}

struct lfp_kbench_pcpu_rwsem {
	struct percpu_rw_semaphore sem;
	unsigned long value;
};

static int lfp_kbench_pcpu_rwsem_init(void **ctx,
				      const struct lfp_bench_args *args)
{
	struct lfp_kbench_pcpu_rwsem *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int ret;

	if (!s)
		return -ENOMEM;
	ret = percpu_init_rwsem(&s->sem);
	if (ret) {
		kfree(s);
		return ret;
	}
	*ctx = s;
	return 0;
}

static void lfp_kbench_pcpu_rwsem_cleanup(void *ctx)
{
	struct lfp_kbench_pcpu_rwsem *s = ctx;

	percpu_free_rwsem(&s->sem);
	kfree(s);
}

static void lfp_kbench_pcpu_rwsem_read(void *ctx, struct lfp_bench_thread *t,
				       unsigned long loops)
{
	struct lfp_kbench_pcpu_rwsem *s = ctx;
	unsigned long acc = 0;

	while (loops--) {
		percpu_down_read(&s->sem);
		acc += s->value;
		percpu_up_read(&s->sem);
	}
	t->acc += acc;
}

static void lfp_kbench_pcpu_rwsem_update(void *ctx, struct lfp_bench_thread *t,
					 unsigned long loops)
{
	struct lfp_kbench_pcpu_rwsem *s = ctx;

	while (loops--) {
		percpu_down_write(&s->sem);
		s->value++;
		percpu_up_write(&s->sem);
	}
}

/* The floor under any per-CPU counter: one bare this_cpu_inc(). */
static int lfp_kbench_this_cpu_init(void **ctx,
				    const struct lfp_bench_args *args)
{
	long __percpu *p = alloc_percpu(long);

	if (!p)
		return -ENOMEM;
	*ctx = (void __force *)p;
	return 0;
}

static void lfp_kbench_this_cpu_cleanup(void *ctx)
{
	free_percpu((long __percpu __force *)ctx);
}

static void lfp_kbench_this_cpu_add(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	long __percpu *p = (long __percpu __force *)ctx;

	while (loops--)
		this_cpu_inc(*p);
}

/*
 * What pcount-add's error bound costs at the least: a this_cpu_cmpxchg()
 * of an s32 shard from the value read to that value plus one, taken only
 * while the result stays inside the run's batch (and a plain reset to 0
 * where pcount would fold), as __lfp_pcount_add() does, with the batch
 * kept in a register and without pcount's slow path.  this_cpu_inc()
 * cannot keep the bound: an add that lands after a migration can push
 * another CPU's shard past the batch.
 */
struct lfp_kbench_s32 {
	s32 __percpu *p;
	s32 batch;
};

static int lfp_kbench_this_cpu_s32_init(void **ctx,
					const struct lfp_bench_args *args)
{
	struct lfp_kbench_s32 *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	c->p = alloc_percpu(s32);
	if (!c->p) {
		kfree(c);
		return -ENOMEM;
	}
	/* The run's batch, so that the row folds as often as pcount-add. */
	c->batch = args->pcount_batch;
	*ctx = c;
	return 0;
}

static void lfp_kbench_this_cpu_s32_cleanup(void *ctx)
{
	struct lfp_kbench_s32 *c = ctx;

	free_percpu(c->p);
	kfree(c);
}

static void lfp_kbench_this_cpu_cmpxchg(void *ctx, struct lfp_bench_thread *t,
					unsigned long loops)
{
	struct lfp_kbench_s32 *c = ctx;
	s32 __percpu *p = c->p;
	s32 batch = c->batch, old;

	while (loops--) {
		old = this_cpu_read(*p);
		if (old + 1 >= batch ||
		    this_cpu_cmpxchg(*p, old, old + 1) != old)
			this_cpu_write(*p, 0);
	}
}

/*
 * The kernel's own counter with the same error bound: a percpu_counter
 * and percpu_counter_add_batch() at the run's batch, out of line.
 */
struct lfp_kbench_pcc {
	struct percpu_counter pcc;
	s32 batch;
};

static int lfp_kbench_pcc_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_kbench_pcc *c = kzalloc(sizeof(*c), GFP_KERNEL);
	int ret;

	if (!c)
		return -ENOMEM;
	ret = percpu_counter_init(&c->pcc, 0, GFP_KERNEL);
	if (ret) {
		kfree(c);
		return ret;
	}
	c->batch = args->pcount_batch;
	*ctx = c;
	return 0;
}

static void lfp_kbench_pcc_cleanup(void *ctx)
{
	struct lfp_kbench_pcc *c = ctx;

	percpu_counter_destroy(&c->pcc);
	kfree(c);
}

static void lfp_kbench_pcc_add(void *ctx, struct lfp_bench_thread *t,
			       unsigned long loops)
{
	struct lfp_kbench_pcc *c = ctx;

	while (loops--)
		percpu_counter_add_batch(&c->pcc, 1, c->batch);
}

/*
 * The mechanism under rmap-lookup: a bare rhashtable_lookup_fast() (its
 * own RCU read-side section), on a table made as rmap makes its own (u64
 * keys, the same 4096 keys) and keys drawn as rmap-lookup draws them.
 */
struct lfp_kbench_hnode {
	u64 key;
	struct rhash_head head;
	unsigned long value;
};

struct lfp_kbench_hmap {
	struct rhashtable ht;
	struct lfp_kbench_hnode *node;
};

static const struct rhashtable_params lfp_kbench_hmap_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct lfp_kbench_hnode, key),
	.head_offset = offsetof(struct lfp_kbench_hnode, head),
	.automatic_shrinking = true,
};

static int lfp_kbench_hmap_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_kbench_hmap *h = kzalloc(sizeof(*h), GFP_KERNEL);
	unsigned int k;
	int ret;

	if (!h)
		return -ENOMEM;
	h->node = kvcalloc(LFP_BENCH_MAP_KEYS, sizeof(*h->node), GFP_KERNEL);
	if (!h->node) {
		kfree(h);
		return -ENOMEM;
	}
	ret = rhashtable_init(&h->ht, &lfp_kbench_hmap_params);
	if (ret) {
		kvfree(h->node);
		kfree(h);
		return ret;
	}
	for (k = 0; k < LFP_BENCH_MAP_KEYS; k++) {
		h->node[k].key = k;
		h->node[k].value = k;
		ret = rhashtable_insert_fast(&h->ht, &h->node[k].head,
					     lfp_kbench_hmap_params);
		if (ret)
			break;
	}
	if (ret) {
		rhashtable_destroy(&h->ht);
		kvfree(h->node);
		kfree(h);
		return ret;
	}
	*ctx = h;
	return 0;
}

/* After every thread of the run has finished: no reader is left. */
static void lfp_kbench_hmap_cleanup(void *ctx)
{
	struct lfp_kbench_hmap *h = ctx;

	rhashtable_destroy(&h->ht);
	kvfree(h->node);
	kfree(h);
}

static void lfp_kbench_hmap_lookup(void *ctx, struct lfp_bench_thread *t,
				   unsigned long loops)
{
	struct lfp_kbench_hmap *h = ctx;
	struct lfp_kbench_hnode *n;
	unsigned long acc = 0;
	u64 k;

	while (loops--) {
		k = lfp_bench_rand(t) % LFP_BENCH_MAP_KEYS;
		n = rhashtable_lookup_fast(&h->ht, &k, lfp_kbench_hmap_params);
		if (n)
			acc += n->value;
	}
	t->acc += acc;
}

/*
 * The mechanism under dropq-push and pubsub-publish: a bare ptr_ring, the
 * ring kernel dropq keeps its items in, without what dropq adds (its
 * counts, exact capacity, close, wait queue and irq-safe locking): a
 * ptr_ring_produce() and a ptr_ring_consume() on one ring (ring-push), or
 * on each of four (ring-push-4, as pubsub-publish's four subscribers).
 * ring-push-irq is ring-push with the ring's irq-saving calls
 * (ptr_ring_produce_any(), ptr_ring_consume_any()), what dropq's push
 * and pop pay to run in any context but NMI.
 */
#define LFP_KBENCH_RINGS	4

static int lfp_kbench_rings_init(void **ctx, const struct lfp_bench_args *args)
{
	struct ptr_ring *r = kcalloc(LFP_KBENCH_RINGS, sizeof(*r), GFP_KERNEL);
	int i, ret = 0;

	if (!r)
		return -ENOMEM;
	for (i = 0; i < LFP_KBENCH_RINGS && !ret; i++)
		ret = ptr_ring_init(&r[i], LFP_BENCH_RING, GFP_KERNEL);
	if (ret) {
		/* r[i - 1] failed and holds nothing. */
		for (i -= 2; i >= 0; i--)
			ptr_ring_cleanup(&r[i], NULL);
		kfree(r);
		return ret;
	}
	*ctx = r;
	return 0;
}

static void lfp_kbench_rings_cleanup(void *ctx)
{
	struct ptr_ring *r = ctx;
	int i;

	for (i = 0; i < LFP_KBENCH_RINGS; i++)
		ptr_ring_cleanup(&r[i], NULL);
	kfree(r);
}

static void lfp_kbench_rings_push_pop(struct ptr_ring *r, unsigned int n,
				      struct lfp_bench_thread *t,
				      unsigned long loops)
{
	void *item = (void *)(unsigned long)(t->id + 1);
	unsigned long acc = 0;
	unsigned int i;

	while (loops--) {
		for (i = 0; i < n; i++)
			acc += !ptr_ring_produce(&r[i], item);
		for (i = 0; i < n; i++)
			acc += (unsigned long)ptr_ring_consume(&r[i]);
	}
	t->acc += acc;
}

static void lfp_kbench_ring_push_irq(void *ctx, struct lfp_bench_thread *t,
				     unsigned long loops)
{
	void *item = (void *)(unsigned long)(t->id + 1);
	struct ptr_ring *r = ctx;
	unsigned long acc = 0;

	while (loops--) {
		acc += !ptr_ring_produce_any(r, item);
		acc += (unsigned long)ptr_ring_consume_any(r);
	}
	t->acc += acc;
}

static void lfp_kbench_ring_push(void *ctx, struct lfp_bench_thread *t,
				 unsigned long loops)
{
	lfp_kbench_rings_push_pop(ctx, 1, t, loops);
}

static void lfp_kbench_ring_push4(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	lfp_kbench_rings_push_pop(ctx, LFP_KBENCH_RINGS, t, loops);
}

/*
 * The queues the kernel offers besides ptr_ring, as bare as ring-push
 * and with its exact capacity (LFP_BENCH_RING), for choosing the one
 * kernel dropq keeps its items in: a push and a pop per operation.
 *
 * llist-push: producers take a unit of an atomic budget
 * (atomic_dec_if_positive(), which refuses at zero: the exact capacity)
 * and llist_add() the item; llist_del_first() allows one consumer at a
 * time, so consumers serialise on a spinlock, take the whole list with
 * llist_del_all() when their FIFO-ordered batch is empty and reverse it,
 * pop its head, and give the unit back.  An llist needs a node in each
 * item: dropq's items are any pointers, so dropq would need a node pool
 * on top of what this row measures (here each thread pushes its own
 * preallocated node, the least llist can cost).
 *
 * kfifo-push: a kfifo of pointers, kfifo_in_spinlocked() and
 * kfifo_out_spinlocked() with a lock per side, as ptr_ring has.
 */
struct lfp_kbench_llq {
	atomic_t budget;
	struct llist_head in;
	spinlock_t pop_lock;
	struct llist_node *out;		/* FIFO order, under pop_lock */
	struct llist_node **held;	/* the node each thread holds, or NULL */
	struct llist_node node[];	/* one per thread */
};

static int lfp_kbench_llq_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_kbench_llq *q;
	unsigned int i;

	q = kzalloc(struct_size(q, node, args->nthreads), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	q->held = kcalloc(args->nthreads, sizeof(*q->held), GFP_KERNEL);
	if (!q->held) {
		kfree(q);
		return -ENOMEM;
	}
	for (i = 0; i < args->nthreads; i++)
		q->held[i] = &q->node[i];
	atomic_set(&q->budget, LFP_BENCH_RING);
	init_llist_head(&q->in);
	spin_lock_init(&q->pop_lock);
	*ctx = q;
	return 0;
}

static struct llist_node *lfp_kbench_llq_pop(struct lfp_kbench_llq *q)
{
	struct llist_node *n;

	spin_lock(&q->pop_lock);
	if (!q->out)
		q->out = llist_reverse_order(llist_del_all(&q->in));
	n = q->out;
	if (n)
		q->out = n->next;
	spin_unlock(&q->pop_lock);
	if (n)
		atomic_inc(&q->budget);
	return n;
}

static void lfp_kbench_llq_push(void *ctx, struct lfp_bench_thread *t,
				unsigned long loops)
{
	struct lfp_kbench_llq *q = ctx;
	struct llist_node *mine = q->held[t->id];
	unsigned long acc = 0;

	/*
	 * A thread owns the node it holds: it pushes it, and pops whichever
	 * comes out (perhaps another thread's) to push next, from one call
	 * to the next (held).  The budget never refuses here (fewer threads
	 * than units), but is paid.
	 */
	while (loops--) {
		if (mine && atomic_dec_if_positive(&q->budget) >= 0) {
			llist_add(mine, &q->in);
			mine = NULL;
		}
		if (!mine)
			mine = lfp_kbench_llq_pop(q);
		acc += !!mine;
	}
	q->held[t->id] = mine;
	t->acc += acc;
}

static void lfp_kbench_llq_cleanup(void *ctx)
{
	struct lfp_kbench_llq *q = ctx;

	kfree(q->held);
	kfree(q);
}

struct lfp_kbench_kfifo {
	spinlock_t in_lock;
	spinlock_t out_lock;
	DECLARE_KFIFO(fifo, void *, LFP_BENCH_RING);
};

static int lfp_kbench_kfifo_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_kbench_kfifo *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	spin_lock_init(&f->in_lock);
	spin_lock_init(&f->out_lock);
	INIT_KFIFO(f->fifo);
	*ctx = f;
	return 0;
}

static void lfp_kbench_kfifo_push(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_kbench_kfifo *f = ctx;
	void *item = (void *)(unsigned long)(t->id + 1), *got;
	unsigned long acc = 0;

	while (loops--) {
		acc += kfifo_in_spinlocked(&f->fifo, &item, 1, &f->in_lock);
		if (kfifo_out_spinlocked(&f->fifo, &got, 1, &f->out_lock))
			acc += (unsigned long)got;
	}
	t->acc += acc;
}

static const struct lfp_bench_scenario lfp_kbench_sc_rwsem_read = {
	.name		= "rwsem-read",
	.family		= "read",
	.init		= lfp_kbench_rwsem_init,
	.read_section	= lfp_kbench_rwsem_read,
	.update_section	= lfp_kbench_rwsem_update,
	.cleanup	= lfp_kbench_kfree,
};

static const struct lfp_bench_scenario lfp_kbench_sc_percpu_rwsem_read = {
	.name		= "percpu-rwsem-read",
	.family		= "read",
	.init		= lfp_kbench_pcpu_rwsem_init,
	.read_section	= lfp_kbench_pcpu_rwsem_read,
	.update_section	= lfp_kbench_pcpu_rwsem_update,
	.cleanup	= lfp_kbench_pcpu_rwsem_cleanup,
};

static const struct lfp_bench_scenario lfp_kbench_sc_this_cpu_add = {
	.name		= "this-cpu-add",
	.family		= "floor",
	.init		= lfp_kbench_this_cpu_init,
	.update_section	= lfp_kbench_this_cpu_add,
	.cleanup	= lfp_kbench_this_cpu_cleanup,
};

static const struct lfp_bench_scenario lfp_kbench_sc_this_cpu_cmpxchg = {
	.name		= "this-cpu-cmpxchg",
	.family		= "floor",
	.init		= lfp_kbench_this_cpu_s32_init,
	.update_section	= lfp_kbench_this_cpu_cmpxchg,
	.cleanup	= lfp_kbench_this_cpu_s32_cleanup,
};

static const struct lfp_bench_scenario lfp_kbench_sc_percpu_counter_add = {
	.name		= "percpu-counter-add",
	.family		= "count",
	.init		= lfp_kbench_pcc_init,
	.update_section	= lfp_kbench_pcc_add,
	.cleanup	= lfp_kbench_pcc_cleanup,
};

static const struct lfp_bench_scenario lfp_kbench_sc_lfht_lookup = {
	.name		= "lfht-lookup",
	.family		= "floor",
	.init		= lfp_kbench_hmap_init,
	.read_section	= lfp_kbench_hmap_lookup,
	.cleanup	= lfp_kbench_hmap_cleanup,
};

static const struct lfp_bench_scenario lfp_kbench_sc_ring_push = {
	.name		= "ring-push",
	.family		= "floor",
	.init		= lfp_kbench_rings_init,
	.update_section	= lfp_kbench_ring_push,
	.cleanup	= lfp_kbench_rings_cleanup,
};

static const struct lfp_bench_scenario lfp_kbench_sc_ring_push_irq = {
	.name		= "ring-push-irq",
	.family		= "floor",
	.init		= lfp_kbench_rings_init,
	.update_section	= lfp_kbench_ring_push_irq,
	.cleanup	= lfp_kbench_rings_cleanup,
};

static const struct lfp_bench_scenario lfp_kbench_sc_ring_push4 = {
	.name		= "ring-push-4",
	.family		= "floor",
	.init		= lfp_kbench_rings_init,
	.update_section	= lfp_kbench_ring_push4,
	.cleanup	= lfp_kbench_rings_cleanup,
};

static const struct lfp_bench_scenario lfp_kbench_sc_llist_push = {
	.name		= "llist-push",
	.family		= "queue",
	.init		= lfp_kbench_llq_init,
	.update_section	= lfp_kbench_llq_push,
	.cleanup	= lfp_kbench_llq_cleanup,
};

static const struct lfp_bench_scenario lfp_kbench_sc_kfifo_push = {
	.name		= "kfifo-push",
	.family		= "queue",
	.init		= lfp_kbench_kfifo_init,
	.update_section	= lfp_kbench_kfifo_push,
	.cleanup	= lfp_kbench_kfree,
};

#endif /* _LFPRIM_KMOD_BENCH_ROWS_H */
