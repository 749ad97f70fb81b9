# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# Prints the rows of a contract header's "Concurrency and context" table,
# one per line: "<prim> <operations>", the operations as the first column
# spells them, joined across continuation lines (a cell ending in "/" or
# "..", or a next cell in parentheses, goes on in the next line's cell).  Usage: awk -v prim=P -f this FILE
/Concurrency and context:/ { intable = 1; next }
intable && /^ \*[ \t]*-+\+/ { rows = 1; next }
rows && /^ \*[ \t]*$/ { if (cur != "") print prim, cur; exit }
rows {
	line = $0
	sub(/^ \*[ \t]*/, "", line)
	split(line, col, "|")
	c = col[1]
	gsub(/[ \t]+$/, "", c)
	if (c == "")
		next
	if (cur != "" && cur ~ /\/$/) {
		cur = cur c
		next
	}
	if (cur != "" && (cur ~ /\.\.$/ || c ~ /^\(/)) {
		cur = cur " " c
		next
	}
	if (cur != "")
		print prim, cur
	cur = c
}
