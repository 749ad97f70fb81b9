# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The demo's conclusions, from its comparison CSV (compare.awk):
#
#   awk -F, -f verdict.awk [-v cxfile=CROSSOVERS] compare.csv
#
# 1. A verdict per primitive (each row whose "replaces" names a baseline):
#    its speedup over that baseline (the baseline's ns/op over its own,
#    same world, threads and read_pct; above 1x the primitive is faster)
#    at 100% reads, or at its fixed mix, from the fewest to the most
#    threads, in each world; where it loses; and, for a primitive measured
#    at several read percentages, where it stops winning (the crossover
#    at the most threads measured).
# 2. The crossover of each such read-mostly primitive, per thread count:
#    the read percentage at which it stops beating the baseline in each
#    world (crossover() below: a step fitted to the measured mixes, then
#    linear in log(speedup) between the two mixes around the step).  "at every mix
#    measured" / "at no mix measured" when it always / never wins; the
#    number of mixes that disagree with the step when some do (noise); a
#    "*" when a point around the step is marked unstable in the CSV.
#
# Worlds, in the order printed: user native, user in the guest, kernel.
# With -v cxfile=FILE, every crossover also goes to FILE as "cx <scenario>
# <world: 0 native, 1 guest, 2 kernel> <threads> <above|below|every|none>
# <pct, -1 for every/none>", for plot.awk.

BEGIN {
	nw = 3
	wcol[0] = "user_native"; wname[0] = "user native"; wshort[0] = "native"
	wcol[1] = "user_guest"; wname[1] = "user in guest"; wshort[1] = "guest"
	wcol[2] = "kernel"; wname[2] = "kernel"; wshort[2] = "kernel"
}

NR == 1 {
	for (i = 1; i <= NF; i++)
		col[$i] = i
	for (w = 0; w < nw; w++)
		if (!((wcol[w] "_ns") in col)) {
			print "verdict: " FILENAME ": no " wcol[w] "_ns column" > "/dev/stderr"
			bad = 1
			exit 1
		}
	next
}

{
	s = $col["scenario"]
	if (!(s in seen)) {
		seen[s] = 1
		sorder[nsc++] = s
		fam[s] = $col["family"]
		rep[s] = $col["replaces"]
	}
	t = $col["threads"] + 0; p = $col["read_pct"] + 0
	if (!((s, t) in tseen)) {
		tseen[s, t] = 1
		nt[s]++
		tl[s, nt[s]] = t
	}
	if (!((s, p) in pseen)) {
		pseen[s, p] = 1
		np[s]++
		pl[s, np[s]] = p
	}
	pcts_of[s, t] = pcts_of[s, t] " " p
	for (w = 0; w < nw; w++) {
		v = $col[wcol[w] "_ns"]
		if (v != "" && v != "-" && v + 0 > 0)
			ns[w, s, t, p] = v + 0
		u = ((wcol[w] "_unstable") in col) ? $col[wcol[w] "_unstable"] : ""
		uns[w, s, t, p] = (u == "1")
	}
}

# Sort the first n entries of a[1..n] numerically, ascending.
function isort(a, n,    i, j, x) {
	for (i = 2; i <= n; i++) {
		x = a[i]
		for (j = i; j > 1 && a[j - 1] > x; j--)
			a[j] = a[j - 1]
		a[j] = x
	}
}

# The baseline's read_pct to compare with the primitive's p at t threads:
# p itself, or the baseline's only one (a fixed mix).
function bpct(b, t, p) {
	if ((b, p) in pseen)
		return p
	return np[b] == 1 ? pl[b, 1] : -1
}

# Speedup of s over its baseline in world w at (t, p); -1 without both
# points.  Sets su to 1 when either point is unstable.
function speed(w, s, t, p,    b, q) {
	b = rep[s]
	q = bpct(b, t, p)
	su = 0
	if (!((w, s, t, p) in ns) || !((w, b, t, q) in ns))
		return -1
	su = uns[w, s, t, p] || uns[w, b, t, q]
	return ns[w, b, t, q] / ns[w, s, t, p]
}

function fx(v) {
	if (v >= 10)
		return sprintf("%.1fx", v)
	return sprintf(v >= 0.1 ? "%.2fx" : "%.2gx", v)
}

function thr(t) {
	return t (t == 1 ? " thread" : " threads")
}

# The crossover of s in world w at t threads.  The speedup is fitted with
# a step: it wins on one side of a read percentage and loses on the other,
# the side (more reads, or fewer) and the step chosen so that the fewest
# measured mixes disagree (ties: wins above, then the step nearest the
# most reads).  Sets cx_kind ("above": wins above cx_pct% reads; "below":
# wins below it; "every": wins at every mix measured; "none": at none;
# "" without two mixes), cx_pct (linear between the two mixes around the
# step, in the logarithm of the speedup), cx_bad (mixes that disagree
# with the step), cx_n (mixes) and cx_u (the two mixes around the step
# include an unstable point).
function crossover(w, s, t,    n, i, k, a, pp, sp, uu, v, c, d, e, best,
		   bc, bd, hi, lo) {
	n = split(substr(pcts_of[s, t], 2), a, " ")
	isort(a, n)
	k = 0
	for (i = n; i >= 1; i--) {
		v = speed(w, s, t, a[i])
		if (v < 0)
			continue
		k++
		pp[k] = a[i]; sp[k] = v; uu[k] = su
	}
	cx_kind = ""; cx_pct = -1; cx_bad = 0; cx_n = k; cx_u = 0
	if (k < 2)
		return
	# d = 0: the first c mixes (most reads) win, the rest lose; d = 1:
	# the first c lose, the rest win.
	best = k + 1
	for (d = 0; d <= 1; d++)
		for (c = 0; c <= k; c++) {
			# d = 1 with c = 0 or k is d = 0 with k or 0.
			if (d && (c == 0 || c == k))
				continue
			e = 0
			for (i = 1; i <= k; i++)
				e += ((i <= c) != d) != (sp[i] > 1)
			if (e < best) {
				best = e; bc = c; bd = d
			}
		}
	cx_bad = best
	if (bc == k) {
		cx_kind = "every"
		return
	}
	if (bc == 0) {
		cx_kind = "none"
		return
	}
	cx_kind = bd ? "below" : "above"
	hi = bc; lo = bc + 1
	cx_u = uu[hi] || uu[lo]
	# Linear in the logarithm of the speedup: a ratio of 10x and one of
	# 0.1x put the crossover half-way.
	if ((sp[hi] > 1) != (sp[lo] > 1))
		cx_pct = pp[lo] + (pp[hi] - pp[lo]) * \
			 (0 - log(sp[lo])) / (log(sp[hi]) - log(sp[lo]))
	else
		cx_pct = (pp[hi] + pp[lo]) / 2
	cx_pct = int(cx_pct + 0.5)
}

# The last crossover() as text for the crossover lines, in world wn.
function cx_text(wn,    t) {
	if (cx_kind == "every")
		t = "at every mix measured"
	else if (cx_kind == "none")
		t = "at no mix measured"
	else
		t = sprintf("%s %d%% reads", cx_kind, cx_pct)
	if (cx_u)
		t = t "*"
	t = t " (" wn
	if (cx_bad)
		t = t sprintf("; %d of %d mixes disagree", cx_bad, cx_n)
	return t ")"
}

# The last crossover() as text for a verdict: where it stops winning.
function cx_verdict(    t) {
	if (cx_kind == "every")
		t = "wins at every mix"
	else if (cx_kind == "none")
		t = "wins at no mix"
	else
		t = sprintf("stops winning %s %d%% reads",
			    cx_kind == "above" ? "below" : "above", cx_pct)
	if (cx_u)
		t = t "*"
	if (cx_bad)
		t = t sprintf(" (%d of %d mixes disagree)", cx_bad, cx_n)
	return t
}

END {
	if (bad)
		exit 1
	print "verdict: the speedup of each primitive over the lock it replaces (its ns/op"
	print "over the primitive's; above 1x lfprim wins), at 100% reads or its fixed"
	print "mix, from the fewest to the most threads:"
	for (i = 0; i < nsc; i++) {
		s = sorder[i]
		b = rep[s]
		if (b == "" || b == "-" || !(b in seen))
			continue
		# Thread counts ascending; the headline mix: 100% or the most reads.
		n = nt[s]
		for (j = 1; j <= n; j++)
			ts[j] = tl[s, j]
		isort(ts, n)
		m = np[s]
		for (j = 1; j <= m; j++)
			ps[j] = pl[s, j]
		isort(ps, m)
		hp = ps[m]
		wins = 0; losses = 0; txt = ""; lose = ""
		for (w = 0; w < nw; w++) {
			lo = ""; hi = ""; k = 0
			for (j = 1; j <= n; j++) {
				v = speed(w, s, ts[j], hp)
				if (v < 0)
					continue
				k++
				if (k == 1)
					lo = v
				hi = v
				if (v > 1) {
					wins++
				} else {
					losses++
					lose = lose sprintf("%s%s at %s (%s)",
						lose == "" ? "" : ", ", wshort[w],
						thr(ts[j]), fx(v))
				}
			}
			if (!k)
				continue
			r = (k == 1 || fx(lo) == fx(hi)) ? fx(lo) : fx(lo) " .. " fx(hi)
			txt = txt sprintf("%s%s %s", txt == "" ? "" : ", ",
					  wshort[w], r)
		}
		if (!wins && !losses)
			continue
		word = !losses ? "wins" : (!wins ? "loses" : "wins in part")
		tr = (ts[1] == ts[n]) ? thr(ts[1]) : ts[1] " .. " thr(ts[n])
		printf "  %-10s %s over %s, %d%% reads, %s: %s: %s\n", fam[s],
		       s, b, hp, tr, word, txt
		if (losses && wins)
			printf "  %-10s   loses: %s\n", "", lose
		if (m > 1) {
			tmax = ts[n]
			cx = ""
			for (w = 0; w < nw; w++) {
				crossover(w, s, tmax)
				if (cx_kind != "")
					cx = cx sprintf("%s%s %s", cx == "" ? "" : "; ",
							wshort[w], cx_verdict())
			}
			if (cx != "")
				printf "  %-10s   at %s: %s\n", "", thr(tmax), cx
		}
	}

	print ""
	print "crossover: the read percentage at which each read-mostly primitive stops"
	print "beating the lock it replaces (between two measured mixes, linear in the"
	print "logarithm of the speedup; * uses an unstable point):"
	any = 0
	for (i = 0; i < nsc; i++) {
		s = sorder[i]
		b = rep[s]
		if (b == "" || b == "-" || !(b in seen) || np[s] < 2)
			continue
		n = nt[s]
		for (j = 1; j <= n; j++)
			ts[j] = tl[s, j]
		isort(ts, n)
		for (j = 1; j <= n; j++) {
			cx = ""
			for (w = 0; w < nw; w++) {
				crossover(w, s, ts[j])
				if (cx_kind == "")
					continue
				cx = cx sprintf("%s%s", cx == "" ? "" : ", ",
						cx_text(wname[w]))
				if (cxfile != "")
					printf "cx %s %d %d %s %d\n", s, w, ts[j],
					       cx_kind, cx_pct > cxfile
			}
			if (cx == "")
				continue
			printf "  at %s, %s beats %s %s\n", thr(ts[j]), s, b, cx
			any = 1
		}
	}
	if (!any)
		print "  (no primitive was measured at more than one read percentage)"
}
