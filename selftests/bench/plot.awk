# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The demo's charts, from its comparison CSV (compare.awk): writes a
# gnuplot script (data inline) that draws three PNGs.
#
#   awk -F, -f plot.awk -v out=DIR -v accel=tcg [-v cx=CROSSOVERS] \
#       compare.csv | gnuplot
#
# DIR/families.png  one small panel per family: ns/op (log) of the
#                   primitive, the lock it replaces and the bare mechanism
#                   it wraps (where there is one), against threads, the
#                   three worlds side by side (user native, user in the
#                   guest, kernel); at 100% reads or the fixed mix
# DIR/speedup.png   per world, each primitive's speedup over the lock it
#                   replaces (log), a bar from the 1x line: up and green
#                   where lfprim wins, down and red where it loses; one
#                   bar per thread count
# DIR/crossover.png for each primitive measured at several read
#                   percentages: ns/op of it and of its lock against the
#                   read percentage (100 on the left), at the most threads
#                   measured, one panel per world; the lines cross where
#                   the primitive stops winning, and a vertical line marks
#                   the crossover verdict.awk placed there (its -v cxfile=
#                   output, given here as -v cx=)
#
# ns/op axes are labelled 1, 10, 100, 1k, 10k, ... ns.
# An unstable point (the CSV's *_unstable) is drawn hollow.

BEGIN {
	nw = 3
	wcol[0] = "user_native"; wname[0] = "user native"
	wcol[1] = "user_guest"; wname[1] = "user in guest (" accel ")"
	wcol[2] = "kernel"; wname[2] = "kernel (" accel ")"
	# The bare mechanism under a fast path (as compare.awk's floors).
	floor["snap-read", 0] = "rcu-read"; floor["snap-read", 1] = "rcu-read"
	floor["snap-read", 2] = "rcu-read"
	floor["pcount-add", 0] = "slot-add"; floor["pcount-add", 1] = "slot-add"
	floor["pcount-add", 2] = "this-cpu-add"
	floor["rmap-lookup", 0] = "rcu-table-lookup"; floor["rmap-lookup", 1] = "rcu-table-lookup"
	floor["rmap-lookup", 2] = "lfht-lookup"
	floor["dropq-push", 0] = "ring-push"; floor["dropq-push", 1] = "ring-push"
	floor["pubsub-publish", 0] = "ring-push-4"
	floor["pubsub-publish", 1] = "ring-push-4"
	floor["dropq-push", 2] = "ring-push"; floor["pubsub-publish", 2] = "ring-push-4"
	floor["group-go", 0] = "handoff-4"; floor["group-go", 1] = "handoff-4"
}

NR == 1 {
	for (i = 1; i <= NF; i++)
		col[$i] = i
	next
}

{
	s = $col["scenario"]
	if (!(s in seen)) {
		seen[s] = 1
		fam[s] = $col["family"]
		rep[s] = $col["replaces"]
		if (rep[s] != "" && rep[s] != "-")
			cand[nc++] = s
	}
	t = $col["threads"] + 0; p = $col["read_pct"] + 0
	if (!((s, t) in tseen)) {
		tseen[s, t] = 1
		tl[s] = tl[s] " " t
	}
	if (!((s, p) in pseen)) {
		pseen[s, p] = 1
		pl[s] = pl[s] " " p
	}
	for (w = 0; w < nw; w++) {
		v = $col[wcol[w] "_ns"]
		if (v != "" && v != "-" && v + 0 > 0) {
			ns[w, s, t, p] = v + 0
			u = ((wcol[w] "_unstable") in col) ? $col[wcol[w] "_unstable"] : ""
			uns[w, s, t, p] = (u == "1")
		}
	}
}

# Split the " a b c" list l into a[1..n], numerically ascending; returns n.
function nums(l, a,    n, i, j, x) {
	n = split(substr(l, 2), a, " ")
	for (i = 2; i <= n; i++) {
		x = a[i] + 0
		for (j = i; j > 1 && a[j - 1] + 0 > x; j--)
			a[j] = a[j - 1]
		a[j] = x
	}
	return n
}

# The read_pct a scenario is drawn at: 100, or its only one.
function headline(s,    a, n) {
	if ((s, 100) in pseen)
		return 100
	n = nums(pl[s], a)
	return n ? a[n] : -1
}

# The ns/op of s in world w at t threads, read_pct p or the scenario's
# only one; -1 if none.
function get(w, s, t, p,    q) {
	if ((w, s, t, p) in ns)
		return ns[w, s, t, p]
	q = headline(s)
	if ((w, s, t, q) in ns && q != p && nums(pl[s], tmp) == 1)
		return ns[w, s, t, q]
	return -1
}

# One gnuplot datablock row per point of s in a family panel: x is the
# world's group plus the thread count's place; a blank line between worlds
# breaks the line.
function family_rows(name, s, which, nt, ts, p, div,    w, j, v, x, body, any, sc) {
	body = ""
	for (w = 0; w < nw; w++) {
		sc = (which == "floor") ? floor[s, w] : s
		if (sc == "")
			continue
		any = 0
		for (j = 1; j <= nt; j++) {
			v = get(w, sc, ts[j], p)
			if (v < 0)
				continue
			x = w * (nt + 1) + j - 1
			body = body sprintf("%d %g %d\n", x, v / div, uns[w, sc, ts[j], p] ? 6 : 7)
			if (ymin == "" || v / div < ymin)
				ymin = v / div
			if (ymax == "" || v / div > ymax)
				ymax = v / div
			any = 1
		}
		if (any)
			body = body "\n"
	}
	if (body == "")
		return 0
	printf "$%s << EOD\n%sEOD\n", name, body
	return 1
}

# ytics for ns/op from lo to hi: decades (1, 10, 100, 1k, ...), and 2 and
# 5 in between when the range is under two decades.
function yticks(lo, hi,    d, m, t, v, n, sfx) {
	t = ""
	for (d = 0.01; d <= 1e9; d *= 10)
		for (m = 1; m <= 5; m += (m == 1 ? 1 : 3)) {
			if (m > 1 && hi / lo >= 100)
				continue
			v = d * m
			n = v; sfx = ""
			if (v >= 1e6) { n = v / 1e6; sfx = "M" }
			else if (v >= 1e3) { n = v / 1e3; sfx = "k" }
			t = t sprintf("%s'%g%s' %g", t == "" ? "" : ", ", n, sfx, v)
		}
	return "set ytics (" t ")"
}

function q(s) {
	gsub(/"/, "", s)
	return "\"" s "\""
}

END {
	# The primitives whose lock was measured, and their families.
	for (k = 0; k < nc; k++) {
		s = cand[k]
		if (!(rep[s] in seen))
			continue
		prim[np++] = s
		if (!(fam[s] in fseen)) {
			fseen[fam[s]] = 1
			forder[nf++] = fam[s]
		}
	}
	print "set encoding utf8"
	print "set datafile missing '-'"

	# ---- families.png ----
	cols = 4
	rows = int((nf + cols - 1) / cols)
	printf "set terminal pngcairo size %d,%d font ',9' noenhanced\n", cols * 440, rows * 330 + 60
	printf "set output %s\n", q(out "/families.png")
	printf "set multiplot layout %d,%d title %s\n", rows, cols,
	       q("ns/op against threads (log scale): the primitive (blue), the lock it replaces (red), the bare mechanism (grey); at 100% reads or the fixed mix; hollow: unstable point")
	print "set logscale y"
	print "set grid ytics"
	print "set key bmargin center horizontal font ',8' samplen 2 maxrows 2"
	print "set bmargin 6.5"
	print "set ylabel 'ns/op'"
	for (i = 0; i < nf; i++) {
		f = forder[i]
		# The family's primitives, their locks, the threads measured.
		delete ts
		tall = ""
		np2 = 0
		for (k = 0; k < np; k++) {
			if (fam[prim[k]] != f)
				continue
			fp[++np2] = prim[k]
			tall = tall tl[prim[k]] tl[rep[prim[k]]]
		}
		n = nums(tall, ta)
		nt = 0
		for (j = 1; j <= n; j++)
			if (j == 1 || ta[j] != ta[j - 1])
				ts[++nt] = ta[j]
		if (!nt)
			continue
		div = 1
		plot = ""
		ymin = ""; ymax = ""
		for (k = 1; k <= np2; k++) {
			s = fp[k]
			p = headline(s)
			d = "f" i "p" k
			if (family_rows(d, s, "prim", nt, ts, p, div))
				plot = plot sprintf("%s$%s using 1:2:3 with linespoints lw 2 pt variable lc rgb '%s' title %s", plot == "" ? "" : ", ", d, k == 1 ? "#1f5fbf" : "#3fa0e0", q(s))
			d = "f" i "l" k
			if (k == 1 && family_rows(d, rep[s], "lock", nt, ts, p, div))
				plot = plot sprintf(", $%s using 1:2:3 with linespoints lw 2 pt variable lc rgb '#c0392b' title %s", d, q(rep[s]))
			d = "f" i "m" k
			if (k == 1 && family_rows(d, s, "floor", nt, ts, 100, div))
				plot = plot sprintf(", $%s using 1:2:3 with linespoints lw 1 dt 2 pt variable lc rgb '#808080' title %s", d, q(floor[s, 0] (floor[s, 2] != floor[s, 0] ? "/" floor[s, 2] : "")))
		}
		if (plot == "")
			continue
		# Ticks: the thread counts under each world, the world's name below.
		tics = ""
		for (w = 0; w < nw; w++)
			for (j = 1; j <= nt; j++)
				tics = tics sprintf("%s\"%s\" %d", tics == "" ? "" : ", ",
						    ts[j], w * (nt + 1) + j - 1)
		printf "set xtics (%s)\n", tics
		printf "set xrange [-0.5:%g]\n", nw * (nt + 1) - 1.5
		print "unset label"
		for (w = 0; w < nw; w++)
			printf "set label %d %s at first %g, graph -0.13 center font ',8'\n",
			       w + 1, q(w == 0 ? "native" : (w == 1 ? "user in guest" : "kernel")),
			       w * (nt + 1) + (nt - 1) / 2
		printf "set title %s\n", q(f ": " fp[1] " vs " rep[fp[1]] " (threads)")
		printf "set yrange [%g:%g]\n", ymin / 1.5, ymax * 1.5
		print yticks(ymin, ymax)
		print "plot " plot
	}
	print "unset multiplot"
	print "unset label"
	print "reset"

	# ---- speedup.png ----
	print "set encoding utf8"
	printf "set terminal pngcairo size %d,%d font ',9' noenhanced\n", 3 * 560, 520
	printf "set output %s\n", q(out "/speedup.png")
	printf "set multiplot layout 1,3 title %s\n",
	       q("speedup over the lock each primitive replaces (lock ns/op / primitive ns/op, log scale): above the 1x line lfprim wins; one bar per thread count (the number at its end)")
	print "set logscale y"
	print "set grid ytics"
	print "set style fill solid 0.8 border -1"
	print "set xtics rotate by 35 right font ',8'"
	print "set ylabel 'speedup'"
	print "set ytics ('0.01x' 0.01, '0.02x' 0.02, '0.05x' 0.05, '0.1x' 0.1, '0.2x' 0.2, '0.5x' 0.5, '1x' 1, '2x' 2, '5x' 5, '10x' 10, '20x' 20, '50x' 50, '100x' 100, '200x' 200, '500x' 500, '1000x' 1000)"
	print "set key off"
	print "set bmargin 7"
	for (w = 0; w < nw; w++) {
		body = ""
		lab = ""
		tics = ""
		x = 0
		lo = 1; hi = 1
		for (k = 0; k < np; k++) {
			s = prim[k]
			b = rep[s]
			p = headline(s)
			n = nums(tl[s], ta)
			any = 0
			for (j = 1; j <= n; j++) {
				a = get(w, s, ta[j], p)
				c = get(w, b, ta[j], p)
				if (a <= 0 || c <= 0)
					continue
				v = c / a
				if (v < lo) lo = v
				if (v > hi) hi = v
				# x, y, xlow, xhigh, ylow, yhigh, colour
				lab = lab sprintf("%g %g %s\n", x + j * 0.8 / (n + 1) - 0.4,
						  v < 1 ? v / 1.12 : v * 1.12, ta[j])
				body = body sprintf("%g %g %g %g %g %g %s\n",
					x + j * 0.8 / (n + 1) - 0.4, v,
					x + (j - 0.5) * 0.8 / (n + 1) - 0.4,
					x + (j + 0.5) * 0.8 / (n + 1) - 0.4,
					v < 1 ? v : 1, v < 1 ? 1 : v,
					v >= 1 ? "0x2e8b57" : "0xc0392b")
				any = 1
			}
			if (!any)
				continue
			tics = tics sprintf("%s\"%s\" %d", tics == "" ? "" : ", ", s, x)
			x++
		}
		printf "set title %s\n", q(wname[w])
		if (body == "") {
			print "set xtics ()"
			print "set xrange [-1:1]"
			print "set yrange [0.1:10]"
			print "set label 1 'no data' at 0, 1 center"
			print "plot 1 with lines lc rgb 'black' notitle"
			print "unset label"
			continue
		}
		printf "$sp%d << EOD\n%sEOD\n", w, body
		printf "$sl%d << EOD\n%sEOD\n", w, lab
		printf "set xtics (%s)\n", tics
		printf "set xrange [-0.7:%g]\n", x - 0.3
		printf "set yrange [%g:%g]\n", lo / 1.6, hi * 1.6
		printf "plot $sp%d using 1:2:3:4:5:6:7 with boxxyerror lc rgb variable, 1 with lines lw 2 dt 2 lc rgb 'black', $sl%d using 1:2:3 with labels font ',7'\n", w, w
	}
	print "unset multiplot"
	print "reset"

	# ---- crossover.png ----
	nx = 0
	for (k = 0; k < np; k++)
		if (nums(pl[prim[k]], ta) > 1)
			xp[++nx] = prim[k]
	print "set encoding utf8"
	printf "set terminal pngcairo size %d,%d font ',9' noenhanced\n", 3 * 480, (nx ? nx : 1) * 300 + 60
	printf "set output %s\n", q(out "/crossover.png")
	printf "set multiplot layout %d,3 title %s\n", nx ? nx : 1,
	       q("ns/op against the read percentage, at the most threads measured (log scale): where the primitive (blue) rises above its lock (red), it stops winning")
	print "set logscale y"
	print "set grid"
	print "set xrange [100:0]"
	print "set xlabel 'reads (%)'"
	print "set ylabel 'ns/op'"
	print "set key bmargin center horizontal font ',8' samplen 2"
	print "set bmargin 5"
	print "set ylabel 'ns/op'"
	if (cx != "")
		while ((getline line < cx) > 0) {
			split(line, ca, " ")
			# "cx scenario world threads kind pct"
			if (ca[1] == "cx")
				cxk[ca[2], ca[3], ca[4]] = ca[5] " " ca[6]
		}
	if (!nx) {
		print "set label 1 'no primitive was measured at several read percentages' at graph 0.5, 0.5 center"
		# Fixed ranges: gnuplot cannot autoscale a plot without points.
		print "set xrange [0:1]"
		print "set yrange [0:1]"
		print "plot NaN notitle"
	}
	for (k = 1; k <= nx; k++) {
		s = xp[k]
		b = rep[s]
		n = nums(tl[s], ta)
		t = ta[n]
		m = nums(pl[s], pa)
		for (w = 0; w < nw; w++) {
			d1 = ""; d2 = ""
			mx = 0; cmin = ""
			for (j = m; j >= 1; j--) {
				if ((w, s, t, pa[j]) in ns && ns[w, s, t, pa[j]] > mx)
					mx = ns[w, s, t, pa[j]]
				if ((w, b, t, pa[j]) in ns && ns[w, b, t, pa[j]] > mx)
					mx = ns[w, b, t, pa[j]]
				if ((w, s, t, pa[j]) in ns && (cmin == "" || ns[w, s, t, pa[j]] < cmin))
					cmin = ns[w, s, t, pa[j]]
				if ((w, b, t, pa[j]) in ns && (cmin == "" || ns[w, b, t, pa[j]] < cmin))
					cmin = ns[w, b, t, pa[j]]
			}
			div = 1
			for (j = m; j >= 1; j--) {
				if ((w, s, t, pa[j]) in ns)
					d1 = d1 sprintf("%g %g %d\n", pa[j], ns[w, s, t, pa[j]] / div, uns[w, s, t, pa[j]] ? 6 : 7)
				if ((w, b, t, pa[j]) in ns)
					d2 = d2 sprintf("%g %g %d\n", pa[j], ns[w, b, t, pa[j]] / div, uns[w, b, t, pa[j]] ? 6 : 7)
			}
			printf "set title %s\n", q(s " vs " b ", " t " thread" (t == 1 ? "" : "s") ": " wname[w])
			if (d1 == "" || d2 == "") {
				print "set yrange [1:10]"
				print "plot NaN title 'no data'"
				print "set yrange [*:*]"
				continue
			}
			print "unset arrow"
			print "unset label"
			if ((s, w, t) in cxk) {
				split(cxk[s, w, t], ca, " ")
				if (ca[1] == "above" || ca[1] == "below") {
					printf "set arrow 1 from %d, graph 0 to %d, graph 1 nohead lw 2 dt 3 lc rgb '#2e8b57'\n", ca[2], ca[2]
					# Text on the side with room (100 is on the left).
					printf "set label 1 %s at %d, graph 0.06 %s font ',8' tc rgb '#2e8b57'\n",
					       q("wins " ca[1] " " ca[2] "%"), ca[2],
					       (ca[2] >= 50 ? "left offset 0.5,0" : "right offset -0.5,0")
				} else {
					printf "set label 1 %s at graph 0.5, graph 0.06 center font ',8' tc rgb '#2e8b57'\n",
					       q(ca[1] == "every" ? "wins at every mix" : "wins at no mix")
				}
			}
			printf "set yrange [%g:%g]\n", cmin / div / 1.5, mx / div * 1.5
			print yticks(cmin, mx)
			printf "$x%d_%d << EOD\n%sEOD\n", k, w, d1
			printf "$y%d_%d << EOD\n%sEOD\n", k, w, d2
			printf "plot $x%d_%d using 1:2:3 with linespoints lw 2 pt variable lc rgb '#1f5fbf' title %s, $y%d_%d using 1:2:3 with linespoints lw 2 pt variable lc rgb '#c0392b' title %s\n",
			       k, w, q(s), k, w, q(b)
		}
	}
	print "unset multiplot"
}
