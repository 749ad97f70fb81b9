// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * The registry: every case file, and the table of their rows (struct
 * lfpt_prim, at the end of each), which the user-space runner, the kernel
 * test module and the stress drivers walk.  Nothing else lists the
 * primitives.  The includer provides the shim (lfpt.h).
 */
#include "torture.h"

#include "static_init.c"
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

static const struct lfpt_prim *const lfpt_prims[] = {
	&lfpt_prim_snap,
	&lfpt_prim_pcount,
	&lfpt_prim_seqstat,
	&lfpt_prim_sampler,
	&lfpt_prim_event,
	&lfpt_prim_dropq,
	&lfpt_prim_rmap,
	&lfpt_prim_sflight,
	&lfpt_prim_group,
	&lfpt_prim_batch,
	&lfpt_prim_pubsub,
};

/* The number of shared cases, all primitives together. */
static inline size_t lfpt_nr_cases(void)
{
	size_t j, n = 0;

	for (j = 0; j < LFP_ARRAY_SIZE(lfpt_prims); j++)
		n += lfpt_prims[j]->ncases;
	return n;
}
