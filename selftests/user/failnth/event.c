// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the event instance */

static int event_usable(void)
{
	return EXPECT(knob_w("event/fire", "1") == 0 && knob_r("event/fired") == 1 &&
		      knob_w("event/reinit", "1") == 0 && knob_r("event/fired") == 0,
		      "event fire/reinit");
}

static const struct path event_paths[] = {
	/* Allocates nothing itself: only sysfs's write buffer. */
	{ .name = "event_reinit", .knob = "event/reinit", .in = { "1" } },
};

static const struct fn_prim fn_prim_event = {
	.usable = event_usable,
	FN_PATHS(event_paths),
};
