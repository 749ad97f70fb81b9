/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The duration argument of the command-line tools (lfprim-bench -d,
 * lfprim-stress -d): a number with an optional unit, "ms", "s" or "m"
 * (100ms, 5s, 2m); a bare number is in the tool's own unit.  The number
 * follows the kernel's kstrto*() rules (userspace/include/lfprim/backend/
 * kstrto.h) in the base the tool asks for: an optional '+', no spaces, no
 * sign.  The includer provides kstrtoull() and LFP_ARRAY_SIZE().
 */
#ifndef _LFPRIM_BENCH_DURATION_H
#define _LFPRIM_BENCH_DURATION_H

#include <errno.h>
#include <string.h>

/*
 * Parse @arg into milliseconds: @base for the number (0: kstrto*()'s
 * prefixes), @bare_ms the milliseconds of one unit of a bare number.
 * -EINVAL if it is not of that form, -ERANGE if the result is outside
 * [@lo_ms, @hi_ms]; @ms is written only on success.
 */
static inline int lfp_tool_parse_duration(const char *arg, unsigned int base,
					  unsigned long long bare_ms,
					  unsigned long long lo_ms,
					  unsigned long long hi_ms,
					  unsigned long long *ms)
{
	/* "ms" before "s" and "m": the longest suffix wins. */
	static const struct {
		const char *suffix;
		unsigned long long ms;
	} units[] = { { "ms", 1 }, { "s", 1000 }, { "m", 60000 } };
	unsigned long long v, mult = bare_ms;
	size_t n = strlen(arg), k, i;
	int unit = 0;
	char num[32];
	int ret;

	for (i = 0; i < LFP_ARRAY_SIZE(units); i++) {
		k = strlen(units[i].suffix);
		if (n > k && !strcmp(arg + n - k, units[i].suffix)) {
			mult = units[i].ms;
			n -= k;
			unit = 1;
			break;
		}
	}
	if (!n || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, arg, n);
	num[n] = 0;
	/* kstrto*() allows one newline at the end, not before a unit. */
	if (unit && num[n - 1] == '\n')
		return -EINVAL;
	ret = kstrtoull(num, base, &v);
	if (ret)
		return ret;
	if (v > hi_ms / mult)
		return -ERANGE;
	v *= mult;
	if (v < lo_ms || v > hi_ms)
		return -ERANGE;
	*ms = v;
	return 0;
}

#endif /* _LFPRIM_BENCH_DURATION_H */
