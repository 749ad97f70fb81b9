// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The registry of lfprim-failnth: one file per built-in instance, each
 * ending with its row (struct fn_prim), and the table of rows the driver
 * walks for the load's parameters, the checks that every instance still
 * works and the paths, in this order.  Nothing else lists the instances.
 */
#include "pcount.c"
#include "snap.c"
#include "sampler.c"
#include "dropq.c"
#include "rmap.c"
#include "sflight.c"
#include "pubsub.c"
#include "group.c"
#include "batch.c"
#include "event.c"
#include "bench.c"

static const struct fn_prim *const fn_prims[] = {
	&fn_prim_pcount,
	&fn_prim_snap,
	&fn_prim_sampler,
	&fn_prim_dropq,
	&fn_prim_rmap,
	&fn_prim_sflight,
	&fn_prim_pubsub,
	&fn_prim_group,
	&fn_prim_batch,
	&fn_prim_event,
	&fn_prim_bench,
};
