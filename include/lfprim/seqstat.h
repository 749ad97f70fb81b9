/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim seqstat - a few 64-bit fields written often, read as one
 * consistent snapshot without blocking the writer.
 *
 * Replaces two (or more) atomics that must move together: read separately,
 * such atomics can show a count from one update and a total from another.
 * A seqstat puts the fields behind a sequence count.  A writer makes the
 * count odd, stores, makes it even again; a reader copies the fields and
 * retries if the count was odd or moved.  Writers are serialized by a lock
 * the seqstat owns; readers take no lock and never delay a writer.
 *
 * Kernel: seqlock_t.  User space: the sequence count is a C11 atomic whose
 * low bit is also the writers' lock (see the backend for the argument).
 *
 * Concurrency and context:
 *
 *   operation          | may run concurrently with        | context
 *   -------------------+----------------------------------+-------------------
 *   read/get           | everything but init              | kernel: any, except
 *                      |                                  | an interrupt that
 *                      |                                  | can preempt a
 *                      |                                  | writer on its CPU
 *   write_begin ..     | readers; other writers wait      | kernel: task or
 *   set/add .. end     |                                  | softirq, not both;
 *   (and record)       |                                  | no sleeping inside
 *   init               | nothing                          | any
 *
 * Guarantees: lfp_seqstat_read() returns the fields as they stood between
 * two write sections, never a mix of two.  A reader retries while a writer
 * is inside a write section, so writers that never stop can delay readers;
 * with write sections of a few stores, readers still get through (tested).
 * User space: nothing is async-signal-safe (a handler that writes while the
 * interrupted thread is inside a write section deadlocks).
 *
 * Misuse: init refuses a NULL seqstat and a field count out of range in
 * both worlds.  Every other call is inline and checks nothing (a branch on
 * every hot call): a seqstat must be initialised before use.  There is no
 * destroy.
 *
 * Zero value: none (the field count is 0, and the kernel's
 * seqlock needs initialising).  LFP_SEQSTAT_INIT(name, nfields) or
 * DEFINE_LFP_SEQSTAT(name, nfields) initialises one statically (a constant
 * @nfields out of range does not compile), for an object of static storage duration (file scope, or static
 * in a function), in both worlds; it needs no init call and is never
 * destroyed.  Objects on the stack or the heap use the init function
 * (kernel: lockdep keys statically initialised locks by their address,
 * which must be static).
 */
#ifndef _LFPRIM_SEQSTAT_H
#define _LFPRIM_SEQSTAT_H

/* Most fields one seqstat holds. */
#define LFP_SEQSTAT_MAX_FIELDS	8

#include <lfprim/backend/seqstat.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * lfp_seqstat_init() - initialise a seqstat with all fields zero
 * @s: the seqstat
 * @nfields: number of fields, 1 .. LFP_SEQSTAT_MAX_FIELDS
 *
 * Context: any; nothing else may use @s meanwhile.
 * Return: 0; -EINVAL for a NULL @s; -ERANGE for @nfields out of range.
 */
static inline int lfp_seqstat_init(struct lfp_seqstat *s, unsigned int nfields)
{
	unsigned int i;

	if (!s)
		return -EINVAL;
	if (nfields < 1 || nfields > LFP_SEQSTAT_MAX_FIELDS)
		return -ERANGE;
	__lfp_seqstat_init(s);
	s->nfields = nfields;
	for (i = 0; i < LFP_SEQSTAT_MAX_FIELDS; i++)
		s->v[i] = 0;
	return 0;
}

/**
 * lfp_seqstat_nfields() - number of fields
 * @s: the seqstat
 *
 * Return: the @nfields given to lfp_seqstat_init().
 */
static inline unsigned int lfp_seqstat_nfields(const struct lfp_seqstat *s)
{
	return s->nfields;
}

/**
 * lfp_seqstat_write_begin() - open a write section
 * @s: the seqstat
 *
 * Waits for any other writer, then makes readers retry until
 * lfp_seqstat_write_end().  Between the two, only lfp_seqstat_set() and
 * lfp_seqstat_add() on @s; keep it to a few stores.
 *
 * Context: see the table above; must not sleep until write_end.
 */
static inline void lfp_seqstat_write_begin(struct lfp_seqstat *s)
{
	__lfp_seqstat_write_begin(s);
}

/**
 * lfp_seqstat_write_end() - close a write section
 * @s: the seqstat
 *
 * Publishes the section's stores to readers as one update.
 */
static inline void lfp_seqstat_write_end(struct lfp_seqstat *s)
{
	__lfp_seqstat_write_end(s);
}

/**
 * lfp_seqstat_set() - set a field, inside a write section
 * @s: the seqstat
 * @i: field index, below lfp_seqstat_nfields(); others are ignored
 * @v: new value
 */
static inline void lfp_seqstat_set(struct lfp_seqstat *s, unsigned int i,
				   unsigned long long v)
{
	if (i >= LFP_SEQSTAT_MAX_FIELDS || i >= s->nfields)
		return;
	__lfp_seqstat_store(&s->v[i], v);
}

/**
 * lfp_seqstat_add() - add to a field, inside a write section
 * @s: the seqstat
 * @i: field index, below lfp_seqstat_nfields(); others are ignored
 * @delta: added modulo 2^64
 */
static inline void lfp_seqstat_add(struct lfp_seqstat *s, unsigned int i,
				   unsigned long long delta)
{
	if (i >= LFP_SEQSTAT_MAX_FIELDS || i >= s->nfields)
		return;
	__lfp_seqstat_store(&s->v[i], __lfp_seqstat_load(&s->v[i]) + delta);
}

/**
 * lfp_seqstat_record() - one event: field 0 += 1, field 1 += @amount
 * @s: the seqstat, normally with at least two fields
 * @amount: added to field 1
 *
 * The common count-and-total pair as one write section.  On a seqstat of
 * one field, field 0 still counts the event and @amount is dropped (there
 * is no field 1, as for lfp_seqstat_add()).
 */
static inline void lfp_seqstat_record(struct lfp_seqstat *s,
				      unsigned long long amount)
{
	lfp_seqstat_write_begin(s);
	lfp_seqstat_add(s, 0, 1);
	lfp_seqstat_add(s, 1, amount);
	lfp_seqstat_write_end(s);
}

/**
 * lfp_seqstat_read() - consistent snapshot of every field
 * @s: the seqstat
 * @out: lfp_seqstat_nfields() values
 *
 * Never blocks a writer; retries while one is inside a write section.
 *
 * Context: see the table above; never sleeps.
 * Return: how many times the copy was retried.
 */
static inline unsigned int lfp_seqstat_read(const struct lfp_seqstat *s,
					    unsigned long long *out)
{
	return __lfp_seqstat_read(s, out);
}

/**
 * lfp_seqstat_get() - one field, without the others
 * @s: the seqstat
 * @i: field index, below lfp_seqstat_nfields()
 *
 * Return: the field's value (0 for an index out of range).
 */
static inline unsigned long long lfp_seqstat_get(const struct lfp_seqstat *s,
						 unsigned int i)
{
	if (i >= LFP_SEQSTAT_MAX_FIELDS || i >= s->nfields)
		return 0;
	return __lfp_seqstat_load(&s->v[i]);
}

/**
 * LFP_SEQSTAT_INIT() - static initializer of a seqstat, every field zero
 * @name: the seqstat being initialised
 * @nfields: a constant expression, 1 .. LFP_SEQSTAT_MAX_FIELDS (a count
 *	     out of range does not compile)
 *
 * The same state as lfp_seqstat_init(@nfields).
 */
#define LFP_SEQSTAT_INIT(name, nfields)					\
	__LFP_SEQSTAT_INIT(name, (unsigned int)((nfields) + 0 *		\
		sizeof(char[(nfields) >= 1 &&				\
			    (nfields) <= LFP_SEQSTAT_MAX_FIELDS ? 1 : -1])))

/**
 * DEFINE_LFP_SEQSTAT() - define a seqstat, every field zero
 * @name: the variable
 * @nfields: as for LFP_SEQSTAT_INIT()
 */
#define DEFINE_LFP_SEQSTAT(name, nfields)				\
	struct lfp_seqstat name = LFP_SEQSTAT_INIT(name, nfields)

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_SEQSTAT_H */
