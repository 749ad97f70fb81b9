/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Parsers of what users write to /sys/kernel/lfprim and give as module
 * parameters, written once: the module uses them with the kernel's
 * kstrto*(), the fuzzer (selftests/fuzz/) with a user-space copy of their
 * rules.  The includer provides kstrtouint(), kstrtou64(), strsep(),
 * strlen(), memcpy() and the errno values.
 *
 * Conventions: one trailing newline is allowed (echo adds it); numbers
 * follow kstrto*() (base prefix 0x/0 when base 0, an optional '+', no
 * spaces); -EINVAL for input that is not of the expected form, -ERANGE
 * for a number outside the accepted range.  Nothing is written to the
 * outputs on error.
 */
#ifndef _LFPRIM_CORE_PARSE_H
#define _LFPRIM_CORE_PARSE_H

/* Longest list or word group accepted (bytes, newline excluded). */
#define LFP_PARSE_MAX	127

/*
 * Copy @buf without its trailing newline into @out (@len bytes).
 * -EINVAL if empty, -ERANGE if it does not fit.
 */
static inline int lfp_parse_strip(const char *buf, char *out, size_t len)
{
	size_t n = strlen(buf);

	if (n && buf[n - 1] == '\n')
		n--;
	if (!n)
		return -EINVAL;
	if (n >= len)
		return -ERANGE;
	memcpy(out, buf, n);
	out[n] = 0;
	return 0;
}

/* One unsigned int in [@lo, @hi]. */
static inline int lfp_parse_uint(const char *buf, unsigned int lo,
				 unsigned int hi, unsigned int *out)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(buf, 0, &v);
	if (ret)
		return ret;
	if (v < lo || v > hi)
		return -ERANGE;
	*out = v;
	return 0;
}

/* Exactly "1": the trigger files (close, drain, fire, ...). */
static inline int lfp_parse_one(const char *buf)
{
	unsigned int v;

	return lfp_parse_uint(buf, 1, 1, &v);
}

/*
 * A comma-separated list of at most @max (<= 16) decimal numbers in
 * [@lo, @hi], no empty entry.
 */
static inline int lfp_parse_uint_list(const char *buf, unsigned int lo,
				      unsigned int hi, unsigned int *out,
				      unsigned int max, unsigned int *n)
{
	char tmp[LFP_PARSE_MAX + 1], *s = tmp, *tok;
	unsigned int v[16], i = 0;
	int ret;

	ret = lfp_parse_strip(buf, tmp, sizeof(tmp));
	if (ret)
		return -EINVAL;
	while ((tok = strsep(&s, ","))) {
		if (i == max || i == 16)
			return -EINVAL;
		ret = kstrtouint(tok, 10, &v[i]);
		if (ret)
			return ret;
		if (v[i] < lo || v[i] > hi)
			return -ERANGE;
		i++;
	}
	memcpy(out, v, i * sizeof(v[0]));
	*n = i;
	return 0;
}

/* Exactly @n (1..4) u64 numbers separated by single spaces. */
static inline int lfp_parse_u64s(const char *buf, unsigned long long *out,
				 unsigned int n)
{
	char tmp[LFP_PARSE_MAX + 1], *s = tmp, *tok;
	unsigned long long v[4];
	unsigned int i;
	size_t len = strlen(buf);
	int ret;

	if (n < 1 || n > 4)
		return -EINVAL;
	if (len && buf[len - 1] == '\n')
		len--;
	if (len >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, buf, len);
	tmp[len] = 0;
	for (i = 0; i < n; i++) {
		tok = strsep(&s, " ");
		if (!tok)
			return -EINVAL;
		ret = kstrtou64(tok, 0, &v[i]);
		if (ret)
			return ret;
	}
	if (s)
		return -EINVAL;
	memcpy(out, v, n * sizeof(v[0]));
	return 0;
}

#endif /* _LFPRIM_CORE_PARSE_H */
