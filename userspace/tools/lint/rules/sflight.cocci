// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-sflight: a mutex held around a cache-miss fill.  Flagged: under a
// sleeping lock (pthread_mutex_lock(), mutex_lock(), down_write()), a
// lookup (a call named *lookup*, *find*, *get*, *search*, *cache*, *_load*) whose
// result is tested for a miss, then filled on the miss by another call,
// all before the unlock.  Every miss, of any key, waits for the slow
// fill of another; lfp_sflight runs one fill per key, outside the lock,
// and hands its result to every caller that missed the same key.

@initialize:python@
@@
import re

LOOKUP = re.compile(r"lookup|find|get|search|cache|hash|peek|_load", re.I)


@r exists@
expression L, x;
identifier F1, F2;
position p;
@@
\(pthread_mutex_lock\|mutex_lock\|mutex_lock_interruptible\|down_write\)(L);
... when != \(pthread_mutex_unlock\|mutex_unlock\|up_write\)(L)
x = F1(...);
... when != \(pthread_mutex_unlock\|mutex_unlock\|up_write\)(L)
    when != x = F1(...)
if (\(!x\|x == NULL\|NULL == x\|IS_ERR_OR_NULL(x)\)) {
  ... when != \(pthread_mutex_unlock\|mutex_unlock\|up_write\)(L)
  x@p = F2(...);
  ...
}
... when != \(pthread_mutex_unlock\|mutex_unlock\|up_write\)(L)
\(pthread_mutex_unlock\|mutex_unlock\|up_write\)(L);

@script:python@
p << r.p;
f1 << r.F1;
f2 << r.F2;
@@
if LOOKUP.search(f1) and f1 != f2:
    print("%s:%s:%d: warning: the miss path fills with %s() while holding "
          "the lock %s() was looked up under: every miss waits for every "
          "fill; use lfp_sflight to run one fill per key outside the lock "
          "[-Wlfp-sflight]" %
          (p[0].file, p[0].line, int(p[0].column) + 1, f2, f1))
