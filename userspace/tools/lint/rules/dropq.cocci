// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-dropq: a queue appended to under a lock with no bound.  Flagged:
// TAILQ_INSERT_TAIL(), STAILQ_INSERT_TAIL() or a hand-made
// "q->tail = n" under a pthread lock, in a function that compares no
// length, count or limit, when the same file also takes entries off
// that list (*_FIRST(), *_REMOVE*, "q->head = n->next") so it is a
// producer/consumer queue.  If the consumer stalls, the queue grows
// until memory runs out; lfp_dropq bounds it and counts what it drops.
// lfprim-lint: user space only.  In kernel code (list_add_tail() under
// a spinlock) 1 finding in 15 was right: kernel queues are
// bounded by what the rule cannot see (tags, requests in flight, one
// entry per object), so the kernel patterns were dropped.

@initialize:python@
@@
import re

LIMIT = re.compile(r"len|count|cnt|num|nr|size|max|limit|depth|full|"
                   r"budget|quota|room|space|backlog|watermark|thresh|"
                   r"cap", re.I)
BOUNDED = {}
POPPED = {}
MEMBER = {}


def key(e):
    e = re.sub(r"\s+", "", e)
    e = re.sub(r"^&", "", e)
    m = re.search(r"(\w+)$", e)
    return m.group(1) if m else e


@cmp@
expression A, B;
position p;
binary operator op = {<, <=, >, >=, ==};
@@
A@p op B

@script:python@
p << cmp.p;
a << cmp.A;
b << cmp.B;
@@
if LIMIT.search(a + " " + b):
    BOUNDED.setdefault(p[0].file, set()).add(p[0].current_element)

@pop@
expression H, E;
position p;
@@
(
list_first_entry@p(H, ...)
|
list_first_entry_or_null@p(H, ...)
|
list_splice_init@p(H, ...)
|
list_splice_tail_init@p(H, ...)
|
list_cut_position@p(..., H, ...)
|
TAILQ_FIRST@p(H)
|
STAILQ_FIRST@p(H)
|
TAILQ_REMOVE@p(H, ...)
|
STAILQ_REMOVE_HEAD@p(H, ...)
|
H@p = E->next
)

@script:python@
p << pop.p;
h << pop.H;
@@
k = key(h)
POPPED.setdefault(p[0].file, set()).add(k)

@memb@
expression N;
position p;
@@
list_empty@p(N)

@script:python@
p << memb.p;
n << memb.N;
@@
MEMBER.setdefault(p[0].file, set()).add(
    (p[0].current_element, re.sub(r"\s+|^&", "", n)))

@app exists@
expression L, N, H;
identifier fld =~ "tail|last";
position p;
@@
(
pthread_mutex_lock(L);
|
pthread_spin_lock(L);
)
... when != \(pthread_mutex_unlock\|pthread_spin_unlock\)(L)
(
TAILQ_INSERT_TAIL@p(H, ...);
|
STAILQ_INSERT_TAIL@p(H, ...);
|
H->fld@p = N;
)

@script:python@
p << app.p;
h << app.H;
n << app.N = "";
fld << app.fld = "";
@@
f = p[0].file
k = key(h)
popped = POPPED.get(f, set())
if fld:
    popped = "head" in popped or "first" in popped
else:
    popped = k in popped
if fld and n.strip() in ("NULL", "0"):
    popped = False
# An entry added only when not yet on the list (list_empty() on it):
# a membership list, bounded by the number of objects.
member = (p[0].current_element, re.sub(r"\s+|^&", "", n)) in MEMBER.get(f, set())
if p[0].current_element not in BOUNDED.get(f, set()) and popped and not member:
    print("%s:%s:%d: warning: queue '%s' appended to under a lock with no "
          "bound: a stalled consumer lets it grow without limit; use "
          "lfp_dropq, which drops and counts when full [-Wlfp-dropq]" %
          (f, p[0].line, int(p[0].column) + 1,
           re.sub(r"\s+", "", h) + ("->" + fld if fld else "")))
