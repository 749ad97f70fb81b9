// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-cancel: a blocking wait in a long-running worker with no timeout
// and no cancel path.  Flagged, inside an endless worker loop (for (;;),
// while (1), while (!kthread_should_stop()), while (running)):
//  - pthread_cond_wait(), cnd_wait() or sem_wait() whose predicate loop
//    does not test a stop flag (or that has no predicate loop);
//  - wait_event(), wait_event_freezable() whose condition does not test
//    kthread_should_stop() or a stop flag;
//  - wait_for_completion() and down(), which nothing but the event ends.
// Stopping the worker (kthread_stop(), a shutdown flag) then hangs until
// the event comes, maybe never.  lfp_event_wait() takes a timeout and a
// cancel event; so does every blocking call of lfprim.

@initialize:python@
@@
import re

STOP = re.compile(r"stop|quit|exit|shutdown|shut_down|done|term|cancel|"
                  r"running|alive|finish|kill|clos|die|dying|abort|"
                  r"dead|should_park|freezing|unload|teardown|destroy",
                  re.I)
PRED = {}
ENDLESS = re.compile(r"(for\s*\(\s*;\s*;\s*\)|while\s*\(\s*(1|true)\s*\))\s*$")


def loop_exits(p):
    # Whether the endless loop around p has a break, return or goto.
    with open(p[0].file, encoding="utf-8", errors="replace") as f:
        text = f.read()
    lines = text.split("\n")
    off = sum(len(x) + 1 for x in lines[:int(p[0].line) - 1])
    off += int(p[0].column)
    depth = 0
    i = off
    while i > 0:
        i -= 1
        if text[i] == "}":
            depth += 1
        elif text[i] == "{":
            if depth:
                depth -= 1
                continue
            if ENDLESS.search(text[max(0, i - 40):i]):
                break
    else:
        return False
    depth, j = 0, i
    while j < len(text):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                break
        j += 1
    return bool(re.search(r"\b(break|return|goto|exit|pthread_exit)\b",
                          text[i:j]))
WEV = {}
KERNEL = {"wait_event", "wait_event_freezable", "wait_for_completion", "down"}


def warn(p, fn):
    print("%s:%s:%d: warning: %s() in a long-running worker loop has no "
          "timeout and no cancel path: stopping the worker waits for an "
          "event that may never come; wait on an lfp_event with a timeout "
          "and a cancel event [-Wlfp-cancel]" %
          (p[0].file, p[0].line, int(p[0].column) + 1, fn))


@cand@
position p;
identifier W = {pthread_cond_wait, cnd_wait, sem_wait, wait_event,
                wait_event_freezable, wait_for_completion, down};
@@
W@p(...)

@outer@
position cand.p, q;
symbol true;
identifier cand.W;
expression C;
@@
(
while (1) { <+... W@p@q(...) ...+> }
|
while (true) { <+... W@p@q(...) ...+> }
|
for (;;) { <+... W@p@q(...) ...+> }
|
while (C) { <+... W@p@q(...) ...+> }
)

@inner@
position cand.p;
identifier cand.W;
expression C;
@@
(
while (C) { <+... W@p(...) ...+> }
|
while (C) W@p(...);
)

@script:python@
p << cand.p;
c << inner.C;
@@
k = (p[0].file, p[0].line, p[0].column)
PRED[k] = PRED.get(k, "") + " " + c

@wev@
position cand.p;
identifier cand.W;
expression Q, C;
@@
W@p(Q, C)

@script:python@
p << cand.p;
c << wev.C;
@@
k = (p[0].file, p[0].line, p[0].column)
WEV[k] = WEV.get(k, "") + " " + c

@script:python@
p << outer.q;
w << cand.W;
c << outer.C = "1";
@@
k = (p[0].file, p[0].line, p[0].column)
endless = c.strip() in ("1", "true")
if w in KERNEL:
    # Only the condition of the wait itself ends it.
    if (endless or STOP.search(c)) and not STOP.search(WEV.get(k, "")):
        warn(p, w)
else:
    pred = PRED.get(k, "").replace(" 1", "").replace(" true", "").strip()
    if pred:
        # A predicate loop that does not test a stop flag: a stop
        # request wakes the waiter, which goes back to sleep.
        bad = (endless or STOP.search(c)) and not STOP.search(pred)
    else:
        # No predicate loop: the endless loop is the only one; it ends
        # nowhere.
        bad = endless and not loop_exits(p)
    if bad:
        warn(p, w)
