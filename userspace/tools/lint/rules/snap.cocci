// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-snap: a reader that takes a lock only to load one pointer, which
// writers elsewhere in the file replace wholesale (an assignment to the
// same field or variable).  The lock serializes readers for one load:
// an RCU-published snapshot (lfp_snap) gives the same pointer with no
// shared write on the read side.  Locks around more work than the load
// (a mutex over write-heavy state) do not match.

@initialize:python@
@@
import re

WRITTEN = {}


def key(e):
    m = re.search(r"(\w+)\s*$", e)
    return m.group(1) if m else e


@w@
expression P, E;
identifier fld;
global idexpression G;
position q;
@@
(
P->fld = E@q
|
P.fld = E@q
|
G = E@q
)

@script:python@
q << w.q;
fld << w.fld = "";
g << w.G = "";
@@
k = fld or key(g)
WRITTEN.setdefault(q[0].file, {}).setdefault(k, set()).add(
    q[0].current_element)

@r@
expression L, F;
type T;
idexpression T *x;
expression Y;
position p;
@@
(
pthread_rwlock_rdlock(L);
|
pthread_mutex_lock(L);
|
read_lock(L);
|
read_lock_bh(L);
|
read_lock_irq(L);
|
read_lock_irqsave(L, F);
|
spin_lock(L);
|
spin_lock_bh(L);
|
spin_lock_irq(L);
|
spin_lock_irqsave(L, F);
|
mutex_lock(L);
|
down_read(L);
)
x = Y@p;
(
pthread_rwlock_unlock(L);
|
pthread_mutex_unlock(L);
|
read_unlock(L);
|
read_unlock_bh(L);
|
read_unlock_irq(L);
|
read_unlock_irqrestore(L, F);
|
spin_unlock(L);
|
spin_unlock_bh(L);
|
spin_unlock_irq(L);
|
spin_unlock_irqrestore(L, F);
|
mutex_unlock(L);
|
up_read(L);
)

@script:python@
p << r.p;
y << r.Y;
@@
fn = p[0].current_element
y = re.sub(r"\s+", "", y)
k = key(y)
ws = WRITTEN.get(p[0].file, {}).get(k, set()) - {fn}
if re.fullmatch(r"[\w.>\-\s\[\]]+", y) and ws:
    print("%s:%s:%d: warning: lock taken only to load the pointer '%s', "
          "which %s() replaces wholesale: publish it as an lfp_snap "
          "snapshot and read it without the lock [-Wlfp-snap]" %
          (p[0].file, p[0].line, int(p[0].column) + 1, y, sorted(ws)[0]))
