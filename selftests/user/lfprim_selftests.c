// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * User-space runner of the shared cases, on kselftest_harness.h: one TEST
 * per case, each in its own child process, TAP on stdout.  Each TEST looks
 * its case up by name in the shared tables, and the number of TESTs is
 * checked against the tables at compile time, so a case cannot be added
 * to one world and forgotten in the other.
 */
#include "shim.h"

#include "../cases/all.c"

#include "kselftest_harness.h"

#define LFPT_USER_CASES	54

_Static_assert(LFPT_NR_CASES == LFPT_USER_CASES,
	       "every shared case needs a TEST() below");

static const struct lfpt_case *lfpt_find(const char *name)
{
	size_t i, j;

	for (j = 0; j < ARRAY_SIZE(lfpt_tables); j++)
		for (i = 0; i < lfpt_tables[j].n; i++)
			if (!strcmp(lfpt_tables[j].cases[i].name, name))
				return &lfpt_tables[j].cases[i];
	return NULL;
}

static void lfpt_run(struct __test_metadata *_metadata)
{
	const struct lfpt_case *c = lfpt_find(_metadata->name);
	struct lfpt t = { .name = _metadata->name };

	ASSERT_NE(NULL, c);
	c->fn(&t);
	ASSERT_EQ(0, lfpt_atomic_read(&t.failures));
}

TEST(snap_init_args) { lfpt_run(_metadata); }
TEST(snap_publish_basic) { lfpt_run(_metadata); }
TEST(snap_update_basic) { lfpt_run(_metadata); }
TEST(snap_publish_concurrent) { lfpt_run(_metadata); }
TEST(snap_update_concurrent) { lfpt_run(_metadata); }
TEST(snap_reader_churn) { lfpt_run(_metadata); }
TEST(snap_nested_free) { lfpt_run(_metadata); }
TEST(pcount_init_args) { lfpt_run(_metadata); }
TEST(pcount_basic) { lfpt_run(_metadata); }
TEST(pcount_basic_percpu) { lfpt_run(_metadata); }
TEST(pcount_concurrent) { lfpt_run(_metadata); }
TEST(pcount_concurrent_percpu) { lfpt_run(_metadata); }
TEST(pcount_live_batch) { lfpt_run(_metadata); }
TEST(pcount_thread_churn) { lfpt_run(_metadata); }
TEST(pcount_many_counters) { lfpt_run(_metadata); }
TEST(seqstat_init_args) { lfpt_run(_metadata); }
TEST(seqstat_basic) { lfpt_run(_metadata); }
TEST(seqstat_concurrent) { lfpt_run(_metadata); }
TEST(seqstat_reader_progress) { lfpt_run(_metadata); }
TEST(sampler_init_args) { lfpt_run(_metadata); }
TEST(sampler_rates) { lfpt_run(_metadata); }
TEST(sampler_concurrent_change) { lfpt_run(_metadata); }
TEST(event_basic) { lfpt_run(_metadata); }
TEST(event_broadcast) { lfpt_run(_metadata); }
TEST(event_cancel_timeout) { lfpt_run(_metadata); }
TEST(dropq_basic) { lfpt_run(_metadata); }
TEST(dropq_overload) { lfpt_run(_metadata); }
TEST(dropq_resize_live) { lfpt_run(_metadata); }
TEST(dropq_blocking) { lfpt_run(_metadata); }
TEST(dropq_destroy_drops) { lfpt_run(_metadata); }
TEST(rmap_basic) { lfpt_run(_metadata); }
TEST(rmap_walk_resize) { lfpt_run(_metadata); }
TEST(rmap_concurrent) { lfpt_run(_metadata); }
TEST(rmap_swap) { lfpt_run(_metadata); }
TEST(sflight_basic) { lfpt_run(_metadata); }
TEST(sflight_stampede) { lfpt_run(_metadata); }
TEST(sflight_forget_leave) { lfpt_run(_metadata); }
TEST(group_basic) { lfpt_run(_metadata); }
TEST(group_many) { lfpt_run(_metadata); }
TEST(group_first_error) { lfpt_run(_metadata); }
TEST(group_go_cancel) { lfpt_run(_metadata); }
TEST(group_wait_reaper) { lfpt_run(_metadata); }
TEST(group_limit_max) { lfpt_run(_metadata); }
TEST(group_set_limit_race) { lfpt_run(_metadata); }
TEST(group_try_go_atomic) { lfpt_run(_metadata); }
TEST(group_cancel_twice) { lfpt_run(_metadata); }
TEST(batch_size_close) { lfpt_run(_metadata); }
TEST(batch_time) { lfpt_run(_metadata); }
TEST(batch_concurrent) { lfpt_run(_metadata); }
TEST(batch_close_twice) { lfpt_run(_metadata); }
TEST(batch_max_delay_full) { lfpt_run(_metadata); }
TEST(batch_deadline_raise) { lfpt_run(_metadata); }
TEST(pubsub_basic) { lfpt_run(_metadata); }
TEST(pubsub_fanout) { lfpt_run(_metadata); }

/*
 * User space only: a thread the program registered with urcu-memb itself
 * is borrowed, not registered twice (liburcu would abort) nor unregistered
 * behind the program's back.
 */
struct self_reg {
	struct lfp_snap snap;
	int reads_ok;
};

static void self_reg_free(struct lfp_snap_node *node)
{
	free(node);
}

static void *self_reg_fn(void *arg)
{
	struct self_reg *sr = arg;
	struct lfp_snap_node *n;
	int i;

	urcu_memb_register_thread();
	for (i = 0; i < 1000; i++) {
		lfp_snap_read_lock();
		n = lfp_snap_deref(&sr->snap);
		sr->reads_ok += n != NULL;
		lfp_snap_read_unlock();
		if (!(i % 100))
			lfp_snap_publish(&sr->snap, calloc(1, sizeof(*n)));
	}
	/* The program unregisters its own thread: lfprim must not have. */
	urcu_memb_unregister_thread();
	return NULL;
}

TEST(user_self_registered_thread)
{
	struct self_reg sr = { .reads_ok = 0 };
	pthread_t tid;

	ASSERT_EQ(0, lfp_snap_init(&sr.snap, calloc(1, sizeof(struct lfp_snap_node)),
				   self_reg_free));
	ASSERT_EQ(0, pthread_create(&tid, NULL, self_reg_fn, &sr));
	ASSERT_EQ(0, pthread_join(tid, NULL));
	EXPECT_EQ(1000, sr.reads_ok);
	lfp_snap_destroy(&sr.snap);
	lfp_snap_barrier();
}

#include "misuse.c"

TEST_HARNESS_MAIN
