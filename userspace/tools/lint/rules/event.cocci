// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-event: a condition wait that is not in a predicate loop.  A
// pthread_cond_wait() returns on spurious and stolen wakeups; without a
// loop that re-checks the condition the caller goes on with it false.
// The usual intent, "wait until it happened once", is lfp_event.
// lfprim-lint: user space only.  The kernel's equivalent, a hand-made
// sleep (prepare_to_wait(), schedule()) outside a loop, was flagged at
// first: the sample found it correct 0 times in 2 (and 0 in 3 before
// that), because such a sleep is nearly always a helper whose caller
// loops (kswapd, do_wait_intr(), the memcg OOM wait that retries the
// fault), so the kernel patterns were dropped; wait_event*() takes its
// own condition and loops itself.

@initialize:python@
@@
import re


def in_do_while(p):
    # Coccinelle cannot match do-while loops: look at the source for a
    # block around p that closes with "} while (".
    with open(p[0].file, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    line, col = int(p[0].line) - 1, int(p[0].column)
    text = "\n".join([lines[line][col:]] + lines[line + 1:])
    depth = 0
    for i, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                if re.match(r"\s*while\s*\(", text[i + 1:]):
                    return True
                depth = 0
    return False


def warn(p, msg):
    if in_do_while(p):
        return
    print("%s:%s:%d: warning: %s [-Wlfp-event]" %
          (p[0].file, p[0].line, int(p[0].column) + 1, msg))

@uloop@
position p;
@@
(
while (...) { <+... \(pthread_cond_wait@p\|pthread_cond_timedwait@p\)(...) ...+> }
|
while (...) \(pthread_cond_wait@p\|pthread_cond_timedwait@p\)(...);
|
for (...;...;...) { <+... \(pthread_cond_wait@p\|pthread_cond_timedwait@p\)(...) ...+> }
)

@ubad@
position p != uloop.p;
@@
\(pthread_cond_wait@p\|pthread_cond_timedwait@p\)(...)

@script:python@
p << ubad.p;
@@
warn(p, "condition wait outside a predicate loop: a spurious or stolen "
     "wakeup returns with the condition false; re-check it in a while "
     "loop, or wait once on lfp_event")
