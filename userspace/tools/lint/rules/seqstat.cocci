// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-seqstat: two atomics that move together, read as a pair.  Flagged:
// a function that reads two atomics of the same object (or two global
// atomics) one after the other, with no lock or sequence count around
// the reads and not each in its own condition, when some function of
// the file adds to both of them (setting both, to initialize or reset,
// does not count).  The
// reader can see one updated and the other not (hits without the
// matching bytes, a sum without its count); lfp_seqstat publishes the
// fields together and reads them as one consistent snapshot.

@initialize:python@
@@
import re

READ = re.compile(r"(atomic(64|_long)?_read(_acquire)?|"
                  r"atomic_load(_explicit)?|__atomic_load_n)$")
LOCKED = {}
WRITES = {}
READS = {}


def split(a):
    a = re.sub(r"\s+", "", a)
    m = re.match(r"^(.*?)(->|\.)(\w+)$", a)
    if m:
        return m.group(1), m.group(3)
    return "", a


@lk@
identifier fn =~ "^(spin_lock|raw_spin_lock|mutex_lock|pthread_mutex_lock|pthread_rwlock_rdlock|pthread_rwlock_wrlock|pthread_spin_lock|read_lock|write_lock|down_read|down_write|read_seqbegin|read_seqcount_begin|raw_read_seqcount|__read_seqcount_begin|u64_stats_fetch_begin|local_irq_save|local_irq_disable)";
position p;
@@
fn@p(...)

@script:python@
p << lk.p;
@@
LOCKED.setdefault(p[0].file, set()).add(p[0].current_element)

@wr@
identifier fn =~ "^(atomic|__atomic|__sync)";
expression A;
position p;
@@
fn@p(..., &A, ...)

@script:python@
p << wr.p;
fn << wr.fn;
a << wr.A;
@@
# Setting (init, reset) is not moving together.
if not READ.match(fn) and not re.search(r"_init|_set|_store", fn):
    WRITES.setdefault(p[0].file, {}).setdefault(
        p[0].current_element, set()).add(split(a))

@rdc@
identifier fn =~ "^(atomic|__atomic)";
expression A;
statement S, S2;
position p;
@@
(
if (<+... fn@p(&A, ...) ...+>) S else S2
|
if (<+... fn@p(&A, ...) ...+>) S
|
while (<+... fn@p(&A, ...) ...+>) S
)

@rd@
identifier fn =~ "^(atomic|__atomic)";
expression A;
position p != rdc.p;
@@
fn@p(&A, ...)

@script:python@
p << rd.p;
fn << rd.fn;
a << rd.A;
@@
f, func = p[0].file, p[0].current_element
if READ.match(fn) and func not in LOCKED.get(f, set()):
    base, fld = split(a)
    mine = (int(p[0].line), int(p[0].column))
    seen = READS.setdefault((f, func, base), [])
    for pos, other in seen:
        if other == fld:
            continue
        for w, flds in WRITES.get(f, {}).items():
            if (base, fld) in flds and (base, other) in flds:
                if pos > mine:
                    pos, mine = mine, pos
                    fld, other = other, fld
                print("%s:%d:%d: warning: '%s' and '%s' move together "
                      "(%s() updates both) but are read here as two "
                      "separate atomics, so the pair can be torn; "
                      "publish them together with lfp_seqstat "
                      "[-Wlfp-seqstat]" %
                      (f, mine[0], mine[1] + 1, other, fld, w))
                break
        else:
            continue
        break
    seen.append((mine, fld))
