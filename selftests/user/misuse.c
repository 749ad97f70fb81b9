// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * User space only: API misuse (the "Misuse:" paragraphs of the contract
 * headers).  Every out-of-line call of every primitive meets a NULL
 * object, a zeroed never-initialised one, one filled with garbage and a
 * destroyed one, and must answer with the documented error or do nothing;
 * init refuses NULL and bad arguments; a second destroy is harmless; and
 * the object works again after a fresh init.  A check that is missing
 * shows as a crash (the suite also runs under ASan and Valgrind) or as a
 * wrong value.  The calls and their answers are rows (struct lfpt_misuse,
 * the .misuse of each primitive's registry row, in
 * selftests/cases/<prim>_misuse.c); this file walks the one lifecycle
 * they share, one test per row, named after it.  Included by
 * lfprim_selftests.c.
 */

static void misuse_probe(struct lfpt *t, const struct lfpt_probe *p,
			 void *obj, const char *state)
{
	long long got = p->call(obj);

	if (got == p->expect)
		return;
	lfpt_atomic_inc(&t->failures);
	lfpt_log("%s: %s object: %s returned %lld, expected %lld\n", t->name,
		 state, p->what, got, p->expect);
}

/*
 * What the debug build's misuse report (userspace/misuse.c) must say about
 * an object in @state.
 */
static const char *misuse_said(const char *state)
{
	if (!strcmp(state, "NULL"))
		return "a NULL object";
	if (!strcmp(state, "zeroed") || !strcmp(state, "refused init"))
		return "never initialised (zeroed memory)";
	if (!strcmp(state, "garbage"))
		return "not initialised (garbage";
	return "used after destroy";
}

/*
 * Every call on an object that is not live; no callback may run.  Objects
 * with a liveness word are reported (stderr), the last report of the
 * state naming what the object is.
 */
static void misuse_dead(struct lfpt *t, const struct lfpt_misuse *m,
			void *obj, const char *state)
{
	unsigned int calls = lfpt_misuse_calls_read();
	unsigned long reports = lfp_misuse_reports();
	size_t i;

	if (m->dead_hook)
		m->dead_hook(t, obj);
	for (i = 0; i < m->ndead; i++)
		misuse_probe(t, &m->dead[i], obj, state);
	if (lfpt_misuse_calls_read() != calls) {
		lfpt_atomic_inc(&t->failures);
		lfpt_log("%s: %s object: %u callbacks ran\n", t->name, state,
			 lfpt_misuse_calls_read() - calls);
	}
	if (m->null_only)
		return;
	if (lfp_misuse_reports() == reports ||
	    !strstr(lfp_misuse_last(), misuse_said(state))) {
		lfpt_atomic_inc(&t->failures);
		lfpt_log("%s: %s object: %lu misuse reports, the last '%s'\n",
			 t->name, state, lfp_misuse_reports() - reports,
			 lfp_misuse_last());
	}
}

static void misuse_lifecycle(struct __test_metadata *_metadata,
			     struct lfpt *t, const struct lfpt_misuse *m)
{
	void *z = lfpt_misuse_mem(m->size, 0);
	void *g = lfpt_misuse_mem(m->size, LFPT_MISUSE_GARBAGE);
	void *obj = lfpt_misuse_mem(m->size, m->null_only ?
				    LFPT_MISUSE_GARBAGE : 0);
	unsigned long reports;
	unsigned int calls;
	size_t i;

	ASSERT_NE(NULL, z);
	ASSERT_NE(NULL, g);
	ASSERT_NE(NULL, obj);
	misuse_dead(t, m, NULL, "NULL");
	if (!m->null_only) {
		misuse_dead(t, m, z, "zeroed");
		misuse_dead(t, m, g, "garbage");
	}
	for (i = 0; i < m->nbad_init; i++)
		misuse_probe(t, &m->bad_init[i], obj, "bad init of a zeroed");
	if (!m->null_only)
		misuse_dead(t, m, obj, "refused init");

	calls = lfpt_misuse_calls_read();
	reports = lfp_misuse_reports();
	ASSERT_EQ(0, m->init(obj));
	/* The init of a zeroed object is no misuse: nothing reported. */
	EXPECT_EQ(reports, lfp_misuse_reports());
	if (m->live)
		m->live(t, obj);
	if (m->null_only)
		goto out;
	misuse_probe(t, &m->destroy, obj, "live");
	EXPECT_EQ(calls + m->calls, lfpt_misuse_calls_read());
	misuse_dead(t, m, obj, "destroyed");

	m->again(t, obj);
	misuse_dead(t, m, obj, "destroyed again");
out:
	free(obj);
	free(g);
	free(z);
}

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
	misuse_lifecycle(_metadata, &t, m);
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
