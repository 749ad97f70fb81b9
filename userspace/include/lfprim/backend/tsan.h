/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ThreadSanitizer annotations for the orderings liburcu provides with its
 * own inline-assembly atomics, which TSan cannot see.  Built in only when
 * the program is compiled with -fsanitize=thread; empty otherwise.
 *
 *   publish -> deref: a writer releases the object it installs (snap,
 *   rmap, pubsub list), a reader acquires the object it dereferences.
 *
 *   read-side section -> grace period: every read_unlock releases
 *   lfp_tsan_gp; whatever runs after a grace period (a call_rcu callback,
 *   the code after synchronize_rcu()) acquires it, so the frees that
 *   follow are ordered after the readers' accesses, as RCU orders them.
 *
 *   callback -> barrier: a call_rcu callback releases lfp_tsan_gp when it
 *   is done; rcu_barrier() acquires it, so what the callbacks wrote is
 *   ordered before the code after the barrier.
 */
#ifndef _LFPRIM_BACKEND_TSAN_H
#define _LFPRIM_BACKEND_TSAN_H

#if defined(__SANITIZE_THREAD__)
#ifdef __cplusplus
extern "C" {
#endif
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
extern char lfp_tsan_gp;
#ifdef __cplusplus
}
#endif
#define lfp_tsan_acquire(p)	__tsan_acquire((void *)(p))
#define lfp_tsan_release(p)	__tsan_release((void *)(p))
#define lfp_tsan_gp_end()	__tsan_acquire(&lfp_tsan_gp)
#define lfp_tsan_reader_end()	__tsan_release(&lfp_tsan_gp)
#define lfp_tsan_cb_end()	__tsan_release(&lfp_tsan_gp)
#else
#define lfp_tsan_acquire(p)	((void)(p))
#define lfp_tsan_release(p)	((void)(p))
#define lfp_tsan_gp_end()	do { } while (0)
#define lfp_tsan_reader_end()	do { } while (0)
#define lfp_tsan_cb_end()	do { } while (0)
#endif

#endif /* _LFPRIM_BACKEND_TSAN_H */
