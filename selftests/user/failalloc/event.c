// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failalloc scenarios: event */

#include <lfprim/event.h>

/* Part of the noalloc scenario: the event calls that must not allocate. */
static void fa_event_noalloc(void)
{
	struct lfp_event ev;

	FA_CHECK(lfp_event_init(&ev) == 0);
	FA_CHECK(lfp_event_fire(&ev) == 1);
	FA_CHECK(lfp_event_wait(&ev, 10, NULL) == 0);
	FA_CHECK(lfp_event_reinit(&ev) == 0);
}

/* No allocating call to fail: only calls that must not allocate. */
static const struct fa_prim fa_prim_event = { .noalloc = fa_event_noalloc };
