// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Every case file, and the table of their tables: what the user-space
 * runner, the kernel test module and the stress drivers iterate over.
 * The includer provides the shim (lfpt.h).
 */
#include "snap.c"
#include "pcount.c"
#include "seqstat.c"
#include "sampler.c"
#include "event.c"
#include "dropq.c"
#include "rmap.c"
#include "sflight.c"
#include "group.c"
#include "batch.c"
#include "pubsub.c"

/**
 * struct lfpt_table - one primitive's cases
 * @name: the primitive
 * @cases: its cases
 * @n: how many
 */
struct lfpt_table {
	const char *name;
	const struct lfpt_case *cases;
	size_t n;
};

#define LFPT_TABLE(p)	{ #p, lfpt_##p##_cases, ARRAY_SIZE(lfpt_##p##_cases) }

static const struct lfpt_table lfpt_tables[] = {
	LFPT_TABLE(snap),
	LFPT_TABLE(pcount),
	LFPT_TABLE(seqstat),
	LFPT_TABLE(sampler),
	LFPT_TABLE(event),
	LFPT_TABLE(dropq),
	LFPT_TABLE(rmap),
	LFPT_TABLE(sflight),
	LFPT_TABLE(group),
	LFPT_TABLE(batch),
	LFPT_TABLE(pubsub),
};

/* Total number of cases: the tables are fixed, so this folds to a constant. */
#define LFPT_NR_CASES							\
	(ARRAY_SIZE(lfpt_snap_cases) + ARRAY_SIZE(lfpt_pcount_cases) +	\
	 ARRAY_SIZE(lfpt_seqstat_cases) + ARRAY_SIZE(lfpt_sampler_cases) + \
	 ARRAY_SIZE(lfpt_event_cases) + ARRAY_SIZE(lfpt_dropq_cases) +	\
	 ARRAY_SIZE(lfpt_rmap_cases) + ARRAY_SIZE(lfpt_sflight_cases) +	\
	 ARRAY_SIZE(lfpt_group_cases) + ARRAY_SIZE(lfpt_batch_cases) +	\
	 ARRAY_SIZE(lfpt_pubsub_cases))
