/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The kernel's kstrto*() rules, restated for user space so that the
 * sysfs parsers (include/lfprim/core/parse.h) can be fuzzed outside the
 * kernel (selftests/fuzz/) and lfprim-bench parses its arguments exactly
 * as the in-kernel runner parses its files: an optional '+', a base
 * prefix when base is 0 ("0x" followed by a hex digit: 16; a leading "0":
 * 8; else 10), at least one digit, then at most one newline; no spaces;
 * -ERANGE on overflow, -EINVAL otherwise.
 */
#ifndef _LFPRIM_BACKEND_KSTRTO_H
#define _LFPRIM_BACKEND_KSTRTO_H

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>

static inline int kstrtoull(const char *s, unsigned int base,
			    unsigned long long *res)
{
	unsigned long long v = 0;
	int overflow = 0, digits = 0;
	unsigned int d;

	if (*s == '+')
		s++;
	if (!base) {
		if (s[0] == '0' && tolower((unsigned char)s[1]) == 'x' &&
		    isxdigit((unsigned char)s[2]))
			base = 16;
		else if (s[0] == '0')
			base = 8;
		else
			base = 10;
	}
	if (base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	for (;; s++, digits++) {
		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (isxdigit((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (ULLONG_MAX - d) / base)
			overflow = 1;
		v = v * base + d;
	}
	if (overflow)
		return -ERANGE;
	if (!digits)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

static inline int kstrtou64(const char *s, unsigned int base,
			    unsigned long long *res)
{
	return kstrtoull(s, base, res);
}

static inline int kstrtouint(const char *s, unsigned int base,
			     unsigned int *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

#endif /* _LFPRIM_BACKEND_KSTRTO_H */
