// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim batch, kernel side: the flusher is one delayed work item on the
 * unbound workqueue.  A work item never runs concurrently with itself, so
 * flushes never overlap.  The first pending item arms it for max_delay;
 * reaching max_items (or close) moves it to now.  The flusher checks the
 * time trigger's deadline by the clock, so a flush is never early.
 */
#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <lfprim/core/batch.h>
#include <lfprim/core/live.h>

#include "compat.h"

static void lfp_batch_kick(struct lfp_batch *b, unsigned int delay_ms)
{
	if (delay_ms)
		b->deadline = ktime_add_ms(ktime_get(), delay_ms);
	mod_delayed_work(system_dfl_wq, &b->work, msecs_to_jiffies(delay_ms));
}

/* The first pending item starts the clock; caller holds the lock. */
static void lfp_batch_start_clock(struct lfp_batch *b)
{
	b->deadline = ktime_add_ms(ktime_get(), b->st.max_delay_ms);
}

/*
 * A time flush that comes before the deadline by the clock: jiffies lagged
 * (a stalled tick, a vCPU not run) when the timer was armed and have just
 * caught up.  Re-arms the timer for the rest and says so.  Caller holds
 * the lock.
 */
static bool lfp_batch_early_locked(struct lfp_batch *b)
{
	s64 rem;

	if (!b->st.pending || b->st.pending >= b->st.max_items || b->st.closed)
		return false;
	rem = ktime_to_ns(ktime_sub(b->deadline, ktime_get()));
	if (rem <= 0)
		return false;
	mod_delayed_work(system_dfl_wq, &b->work, nsecs_to_jiffies(rem) + 1);
	return true;
}

static void lfp_batch_work(struct work_struct *work)
{
	struct lfp_batch *b = container_of(to_delayed_work(work),
					   struct lfp_batch, work);
	unsigned long flags;
	unsigned int n;
	void **items;

	spin_lock_irqsave(&b->lock, flags);
	items = lfp_batch_early_locked(b) ? NULL :
		lfp_batch_take_locked(b, &n);
	spin_unlock_irqrestore(&b->lock, flags);
	if (!items)
		return;
	b->flush(items, n, b->arg);
	spin_lock_irqsave(&b->lock, flags);
	lfp_batch_done_locked(b, items, n);
	spin_unlock_irqrestore(&b->lock, flags);
}

int lfp_batch_init(struct lfp_batch *b, unsigned int capacity,
		   unsigned int max_items, unsigned int max_delay_ms,
		   void (*flush)(void **items, unsigned int n, void *arg),
		   void *arg)
{
	int ret;

	if (!b || !flush)
		return -EINVAL;
	ret = lfp_batch_check(capacity, max_items, max_delay_ms);
	if (ret)
		return ret;
	b->buf = kvcalloc(capacity, sizeof(void *), GFP_KERNEL);
	b->spare = kvcalloc(capacity, sizeof(void *), GFP_KERNEL);
	if (!b->buf || !b->spare) {
		kvfree(b->buf);
		kvfree(b->spare);
		return -ENOMEM;
	}
	spin_lock_init(&b->lock);
	b->flush = flush;
	b->arg = arg;
	INIT_DELAYED_WORK(&b->work, lfp_batch_work);
	b->st = (struct lfp_batch_stats){ .capacity = capacity,
		.max_items = max_items, .max_delay_ms = max_delay_ms };
	lfp_live_set(&b->live);
	return 0;
}
LFP_EXPORT(lfp_batch_init);

int lfp_batch_add(struct lfp_batch *b, void *item)
{
	unsigned long flags;
	int ret;

	if (unlikely(lfp_dead(b, live)) || !item)
		return -EINVAL;
	spin_lock_irqsave(&b->lock, flags);
	ret = lfp_batch_add_locked(b, item);
	if (ret > 0 && (ret & LFP_BATCH_FULL)) {
		if (ret & LFP_BATCH_FIRST)
			lfp_batch_start_clock(b);
		lfp_batch_kick(b, 0);
	} else if (ret > 0 && (ret & LFP_BATCH_FIRST)) {
		lfp_batch_kick(b, b->st.max_delay_ms);
	}
	spin_unlock_irqrestore(&b->lock, flags);
	return ret < 0 ? ret : 0;
}
LFP_EXPORT(lfp_batch_add);

void lfp_batch_close(struct lfp_batch *b)
{
	unsigned long flags;

	if (unlikely(lfp_dead(b, live)))
		return;
	spin_lock_irqsave(&b->lock, flags);
	b->st.closed = 1;
	lfp_batch_kick(b, 0);
	spin_unlock_irqrestore(&b->lock, flags);
	/* Runs the last flush (or waits for the one running) ... */
	flush_delayed_work(&b->work);
	/* ... and nothing can queue it again: adds are refused now. */
	cancel_delayed_work_sync(&b->work);
}
LFP_EXPORT(lfp_batch_close);

void lfp_batch_destroy(struct lfp_batch *b)
{
	if (unlikely(lfp_dead(b, live)))
		return;
	lfp_batch_close(b);
	lfp_live_clear(&b->live);
	kvfree(b->buf);
	kvfree(b->spare);
}
LFP_EXPORT(lfp_batch_destroy);

int lfp_batch_set_max_items(struct lfp_batch *b, unsigned int max_items)
{
	unsigned long flags;
	int ret = 0;

	if (unlikely(lfp_dead(b, live)))
		return -EINVAL;
	spin_lock_irqsave(&b->lock, flags);
	if (max_items < 1 || max_items > b->st.capacity) {
		ret = -ERANGE;
	} else {
		b->st.max_items = max_items;
		if (b->st.pending >= max_items)
			lfp_batch_kick(b, 0);
	}
	spin_unlock_irqrestore(&b->lock, flags);
	return ret;
}
LFP_EXPORT(lfp_batch_set_max_items);

int lfp_batch_set_max_delay(struct lfp_batch *b, unsigned int max_delay_ms)
{
	unsigned long flags;

	if (unlikely(lfp_dead(b, live)))
		return -EINVAL;
	if (max_delay_ms < 1 || max_delay_ms > LFP_BATCH_DELAY_MAX)
		return -ERANGE;
	spin_lock_irqsave(&b->lock, flags);
	b->st.max_delay_ms = max_delay_ms;
	if (b->st.pending && !b->st.closed) {
		/*
		 * With max_items pending the flush is queued for now (or
		 * follows the one running): moving it would hold a full
		 * batch, and drop adds, for up to the new delay.
		 */
		if (b->st.pending >= b->st.max_items)
			lfp_batch_start_clock(b);
		else
			lfp_batch_kick(b, max_delay_ms);
	}
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}
LFP_EXPORT(lfp_batch_set_max_delay);

void lfp_batch_get_stats(struct lfp_batch *b, struct lfp_batch_stats *st)
{
	unsigned long flags;

	if (unlikely(lfp_dead(b, live))) {
		memset(st, 0, sizeof(*st));
		return;
	}
	spin_lock_irqsave(&b->lock, flags);
	*st = b->st;
	spin_unlock_irqrestore(&b->lock, flags);
}
LFP_EXPORT(lfp_batch_get_stats);
