// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * libFuzzer target for the sysfs and module-parameter parsers
 * (include/lfprim/core/parse.h), built with ASan and UBSan.  Besides not
 * crashing, every accepted input must obey the parser's contract: values
 * in range, lists within their length, and the value formatted back and
 * parsed again must come out the same.  Any violation aborts.
 *
 *   make check-fuzz          a bounded run (part of make check)
 *   selftests/fuzz/parse-fuzz -max_total_time=600   a long one
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kstrto.h"

#include <lfprim/core/parse.h>

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "parse-fuzz: %s:%d: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* What sysfs hands a store: at most a page, NUL-terminated. */
	char buf[4096], again[512], strip[64];
	unsigned long long w[4], w2[4];
	unsigned int u, u2, list[16], list2[16], n, n2, i, lo, hi, k;
	int len;

	if (size >= sizeof(buf))
		size = sizeof(buf) - 1;
	memcpy(buf, data, size);
	buf[size] = 0;

	lo = size ? data[0] % 4 : 0;
	hi = lo + 1000;
	if (!lfp_parse_uint(buf, lo, hi, &u)) {
		CHECK(u >= lo && u <= hi);
		snprintf(again, sizeof(again), "%u\n", u);
		CHECK(!lfp_parse_uint(again, lo, hi, &u2) && u2 == u);
	}
	if (!lfp_parse_one(buf))
		CHECK(!kstrtouint(buf, 0, &u) && u == 1);
	if (!lfp_parse_uint_list(buf, lo, hi, list, 8, &n)) {
		CHECK(n >= 1 && n <= 8);
		len = 0;
		for (i = 0; i < n; i++) {
			CHECK(list[i] >= lo && list[i] <= hi);
			len += snprintf(again + len, sizeof(again) - len, "%s%u",
					i ? "," : "", list[i]);
		}
		CHECK(!lfp_parse_uint_list(again, lo, hi, list2, 8, &n2));
		CHECK(n2 == n && !memcmp(list, list2, n * sizeof(list[0])));
	}
	for (k = 1; k <= 3; k++) {
		if (lfp_parse_u64s(buf, w, k))
			continue;
		len = 0;
		for (i = 0; i < k; i++)
			len += snprintf(again + len, sizeof(again) - len, "%s%llu",
					i ? " " : "", w[i]);
		CHECK(!lfp_parse_u64s(again, w2, k));
		CHECK(!memcmp(w, w2, k * sizeof(w[0])));
		/* The same words, one more or one fewer: refused. */
		CHECK(lfp_parse_u64s(buf, w2, k + 1));
		if (k > 1)
			CHECK(lfp_parse_u64s(buf, w2, k - 1));
	}
	if (!lfp_parse_strip(buf, strip, sizeof(strip))) {
		CHECK(strlen(strip) < sizeof(strip) && strlen(strip) > 0);
		CHECK(!strncmp(strip, buf, strlen(strip)));
	}
	return 0;
}
