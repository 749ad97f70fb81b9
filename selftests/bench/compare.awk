# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Turn the benchmark lines of one demo into one comparison.
#
#   awk -f compare.awk -v csv=OUT.csv -v accel=kvm|tcg \
#       src=guest GUEST_CONSOLE.log src=native NATIVE.log \
#       src=listing NATIVE_LISTING.txt
#
# The guest console holds the in-kernel lines (world=kernel), the user-space
# lines run inside the guest (world=user), both scenario listings
# (LFPRIM-SCN:) and, on the perf kernel, refscale's medians
# (LFPRIM-REFSCALE:).  NATIVE.log holds lfprim-bench run on the host.
#
# Prints the table (ns/op per world, each primitive's speedup over the
# baseline it replaces and its tax over the bare mechanism it wraps), the
# speedup over every baseline of the same family, the taxes, the refscale
# peer check and the targets; writes the table as CSV (the tax, the
# unstable flags and the calls per operation as the last columns), which
# verdict.awk and plot.awk read.
#
# Tax: a fast path's ns/op over that of the bare mechanism it wraps (the
# floor rows), same world, threads and read_pct: snap-read over rcu-read,
# pcount-add over this-cpu-add (kernel) or slot-add (user), rmap-lookup
# over lfht-lookup (kernel) or rcu-table-lookup (user), dropq-push over
# ring-push, pubsub-publish over ring-push-4 and group-go over handoff-4
# (user).  1.00x means lfprim adds nothing.
#
# Unstable: a point whose slowest timed run took over 1.5x its fastest
# (max/min of its line) is marked "*" wherever its ns/op is shown, and so
# is a ratio that uses it; in the CSV its *_unstable column is 1.

BEGIN {
	npts = 0
	nsc = 0
	nrs = 0
	# The bare mechanism under each fast path; "user" stands for both
	# user worlds.
	floor["snap-read", "kernel"] = "rcu-read"
	floor["snap-read", "user"] = "rcu-read"
	floor["pcount-add", "kernel"] = "this-cpu-add"
	floor["pcount-add", "user"] = "slot-add"
	floor["rmap-lookup", "kernel"] = "lfht-lookup"
	floor["rmap-lookup", "user"] = "rcu-table-lookup"
	floor["dropq-push", "kernel"] = "ring-push"
	floor["dropq-push", "user"] = "ring-push"
	floor["pubsub-publish", "kernel"] = "ring-push-4"
	floor["pubsub-publish", "user"] = "ring-push-4"
	floor["group-go", "user"] = "handoff-4"
}

function kv(line, key,    i, n, f, p) {
	n = split(line, f, " ")
	for (i = 1; i <= n; i++) {
		p = index(f[i], "=")
		if (p && substr(f[i], 1, p - 1) == key)
			return substr(f[i], p + 1)
	}
	return ""
}

function add_point(world, line,    s, k, lo, hi, c) {
	s = kv(line, "scenario")
	k = s SUBSEP kv(line, "threads") SUBSEP kv(line, "read_pct")
	if (!(k in seen)) {
		seen[k] = 1
		order[npts++] = k
	}
	if (!(s in sorder)) {
		sorder[s] = nsc
		sname[nsc++] = s
	}
	ns[world, k] = kv(line, "ns_per_op") + 0
	# Scenarios with a slow function: its calls per operation (ask).
	c = kv(line, "calls_per_op")
	if (c != "")
		cpo[world, k] = c + 0
	# Lines without min/max (older runners) count as stable.
	lo = kv(line, "min") + 0
	hi = kv(line, "max") + 0
	unstable[world, k] = (lo > 0 && hi / lo > 1.5) ? 1 : 0
}

function add_scenario(line, name) {
	family[name] = kv(line, "family")
	replaces[name] = kv(line, "replaces")
	fixed[name] = kv(line, "read_pct")
}

function cell(world, k) {
	return ((world, k) in ns) ? sprintf("%.2f", ns[world, k]) : "-"
}

# cell(), with "*" after an unstable point.
function tcell(world, k) {
	return cell(world, k) (unstable[world, k] ? "*" : "")
}

# The floor of scenario s in world, "" if it has none.
function floor_of(s, world) {
	if ((s, world) in floor)
		return floor[s, world]
	if ((s, "user") in floor && world != "kernel")
		return floor[s, "user"]
	return ""
}

# Tax of the scenario at key k over its floor: its ns/op over the floor's,
# same world, threads and read_pct; "" without both points.  taxu is set
# to 1 when either point is unstable.
function tax(world, k,    p, f, fk) {
	split(k, p, SUBSEP)
	taxu = 0
	f = floor_of(p[1], world)
	if (f == "")
		return ""
	fk = f SUBSEP p[2] SUBSEP p[3]
	if (!((world, k) in ns) || !((world, fk) in ns) || ns[world, fk] <= 0)
		return ""
	taxu = unstable[world, k] || unstable[world, fk]
	return sprintf("%.2f", ns[world, k] / ns[world, fk])
}

# A target line: the scenario s at t threads and read_pct p within x times
# its floor in world w (named wn); nothing without both points.
function tax_target(w, wn, s, t, p, x,    v) {
	v = tax(w, s SUBSEP t SUBSEP p)
	if (v != "")
		printf "  %s %s within %.1fx of %s, %d thread(s): %sx -> %s%s\n",
		       wn, s, x, floor_of(s, w), t, v,
		       ((v + 0 <= x) ? "met" : "missed"), (taxu ? " (unstable)" : "")
}

# A target line: a's ns/op at most x times b's in world w (named wn), t
# threads, read_pct p; nothing without both points.
function ratio_target(w, wn, a, b, t, p, x,    ka, kb, r) {
	ka = a SUBSEP t SUBSEP p; kb = b SUBSEP t SUBSEP p
	if (!((w, ka) in ns) || !((w, kb) in ns) || ns[w, kb] <= 0)
		return
	r = ns[w, ka] / ns[w, kb]
	printf "  %s %s within %.1fx of %s, %d thread(s): %.2fx -> %s%s\n",
	       wn, a, x, b, t, r, ((r <= x) ? "met" : "missed"),
	       ((unstable[w, ka] || unstable[w, kb]) ? " (unstable)" : "")
}

# A line of what a clause costs: a's ns/op over b's in world w (named
# wn), t threads, read_pct p (left out: 0, the update rows); nothing
# without both points.
function cost_line(w, wn, a, b, t, what, p,    ka, kb) {
	ka = a SUBSEP t SUBSEP (p + 0); kb = b SUBSEP t SUBSEP (p + 0)
	if (!((w, ka) in ns) || !((w, kb) in ns) || ns[w, kb] <= 0)
		return
	printf "  %s, %d thread(s): %s %s ns / %s %s ns = %.2fx (%s)\n",
	       wn, t, a, cell(w, ka), b, cell(w, kb), ns[w, ka] / ns[w, kb], what
}

# A target line: the scenario s at t threads and read_pct p at least x
# times as fast as baseline b, natively.
function speed_target(s, t, p, b, x, what,    v) {
	v = speedup("native", s SUBSEP t SUBSEP p, b)
	if (v != "")
		printf "  user native %s %s, %d thread(s): %sx -> %s\n", s, what,
		       t, v, ((v + 0 >= x) ? "met" : "missed")
}

# Speedup of the scenario at key k over baseline b at the same threads and
# read_pct (the baseline's own read_pct if it has a fixed one).
function speedup(world, k, b,    p, bk) {
	split(k, p, SUBSEP)
	bk = b SUBSEP p[2] SUBSEP ((b in fixed && fixed[b] != "mixed") ? fixed[b] : p[3])
	if (!((world, k) in ns) || !((world, bk) in ns) || ns[world, k] <= 0)
		return ""
	return sprintf("%.1f", ns[world, bk] / ns[world, k])
}

function xcell(v) {
	return v == "" ? "-" : v "x"
}

# xcell() of a tax, "*" after one that uses an unstable point.
function txcell(v, u) {
	return xcell(v) ((v != "" && u) ? "*" : "")
}

src == "guest" && /^lfprim-bench world=kernel / { add_point("kernel", $0); next }
src == "guest" && /^lfprim-bench world=user / { add_point("guest", $0); next }
src == "native" && /^lfprim-bench world=user / { add_point("native", $0); next }
src == "guest" && /^LFPRIM-SCN: / { sub(/^LFPRIM-SCN: world=[a-z]+ /, ""); add_scenario($0, $1); next }
src == "listing" && NF { add_scenario($0, $1); next }
src == "guest" && /^LFPRIM-REFSCALE: / {
	rs_type[nrs] = kv($0, "scale_type")
	rs_readers[nrs] = kv($0, "readers")
	rs_ns[nrs++] = kv($0, "ns_per_op") + 0
	next
}

END {
	world[0] = "kernel"; world[1] = "guest"; world[2] = "native"
	title["kernel"] = "kernel (guest, " accel ")"
	title["guest"] = "user in guest (" accel ")"
	title["native"] = "user native"

	printf "%-20s %7s %8s %12s %12s %12s   %s\n", "scenario", "threads",
	       "read_pct", "kernel", "user-guest", "user-native",
	       "speedup over the baseline it replaces"
	printf "%-20s %7s %8s %12s %12s %12s   %s\n", "", "", "",
	       "ns/op " accel, "ns/op " accel, "ns/op", "kernel / user-guest / user-native"
	print "scenario,family,replaces,threads,read_pct,kernel_ns,user_guest_ns,user_native_ns,kernel_speedup,user_guest_speedup,user_native_speedup,kernel_tax,user_guest_tax,user_native_tax,kernel_unstable,user_guest_unstable,user_native_unstable,kernel_calls_per_op,user_guest_calls_per_op,user_native_calls_per_op" > csv
	for (i = 0; i < npts; i++) {
		k = order[i]
		split(k, p, SUBSEP)
		s = p[1]
		r = (s in replaces) ? replaces[s] : "-"
		sp = ""
		for (w = 0; w < 3; w++)
			spd[w] = (r != "-") ? speedup(world[w], k, r) : ""
		if (r != "-")
			sp = sprintf("%s / %s / %s over %s", xcell(spd[0]),
				     xcell(spd[1]), xcell(spd[2]), r)
		fl = ""
		for (w = 0; w < 3; w++) {
			tx[w] = tax(world[w], k)
			txu[w] = taxu
			uf[w] = ((world[w], k) in ns) ? unstable[world[w], k] : ""
			if (tx[w] != "")
				fl = fl (fl == "" ? "" : "/") floor_of(s, world[w])
		}
		if (fl != "") {
			# One name when every world has the same floor.
			split(fl, fp, "/")
			if (fp[1] == fp[2] || fp[2] == "")
				fl = fp[1]
			sp = sp (sp == "" ? "" : "; ") \
			     sprintf("tax %s / %s / %s over %s",
				     txcell(tx[0], txu[0]), txcell(tx[1], txu[1]),
				     txcell(tx[2], txu[2]), fl)
		}
		printf "%-20s %7s %8s %12s %12s %12s   %s\n", s, p[2], p[3],
		       tcell("kernel", k), tcell("guest", k), tcell("native", k), sp
		for (w = 0; w < 3; w++)
			cp[w] = ((world[w], k) in cpo) ? cpo[world[w], k] : ""
		printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", s,
		       family[s], r, p[2], p[3], cell("kernel", k),
		       cell("guest", k), cell("native", k), spd[0], spd[1],
		       spd[2], tx[0], tx[1], tx[2], uf[0], uf[1], uf[2],
		       cp[0], cp[1], cp[2] > csv
	}
	close(csv)
	print "(* the point's slowest timed run took over 1.5x its fastest: unstable;"
	print " a ratio marked * uses such a point)"

	print ""
	print "tax of each fast path over the bare mechanism it wraps"
	print "(fast path ns/op / mechanism ns/op; 1.00x: lfprim adds nothing):"
	printf "  %-14s %7s %8s %-24s %-24s %-24s\n", "fast path", "threads",
	       "read_pct", "kernel", "user-guest", "user-native"
	for (i = 0; i < npts; i++) {
		k = order[i]
		split(k, p, SUBSEP)
		for (w = 0; w < 3; w++) {
			tx[w] = tax(world[w], k)
			txc[w] = tx[w] == "" ? "-" : \
				 sprintf("%s over %s", txcell(tx[w], taxu),
					 floor_of(p[1], world[w]))
		}
		if (tx[0] == "" && tx[1] == "" && tx[2] == "")
			continue
		printf "  %-14s %7s %8s %-24s %-24s %-24s\n", p[1], p[2], p[3],
		       txc[0], txc[1], txc[2]
	}
	for (w = 0; w < 3; w++)
		for (t = 1; t <= 2; t++) {
			a = "nop" SUBSEP t SUBSEP 100
			if ((world[w], a) in ns)
				printf "  harness (nop) %s, %d thread(s): %s ns/op\n",
				       title[world[w]], t, tcell(world[w], a)
		}

	print ""
	print "speedup of each lfprim primitive over every baseline of its family"
	print "(baseline ns/op / primitive ns/op; above 1 the primitive is faster):"
	printf "  %-18s %-20s %7s %8s %9s %11s %11s\n", "primitive", "baseline",
	       "threads", "read_pct", "kernel", "user-guest", "user-native"
	for (i = 0; i < npts; i++) {
		k = order[i]
		split(k, p, SUBSEP)
		s = p[1]
		if (!(s in replaces) || replaces[s] == "-")
			continue
		for (j = 0; j < nsc; j++) {
			b = sname[j]
			if (b == s || !(b in family) || family[b] != family[s] ||
			    replaces[b] != "-")
				continue
			a = speedup("kernel", k, b); g = speedup("guest", k, b)
			n = speedup("native", k, b)
			if (a == "" && g == "" && n == "")
				continue
			printf "  %-18s %-20s %7s %8s %9s %11s %11s\n", s, b, p[2],
			       p[3], xcell(a), xcell(g), xcell(n)
		}
	}

	# The stampede: many callers on one key; singleflight runs the slow
	# function once for all the callers that arrive while it runs.
	hdr = 0
	for (i = 0; i < npts; i++) {
		k = order[i]
		split(k, p, SUBSEP)
		if (p[1] != "sflight-stampede")
			continue
		b = "mutex-stampede" SUBSEP p[2] SUBSEP p[3]
		if (!hdr) {
			print ""
			print "stampede: every thread asks for one key whose slow function runs for"
			print "sflight_us (default 20 us); function calls per ask and wall time per ask,"
			print "sflight-stampede against mutex-stampede (a mutex around the miss):"
			printf "  %7s  %-34s %-34s %-34s\n", "threads", title["native"],
			       title["guest"], title["kernel"]
			hdr = 1
		}
		line = sprintf("  %7s ", p[2])
		for (w = 2; w >= 0; w--) {
			c = ""
			if ((world[w], k) in ns && (world[w], b) in ns)
				c = sprintf("%.2f / %.2f calls, %.0f / %.0f us",
					    cpo[world[w], k], cpo[world[w], b],
					    ns[world[w], k] / 1000,
					    ns[world[w], b] / 1000)
			line = line sprintf(" %-34s", c == "" ? "-" : c)
		}
		print line
	}
	if (hdr)
		print "  (each cell: sflight / mutex calls per ask, sflight / mutex microseconds per ask)"

	print ""
	map["rcu"] = "snap-read"; map["rwlock"] = "rwlock-read"
	map["lock"] = "spinlock-read"; map["refcnt"] = "atomic-add"
	if (nrs) {
		print "peer check: the kernel's refscale against lfprim's in-kernel runner, same guest (" accel ")"
		printf "  %-8s %7s %14s   %-14s %14s %8s\n", "refscale", "readers",
		       "refscale ns", "lfprim", "lfprim ns", "ratio"
		for (i = 0; i < nrs; i++) {
			s = map[rs_type[i]]
			pct = (s == "atomic-add") ? 0 : 100
			k = s SUBSEP rs_readers[i] SUBSEP pct
			ratio = "-"
			if (("kernel", k) in ns && rs_ns[i] > 0)
				ratio = sprintf("%.2f", ns["kernel", k] / rs_ns[i])
			printf "  %-8s %7s %14.3f   %-14s %14s %8s\n", rs_type[i],
			       rs_readers[i], rs_ns[i], s, cell("kernel", k), ratio
			if (rs_type[i] == "rcu" && rs_readers[i] == 1 &&
			    ("kernel", k) in ns)
				rcu_ratio = ns["kernel", k] / rs_ns[i]
		}
		print "  (refcnt is an atomic_inc + atomic_dec pair per loop; atomic-add one atomic64_inc)"
	} else {
		print "peer check: refscale runs only on the perf kernel (make demo KERNEL=perf)"
	}

	print ""
	print "targets (benchmark output; nothing here is asserted):"
	if (rcu_ratio != "")
		printf "  kernel snap-read within 1.2x of refscale rcu, 1 reader: %.2fx -> %s (%s)\n",
		       rcu_ratio, ((rcu_ratio <= 1.2) ? "met" : "missed"), accel
	for (t = 1; t <= 2; t++) {
		a = "pcount-add" SUBSEP t SUBSEP 0; b = "this-cpu-add" SUBSEP t SUBSEP 0
		if (("kernel", a) in ns && ("kernel", b) in ns && ns["kernel", b] > 0) {
			r = ns["kernel", a] / ns["kernel", b]
			printf "  kernel pcount-add within 1.3x of a bare this_cpu_inc, %d thread(s): %.2fx -> %s (%s)\n",
			       t, r, ((r <= 1.3) ? "met" : "missed"), accel
		}
	}
	for (t = 1; t <= 2; t++) {
		a = "pcount-add-percpu" SUBSEP t SUBSEP 0; b = "pcount-add-thread" SUBSEP t SUBSEP 0
		if (("native", a) in ns && ("native", b) in ns && ns["native", b] > 0) {
			r = ns["native", a] / ns["native", b]
			printf "  user native pcount-add-percpu within 1.5x of pcount-add-thread, %d thread(s): %.2fx -> %s\n",
			       t, r, ((r <= 1.5) ? "met" : "missed")
		}
	}
	v = speedup("native", "snap-read" SUBSEP 2 SUBSEP 100, "rwlock-read")
	if (v != "")
		printf "  user native snap-read >= 10x faster than rwlock-read, 2 threads: %sx -> %s\n",
		       v, ((v + 0 >= 10) ? "met" : "missed")
	v = speedup("native", "pcount-add" SUBSEP 2 SUBSEP 0, "atomic-add")
	if (v != "")
		printf "  user native pcount-add >= 4x faster than one shared atomic, 2 threads: %sx -> %s\n",
		       v, ((v + 0 >= 4) ? "met" : "missed")
	v = speedup("native", "rmap-lookup" SUBSEP 2 SUBSEP 100, "rwlock-map-lookup")
	if (v != "")
		printf "  user native rmap-lookup >= 4x faster than one rwlock-protected table, 2 threads: %sx -> %s\n",
		       v, ((v + 0 >= 4) ? "met" : "missed")
	a = "rmap-lookup" SUBSEP 1 SUBSEP 100; b = "rmap-lookup" SUBSEP 2 SUBSEP 100
	if (("native", a) in ns && ("native", b) in ns && ns["native", b] > 0) {
		r = 2 * ns["native", a] / ns["native", b]
		printf "  user native rmap-lookup throughput 1 -> 2 threads >= 1.8x: %.2fx -> %s\n",
		       r, ((r >= 1.8) ? "met" : "missed")
	}
	for (t = 1; t <= 2; t++) {
		a = "sampler-hit" SUBSEP t SUBSEP 100
		if (("native", a) in ns)
			printf "  user native sampler-hit <= 5 ns/op, %d thread(s): %.2f -> %s\n",
			       t, ns["native", a], ((ns["native", a] <= 5) ? "met" : "missed")
	}
	# The fast paths against the mechanism they wrap, and the queue and
	# group targets.
	for (t = 1; t <= 2; t++) {
		tax_target("kernel", "kernel (" accel ")", "snap-read", t, 100, 1.2)
		tax_target("native", "user native", "snap-read", t, 100, 1.2)
		tax_target("native", "user native", "rmap-lookup", t, 100, 1.3)
		ratio_target("native", "user native", "rmap-lookup", "lfht-lookup", t, 100, 1.3)
		tax_target("native", "user native", "pcount-add", t, 0, 1.3)
	}
	speed_target("rmap-lookup", 1, 100, "rwlock-map-lookup", 1, "faster than rwlock-map-lookup")
	speed_target("dropq-push", 1, 0, "mutex-ring-push", 1, "at least as fast as mutex-ring-push")
	speed_target("dropq-push", 2, 0, "mutex-ring-push", 2, ">= 2x faster than mutex-ring-push")
	speed_target("pubsub-publish", 1, 0, "mutex-callbacks", 0.5, "at most 2x mutex-callbacks")
	speed_target("pubsub-publish", 2, 0, "mutex-callbacks", 1, "faster than mutex-callbacks")
	a = "group-go" SUBSEP 1 SUBSEP 100; b = "handoff-4" SUBSEP 1 SUBSEP 100
	if (("native", a) in ns)
		printf "  user native group-go + a trivial task <= 2000 ns, 1 thread: %.0f -> %s%s\n",
		       ns["native", a], ((ns["native", a] <= 2000) ? "met" : "missed"),
		       ((("native", b) in ns) ? sprintf(" (its floor, handoff-4: %.0f)", ns["native", b]) : "")
	v = speedup("native", "seqstat-write" SUBSEP 2 SUBSEP 0, "snap-stat-write")
	if (v != "")
		printf "  (shown, not a target) hot writes: seqstat-write vs snap copy-and-CAS, 2 threads: %sx\n", v
	print ""
	print "what the contracts' clauses cost (shown, not targets):"
	for (t = 1; t <= 2; t++) {
		kn = "kernel (" accel ")"
		cost_line("kernel", kn, "pcount-add", "this-cpu-cmpxchg", t,
			  "pcount's tax over the error bound's floor")
		cost_line("kernel", kn, "this-cpu-cmpxchg", "this-cpu-add", t,
			  "the error bound: a bounded this_cpu_cmpxchg over this_cpu_inc")
		cost_line("kernel", kn, "pcount-add", "percpu-counter-add", t,
			  "against the kernel's own percpu_counter_add_batch")
		cost_line("native", "user native", "pcount-add", "cpu-add-bounded", t,
			  "pcount's tax over the error bound's floor")
		cost_line("native", "user native", "cpu-add-bounded", "cpu-add", t,
			  "the error bound: a bounded per-CPU sequence over a bare per-CPU add")
		cost_line("native", "user native", "cpu-add", "slot-add", t,
			  "memory bounded by CPUs: a per-CPU add over a per-thread slot add")
		cost_line("native", "user native", "ring-push", "mutex-ring-push", t,
			  "dropq's floor, the bare lock-free ring, against the mutex ring")
		cost_line("native", "user native", "ring-push-4", "mutex-callbacks", t,
			  "a bounded queue per subscriber: four bare ring pushes and pops against mutex-callbacks")
		cost_line("kernel", kn, "dropq-push", "ring-push-irq", t,
			  "dropq's tax over an irq-safe ptr_ring")
		cost_line("kernel", kn, "ring-push-irq", "ring-push", t,
			  "push and pop in any context: ptr_ring's irq-saving calls over its plain ones")
		cost_line("kernel", kn, "llist-push", "ring-push", t,
			  "the kernel queue: llist + atomic budget against ptr_ring")
		cost_line("kernel", kn, "kfifo-push", "ring-push", t,
			  "the kernel queue: spinlocked kfifo against ptr_ring")
		cost_line("native", "user native", "group-go", "handoff-4", t,
			  "group's tax over handing a task to a thread on the caller's CPU", 100)
	}
}
