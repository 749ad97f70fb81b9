// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
// lfp-group: a thread spawned per item in a loop with no limit.  Flagged:
// pthread_create(), thrd_create(), kthread_run() or kthread_create*()
// inside a loop whose condition has no bound (while (accept(...)),
// for (;;), a list walk) and does not count threads, workers or CPUs.
// The number of threads follows the input; lfp_group runs the items on
// a bounded set of workers and collects the first error.  A pool
// created by for (i = 0; i < nthreads; i++) or for_each_online_cpu() is
// bounded and stays quiet.

@initialize:python@
@@
import re

BOUND = re.compile(r"<=?\s*[A-Z0-9]|cpu|thread|worker|pool|max|limit|"
                   r"jobs|nproc|njob|core|slot|sizeof|ARRAY_SIZE|node",
                   re.I)


def warn(p, how):
    print("%s:%s:%d: warning: one thread spawned per item in %s with no "
          "limit: the thread count follows the input; run the items on "
          "an lfp_group of bounded size [-Wlfp-group]" %
          (p[0].file, p[0].line, int(p[0].column) + 1, how))


@sp@
position p;
identifier F = {pthread_create, thrd_create, kthread_run, kthread_create,
                kthread_create_on_node, kthread_run_on_cpu};
@@
F@p(...)

@wl@
position sp.p, q;
identifier sp.F;
expression C;
@@
(
while (C) { <+... F@p@q(...) ...+> }
|
for (...; C; ...) { <+... F@p@q(...) ...+> }
)

@script:python@
p << wl.q;
c << wl.C;
@@
if not BOUND.search(c):
    warn(p, "a loop")

@fe@
position sp.p, q;
identifier sp.F;
@@
for (;;) { <+... F@p@q(...) ...+> }

@script:python@
p << fe.q;
@@
warn(p, "an endless loop")

@it@
position sp.p, q;
identifier sp.F;
iterator I;
@@
I(...) { <+... F@p@q(...) ...+> }

@script:python@
p << it.q;
i << it.I;
@@
if not BOUND.search(i):
    warn(p, "a %s() walk" % i)
