#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# The main job (`make demo`): boot the stock-kernel guest, load lfprim.ko
# with parameters, show and tune its knobs through sysfs, run the suite
# and the benchmark inside the guest, run the benchmark natively on the
# host, and print one summary.
#
# Env: LFPRIM_BENCH_MS (host run duration, default 200), LFPRIM_BENCH_RUNS
# (default 5), plus what selftests/vm/lane.sh and run.sh take.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$root/selftests/vm/out
mkdir -p "$out"
guest_log=$out/demo-guest.log
host_log=$out/demo-host.log

echo "demo: [1/3] booting the stock-kernel guest (console follows)"
set +e
"$root/selftests/vm/lane.sh" demo 2>&1 | tee "$guest_log"
guest_rc=${PIPESTATUS[0]}
set -e

echo "demo: [2/3] lfprim-bench natively on the host"
"$root/userspace/bench/lfprim-bench" -d "${LFPRIM_BENCH_MS:-200}" \
	-r "${LFPRIM_BENCH_RUNS:-5}" | tee "$host_log"

echo "demo: [3/3] summary"
accel=$(sed -n 's/^LFPRIM-VM: accel=\([a-z]*\).*/\1/p' "$guest_log" | head -1)
echo
echo "== lfprim demo summary =="
echo "guest: $(grep -m1 'LFPRIM-GUEST: mode=' "$guest_log" | sed 's/^LFPRIM-GUEST: //') accel=${accel:-?}"
echo
echo "-- knobs after load and after live tuning --"
grep -E 'LFPRIM-GUEST: (  |knobs|tuning)' "$guest_log" | sed 's/^LFPRIM-GUEST: //'
echo
echo "-- steps in the guest --"
grep -E 'LFPRIM-GUEST: (ok|FAIL) ' "$guest_log" | sed 's/^LFPRIM-GUEST: //'
echo
printf '%-20s %7s %16s %16s\n' scenario threads "user-in-guest" "user-native"
printf '%-20s %7s %16s %16s\n' "" "" "ns/op (${accel:-?})" "ns/op"
awk '
	/^lfprim-bench world=/ {
		w = (FILENAME ~ /guest/) ? "g" : "h"
		for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		key = f["scenario"] " " f["threads"]
		if (!(key in seen)) { seen[key] = 1; order[n++] = key }
		ns[w, key] = f["ns_per_op"]
	}
	END {
		for (i = 0; i < n; i++) {
			split(order[i], p, " ")
			g = ((("g", order[i]) in ns) ? ns["g", order[i]] : "-")
			h = ((("h", order[i]) in ns) ? ns["h", order[i]] : "-")
			printf "%-20s %7s %16s %16s\n", p[1], p[2], g, h
		}
		print ""
		print "speedup over the primitive it replaces (baseline ns/op / lfprim ns/op):"
		split("snap-read:rwlock-read snap-read:mutex-read pcount-add:atomic-add pcount-add-percpu:atomic-add", pairs, " ")
		for (k in pairs) ;
		for (j = 1; j <= 4; j++) {
			split(pairs[j], ab, ":")
			for (t = 1; t <= 2; t++) {
				a = ab[1] " " t; b = ab[2] " " t
				line = sprintf("  %-18s vs %-12s threads=%d:", ab[1], ab[2], t)
				for (wi = 1; wi <= 2; wi++) {
					w = (wi == 1) ? "g" : "h"
					name = (wi == 1) ? "guest" : "native"
					if (((w, a) in ns) && ((w, b) in ns) && ns[w, a] > 0)
						line = line sprintf("  %s %.1fx", name, ns[w, b] / ns[w, a])
				}
				print line
			}
		}
	}' "$guest_log" "$host_log"
echo
if [ "$accel" = tcg ]; then
	echo "note: the guest ran under TCG (software emulation): in-guest times are"
	echo "      distorted; compare ratios within one world, not absolute numbers."
fi
if [ "$guest_rc" -ne 0 ]; then
	echo "demo: the guest run FAILED (see $guest_log)"
	exit 1
fi
echo "demo: done (logs: $guest_log, $host_log)"
