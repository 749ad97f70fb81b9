/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The registry of lfprim.ko's built-in instances: the struct lfp_knob
 * that each kmod/knobs/<name>.c (bench: kmod/bench.c) defines, and the
 * table of them, in load order, that main.c walks (and only main.c
 * includes).  Nothing else lists the instances.
 */
#ifndef _LFPRIM_KMOD_KNOBS_ALL_H
#define _LFPRIM_KMOD_KNOBS_ALL_H

#include "knobs.h"

extern const struct lfp_knob lfp_knob_snap;
extern const struct lfp_knob lfp_knob_pcount;
extern const struct lfp_knob lfp_knob_seqstat;
extern const struct lfp_knob lfp_knob_sampler;
extern const struct lfp_knob lfp_knob_dropq;
extern const struct lfp_knob lfp_knob_rmap;
extern const struct lfp_knob lfp_knob_sflight;
extern const struct lfp_knob lfp_knob_event;
extern const struct lfp_knob lfp_knob_group;
extern const struct lfp_knob lfp_knob_batch;
extern const struct lfp_knob lfp_knob_pubsub;
extern const struct lfp_knob lfp_knob_bench;

static const struct lfp_knob *const lfp_knobs[] = {
	&lfp_knob_snap,
	&lfp_knob_pcount,
	&lfp_knob_seqstat,
	&lfp_knob_sampler,
	&lfp_knob_dropq,
	&lfp_knob_rmap,
	&lfp_knob_sflight,
	&lfp_knob_event,
	&lfp_knob_group,
	&lfp_knob_batch,
	&lfp_knob_pubsub,
	&lfp_knob_bench,
};

#endif /* _LFPRIM_KMOD_KNOBS_ALL_H */
