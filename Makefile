# SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
#
# lfprim: the kernel module, the user-space library, the shared test suite
# and the benchmark.
#
#   make            build everything (module, library, tests, benchmark)
#   make check      deps, build, user-space suite (also under sanitizers,
#                   with allocation failures injected, and in a bare Debian
#                   root with only the declared packages), the bundle in an
#                   empty root, VM suite (stock
#                   kernel), debug-kernel lane, KCSAN lane
#   make demo       boot the guest, load, tune, compare kernel and user costs
#                   (KERNEL=perf adds the kernel's refscale as a peer)
#   make bundle     the demo for a host with nothing installed: one tarball
#                   (build/lfprim-bundle.tar.xz) with qemu, both guest
#                   kernels, the module for each and a run.sh
#   make install    library, headers, pkg-config file, lfprim-bench,
#                   lfprim-advise, lfprim-stress and lfprim-lint (its rules
#                   under share/lfprim/lint), manual pages, examples,
#                   valgrind suppressions (PREFIX, DESTDIR)
#   make man        section 3 pages from the headers' kernel-doc (build/man3)
#   make modules_install
#   make dkms-install  the module's sources under /usr/src, built by DKMS
#                   (re-runnable: a stale registration is removed first)
#                   (dkms-uninstall: the reverse)
#   make kmod-devel-install  without DKMS, after make kmod: headers and
#                   Module.symvers for modules building on lfprim.ko
#   make lint       checkpatch on every source file; each primitive named
#                   in at most 2 shared files, no C source over 700 lines
#   make lint-demote DIR=...  lfprim-lint on C code: the concurrency
#                   anti-patterns that an lfprim primitive replaces

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share
DOCDIR     ?= $(DATADIR)/doc/lfprim
DESTDIR    ?=
VERSION    := 0.1.0
SOVERSION  := 0

export LFPRIM_CACHE ?= $(HOME)/.cache/lfprim

# The running kernel's build dir when there is one, else Debian's headers.
KDIR ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then \
	echo /lib/modules/$$(uname -r)/build; else \
	ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -1; fi)

CC       ?= gcc
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Wno-unused-parameter
# The library needs urcu-memb only; the benchmark's lfht-lookup row and
# the programs linked with the static library also take liburcu's cds_lfht.
LIB_URCU_LIBS := -lurcu-memb -lurcu-common
URCU_LIBS := -lurcu-cds $(LIB_URCU_LIBS)
# The library, its tests and its benchmark are LGPL: inline liburcu's fast paths.
U_CPPFLAGS := -Iinclude -Iuserspace/include -D_GNU_SOURCE -D_LGPL_SOURCE
U_CFLAGS  := $(WARN) -pthread $(CFLAGS)
# Header dependencies: each compile writes its own (.d next to the output).
DEPFLAGS  := -MMD -MP

LIB_SRCS := userspace/rcu.c userspace/snap.c userspace/pcount.c userspace/sampler.c \
	userspace/futex.c userspace/event.c userspace/dropq.c userspace/rmap.c \
	userspace/sflight.c userspace/group.c userspace/batch.c userspace/pubsub.c \
	userspace/inject.c userspace/misuse.c
LIB_OBJS := $(LIB_SRCS:.c=.o)
LIB_PIC  := $(LIB_SRCS:.c=.pic.o)
LIB_A    := userspace/liblfprim.a
# The test build of the library: delay injection compiled in (core/inject.h).
LIB_INJ  := $(LIB_SRCS:.c=.inj.o)
LIB_INJ_A := userspace/liblfprim-inject.a
INJ      := -DLFPRIM_INJECT
# liblfprim.so.$(VERSION), soname liblfprim.so.$(SOVERSION), exports as listed
# in the version script.
LIB_SO   := userspace/liblfprim.so.$(VERSION)
LIB_MAP  := userspace/liblfprim.map
PC_FILE  := userspace/lfprim.pc

HDRS := $(wildcard include/lfprim/*.h include/lfprim/core/*.h include/lfprim/core/bench/*.h \
	userspace/include/lfprim/backend/*.h) userspace/live.h
CASES := $(wildcard selftests/cases/*.c selftests/cases/*.h)
SELFTEST_SRCS := $(wildcard selftests/user/*.h selftests/user/*.c) userspace/futex.h

TEST_BIN   := selftests/user/lfprim-selftests
SYSFS_BIN  := selftests/user/lfprim-sysfs-test
BTEST_BIN  := selftests/user/lfprim-bench-test
STRESS_BIN := selftests/user/lfprim-stress
FAILNTH_BIN := selftests/user/lfprim-failnth
BENCH_BIN  := userspace/bench/lfprim-bench
ADVISE_BIN := userspace/bench/lfprim-advise
# lfprim-lint: a Python driver and its Coccinelle rules (no compiler).
LINT_DIR   := userspace/tools/lint
LINT_BIN   := $(LINT_DIR)/lfprim-lint
LINT_RULES := $(wildcard $(LINT_DIR)/rules/*.cocci) $(LINT_DIR)/rules/spatch.macros
STATIC_BINS := $(TEST_BIN)-static $(SYSFS_BIN)-static $(BTEST_BIN)-static \
	$(STRESS_BIN)-static $(BENCH_BIN)-static $(FAILNTH_BIN)-static \
	$(ADVISE_BIN)-static

# The kselftest headers come out of linux-source-6.12 into the cache on
# first use; recipes ask for the directory when they run (never while make
# reads this file, so "make -n", "make clean" and "make kmod" never do).
KFILES_SH := selftests/tools/kernel-files.sh
KSELFTEST := -isystem "$$($(KFILES_SH))/include"

.PHONY: FORCE all need deps kmod user tests bench static install modules_install \
	check check-user check-fuzz check-asan check-failalloc check-tsan check-valgrind check-stress stress vm-stock vm-debug vm-kcsan check-map demo lint clean \
	dkms-tree dkms-check dkms-install dkms-uninstall kmod-devel-install
.PHONY: man check-tools check-fresh bundle check-bundle lint-tool lint-demote \
	check-lint-demote

# Builds only; says what is missing (make deps installs it).
all: need kmod user tests bench lint-tool

need:
	@KDIR=$(KDIR) selftests/tools/need.sh

deps:
	@selftests/tools/deps.sh

# ---- kernel module and kernel test module ----
# lfprim.ko alone, as users build it; the VM lanes build the test build
# (delay injection) and the test module themselves (selftests/vm/lane.sh).
kmod:
	$(MAKE) -C $(KDIR) M=$(CURDIR) LFPRIM_VERSION=$(VERSION) modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

# DKMS: the module's sources and dkms.conf under $(DKMS_SRC), then
# dkms add, build and install for the running kernel (or DKMS_KERNEL).
DKMS_VERSION ?= $(VERSION)
DKMS_SRC     ?= $(DESTDIR)/usr/src/lfprim-$(DKMS_VERSION)
DKMS_KERNEL  ?= $(shell uname -r)

# The headers a module building on lfprim.ko compiles against: contracts,
# shared logic, kernel backends and <lfprim/kmod.h> (the namespace).
KMOD_DEVEL_HDRS = include/lfprim/*.h include/lfprim/core/*.h \
	include/lfprim/core/bench/*.h kmod/include/lfprim/*.h \
	kmod/include/lfprim/backend/*.h

# The sources, dkms.conf, and, for modules building on lfprim.ko, the
# headers under include/ and kmod/include/; DKMS's POST_BUILD
# (kmod/dkms-post-build.sh) adds Module.symvers after each build.
dkms-tree:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/kmod/knobs
	echo 'obj-m += kmod/' > $(DKMS_SRC)/Kbuild
	install -m 0644 kmod/Kbuild kmod/*.c kmod/*.h $(DKMS_SRC)/kmod/
	install -m 0755 kmod/dkms-post-build.sh $(DKMS_SRC)/kmod/
	sed -i -e 's|^LFPRIM_VERSION ?=.*|LFPRIM_VERSION ?= $(DKMS_VERSION)|' $(DKMS_SRC)/kmod/Kbuild
	install -m 0644 kmod/knobs/*.c kmod/knobs/*.h $(DKMS_SRC)/kmod/knobs/
	for f in $(KMOD_DEVEL_HDRS); do install -D -m 0644 $$f $(DKMS_SRC)/$$f; done
	sed -e 's|@VERSION@|$(DKMS_VERSION)|' kmod/dkms.conf.in > $(DKMS_SRC)/dkms.conf

# Without DKMS: after "make kmod", what a module building on lfprim.ko
# needs, in the DKMS tree's layout: the headers and Module.symvers under
# $(KMOD_DEVEL_DIR) (default $(DESTDIR)/usr/src/lfprim-$(VERSION)).
KMOD_DEVEL_DIR ?= $(DKMS_SRC)
KMOD_SYMVERS   ?= Module.symvers

kmod-devel-install:
	@test -f $(KMOD_SYMVERS) || { echo "$(KMOD_SYMVERS) missing: make kmod first" >&2; exit 1; }
	for f in $(KMOD_DEVEL_HDRS); do install -D -m 0644 $$f $(KMOD_DEVEL_DIR)/$$f; done
	install -m 0644 $(KMOD_SYMVERS) $(KMOD_DEVEL_DIR)/Module.symvers

# The real round trip through the dkms tool (needs root): dkms-install and
# dkms-uninstall of lfprim/$(VERSION)-check for the newest kernel with
# headers under /lib/modules, checking what each leaves behind.
dkms-check:
	selftests/tools/dkms-check.sh $(VERSION)

# Re-runnable: an lfprim/$(DKMS_VERSION) registered before (an earlier
# install, or one that failed) is removed first, since dkms add refuses a
# version it already has; a failed build or install shows the end of
# DKMS's make.log and then removes this registration and the sources, so
# that nothing half-installed stays behind.
DKMS_MOD := lfprim/$(DKMS_VERSION)
DKMS_REGISTERED = [ -n "$$(dkms status -m lfprim -v $(DKMS_VERSION) 2>/dev/null)" ]

dkms-install:
	@if $(DKMS_REGISTERED); then \
		echo "dkms-install: removing the $(DKMS_MOD) registered before"; \
		dkms remove $(DKMS_MOD) --all; \
	fi
	@if [ -e /var/lib/dkms/$(DKMS_MOD) ]; then \
		echo "dkms-install: /var/lib/dkms/$(DKMS_MOD) is still there; remove it" >&2; \
		exit 1; \
	fi
	$(MAKE) --no-print-directory dkms-tree
	dkms add $(DKMS_MOD)
	@dkms build $(DKMS_MOD) -k $(DKMS_KERNEL) && \
	dkms install $(DKMS_MOD) -k $(DKMS_KERNEL) || { \
		log=/var/lib/dkms/$(DKMS_MOD)/build/make.log; \
		[ ! -f $$log ] || tail -n 20 $$log >&2; \
		echo "dkms-install: $(DKMS_MOD) failed for $(DKMS_KERNEL); removing it" >&2; \
		dkms remove $(DKMS_MOD) --all >/dev/null 2>&1; \
		rm -rf $(DKMS_SRC); \
		exit 1; }

dkms-uninstall:
	dkms remove lfprim/$(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)

# ---- user-space library ----
user: $(LIB_A) $(LIB_SO) $(PC_FILE)

userspace/%.o: userspace/%.c
	$(CC) $(U_CPPFLAGS) $(U_CFLAGS) $(DEPFLAGS) -c -o $@ $<

userspace/%.pic.o: userspace/%.c
	$(CC) $(U_CPPFLAGS) $(U_CFLAGS) $(DEPFLAGS) -fPIC -c -o $@ $<

userspace/%.inj.o: userspace/%.c
	$(CC) $(U_CPPFLAGS) $(INJ) $(U_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(LIB_INJ_A): $(LIB_INJ)
	rm -f $@
	ar rcs $@ $^

$(LIB_A): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(LIB_SO): $(LIB_PIC) $(LIB_MAP)
	$(CC) -shared -pthread -Wl,-soname,liblfprim.so.$(SOVERSION) \
		-Wl,--version-script=$(LIB_MAP) -o $@ $(LIB_PIC) $(LIB_URCU_LIBS)
	ln -sf liblfprim.so.$(VERSION) userspace/liblfprim.so.$(SOVERSION)
	ln -sf liblfprim.so.$(SOVERSION) userspace/liblfprim.so

# Written for the PREFIX, LIBDIR and INCLUDEDIR in use (a stamp of them
# remakes it when one changes), relative to ${prefix} where they are under
# it, so that pkg-config --define-prefix can move it.
PC_VARS := $(PREFIX)|$(LIBDIR)|$(INCLUDEDIR)|$(VERSION)
PC_REL   = $(patsubst $(PREFIX)%,$${prefix}%,$(1))

userspace/lfprim.pc.vars: FORCE
	@echo '$(PC_VARS)' | cmp -s - $@ || echo '$(PC_VARS)' > $@

$(PC_FILE): userspace/lfprim.pc.in userspace/lfprim.pc.vars
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(call PC_REL,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(call PC_REL,$(INCLUDEDIR))|' -e 's|@VERSION@|$(VERSION)|' $< > $@

FORCE:

# ---- tests and benchmark (dynamic for the host, static for the guest) ----
tests: $(TEST_BIN) $(SYSFS_BIN) $(BTEST_BIN) $(STRESS_BIN)
bench: $(BENCH_BIN) $(ADVISE_BIN)
static: $(STATIC_BINS)

$(TEST_BIN) $(TEST_BIN)-static: selftests/user/lfprim_selftests.c
$(SYSFS_BIN) $(SYSFS_BIN)-static: selftests/user/lfprim_sysfs_test.c
$(BTEST_BIN) $(BTEST_BIN)-static: selftests/user/lfprim_bench_test.c
$(STRESS_BIN) $(STRESS_BIN)-static: selftests/user/lfprim_stress.c
$(BENCH_BIN) $(BENCH_BIN)-static: userspace/bench/lfprim-bench.c

# The tools print the version (--version); the bench's test checks it.
TOOL_VERSION := -DLFPRIM_VERSION='"$(VERSION)"'
$(BENCH_BIN) $(BENCH_BIN)-static $(STRESS_BIN) $(STRESS_BIN)-static \
$(BTEST_BIN) $(BTEST_BIN)-static: private U_CPPFLAGS += $(TOOL_VERSION)

# The decision tree: no library; --measure runs lfprim-bench.
ADVISE_SRCS := userspace/bench/lfprim-advise.c userspace/bench/advise_tree.c \
	userspace/bench/advise_measure.c
$(ADVISE_BIN): $(ADVISE_SRCS)
	$(CC) $(U_CPPFLAGS) $(TOOL_VERSION) $(U_CFLAGS) $(DEPFLAGS) -o $@ $(ADVISE_SRCS) -lm
$(ADVISE_BIN)-static: $(ADVISE_SRCS)
	$(CC) $(U_CPPFLAGS) $(TOOL_VERSION) $(U_CFLAGS) $(DEPFLAGS) -static -o $@ $(ADVISE_SRCS) -lm

# The runners of the shared cases link the test build of the library.
$(SYSFS_BIN) $(BTEST_BIN) $(BENCH_BIN): $(LIB_A)
	$(CC) $(U_CPPFLAGS) $(KSELFTEST) $(U_CFLAGS) $(DEPFLAGS) -o $@ $(firstword $(filter %.c,$^)) $(LIB_A) $(URCU_LIBS)

$(TEST_BIN) $(STRESS_BIN): $(LIB_INJ_A)
	$(CC) $(U_CPPFLAGS) $(INJ) $(KSELFTEST) $(U_CFLAGS) $(DEPFLAGS) -o $@ $(firstword $(filter %.c,$^)) $(LIB_INJ_A) $(URCU_LIBS)

$(SYSFS_BIN)-static $(BTEST_BIN)-static $(BENCH_BIN)-static: $(LIB_A)
	$(CC) $(U_CPPFLAGS) $(KSELFTEST) $(U_CFLAGS) $(DEPFLAGS) -static -o $@ $(firstword $(filter %.c,$^)) $(LIB_A) $(URCU_LIBS)

$(TEST_BIN)-static $(STRESS_BIN)-static: $(LIB_INJ_A)
	$(CC) $(U_CPPFLAGS) $(INJ) $(KSELFTEST) $(U_CFLAGS) $(DEPFLAGS) -static -o $@ $(firstword $(filter %.c,$^)) $(LIB_INJ_A) $(URCU_LIBS)

# The allocation-failure driver of the debug guest: no library.
$(FAILNTH_BIN)-static: selftests/user/lfprim_failnth.c \
		$(wildcard selftests/user/failnth/*.c)
	$(CC) $(U_CFLAGS) -static -o $@ $<

# ---- install ----
# The backend headers the contract headers include; the benchmark's and the
# sysfs parsers' (bench.h, kstrto.h) stay in the tree.
INSTALL_BACKEND_HDRS := $(filter-out %/bench.h %/kstrto.h, \
	$(wildcard userspace/include/lfprim/backend/*.h))

# The examples' sources and their Makefile (pkg-config), and valgrind
# suppressions for what liburcu keeps until exit.
EXAMPLE_FILES := $(wildcard userspace/examples/*.c) userspace/examples/Makefile

install: user $(PC_FILE)
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/lfprim/backend
	install -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 0755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf liblfprim.so.$(VERSION) $(DESTDIR)$(LIBDIR)/liblfprim.so.$(SOVERSION)
	ln -sf liblfprim.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/liblfprim.so
	install -m 0644 $(PC_FILE) $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 0644 include/lfprim/*.h $(DESTDIR)$(INCLUDEDIR)/lfprim/
	install -m 0644 $(INSTALL_BACKEND_HDRS) $(DESTDIR)$(INCLUDEDIR)/lfprim/backend/
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 0755 $(BENCH_BIN) $(ADVISE_BIN) $(STRESS_BIN) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(MAN3_DIR)/*.3 $(DESTDIR)$(MANDIR)/man3/
	install -d $(DESTDIR)$(DATADIR)/lfprim $(DESTDIR)$(DOCDIR)/examples
	install -m 0644 userspace/lfprim.supp $(DESTDIR)$(DATADIR)/lfprim/
	install -m 0644 $(EXAMPLE_FILES) $(DESTDIR)$(DOCDIR)/examples/
	install -m 0755 $(LINT_BIN) $(DESTDIR)$(BINDIR)/
	install -d $(DESTDIR)$(DATADIR)/lfprim/lint
	install -m 0644 $(LINT_RULES) $(DESTDIR)$(DATADIR)/lfprim/lint/

# The tools as built for the host (liblfprim linked in, liburcu shared,
# as the installed library needs it anyway); the -static builds are for
# the test guest, which has no liburcu.
install: $(BENCH_BIN) $(ADVISE_BIN) $(STRESS_BIN) $(LINT_BIN) man

# ---- lfprim-lint: the checklist as Coccinelle semantic patches ----
# A Python driver (spatch once per rule) and the rules; the driver finds
# them next to itself (rules/) or in ../share/lfprim/lint once installed.

lint-tool: $(LINT_BIN)

$(LINT_BIN): $(LINT_BIN).in Makefile
	sed 's/@VERSION@/$(VERSION)/' $< >$@.tmp && chmod 0755 $@.tmp && mv $@.tmp $@

# make lint-demote DIR=path: the findings (exit 1 when there is one).
lint-demote: $(LINT_BIN)
	@test -n "$(DIR)" || { echo "usage: make lint-demote DIR=path..." >&2; exit 2; }
	$(LINT_BIN) $(DIR)

# Its rules on their fixtures, both worlds, and its command line.
check-lint-demote: $(LINT_BIN)
	selftests/lint/check.sh

# ---- manual pages ----
# Section 1: written by hand.  Section 3: one page per function, struct
# and enum of the contracts, generated from their kernel-doc by the
# kernel's kernel-doc (linux-source-6.12), never committed.
MAN1     := Documentation/man/lfprim-bench.1 Documentation/man/lfprim-stress.1 \
	Documentation/man/lfprim-advise.1 Documentation/man/lfprim-lint.1
MAN3_DIR := build/man3

man: $(MAN3_DIR)/.stamp

$(MAN3_DIR)/.stamp: $(wildcard include/lfprim/*.h) selftests/tools/man3.sh
	@selftests/tools/man3.sh $(MAN3_DIR) $(VERSION) $(wildcard include/lfprim/*.h) || \
		{ echo "make: the section 3 pages need kernel-doc; nothing installed" >&2; exit 1; }
	touch $@

# The tools' command lines, their manual pages, and make install into a
# scratch DESTDIR.
check-tools: $(BENCH_BIN) $(ADVISE_BIN) $(STRESS_BIN) $(LINT_BIN) man
	selftests/tools/check-tools.sh
	selftests/tools/advise-test.sh

# What a user gets: make install into a scratch DESTDIR, then C and C++
# programs built and run against that tree only (through pkg-config), the
# exported symbols against the headers, every header on its own, the
# installed examples built and run, a program under valgrind with the
# installed suppressions.
.PHONY: check-install
check-install: user
	selftests/install/check.sh

# ---- tests ----
check: deps all static lint check-map dkms-check check-user check-fresh check-bundle \
	check-install check-tools check-lint-demote check-fuzz check-asan \
	check-failalloc check-tsan check-valgrind check-stress vm-stock vm-debug vm-kcsan
	@echo "check: all lanes passed"

# The user-space suite and library built together under AddressSanitizer
# and UndefinedBehaviorSanitizer: any report fails the run.
ASAN_BIN := selftests/user/lfprim-selftests-asan
TSAN_FLAGS := -fsanitize=thread -Wno-tsan -O1 -g
TSAN_CPPFLAGS := -Iinclude -Iuserspace/include -D_GNU_SOURCE $(INJ)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -O1 -g

# The four sanitizer builds (the suite and the stress driver, each under
# ASan+UBSan and under TSan): the runner and the library's sources in one
# program.  $(1) the binary, $(2) the runner, $(3) the preprocessor flags,
# $(4) the sanitizer flags.  rcu.c needs liburcu's internals and is always
# built with _LGPL_SOURCE.  One compile of many sources: the prerequisites
# are listed rather than written by the compiler.
define SAN_BIN
$(1): $(2) $$(LIB_SRCS) $$(HDRS) $$(CASES) $$(SELFTEST_SRCS)
	$$(CC) $(3) -D_LGPL_SOURCE $$(WARN) -pthread $(4) \
		-c -o $$@-rcu.o userspace/rcu.c
	$$(CC) $(3) $$(KSELFTEST) $$(WARN) -pthread $(4) \
		-o $$@ $(2) $$(filter-out userspace/rcu.c,$$(LIB_SRCS)) \
		$$@-rcu.o $$(URCU_LIBS)
endef

$(eval $(call SAN_BIN,$(ASAN_BIN),selftests/user/lfprim_selftests.c,$(U_CPPFLAGS) $(INJ),$(SAN_FLAGS)))

# Allocation-failure injection under the same sanitizers: the library's
# objects are linked into one relocatable object with --wrap for each
# allocating call they make (FA_WRAP), so that the driver fails exactly
# lfprim's Nth call, N = 1, 2, ... through every path that allocates, and
# checks the errno, the object's state and (LeakSanitizer) the leaks.
FAILALLOC_BIN := selftests/user/lfprim-failalloc
FA_WRAP := malloc calloc realloc aligned_alloc posix_memalign \
	pthread_create pthread_setspecific

$(FAILALLOC_BIN): $(LIB_SRCS) selftests/user/lfprim_failalloc.c $(HDRS) \
		$(wildcard selftests/user/failalloc/*.c) \
		userspace/futex.h
	$(CC) $(U_CPPFLAGS) $(WARN) -pthread $(SAN_FLAGS) -r -nostdlib \
		$(foreach s,$(FA_WRAP),-Wl,--wrap=$(s)) -o $@-lib.o $(LIB_SRCS)
	$(CC) $(U_CPPFLAGS) $(WARN) -pthread $(SAN_FLAGS) $(DEPFLAGS) -o $@ \
		selftests/user/lfprim_failalloc.c $@-lib.o $(LIB_URCU_LIBS)

# The stress driver under the same sanitizers (check-asan, check-tsan run
# it for 20 s): the torture drivers' random mixes, checked by ASan/TSan.
STRESS_ASAN_BIN := $(STRESS_BIN)-asan
STRESS_TSAN_BIN := $(STRESS_BIN)-tsan

$(eval $(call SAN_BIN,$(STRESS_ASAN_BIN),selftests/user/lfprim_stress.c,$(U_CPPFLAGS) $(INJ) $(TOOL_VERSION),$(SAN_FLAGS)))
$(eval $(call SAN_BIN,$(STRESS_TSAN_BIN),selftests/user/lfprim_stress.c,$(TSAN_CPPFLAGS) $(TOOL_VERSION),$(TSAN_FLAGS)))

# Long runs of every primitive's cases with injected delays
# (LFPRIM_STRESS_S seconds in all, default 600); a short one is in check.
stress: $(STRESS_BIN) kmod static
	$(STRESS_BIN) -d $(or $(LFPRIM_STRESS_S),600)
	LFPRIM_STRESS_S=$(or $(LFPRIM_STRESS_S),300) selftests/vm/lane.sh stress

check-stress: $(STRESS_BIN) kmod static
	$(STRESS_BIN) -d 30
	LFPRIM_STRESS_S=20 selftests/vm/lane.sh stress
	LFPRIM_STRESS_S=10 LFPRIM_STRESS_CYCLES=1 selftests/vm/lane.sh stress-debug

# Memcheck on the user-space suite (each case in its own child, traced):
# any error or definite leak fails the case.  group_limit_max runs 512
# task threads at once, over valgrind's default of 500 threads.
# Valgrind runs one thread at a time; its default lock is unfair, so a
# thread that spins (a publisher, a gate held open) can keep a thread
# woken from a sleep off the CPU for tens of seconds.  --fair-sched=yes
# hands the CPU round in order.
check-valgrind: $(TEST_BIN)
	LFPRIM_TEST_SCALE=5 valgrind --fair-sched=yes --error-exitcode=99 \
		--leak-check=full --max-threads=1024 \
		--errors-for-leak-kinds=definite --show-possibly-lost=no --quiet \
		$(TEST_BIN)

# ThreadSanitizer: the library without _LGPL_SOURCE, so that liburcu's
# read side runs in liburcu (not instrumented, suppressed as a library)
# and lfprim's own edges with it are the annotated ones
# (userspace/include/lfprim/backend/tsan.h); rcu.c needs liburcu's
# internals and is built with it.  Suppressions: selftests/user/tsan.supp.
TSAN_BIN := selftests/user/lfprim-selftests-tsan

$(eval $(call SAN_BIN,$(TSAN_BIN),selftests/user/lfprim_selftests.c,$(TSAN_CPPFLAGS),$(TSAN_FLAGS)))

check-tsan: $(TSAN_BIN) $(STRESS_TSAN_BIN)
	LFPRIM_TEST_SCALE=20 \
	TSAN_OPTIONS="suppressions=$(CURDIR)/selftests/user/tsan.supp halt_on_error=1" \
		$(TSAN_BIN)
	LFPRIM_TEST_SCALE=20 \
	TSAN_OPTIONS="suppressions=$(CURDIR)/selftests/user/tsan.supp halt_on_error=1" \
		$(STRESS_TSAN_BIN) -d 20

# libFuzzer on the sysfs/parameter parsers, built as the module uses them
# but against a user-space statement of kstrto*()'s rules.
FUZZ_BIN := selftests/fuzz/parse-fuzz

$(FUZZ_BIN): selftests/fuzz/parse_fuzz.c selftests/fuzz/kstrto.h include/lfprim/core/parse.h
	clang -Iinclude -Wall -Wextra -O1 -g \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ selftests/fuzz/parse_fuzz.c

check-fuzz: $(FUZZ_BIN)
	mkdir -p selftests/vm/out
	$(FUZZ_BIN) -max_total_time=20 -max_len=300 -print_final_stats=1 \
		-artifact_prefix=selftests/vm/out/ >selftests/vm/out/fuzz.log 2>&1 || \
		{ tail -n 40 selftests/vm/out/fuzz.log; exit 1; }
	tail -n 5 selftests/vm/out/fuzz.log

check-asan: $(ASAN_BIN) $(STRESS_ASAN_BIN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(ASAN_BIN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(STRESS_ASAN_BIN) -d 20

check-failalloc: $(FAILALLOC_BIN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(FAILALLOC_BIN)

# Second run: glibc without rseq, so CPU shards take the sched_getcpu() path.
check-user: $(TEST_BIN) $(BTEST_BIN) $(BENCH_BIN)
	$(TEST_BIN)
	GLIBC_TUNABLES=glibc.pthread.rseq=0 $(TEST_BIN)
	LFPRIM_BENCH=$(BENCH_BIN) $(BTEST_BIN)

# The stock lane's module is built with W=1, as the debug lane's is: both
# kernel versions (6.1 headers, the 6.12 tree) must build it warning-free.
vm-stock: static
	mkdir -p selftests/vm/out
	$(MAKE) kmod W=1 >selftests/vm/out/kmod-w1.log 2>&1 || \
		{ cat selftests/vm/out/kmod-w1.log; exit 1; }
	@cat selftests/vm/out/kmod-w1.log
	@! grep -E 'warning:' selftests/vm/out/kmod-w1.log
	selftests/vm/lane.sh stock

vm-debug: static
	selftests/vm/lane.sh debug

# The kernel's data-race detector: the suite, then a short stress lane
# (torture drivers, CPU hotplug, live knobs) on the KCSAN kernel.
vm-kcsan: static
	selftests/vm/lane.sh kcsan
	LFPRIM_STRESS_S=10 LFPRIM_STRESS_CYCLES=1 selftests/vm/lane.sh stress-kcsan

# Every row of every contract's concurrency table names a test that runs
# it concurrently (selftests/contract-map).
check-map:
	selftests/tools/contract-map.sh

# KERNEL=perf: the perf guest kernel, with the kernel's refscale as a peer.
demo: deps all static
	LFPRIM_KERNEL=$(or $(KERNEL),stock) selftests/bench/demo.sh

# The demo as one tarball for any x86-64 Linux host (selftests/bundle/):
# qemu and its libraries, both guest kernels, lfprim.ko for each, the
# initramfs, busybox and mawk for the host side, run.sh.  check-bundle
# runs it (--quick) in an empty root with nothing but the unpacked
# bundle.  Remade when what it holds changes (the perf kernel: when its
# cached build does, see selftests/vm/build-kernel.sh).
BUNDLE := build/lfprim-bundle.tar.xz
BUNDLE_SRCS := $(wildcard selftests/bundle/*.sh selftests/guest/*.sh \
	selftests/bench/*.awk kmod/*.[ch] kmod/knobs/*.[ch] kmod/Kbuild \
	include/lfprim/*.h include/lfprim/core/*.h include/lfprim/core/bench/*.h \
	kmod/include/lfprim/*.h kmod/include/lfprim/backend/*.h) \
	selftests/guest.sh selftests/bench/matrix.sh selftests/vm/splats \
	selftests/vm/init.sh selftests/vm/mkinitramfs.sh \
	selftests/vm/perf.config selftests/vm/base.config

bundle: $(BUNDLE)

$(BUNDLE): $(BUNDLE_SRCS) $(BENCH_BIN)-static
	@mkdir -p $(dir $@)
	selftests/bundle/mkbundle.sh $@

check-bundle: $(BUNDLE)
	selftests/bundle/check.sh $(BUNDLE)

# The user-space half on a fresh machine: a bare Debian root with only
# the packages "deps.sh user" declares, then the build, the suite and
# the fuzz build inside it (selftests/tools/fresh.sh).
check-fresh:
	selftests/tools/fresh.sh

lint:
	selftests/tools/lint.sh
	selftests/tools/prim-spread.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f userspace/*.o userspace/*.d userspace/lfprim.pc.vars selftests/user/*.d userspace/bench/*.d $(LIB_A) $(LIB_INJ_A) $(LIB_SO) userspace/liblfprim.so.$(SOVERSION) userspace/liblfprim.so $(PC_FILE) \
		$(TEST_BIN) $(SYSFS_BIN) $(BTEST_BIN) $(STRESS_BIN) $(BENCH_BIN) $(ADVISE_BIN) \
		$(STATIC_BINS) $(ASAN_BIN) $(TSAN_BIN) $(TSAN_BIN)-rcu.o $(FUZZ_BIN) \
		$(STRESS_ASAN_BIN) $(STRESS_TSAN_BIN) $(STRESS_TSAN_BIN)-rcu.o \
		$(FAILALLOC_BIN) $(FAILALLOC_BIN)-lib.o $(BUNDLE) $(LINT_BIN)
	rm -rf $(MAN3_DIR)
	rm -rf selftests/vm/out

-include $(wildcard userspace/*.d userspace/bench/*.d selftests/user/*.d)
