/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The buffer logic of lfprim batch, written once for both worlds; the
 * including world provides the lock and the flusher.  Every function here
 * runs with the batch's lock held.
 *
 * Two buffers: @buf fills while the flusher hands @spare (the previous
 * @buf) to the flush function outside the lock; only the flusher swaps
 * them, and flushes never overlap, so each buffer has one owner at a time.
 */
#ifndef _LFPRIM_CORE_BATCH_H
#define _LFPRIM_CORE_BATCH_H

#include <lfprim/batch.h>

/* What an accepted add asks of the flusher: a mask, both bits may be set. */
enum lfp_batch_add_result {
	LFP_BATCH_ADDED = 0,	/* nothing more to do */
	LFP_BATCH_FIRST = 1,	/* the first pending item: start the clock */
	LFP_BATCH_FULL = 2,	/* max_items pending: flush now */
};

static int lfp_batch_check(unsigned int capacity, unsigned int max_items,
			   unsigned int max_delay_ms)
{
	if (capacity < 1 || capacity > LFP_BATCH_CAP_MAX ||
	    max_items < 1 || max_items > capacity ||
	    max_delay_ms < 1 || max_delay_ms > LFP_BATCH_DELAY_MAX)
		return -ERANGE;
	return 0;
}

/*
 * Returns a mask of enum lfp_batch_add_result, or -ENOSPC / -EPIPE
 * (counted).  The first pending item starts the clock even when it also
 * fills the batch (max_items == 1): max_items may be raised before the
 * flusher takes it, and the item then waits for its own deadline.
 */
static int lfp_batch_add_locked(struct lfp_batch *b, void *item)
{
	int ret = LFP_BATCH_ADDED;

	if (b->st.closed || b->st.pending == b->st.capacity) {
		b->st.dropped++;
		return b->st.closed ? -EPIPE : -ENOSPC;
	}
	b->buf[b->st.pending++] = item;
	b->st.added++;
	if (b->st.pending == 1)
		ret |= LFP_BATCH_FIRST;
	if (b->st.pending >= b->st.max_items)
		ret |= LFP_BATCH_FULL;
	return ret;
}

/*
 * Take the pending items for a flush: returns their buffer and their
 * count in *@n, or NULL when nothing is pending.  The flush counts as a
 * size flush if max_items are pending, else as the close's flush, else as
 * a time flush (the flusher runs early only for those three reasons).
 */
static void **lfp_batch_take_locked(struct lfp_batch *b, unsigned int *n)
{
	void **items = b->buf;

	*n = b->st.pending;
	if (!*n)
		return NULL;
	if (*n >= b->st.max_items)
		b->st.size_flushes++;
	else if (b->st.closed)
		b->st.close_flushes++;
	else
		b->st.time_flushes++;
	b->buf = b->spare;
	b->spare = NULL;
	b->st.pending = 0;
	return items;
}

/* The flush of @items is over: they become the spare buffer again. */
static void lfp_batch_done_locked(struct lfp_batch *b, void **items,
				  unsigned int n)
{
	b->spare = items;
	b->st.flushed += n;
}

#endif /* _LFPRIM_CORE_BATCH_H */
