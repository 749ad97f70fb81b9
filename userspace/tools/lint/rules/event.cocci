// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-event: a condition wait that is not in a predicate loop.  A
// pthread_cond_wait() returns on spurious and stolen wakeups; a kernel
// sleep set up by hand (prepare_to_wait() or set_current_state(), then
// schedule()) returns on any wake-up of the task.  Without a loop that
// re-checks the condition the caller goes on with it false.  The usual
// intent, "wait until it happened once", is lfp_event.  wait_event*()
// takes its own condition and loops itself: never flagged; nor is a
// kernel helper that returns right after its one sleep (its callers
// loop, as wait_event_interruptible_locked()'s do).

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


TAIL = re.compile(r"(finish_wait|__set_current_state|set_current_state|"
                  r"remove_wait_queue|spin_lock\w*|raw_spin_lock\w*|"
                  r"mutex_lock)\s*\([^;]*\)\s*;|return[^;]*;|\s+")


def sleep_helper(p):
    # A kernel helper that returns right after its one sleep (only
    # finish_wait(), a state change, retaking a lock): its callers loop.
    with open(p[0].file, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    line, col = int(p[0].line) - 1, int(p[0].column)
    text = "\n".join([lines[line][col:]] + lines[line + 1:])
    text = re.sub(r"^\w+\s*\(\s*\)\s*;", "", text)
    depth = 0
    for i, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                rest = re.sub(r"/\*.*?\*/", "", text[:i], flags=re.S)
                rest = re.sub(r"}\s*", "", rest)
                return TAIL.sub("", rest) == ""
    return False


def warn(p, msg, kernel=False):
    if in_do_while(p) or (kernel and sleep_helper(p)):
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

@kloop@
position p;
iterator I;
@@
(
while (...) { <+... \(schedule@p\|io_schedule@p\|freezable_schedule@p\)() ...+> }
|
for (...;...;...) { <+... \(schedule@p\|io_schedule@p\|freezable_schedule@p\)() ...+> }
|
I(...) { <+... \(schedule@p\|io_schedule@p\|freezable_schedule@p\)() ...+> }
)

@kbad exists@
position p != kloop.p;
@@
(
prepare_to_wait(...);
|
prepare_to_wait_exclusive(...);
|
prepare_to_wait_event(...);
|
set_current_state(\(TASK_INTERRUPTIBLE\|TASK_UNINTERRUPTIBLE\|TASK_KILLABLE\|TASK_IDLE\));
)
...
\(schedule@p\|io_schedule@p\|freezable_schedule@p\)();

@script:python@
p << kbad.p;
@@
warn(p, "hand-made sleep without a loop that re-checks its condition: "
     "any wake-up of the task ends it; use wait_event() or a "
     "one-shot lfp_event", True)
