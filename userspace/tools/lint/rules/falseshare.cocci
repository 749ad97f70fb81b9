// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-falseshare: hot atomics next to each other in a struct, written
// from different threads.  Flagged: two adjacent atomic fields (atomic_t,
// atomic64_t, atomic_long_t, _Atomic, atomic_int...) with no alignment
// between them, when the file writes each of them from a different
// function (the sign of different threads: a producer and a consumer, a
// sender and a receiver).  The two counters share one cache line, which
// bounces between the writers' cores.  Pad each to its own cache line
// (____cacheline_aligned_in_smp, alignas(64)) or, for counters, use
// lfp_pcount, whose parts are per CPU.

@initialize:python@
@@
import re

ATOMIC = re.compile(r"\b(_Atomic|atomic(64|_long)?_t|atomic_\w+)\b")
ALIGN = re.compile(r"cacheline|aligned|alignas|_Alignas|pad", re.I)
WRITERS = {}


def line(file, n):
    with open(file, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    return lines[n - 1] if 0 < n <= len(lines) else ""


@wr@
identifier fn =~ "^(atomic|__atomic|__sync)";
expression E;
identifier fld;
position p;
@@
(
fn@p(..., &E->fld, ...)
|
fn@p(..., &E.fld, ...)
)

@script:python@
p << wr.p;
fn << wr.fn;
fld << wr.fld;
@@
if not re.search(r"_read|_load|_init", fn):
    WRITERS.setdefault((p[0].file, fld), set()).add(p[0].current_element)

@st@
identifier S, a, b;
type T1, T2;
position p, q;
@@
struct S {
  ...
  T1 a@p;
  T2 b@q;
  ...
};

@script:python@
p << st.p;
q << st.q;
a << st.a;
b << st.b;
s << st.S;
@@
la = line(p[0].file, int(p[0].line))
lb = line(q[0].file, int(q[0].line))
if (ATOMIC.search(la) and ATOMIC.search(lb) and not ALIGN.search(la) and
        not ALIGN.search(lb) and p[0].line != q[0].line):
    wa = WRITERS.get((p[0].file, a), set())
    wb = WRITERS.get((p[0].file, b), set())
    # Some function writes one and not the other.
    if wa and wb and wa != wb:
        fa = sorted(wa)[0]
        fb = sorted(wb - {fa} or wb)[0]
        if fa == fb:
            fa = sorted(wa - wb or wa)[0]
        print("%s:%s:%d: warning: atomics '%s' and '%s' of struct %s sit on "
              "one cache line and are written by %s() and %s(): the line "
              "bounces between their cores; pad each to a cache line or, "
              "for counters, use lfp_pcount [-Wlfp-falseshare]" %
              (p[0].file, p[0].line, int(p[0].column) + 1, a, b, s, fa, fb))

