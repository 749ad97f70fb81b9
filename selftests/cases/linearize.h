/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * A linearizability checker for the history cases: is a concurrent
 * history of operations on one register explainable by one sequential
 * order that is consistent with real time?  This is the search of Wing
 * and Gong as refined by Lowe (and used by Jepsen's Knossos): take, at
 * each step, an operation that is "minimal" (no other pending operation
 * ended before it started), apply it to the sequential model, and
 * backtrack when the model rejects its recorded result.  A cache of
 * (linearized set, model state) pairs already explored keeps the search
 * polynomial in practice for the small concurrency the cases use.
 *
 * The model is a register holding a value id (0: absent) with the
 * operations of a map key: insert (0 or -EEXIST), replace (1 if a value
 * was replaced, 0 if added), delete (0 or -ENOENT) and lookup (the value
 * id seen, 0 for none).  Value ids are unique per history.
 *
 * The includer provides the shim (lfpt.h).
 */
#ifndef _LFPRIM_SELFTESTS_LINEARIZE_H
#define _LFPRIM_SELFTESTS_LINEARIZE_H

#define LZ_INSERT	1
#define LZ_REPLACE	2
#define LZ_DELETE	3
#define LZ_LOOKUP	4

/* At most this many operations in one key's history (a bit mask each). */
#define LZ_MAX_OPS	64
#define LZ_CACHE	(1U << 14)

/**
 * struct lz_op - one completed operation
 * @start: time the call began (ns)
 * @end: time it returned (ns)
 * @type: LZ_*
 * @val: value id written (insert, replace)
 * @ret: what the call returned; for a lookup the value id it saw
 */
struct lz_op {
	unsigned long long start;
	unsigned long long end;
	int type;
	unsigned long val;
	long ret;
};

struct lz_seen {
	unsigned long long mask;
	unsigned long state;
	int used;
};

/* The sequential model: 1 and the new state if @op could return its ret. */
static inline int lz_apply(const struct lz_op *op, unsigned long state,
			   unsigned long *next)
{
	*next = state;
	switch (op->type) {
	case LZ_INSERT:
		if (state)
			return op->ret == -EEXIST;
		*next = op->val;
		return op->ret == 0;
	case LZ_REPLACE:
		*next = op->val;
		return op->ret == (state ? 1 : 0);
	case LZ_DELETE:
		if (!state)
			return op->ret == -ENOENT;
		*next = 0;
		return op->ret == 0;
	case LZ_LOOKUP:
		return (unsigned long)op->ret == state;
	}
	return 0;
}

/* Marks (@mask, @state) seen; 0 if it was seen before, -1 if full. */
static inline int lz_mark(struct lz_seen *seen, unsigned long long mask,
			  unsigned long state)
{
	unsigned long long h = (mask ^ (state * 0x9e3779b97f4a7c15ULL)) *
			       0xff51afd7ed558ccdULL;
	unsigned int i, n;

	for (n = 0, i = h >> 50; n < LZ_CACHE; n++, i = (i + 1) % LZ_CACHE) {
		if (!seen[i].used) {
			seen[i].used = 1;
			seen[i].mask = mask;
			seen[i].state = state;
			return 1;
		}
		if (seen[i].mask == mask && seen[i].state == state)
			return 0;
	}
	return -1;
}

/**
 * lz_check() - is a history of one key linearizable?
 * @ops: the key's operations, in any order, at most LZ_MAX_OPS
 * @n: how many
 * @seen: scratch of LZ_CACHE entries, zeroed by the caller
 *
 * Return: 1 if linearizable, 0 if not, -1 if the search ran out of cache
 * (inconclusive: the caller fails the case rather than pass it).
 */
static inline int lz_check(const struct lz_op *ops, unsigned int n,
			   struct lz_seen *seen)
{
	unsigned long state[LZ_MAX_OPS + 1];
	unsigned int pick[LZ_MAX_OPS + 1];
	unsigned long long mask = 0, all;
	unsigned long long min_end;
	unsigned int depth = 0, i;
	unsigned long next;
	int r;

	if (n > LZ_MAX_OPS)
		return -1;
	if (!n)
		return 1;
	all = n == 64 ? ~0ULL : (1ULL << n) - 1;
	state[0] = 0;
	pick[0] = 0;
	while (mask != all) {
		/* The earliest end among pending operations bounds the picks. */
		min_end = ~0ULL;
		for (i = 0; i < n; i++)
			if (!(mask & (1ULL << i)) && ops[i].end < min_end)
				min_end = ops[i].end;
		for (i = pick[depth]; i < n; i++) {
			if (mask & (1ULL << i) || ops[i].start > min_end)
				continue;
			if (!lz_apply(&ops[i], state[depth], &next))
				continue;
			r = lz_mark(seen, mask | (1ULL << i), next);
			if (r < 0)
				return -1;
			if (r)
				break;
		}
		if (i < n) {
			pick[depth] = i + 1;
			mask |= 1ULL << i;
			depth++;
			state[depth] = next;
			pick[depth] = 0;
			continue;
		}
		/* Nothing fits here: undo the last pick and try the next. */
		if (!depth)
			return 0;
		depth--;
		mask &= ~(1ULL << (pick[depth] - 1));
	}
	return 1;
}

#endif /* _LFPRIM_SELFTESTS_LINEARIZE_H */
