// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The registry of lfprim-failalloc: every failalloc/<primitive>.c and the
 * table of their rows (struct fa_prim, at the end of each), in the order
 * the scenarios run.  Nothing else lists the primitives.
 */
#include "dropq.c"
#include "pcount.c"
#include "rmap.c"
#include "sflight.c"
#include "group.c"
#include "batch.c"
#include "pubsub.c"
#include "snap.c"
#include "event.c"

static const struct fa_prim *const fa_prims[] = {
	&fa_prim_dropq,
	&fa_prim_pcount,
	&fa_prim_rmap,
	&fa_prim_sflight,
	&fa_prim_group,
	&fa_prim_batch,
	&fa_prim_pubsub,
	&fa_prim_snap,
	&fa_prim_event,
};
