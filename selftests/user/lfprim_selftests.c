// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * User-space runner of the shared cases, on kselftest_harness.h: one TEST
 * per case, each in its own child process, TAP on stdout.  Each TEST looks
 * its case up by name in the shared tables, and the number of TESTs is
 * checked against the tables at compile time, so a case cannot be added
 * to one world and forgotten in the other.
 */
#include "shim.h"

#include "../cases/snap.c"
#include "../cases/pcount.c"

#include "kselftest_harness.h"

#define LFPT_USER_CASES	13

_Static_assert(ARRAY_SIZE(lfpt_snap_cases) + ARRAY_SIZE(lfpt_pcount_cases) ==
	       LFPT_USER_CASES, "every shared case needs a TEST() below");

static const struct lfpt_case *lfpt_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lfpt_snap_cases); i++)
		if (!strcmp(lfpt_snap_cases[i].name, name))
			return &lfpt_snap_cases[i];
	for (i = 0; i < ARRAY_SIZE(lfpt_pcount_cases); i++)
		if (!strcmp(lfpt_pcount_cases[i].name, name))
			return &lfpt_pcount_cases[i];
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
TEST(pcount_init_args) { lfpt_run(_metadata); }
TEST(pcount_basic) { lfpt_run(_metadata); }
TEST(pcount_basic_percpu) { lfpt_run(_metadata); }
TEST(pcount_concurrent) { lfpt_run(_metadata); }
TEST(pcount_concurrent_percpu) { lfpt_run(_metadata); }
TEST(pcount_live_batch) { lfpt_run(_metadata); }
TEST(pcount_thread_churn) { lfpt_run(_metadata); }

TEST_HARNESS_MAIN
