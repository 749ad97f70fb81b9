# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# ns/op against threads, one line per scenario, one panel per world.
#   gnuplot -e "dir='DIR'; out='OUT.png'; accel='tcg'" plot.gp
# DIR/<world>/<scenario>.dat hold "threads ns_per_op" (compare.awk).
set terminal pngcairo size 1800,650 font ",10" noenhanced
set output out
set multiplot layout 1,3 title sprintf("lfprim: ns/op against threads (read_pct 100, or the fixed one; log scale; guest accel=%s)", accel)
set logscale y
set xlabel "threads"
set ylabel "ns/op"
set key outside bottom center horizontal maxrows 4 font ",8"
set grid
set xtics 1
worlds = "kernel guest native"
titles = sprintf("'kernel (guest, %s)' 'user in guest (%s)' 'user native'", accel, accel)
do for [w = 1:3] {
	d = dir . "/" . word(worlds, w)
	names = system("cd " . d . " 2>/dev/null && ls *.dat 2>/dev/null | sed 's/[.]dat$//' | tr '\\n' ' '")
	set title word(titles, w)
	if (words(names) > 0) {
		plot for [i = 1:words(names)] d . "/" . word(names, i) . ".dat" \
			using 1:2 with linespoints title word(names, i)
	}
}
unset multiplot
