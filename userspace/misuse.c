// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Misuse reports of the debug builds (live.h): a call on an object that is
 * not live says on stderr which call and what the object is, besides
 * returning the documented error.  The first LFP_MISUSE_PRINT reports of a
 * process are printed; every one is counted and the calling thread's last
 * one kept, for the tests (core/inject.h).
 */
#if defined(LFPRIM_INJECT) || defined(LFPRIM_DEBUG)

#include <stdio.h>

#include <lfprim/core/inject.h>

#include "live.h"

#define LFP_MISUSE_PRINT	8

static unsigned long lfp_misuse_count;
static __thread char lfp_misuse_msg[192];

int lfp_misuse_report(const char *fn, const void *obj, const unsigned int *live)
{
	unsigned long n;

	snprintf(lfp_misuse_msg, sizeof(lfp_misuse_msg), "lfprim: %s(%p): %s",
		 fn, obj, lfp_misuse_what(obj, live));
	n = __atomic_add_fetch(&lfp_misuse_count, 1, __ATOMIC_RELAXED);
	if (n <= LFP_MISUSE_PRINT)
		fprintf(stderr, "%s%s\n", lfp_misuse_msg,
			n == LFP_MISUSE_PRINT ? " (further reports not printed)" : "");
	return 1;
}

unsigned long lfp_misuse_reports(void)
{
	return __atomic_load_n(&lfp_misuse_count, __ATOMIC_RELAXED);
}

const char *lfp_misuse_last(void)
{
	return lfp_misuse_msg;
}

#endif /* LFPRIM_INJECT || LFPRIM_DEBUG */
