/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The misuse lifecycle both worlds run (the "Misuse:" paragraphs of the
 * contract headers): every out-of-line call of a primitive meets a NULL
 * object, a zeroed never-initialised one, one filled with garbage and a
 * destroyed one, and must answer with the documented error or do nothing;
 * init refuses NULL and bad arguments; a second destroy is harmless; and
 * the object works again after a fresh init.  Each refusal must be
 * reported (core/live.h), naming what the object is.  A check that is
 * missing shows as a crash (the user suite also runs under ASan and
 * Valgrind, the kernel's debug lane under KASAN) or as a wrong value.
 * The calls and their answers are rows (struct lfpt_misuse, the .misuse
 * of each primitive's registry row, in <prim>_misuse.c); the user runner
 * (selftests/user/misuse.c) and the kernel's (selftests/kmod/) walk them
 * with lfpt_misuse_run().  Included after all.c.
 */
#ifndef _LFPRIM_SELFTESTS_MISUSE_H
#define _LFPRIM_SELFTESTS_MISUSE_H

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

/* What the misuse report (core/live.h) must say about an object in @state. */
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
 * with a liveness word are reported, the last report of the state naming
 * what the object is.
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

/* Runs the lifecycle of row @m; failures count in @t. */
static void lfpt_misuse_run(struct lfpt *t, const struct lfpt_misuse *m)
{
	void *z = lfpt_misuse_mem(m->size, 0);
	void *g = lfpt_misuse_mem(m->size, LFPT_MISUSE_GARBAGE);
	void *obj = lfpt_misuse_mem(m->size, m->null_only ?
				    LFPT_MISUSE_GARBAGE : 0);
	unsigned long reports;
	unsigned int calls;
	size_t i;

	if (!z || !g || !obj) {
		LFPT_EXPECT(t, !"memory for the objects");
		goto out;
	}
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
	if (m->init(obj)) {
		LFPT_EXPECT(t, !"the valid init");
		goto out;
	}
	/* The init of a zeroed object is no misuse: nothing reported. */
	LFPT_EXPECT_EQ(t, reports, lfp_misuse_reports());
	if (m->live)
		m->live(t, obj);
	if (m->null_only)
		goto out;
	misuse_probe(t, &m->destroy, obj, "live");
	LFPT_EXPECT_EQ(t, calls + m->calls, lfpt_misuse_calls_read());
	misuse_dead(t, m, obj, "destroyed");

	m->again(t, obj);
	misuse_dead(t, m, obj, "destroyed again");
out:
	lfpt_free(obj);
	lfpt_free(g);
	lfpt_free(z);
}

#endif /* _LFPRIM_SELFTESTS_MISUSE_H */
