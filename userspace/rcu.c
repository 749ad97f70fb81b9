// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Lazy urcu-memb thread registration: a thread is registered the first
 * time it enters a read-side section or retires an object, and a
 * pthread key destructor unregisters it when it exits.  Forgetting to
 * register is therefore impossible, and a thread that never touches a
 * snap costs nothing.
 *
 * Threads that liburcu already knows (registered by the program itself,
 * or liburcu's own call_rcu worker, where free functions run) are only
 * borrowed: lfprim neither registers them a second time nor unregisters
 * them at exit.  Such a thread must stay registered for as long as it
 * uses lfprim, as liburcu requires of any reader.
 *
 * fork(): liburcu's call_rcu worker threads (which also finish rmap's
 * resizes) do not exist in a child, so its first deferred free or barrier
 * would wait forever.  Before a thread first uses RCU through lfprim, and
 * before an rmap's table is made, lfprim registers liburcu-memb's fork
 * handlers with pthread_atfork(), once per process: they quiesce the
 * workers across fork() and give the child workers of its own.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <lfprim/backend/snap.h>

__thread int lfp_rcu_registered __attribute__((tls_model("initial-exec")));
__thread int lfp_rcu_in_free_fn __attribute__((tls_model("initial-exec")));

int lfp_rcu_refuse_in_free_fn(const char *what)
{
	if (!lfp_rcu_in_free_fn)
		return 0;
	fprintf(stderr,
		"lfprim: %s() called from a free function run after a grace period: refused (it would wait for itself)\n",
		what);
	return 1;
}

#if defined(__SANITIZE_THREAD__)
/* The grace-period sync object of the TSan annotations (backend/tsan.h). */
char lfp_tsan_gp;
#endif

#define LFP_RCU_OWNED		1	/* registered by lfprim */
#define LFP_RCU_BORROWED	2	/* registered by someone else */

static pthread_key_t lfp_rcu_key;
static pthread_once_t lfp_rcu_once = PTHREAD_ONCE_INIT;
static pthread_once_t lfp_rcu_fork_once = PTHREAD_ONCE_INIT;

static void lfp_rcu_fork_init(void)
{
	if (pthread_atfork(urcu_memb_call_rcu_before_fork,
			   urcu_memb_call_rcu_after_fork_parent,
			   urcu_memb_call_rcu_after_fork_child)) {
		fputs("lfprim: pthread_atfork failed\n", stderr);
		abort();
	}
}

void lfp_rcu_fork_handlers(void)
{
	pthread_once(&lfp_rcu_fork_once, lfp_rcu_fork_init);
}

static void lfp_rcu_thread_exit(void *arg)
{
	(void)arg;
	if (lfp_rcu_registered == LFP_RCU_OWNED)
		urcu_memb_unregister_thread();
	lfp_rcu_registered = 0;
}

static void lfp_rcu_key_init(void)
{
	if (pthread_key_create(&lfp_rcu_key, lfp_rcu_thread_exit)) {
		fputs("lfprim: pthread_key_create failed\n", stderr);
		abort();
	}
}

void lfp_rcu_register_slow(void)
{
	lfp_rcu_fork_handlers();
	/* liburcu's own per-thread flag (urcu/static/urcu-common.h). */
	if (URCU_TLS(urcu_memb_reader).registered) {
		lfp_rcu_registered = LFP_RCU_BORROWED;
		return;
	}
	pthread_once(&lfp_rcu_once, lfp_rcu_key_init);
	urcu_memb_register_thread();
	lfp_rcu_registered = LFP_RCU_OWNED;
	/* Any non-NULL value arms the destructor. */
	if (pthread_setspecific(lfp_rcu_key, &lfp_rcu_registered)) {
		fputs("lfprim: pthread_setspecific failed\n", stderr);
		abort();
	}
}
