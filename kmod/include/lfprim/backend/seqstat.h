/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout and fast paths of lfprim seqstat: a seqlock_t. */
#ifndef _LFPRIM_BACKEND_SEQSTAT_H
#define _LFPRIM_BACKEND_SEQSTAT_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/seqlock.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_seqstat - fields behind a sequence count
 * @lock: seqcount plus the writers' spinlock
 * @nfields: fields in use
 * @v: the fields
 */
struct lfp_seqstat {
	seqlock_t lock;
	unsigned int nfields;
	u64 v[LFP_SEQSTAT_MAX_FIELDS];
};

#define __lfp_seqstat_init(s)		seqlock_init(&(s)->lock)
#define __lfp_seqstat_write_begin(s)	write_seqlock(&(s)->lock)
#define __lfp_seqstat_write_end(s)	write_sequnlock(&(s)->lock)
#define __lfp_seqstat_load(p)		READ_ONCE(*(p))
#define __lfp_seqstat_store(p, x)	WRITE_ONCE(*(p), (x))

static __always_inline unsigned int
__lfp_seqstat_read(const struct lfp_seqstat *s, unsigned long long *out)
{
	unsigned int seq, i, n = s->nfields, retries = 0;

	for (;;) {
		seq = read_seqbegin(&s->lock);
		for (i = 0; i < n; i++)
			out[i] = READ_ONCE(s->v[i]);
		if (!read_seqretry(&s->lock, seq))
			return retries;
		retries++;
	}
}

/* Every field zero, the seqlock unlocked (LFP_SEQSTAT_INIT). */
#define __LFP_SEQSTAT_INIT(name, n) {					\
	.lock = __SEQLOCK_UNLOCKED((name).lock),			\
	.nfields = (n),							\
}

#endif /* _LFPRIM_BACKEND_SEQSTAT_H */
