// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The registry of the sysfs suite: the module as a whole, one file per
 * built-in instance, then the checks of every file, of the benchmark and
 * of the knob table, in the order they run (some start from what the
 * last left).
 */
#include "module.c"
#include "pcount.c"
#include "snap.c"
#include "seqstat.c"
#include "sampler.c"
#include "dropq.c"
#include "rmap.c"
#include "sflight.c"
#include "event.c"
#include "group.c"
#include "batch.c"
#include "pubsub.c"
#include "all_files.c"
#include "bench.c"
#include "knobs.c"
