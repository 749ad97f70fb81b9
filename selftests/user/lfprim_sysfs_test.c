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
#include "sysfs/bench.c"
#include "sysfs/knobs.c"

/*
 * A module parameter of a built-in instance shows the live value of its
 * knob (the load-time value until a write), stays read-only, and keeps
 * the old value when a write is refused.
 */
TEST(param_follows_knob)
{
	static const struct {
		const char *knob, *param, *value, *bad;
		int err;
	} f[] = {
		{ "pcount/batch", "pcount_batch", "77", "0", ERANGE },
		{ "dropq/capacity", "dropq_capacity", "9", "1048577", ERANGE },
		{ "sampler/ppm", "sampler_ppm", "1234", "1000001", ERANGE },
		{ "snap/value", "snap_value", "18446744073709551615", "x", EINVAL },
	};
	char knob[128], param[128], want[64], got[64];
	struct stat st;
	unsigned int i;

	if (loaded())
		ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load("pcount_batch=5 dropq_capacity=5 sampler_ppm=5 snap_value=5"));
	for (i = 0; i < ARRAY_LEN(f); i++) {
		TH_LOG("%s <- %s", f[i].knob, f[i].value);
		snprintf(knob, sizeof(knob), ROOT "%s", f[i].knob);
		snprintf(param, sizeof(param), "/sys/module/lfprim/parameters/%s",
			 f[i].param);
		ASSERT_EQ(0, stat(param, &st));
		EXPECT_EQ(0444, st.st_mode & 0777);
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		EXPECT_STREQ("5\n", got);
		EXPECT_EQ((ssize_t)strlen(f[i].value), write_str(knob, f[i].value));
		snprintf(want, sizeof(want), "%s\n", f[i].value);
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		EXPECT_STREQ(want, got);
		ASSERT_EQ(0, read_str(knob, got, sizeof(got)));
		EXPECT_STREQ(want, got);
		EXPECT_EQ(-f[i].err, write_str(knob, f[i].bad));
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		EXPECT_STREQ(want, got);
		EXPECT_GT(0, write_str(param, "6"));
		ASSERT_EQ(0, read_str(knob, got, sizeof(got)));
		EXPECT_STREQ(want, got);
	}
	/* A new load starts from its own parameters again. */
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	EXPECT_EQ(1024, read_ll("/sys/module/lfprim/parameters/pcount_batch"));
	EXPECT_EQ(256, read_ll("/sys/module/lfprim/parameters/dropq_capacity"));
	EXPECT_EQ(0, read_ll("/sys/module/lfprim/parameters/sampler_ppm"));
	EXPECT_EQ(0, read_ll("/sys/module/lfprim/parameters/snap_value"));
}

TEST_HARNESS_MAIN
