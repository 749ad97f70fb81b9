// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tests of lfprim.ko's user interface, run inside the guest as root:
 * module parameters at load time and every file under /sys/kernel/lfprim/.
 * Every knob must reject garbage, negative, overflowing and empty input
 * with -EINVAL or -ERANGE, leave the old value in place, and round-trip
 * valid values.
 *
 * LFPRIM_KO names the module file (default /lfprim/lfprim.ko).
 *
 * One translation unit (the harness keeps its test list per unit): the
 * helpers, the knob table and its checks, and one file per primitive
 * under sysfs/, included below.
 */
#include "sysfs/common.h"
#include "sysfs/knobs.h"

/* The tests, in the order they run (some start from what the last left). */
#include "sysfs/module.c"
#include "sysfs/pcount.c"
#include "sysfs/snap.c"
#include "sysfs/seqstat.c"
#include "sysfs/sampler.c"
#include "sysfs/dropq.c"
#include "sysfs/rmap.c"
#include "sysfs/sflight.c"
#include "sysfs/event.c"
#include "sysfs/group.c"
#include "sysfs/batch.c"
#include "sysfs/pubsub.c"
#include "sysfs/all_files.c"
#include "sysfs/hammer.c"
#include "sysfs/bench.c"
#include "sysfs/knobs.c"

TEST_HARNESS_MAIN
