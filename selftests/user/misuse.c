// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The user runner of the misuse tests: one kselftest test per misuse row
 * of the registry, named after it, running the lifecycle of
 * selftests/cases/misuse.h.  Included by lfprim_selftests.c.
 */

#include "../cases/misuse.h"

static const struct lfpt_misuse *misuse_find(const char *name)
{
	size_t i, j;

	for (j = 0; j < LFP_ARRAY_SIZE(lfpt_prims); j++)
		for (i = 0; i < lfpt_prims[j]->nmisuse; i++)
			if (!strcmp(lfpt_prims[j]->misuse[i].name, name))
				return &lfpt_prims[j]->misuse[i];
	return NULL;
}

static void misuse_run(struct __test_metadata *_metadata)
{
	const struct lfpt_misuse *m = misuse_find(_metadata->name);
	struct lfpt t = { .name = _metadata->name };

	ASSERT_NE(NULL, m);
	lfpt_misuse_run(&t, m);
	ASSERT_EQ(0, lfpt_atomic_read(&t.failures));
}

/* What TEST() wraps its body in. */
static void misuse_test(struct __test_metadata *_metadata,
			struct __fixture_variant_metadata *variant)
{
	_metadata->setup_completed = true;
	if (setjmp(_metadata->env) == 0)
		misuse_run(_metadata);
	__test_check_assert(_metadata);
}

/*
 * One test per misuse row, in the order of the registry, after the
 * TEST()s above this file's include (see lfpt_register_cases()).
 */
static void __attribute__((constructor(KSELFTEST_PRIO_TEST))) misuse_register(void)
{
	size_t n = 0, k = 0, i, j, at;
	struct __test_metadata *tests;

	for (j = 0; j < LFP_ARRAY_SIZE(lfpt_prims); j++)
		n += lfpt_prims[j]->nmisuse;
	tests = calloc(n, sizeof(*tests));
	if (!tests) {
		perror("lfprim-selftests: calloc");
		exit(KSFT_FAIL);
	}
	for (j = 0; j < LFP_ARRAY_SIZE(lfpt_prims); j++) {
		for (i = 0; i < lfpt_prims[j]->nmisuse; i++, k++) {
			at = __constructor_order_forward ? k : n - 1 - k;
			tests[at].name = lfpt_prims[j]->misuse[i].name;
			tests[at].fn = misuse_test;
			tests[at].fixture = &_fixture_global;
			tests[at].termsig = -1;
			tests[at].timeout = TEST_TIMEOUT_DEFAULT;
		}
	}
	for (at = 0; at < n; at++)
		__register_test(&tests[at]);
}
