// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-pubsub: callbacks invoked under a lock in a fan-out.  Flagged: a
// loop over subscribers (a list walk or a for loop) that calls a
// function pointer of the element it walks (s->cb(...), s.fn(...))
// between a lock and its unlock.  Every publisher waits for every subscriber's
// callback, and a callback that takes the lock, or (un)subscribes,
// deadlocks.  lfp_pubsub delivers to an RCU-protected subscriber list
// with no lock held.

@initialize:python@
@@
import re


def warn(p, cb):
    print("%s:%s:%d: warning: callback '%s' called for each subscriber "
          "with a lock held: every publisher waits for every callback and "
          "a callback that takes the lock deadlocks; fan out with "
          "lfp_pubsub [-Wlfp-pubsub]" %
          (p[0].file, p[0].line, int(p[0].column) + 1, cb))


@cb@
expression E;
identifier fld;
position p;
@@
(
E->fld@p(...)
|
E.fld@p(...)
)

@lk exists@
expression L, F, X;
position cb.p, q;
iterator I;
expression E;
identifier cb.fld;
@@
(
pthread_mutex_lock(L);
|
pthread_rwlock_rdlock(L);
|
pthread_rwlock_wrlock(L);
|
spin_lock(L);
|
spin_lock_bh(L);
|
spin_lock_irq(L);
|
spin_lock_irqsave(L, F);
|
read_lock(L);
|
read_lock_bh(L);
|
read_lock_irqsave(L, F);
|
mutex_lock(L);
|
down_read(L);
|
down_write(L);
)
... when != \(pthread_mutex_unlock\|pthread_rwlock_unlock\|spin_unlock\|spin_unlock_bh\|spin_unlock_irq\|spin_unlock_irqrestore\|read_unlock\|read_unlock_bh\|read_unlock_irqrestore\|mutex_unlock\|up_read\|up_write\)(L, ...)
(
I(X, ...) { <+... E->fld@p@q(...) ...+> }
|
I(X, ...) { <+... E.fld@p@q(...) ...+> }
|
I(X, ...) E->fld@p@q(...);
|
for (...;...;X) { <+... E->fld@p@q(...) ...+> }
|
for (...;...;X) { <+... E.fld@p@q(...) ...+> }
|
for (...;...;X) E->fld@p@q(...);
|
for (...;...;X) E.fld@p@q(...);
)

@script:python@
q << lk.q;
fld << cb.fld;
x << lk.X;
e << lk.E;
@@
# The callee belongs to the element the loop walks: a plain variable the
# iterator sets (list_for_each_entry(pos, ...), xa_for_each(xa, i, e)),
# the variable the for loop steps.
walked = set()
for arg in x.split(","):
    arg = arg.strip()
    if re.fullmatch(r"[A-Za-z_]\w*", arg):
        walked.add(arg)
    elif "=" in arg or "++" in arg or "--" in arg:
        walked |= set(re.findall(r"[A-Za-z_]\w*", arg.split("=")[0]))
if walked & set(re.findall(r"[A-Za-z_]\w*", e)):
    warn(q, fld)
