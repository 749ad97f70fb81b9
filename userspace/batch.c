// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim batch, user-space side: one flush thread per batch, sleeping on
 * a condition variable (CLOCK_MONOTONIC) until max_items are pending, the
 * oldest pending item's deadline passes, or the batch is closed.
 */
#include "live.h"

#include <stdlib.h>

#include <lfprim/core/batch.h>

#include "futex.h"

static void *lfp_batch_thread(void *p)
{
	struct lfp_batch *b = p;
	unsigned int n;
	void **items;

	pthread_mutex_lock(&b->lock);
	for (;;) {
		if (b->st.pending &&
		    (b->st.pending >= b->st.max_items || b->st.closed ||
		     lfp_deadline_passed(&b->deadline))) {
			items = lfp_batch_take_locked(b, &n);
			pthread_mutex_unlock(&b->lock);
			b->flush(items, n, b->arg);
			pthread_mutex_lock(&b->lock);
			lfp_batch_done_locked(b, items, n);
			continue;
		}
		if (b->st.closed)
			break;
		if (b->st.pending)
			pthread_cond_timedwait(&b->cond, &b->lock, &b->deadline);
		else
			pthread_cond_wait(&b->cond, &b->lock);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

int lfp_batch_init(struct lfp_batch *b, unsigned int capacity,
		   unsigned int max_items, unsigned int max_delay_ms,
		   void (*flush)(void **items, unsigned int n, void *arg),
		   void *arg)
{
	pthread_condattr_t ca;
	int ret;

	if (!b || !flush)
		return -EINVAL;
	ret = lfp_batch_check(capacity, max_items, max_delay_ms);
	if (ret)
		return ret;
	b->buf = calloc(capacity, sizeof(void *));
	b->spare = calloc(capacity, sizeof(void *));
	if (!b->buf || !b->spare) {
		free(b->buf);
		free(b->spare);
		return -ENOMEM;
	}
	pthread_mutex_init(&b->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&b->cond, &ca);
	pthread_cond_init(&b->done, &ca);
	pthread_condattr_destroy(&ca);
	b->flush = flush;
	b->arg = arg;
	b->joined = 0;
	b->st = (struct lfp_batch_stats){ .capacity = capacity,
		.max_items = max_items, .max_delay_ms = max_delay_ms };
	ret = pthread_create(&b->thread, NULL, lfp_batch_thread, b);
	if (ret) {
		pthread_cond_destroy(&b->done);
		pthread_cond_destroy(&b->cond);
		pthread_mutex_destroy(&b->lock);
		free(b->buf);
		free(b->spare);
		return ret == ENOMEM ? -ENOMEM : -EAGAIN;
	}
	lfp_live_set(&b->live);
	return 0;
}

int lfp_batch_add(struct lfp_batch *b, void *item)
{
	int ret;

	if (lfp_misuse(lfp_dead(b, live)) || !item)
		return -EINVAL;
	pthread_mutex_lock(&b->lock);
	ret = lfp_batch_add_locked(b, item);
	if (ret > 0 && (ret & LFP_BATCH_FIRST))
		lfp_deadline(b->st.max_delay_ms, &b->deadline);
	if (ret > 0)
		pthread_cond_signal(&b->cond);
	pthread_mutex_unlock(&b->lock);
	return ret < 0 ? ret : 0;
}

void lfp_batch_close(struct lfp_batch *b)
{
	int join;

	if (lfp_misuse(lfp_dead(b, live)))
		return;
	pthread_mutex_lock(&b->lock);
	b->st.closed = 1;
	join = !b->joined;
	if (join)
		b->joined = 1;
	pthread_cond_signal(&b->cond);
	/* A later closer waits for the first one's join, not only the mark. */
	while (!join && b->joined != 2)
		pthread_cond_wait(&b->done, &b->lock);
	pthread_mutex_unlock(&b->lock);
	if (!join)
		return;
	/* The thread flushes what is pending, then ends. */
	pthread_join(b->thread, NULL);
	pthread_mutex_lock(&b->lock);
	b->joined = 2;
	pthread_cond_broadcast(&b->done);
	pthread_mutex_unlock(&b->lock);
}

void lfp_batch_destroy(struct lfp_batch *b)
{
	if (lfp_misuse(lfp_dead(b, live)))
		return;
	lfp_batch_close(b);
	lfp_live_clear(&b->live);
	pthread_cond_destroy(&b->done);
	pthread_cond_destroy(&b->cond);
	pthread_mutex_destroy(&b->lock);
	free(b->buf);
	free(b->spare);
}

int lfp_batch_set_max_items(struct lfp_batch *b, unsigned int max_items)
{
	int ret = 0;

	if (lfp_misuse(lfp_dead(b, live)))
		return -EINVAL;
	pthread_mutex_lock(&b->lock);
	if (max_items < 1 || max_items > b->st.capacity) {
		ret = -ERANGE;
	} else {
		b->st.max_items = max_items;
		pthread_cond_signal(&b->cond);
	}
	pthread_mutex_unlock(&b->lock);
	return ret;
}

int lfp_batch_set_max_delay(struct lfp_batch *b, unsigned int max_delay_ms)
{
	if (lfp_misuse(lfp_dead(b, live)))
		return -EINVAL;
	if (max_delay_ms < 1 || max_delay_ms > LFP_BATCH_DELAY_MAX)
		return -ERANGE;
	pthread_mutex_lock(&b->lock);
	b->st.max_delay_ms = max_delay_ms;
	if (b->st.pending)
		lfp_deadline(max_delay_ms, &b->deadline);
	pthread_cond_signal(&b->cond);
	pthread_mutex_unlock(&b->lock);
	return 0;
}

void lfp_batch_get_stats(struct lfp_batch *b, struct lfp_batch_stats *st)
{
	if (lfp_misuse(!st))
		return;
	if (lfp_misuse(lfp_dead(b, live))) {
		*st = (struct lfp_batch_stats){ 0 };
		return;
	}
	pthread_mutex_lock(&b->lock);
	*st = b->st;
	pthread_mutex_unlock(&b->lock);
}
