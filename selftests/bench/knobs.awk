# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The knobs the demo's live tuning changed, from the guest console:
#
#   awk -f knobs.awk GUEST_CONSOLE.log
#
# The guest prints every sysfs knob twice ("LFPRIM-GUEST: knobs after
# load:" and "LFPRIM-GUEST: knobs after tuning:", then one
# "LFPRIM-GUEST:   name = value" line per knob).  This prints only the
# knobs whose value differs between the two lists, as "before -> after",
# in the order of the first list (a knob in one list only shows "(none)"
# on the other side), and how many were read.

function strip(s) {
	sub(/\r$/, "", s)
	return s
}

{ $0 = strip($0) }

/^LFPRIM-GUEST: knobs after load:$/ { sect = 1; next }
/^LFPRIM-GUEST: knobs after tuning:$/ { sect = 2; next }

sect && /^LFPRIM-GUEST:   [^ ]+ = / {
	line = $0
	sub(/^LFPRIM-GUEST:   /, "", line)
	p = index(line, " = ")
	name = substr(line, 1, p - 1)
	val = substr(line, p + 3)
	if (!((sect, name) in v)) {
		n[sect]++
		if (!(name in known)) {
			known[name] = 1
			order[nk++] = name
		}
	}
	v[sect, name] = val
	next
}

# Any other guest line ends a list; lines from elsewhere (the kernel's
# console messages) do not.
/^LFPRIM-GUEST: / { sect = 0 }

END {
	if (!n[1] && !n[2]) {
		print "knobs: none found in the guest console"
		exit 1
	}
	changed = 0
	for (i = 0; i < nk; i++) {
		k = order[i]
		a = ((1, k) in v) ? v[1, k] : "(none)"
		b = ((2, k) in v) ? v[2, k] : "(none)"
		if (a != b)
			out[changed++] = sprintf("  %-22s %s -> %s", k, a, b)
	}
	printf "knobs: %d after load, %d after tuning, %d changed (before -> after):\n",
	       n[1], n[2], changed
	for (i = 0; i < changed; i++)
		print out[i]
}
