/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim pubsub - fan-out to subscribers, each with its own bounded queue.
 *
 * Replaces callbacks called under a mutex (one slow subscriber stalls the
 * publisher and everyone else).  A subscription owns a dropq; publish
 * walks the subscriber list under RCU, takes no lock of its own and pushes
 * the message into every queue: a subscriber that does not keep up loses
 * messages, counted in its queue's dropped counter, and nobody else is
 * affected.  Subscribing and unsubscribing are safe while publishes run.
 *
 * Messages are pointers the caller owns: pubsub neither copies nor frees
 * them, so a message must outlive every subscriber that may still hold it:
 * each subscriber whose queue accepted it holds it until it pops it (then
 * the popper is done with it, or frees its share: a reference count, or
 * memory that lives long enough) or until lfp_pubsub_sub_destroy() passes
 * it to its @drop function.  Unsubscribing keeps the queued messages
 * queued (pop still drains them); nothing but pop and sub_destroy's @drop
 * ever hands a queued message back.
 *
 * Kernel: an RCU list under a spinlock for writers.  User space: liburcu's
 * rculist (cds_list_*_rcu) under a mutex for writers.
 *
 * Concurrency and context:
 *
 *   operation          | may run concurrently with       | context
 *   -------------------+---------------------------------+-------------------
 *   publish            | everything but init/destroy     | kernel: any but
 *                      |                                 | NMI; never sleeps
 *   pop/sub_stats      | everything on other subscribers | as lfp_dropq_pop()
 *   subscribe          | everything but init/destroy     | may sleep
 *   unsubscribe        | everything but init/destroy     | may sleep; not in
 *                      |                                 | a read-side section
 *   init/destroy       | nothing                         | may sleep
 *
 * Guarantees: a subscriber that is subscribed for the whole of a publish
 * receives the message or counts it as dropped, exactly one of the two;
 * its messages come in publish order (per publisher).  After unsubscribe()
 * returns no publish touches the subscription, its queue is closed (pop
 * drains what was accepted, then -EPIPE) and it may be destroyed.  This
 * holds for every call: a second unsubscribe of the same subscription,
 * even one racing the first, waits until the first one's grace period
 * and close are complete before it returns.  In both worlds sub_destroy
 * refuses (-EBUSY) a subscription that is subscribed or still being
 * unsubscribed.  A subscription's stats read as lfp_dropq_get_stats()
 * reads a queue's (consumed <= accepted, len never above what was
 * queued).
 *
 * Misuse: user space detects a NULL, never initialised or destroyed topic
 * ("dead") in every out-of-line call: subscribe, publish and destroy return
 * -EINVAL (a second destroy too), subscribers returns 0, unsubscribe does
 * nothing.  Unsubscribing a subscription that is not subscribed does
 * nothing (unless another unsubscribe of it is under way: then it waits
 * for that one); sub_destroy returns -EINVAL for a NULL @sub, and once it
 * has run, the inline pop and sub_stats reach the queue's checks
 * (-EINVAL, zeroed counters).  Not
 * detected: a NULL @sub in pop and sub_stats, a destroy racing other calls,
 * and memory the caller already freed.  The kernel treats misuse as a bug,
 * as its own primitives do.
 *
 * Debug builds of the library (LFPRIM_DEBUG defined, and the test builds)
 * also report each refused call on a dead object on stderr (the first few
 * of a process): the call, and whether the object is NULL, never
 * initialised (zeroed memory), destroyed, or garbage.
 *
 * Zero value: none (user space refuses a zeroed topic as above;
 * the subscriber list must point at itself).  LFP_PUBSUB_INIT(name) or
 * DEFINE_LFP_PUBSUB(name) initialises a topic without subscribers
 * statically, for an object of static storage duration (file scope, or static
 * in a function), in both worlds; it needs no init call and is never
 * destroyed.  Objects on the stack or the heap use the init function
 * (kernel: lockdep keys statically initialised locks by their address,
 * which must be static).
 */
#ifndef _LFPRIM_PUBSUB_H
#define _LFPRIM_PUBSUB_H

#include <lfprim/backend/pubsub.h>
#include <lfprim/dropq.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lfp_pubsub_sub - one subscription
 * @q: its bounded queue
 * @link: its place in the subscriber list (backend)
 */
struct lfp_pubsub_sub {
	struct lfp_dropq q;
	struct lfp_pubsub_link link;
};

/**
 * lfp_pubsub_init() - initialise a topic with no subscribers
 * @ps: the topic
 *
 * Context: any.
 * Return: 0, or -EINVAL for a NULL @ps.
 */
int lfp_pubsub_init(struct lfp_pubsub *ps);

/**
 * lfp_pubsub_destroy() - release a topic
 * @ps: the topic
 *
 * Context: may sleep.
 * Return: 0, or -EBUSY (nothing released) while it has subscribers; user
 * space: -EINVAL for a dead @ps (a second destroy included).
 */
int lfp_pubsub_destroy(struct lfp_pubsub *ps);

/**
 * lfp_pubsub_subscribe() - add a subscription with its own queue
 * @ps: the topic
 * @sub: the subscription (caller's memory)
 * @capacity: its queue's capacity, 1 .. LFP_DROPQ_CAP_MAX
 *
 * Messages published after this returns reach @sub.
 *
 * Context: may sleep.
 * Return: 0; -EINVAL for a NULL @sub (user space: or a dead @ps); -ERANGE;
 * -ENOMEM.
 */
int lfp_pubsub_subscribe(struct lfp_pubsub *ps, struct lfp_pubsub_sub *sub,
			 unsigned int capacity);

/**
 * lfp_pubsub_unsubscribe() - remove a subscription and close its queue
 * @ps: the topic
 * @sub: a subscription of @ps
 *
 * Waits until no publish can still be pushing into @sub, then closes its
 * queue; consumers drain it and then get -EPIPE.  Messages still queued
 * stay queued.  Free it afterwards with lfp_pubsub_sub_destroy().
 * Idempotent: a call for a subscription that is not subscribed returns at
 * once, but a call that races another unsubscribe of @sub returns only
 * after that one has closed the queue.
 *
 * Context: may sleep; not inside a read-side section.
 */
void lfp_pubsub_unsubscribe(struct lfp_pubsub *ps, struct lfp_pubsub_sub *sub);

/**
 * lfp_pubsub_sub_destroy() - free an unsubscribed subscription's queue
 * @sub: the subscription
 * @drop: called on each message still queued (may be NULL: they are just
 *	forgotten); this is where the subscriber's share of each message it
 *	never popped is released
 *
 * Refuses a subscription that is still subscribed, or whose unsubscribe
 * has not returned yet: publishers may be pushing into its queue.
 *
 * Context: may sleep; nothing else may use @sub.
 * Return: 0; -EBUSY (nothing freed, @drop not called) while @sub is
 * subscribed or being unsubscribed; user space: -EINVAL for a NULL @sub.
 */
int lfp_pubsub_sub_destroy(struct lfp_pubsub_sub *sub, void (*drop)(void *msg));

/**
 * lfp_pubsub_publish() - push a message to every subscriber
 * @ps: the topic
 * @msg: a non-NULL pointer
 *
 * Never blocks and takes no lock of the topic; a full subscriber queue
 * drops the message and counts it.
 *
 * Context: kernel: any but NMI.
 * Return: how many subscribers accepted it; -EINVAL for a NULL @msg (user
 * space: or a dead @ps).
 */
int lfp_pubsub_publish(struct lfp_pubsub *ps, void *msg);

/**
 * lfp_pubsub_pop() - the subscriber's next message
 * @sub: the subscription
 * @msg: where to store it
 * @timeout_ms: as for lfp_dropq_pop()
 * @cancel: as for lfp_dropq_pop()
 *
 * Return: as lfp_dropq_pop() (-EPIPE once unsubscribed and drained).
 */
static inline int lfp_pubsub_pop(struct lfp_pubsub_sub *sub, void **msg,
				 long timeout_ms, struct lfp_event *cancel)
{
	return lfp_dropq_pop(&sub->q, msg, timeout_ms, cancel);
}

/**
 * lfp_pubsub_sub_stats() - the subscriber's counters
 * @sub: the subscription
 * @st: its queue's counters (dropped: messages it lost)
 */
static inline void lfp_pubsub_sub_stats(struct lfp_pubsub_sub *sub,
					struct lfp_dropq_stats *st)
{
	lfp_dropq_get_stats(&sub->q, st);
}

/**
 * lfp_pubsub_subscribers() - number of subscriptions
 * @ps: the topic
 *
 * Return: the count (a snapshot); user space: 0 for a dead @ps.
 */
unsigned int lfp_pubsub_subscribers(struct lfp_pubsub *ps);

/**
 * LFP_PUBSUB_INIT() - static initializer of a topic without subscribers
 * @name: the topic being initialised (its list head points into it)
 *
 * The same state as lfp_pubsub_init().
 */
#define LFP_PUBSUB_INIT(name)		__LFP_PUBSUB_INIT(name)

/**
 * DEFINE_LFP_PUBSUB() - define a topic without subscribers
 * @name: the variable
 */
#define DEFINE_LFP_PUBSUB(name)	struct lfp_pubsub name = LFP_PUBSUB_INIT(name)

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_PUBSUB_H */
