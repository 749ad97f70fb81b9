#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# One VM lane: stage the payload (modules, static binaries, guest.sh) and
# boot the guest with run.sh.
#
#   lane.sh stock   the suite on Debian's stock kernel (the test build of the module)
#   lane.sh debug   the suite on the debug kernel (lockdep, KASAN, kmemleak,
#                   RCU debugging, allocation-failure injection): builds or
#                   reuses the cached kernel, builds the module against it,
#                   scales the stress down, and fails each allocation of the
#                   load and of the sysfs writes in turn (lfprim-failnth)
#   lane.sh kcsan   the suite on the KCSAN kernel (data-race detector): any
#                   report fails the lane (stress-kcsan: the stress lane on it)
#   lane.sh stress  4 vCPUs: kernel and user stress while CPUs go offline
#                   and online and knobs change, then insmod/rmmod cycles
#                   (stress-debug: the same on the debug kernel)
#   lane.sh demo    load with parameters, show and tune the knobs, run the
#                   benchmark matrix in the kernel and in user space inside
#                   the guest (selftests/bench/demo.sh drives it)
#
# Env: LFPRIM_SMP (vCPUs, default 2), LFPRIM_DEBUG_SCALE (percent of the
# default iteration counts in the debug lane, default 50), LFPRIM_ACCEL;
# for demo: LFPRIM_KERNEL=stock|perf (perf adds the kernel's refscale),
# LFPRIM_BENCH_MS (run length, default 100), LFPRIM_BENCH_RUNS (default 3),
# LFPRIM_DEMO_QUICK (1: the short matrix of selftests/bench/matrix.sh),
# LFPRIM_DEMO_SCENARIOS (only these scenarios, default all);
# for stress: LFPRIM_STRESS_S (seconds per stress run, default 60),
# LFPRIM_STRESS_SMP (vCPUs, default 4), LFPRIM_STRESS_SCALE (percent, 30),
# LFPRIM_STRESS_CYCLES (insmod/stress/rmmod cycles, default 3).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mode=${1:?usage: lane.sh stock|debug|kcsan|demo|stress|stress-debug|stress-kcsan}
out=$root/selftests/vm/out/$mode
kfiles=$("$root/selftests/tools/kernel-files.sh")

rm -rf "$out"
mkdir -p "$out/payload/bin"
pay=$out/payload

for b in selftests/user/lfprim-selftests selftests/user/lfprim-sysfs-test \
	 selftests/user/lfprim-bench-test selftests/user/lfprim-stress \
	 selftests/user/lfprim-failnth userspace/bench/lfprim-bench \
	 userspace/bench/lfprim-advise; do
	install -m 0755 "$root/$b-static" "$pay/bin/$(basename "$b")"
done
install -m 0755 "$root/selftests/guest.sh" "$pay/guest.sh"
install -d "$pay/guest"
install -m 0644 "$root"/selftests/guest/*.sh "$pay/guest/"
install -d "$pay/guest/knobs"
install -m 0644 "$root"/selftests/guest/knobs/*.sh "$pay/guest/knobs/"
install -m 0644 "$root/selftests/bench/matrix.sh" "$pay/matrix.sh"

# Build the test build of lfprim.ko (delay injection and debug misuse
# checks, LFPRIM_INJECT=y) and the test module, or with "release" the
# release build alone, against the stock guest kernel's headers or a kernel
# of build-kernel.sh.  Out-of-tree builds write next to the sources: build a
# copy.
build_against() {
	local src=$out/src rel inject=LFPRIM_INJECT=y
	# "release": lfprim.ko as users build it, for measurements (no
	# injection points, no debug misuse checks) and no test module.
	[ "${2:-}" = release ] && inject=
	if [ "$1" = stock ]; then
		rel=$(find /boot -maxdepth 1 -name 'vmlinuz-*-amd64' | sort -V | tail -n1)
		rel=${rel##*/vmlinuz-}
		kdir=/lib/modules/$rel
		[ -d "$kdir/build" ] || { echo "lane: no headers for $rel" >&2; exit 1; }
	else
		kdir=$("$root/selftests/vm/build-kernel.sh" "$1" | tail -1)
	fi
	mkdir -p "$src/selftests"
	cp -r "$root/Makefile" "$root/Kbuild" "$root/kmod" "$root/include" "$src/"
	cp -r "$root/selftests/kmod" "$root/selftests/cases" "$src/selftests/"
	find "$src" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete
	echo "lane: building lfprim.ko against the $1 kernel ($kdir/build)"
	make -s -C "$kdir/build" M="$src" LFPRIM_KSELFTEST_DIR="$kfiles/include" W=1 \
		${inject:+"$inject"} modules >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
	cat "$out/build.log"
	if grep -q 'warning:' "$out/build.log"; then
		echo "lane: the module must build without warnings (W=1)" >&2
		exit 1
	fi
	cp "$src/kmod/lfprim.ko" "$pay/"
	[ -z "$inject" ] || cp "$src/selftests/kmod/lfprim_test.ko" "$pay/"
	build_consumer
}

# The example module building on lfprim.ko (kmod/examples/consumer), built
# the way its README paragraph says: against lfprim's development files,
# staged as "make kmod-devel-install" installs them, with this build's
# Module.symvers.  A copy without the namespace import must not build.
build_consumer() {
	local dev=$out/devel cons=$out/consumer log=$out/consumer.log

	make -s -C "$root" kmod-devel-install KMOD_DEVEL_DIR="$dev" \
		KMOD_SYMVERS="$src/Module.symvers" >"$log" 2>&1 || { cat "$log"; exit 1; }
	rm -rf "$cons" "$cons-noimport"
	cp -r "$root/kmod/examples/consumer" "$cons"
	cp -r "$cons" "$cons-noimport"
	echo "lane: building the example consumer module against $dev"
	make -s -C "$kdir/build" M="$cons" LFPRIM_DEVEL="$dev" W=1 modules \
		>>"$log" 2>&1 || { cat "$log"; exit 1; }
	if grep -q 'warning:' "$log"; then
		cat "$log"
		echo "lane: the consumer module must build without warnings (W=1)" >&2
		exit 1
	fi
	sed -i '/^LFP_IMPORT_NS();/d' "$cons-noimport/lfprim_consumer.c"
	if make -s -C "$kdir/build" M="$cons-noimport" LFPRIM_DEVEL="$dev" \
		modules >"$log.noimport" 2>&1 ||
	   ! grep -q 'from namespace LFPRIM, but does not import it' "$log.noimport"; then
		cat "$log.noimport"
		echo "lane: a consumer without LFP_IMPORT_NS() must fail modpost" >&2
		exit 1
	fi
	cp "$cons/lfprim_consumer.ko" "$pay/"
}

run_args=()
case $mode in
stock)
	build_against stock
	run_args+=(--kernel stock --timeout 900
		   --env LFPRIM_MODE=test --env LFPRIM_TEST_SCALE=100)
	;;
demo)
	kernel=${LFPRIM_KERNEL:-stock}
	case $kernel in
	stock)
		cp "$root/kmod/lfprim.ko" "$pay/"
		;;
	perf)
		build_against perf release
		# The kernel's own refscale, as a peer of the in-kernel runner.
		cp "$kdir/build/kernel/torture.ko" \
		   "$kdir/build/kernel/rcu/refscale.ko" "$pay/"
		;;
	*)
		echo "lane.sh: LFPRIM_KERNEL must be stock or perf, not '$kernel'" >&2
		exit 2
		;;
	esac
	run_args+=(--kernel "$kernel" --timeout 1500 --env LFPRIM_MODE=demo
		   --env "LFPRIM_BENCH_MS=${LFPRIM_BENCH_MS:-100}"
		   --env "LFPRIM_BENCH_RUNS=${LFPRIM_BENCH_RUNS:-3}"
		   --env "LFPRIM_DEMO_QUICK=${LFPRIM_DEMO_QUICK:-0}"
		   --env "LFPRIM_DEMO_SCENARIOS=${LFPRIM_DEMO_SCENARIOS:-all}")
	;;
stress|stress-debug|stress-kcsan)
	case $mode in
	stress)
		build_against stock
		run_args+=(--kernel stock --timeout 1800) ;;
	stress-debug)
		build_against debug
		run_args+=(--kernel debug --timeout 3600) ;;
	*)
		build_against kcsan
		run_args+=(--kernel kcsan --timeout 3600) ;;
	esac
	run_args+=(--smp "${LFPRIM_STRESS_SMP:-4}" --env LFPRIM_MODE=stress
		   --env "LFPRIM_STRESS_S=${LFPRIM_STRESS_S:-60}"
		   --env "LFPRIM_STRESS_CYCLES=${LFPRIM_STRESS_CYCLES:-3}"
		   --env "LFPRIM_TEST_SCALE=${LFPRIM_STRESS_SCALE:-30}")
	;;
debug|kcsan)
	build_against "$mode"
	run_args+=(--kernel "$mode" --timeout 2400
		   --env LFPRIM_MODE=test
		   --env "LFPRIM_TEST_SCALE=${LFPRIM_DEBUG_SCALE:-50}")
	# The debug kernel has allocation-failure injection: its lane must
	# run lfprim-failnth (guest.sh fails the step if it cannot).
	if [ "$mode" = debug ]; then
		run_args+=(--env LFPRIM_FAILNTH=1)
	fi
	;;
*)
	echo "lane.sh: unknown mode '$mode'" >&2
	exit 2
	;;
esac

exec "$root/selftests/vm/run.sh" "${run_args[@]}" --log "$out/console.log" "$pay"
