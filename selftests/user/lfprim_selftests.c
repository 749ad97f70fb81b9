// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * User-space runner of the shared cases, on kselftest_harness.h: one TEST
 * per case, each in its own child process, TAP on stdout.
 */
#include "shim.h"

#include "../cases/snap.c"
#include "../cases/pcount.c"

#include "kselftest_harness.h"

#define LFPT_USER_TEST(c)						\
	TEST(c)							\
	{								\
		struct lfpt t = { .name = #c };			\
									\
		lfpt_case_##c(&t);					\
		ASSERT_EQ(0, lfpt_atomic_read(&t.failures));		\
	}

LFPT_SNAP_CASES(LFPT_USER_TEST)
LFPT_PCOUNT_CASES(LFPT_USER_TEST)

TEST_HARNESS_MAIN
