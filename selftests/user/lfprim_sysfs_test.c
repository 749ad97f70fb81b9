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
 * helpers, the knob table, and the test files under sysfs/, listed in
 * sysfs/all.c in the order they run.
 */
#include "sysfs/common.h"
#include "sysfs/knobs.h"

#include "sysfs/all.c"

TEST_HARNESS_MAIN
