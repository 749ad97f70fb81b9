// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-pcount: a shared atomic statistics counter.  Flagged: a statement
// that only adds to an atomic (atomic_inc(&s->hits); atomic_fetch_add(
// &hits, 1);) when nothing else in the file takes that counter down,
// swaps it, uses the value an operation returns, or reads it other than
// to print it or copy it into a report (a field, an array element): the
// counter is bumped on the fast path and read only for reporting.
// Every bump is a shared cache-line write; lfp_pcount keeps per-CPU
// (per-thread) parts and sums them when read.  Reference counts
// (inc paired with dec_and_test, free on zero) and gauges (inc and dec)
// are never flagged, nor counters named like one (ref, users, free,
// pending, in_flight...) whose decrement may live in another file.

@initialize:python@
@@
import re

BUMP = re.compile(r"(atomic(64|_long)?_(inc|add)(_relaxed)?|"
                  r"atomic_fetch_add(_explicit)?|__atomic_fetch_add|"
                  r"__atomic_add_fetch|__sync_fetch_and_add|"
                  r"__sync_add_and_fetch)$")
READ = re.compile(r"(atomic(64|_long)?_read|atomic_load(_explicit)?|"
                  r"__atomic_load_n|READ_ONCE)$")
# Reference counts, and gauges whose other half lives in another file
# (free_inodes, nr_pending, in_flight): not statistics.
REFNAME = re.compile(r"ref|users|usage|holders|openers|pincount|_pin|free|"
                     r"avail|left|remain|used|pending|inflight|"
                     r"in_flight|active|outstanding|busy|waiters|readers|"
                     r"writers|level|budget|credit", re.I)
NOTSTAT = {}
BUMPS = []


def key(e):
    m = re.search(r"(\w+)\s*(\[[^\]]*\]\s*)?$", e)
    return m.group(1) if m else e


def bad(file, a):
    NOTSTAT.setdefault(file, set()).add(key(a))


@anyop@
identifier fn =~ "^(atomic|__atomic|__sync)";
expression A;
position p;
@@
fn@p(..., &A, ...)

@script:python@
p << anyop.p;
fn << anyop.fn;
a << anyop.A;
@@
if not BUMP.match(fn) and not READ.match(fn):
    bad(p[0].file, a)

@stmt@
identifier fn =~ "^(atomic|__atomic|__sync)";
expression A;
position p;
@@
fn@p(..., &A, ...);

@val@
identifier fn =~ "^(atomic|__atomic|__sync)";
expression A;
position p != stmt.p;
@@
fn@p(..., &A, ...)

@script:python@
p << val.p;
fn << val.fn;
a << val.A;
@@
if not READ.match(fn):
    bad(p[0].file, a)

@cond@
identifier fn =~ "^(atomic|__atomic|__sync)";
expression A, X;
statement S, S2;
position p;
@@
(
if (<+... fn@p(..., &A, ...) ...+>) S else S2
|
if (<+... fn@p(..., &A, ...) ...+>) S
|
while (<+... fn@p(..., &A, ...) ...+>) S
|
for (...; <+... fn@p(..., &A, ...) ...+>; ...) S
|
X[<+... fn@p(..., &A, ...) ...+>]
)

@script:python@
p << cond.p;
a << cond.A;
@@
bad(p[0].file, a)

@plain@
expression E;
identifier fld;
statement S, S2;
position p;
@@
(
if (<+... E->fld@p ...+>) S else S2
|
if (<+... E->fld@p ...+>) S
|
while (<+... E->fld@p ...+>) S
)

@script:python@
p << plain.p;
fld << plain.fld;
@@
# A flag or a sequence number bumped with __sync builtins and read
# plainly in a condition: not a statistic.
bad(p[0].file, fld)

@rep@
identifier fn =~ "^(atomic|__atomic)";
identifier g =~ "print|emit|show|seq_|put|dump|report|log|stat|fill|info";
expression A, E, X;
identifier f;
position p;
@@
(
g(..., <+... fn@p(&A, ...) ...+>, ...)
|
E->f = <+... fn@p(&A, ...) ...+>
|
E.f = <+... fn@p(&A, ...) ...+>
|
E[X] = <+... fn@p(&A, ...) ...+>
)

@rd@
identifier fn =~ "^(atomic|__atomic)";
expression A;
position p != rep.p;
@@
fn@p(&A, ...)

@script:python@
p << rd.p;
fn << rd.fn;
a << rd.A;
@@
# Read other than to print it or copy it into a report: used in the
# computation (a load average, a sequence number), not a statistic.
if READ.match(fn):
    bad(p[0].file, a)

@bump@
identifier fn =~ "^(atomic|__atomic|__sync)";
expression A;
position p;
@@
fn@p(..., &A, ...);

@script:python@
p << bump.p;
fn << bump.fn;
a << bump.A;
@@
k = key(a)
if (BUMP.match(fn) and k not in NOTSTAT.get(p[0].file, set()) and
        not REFNAME.search(k)):
    print("%s:%s:%d: warning: shared atomic counter '%s' only bumped "
          "and read for reporting: every %s() writes one shared cache "
          "line; count into lfp_pcount [-Wlfp-pcount]" %
          (p[0].file, p[0].line, int(p[0].column) + 1,
           re.sub(r"\s+", "", a), fn))
