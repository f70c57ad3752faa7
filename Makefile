# l2tpgw top-level build.
#
#   make            module + daemon + library + tool
#   make check      unit tests, then the VM suite; last line "N passed, N failed"
#   make demo       setup, then the most complete end-to-end scenario in the VM
#   make fuzz       libFuzzer targets (clang)
#   make fuzz-long SECONDS=N  every fuzz target for N seconds, execs printed
#   make install    the userspace (INSTALL_MODULE=1: the module too); DESTDIR=,
#                   PREFIX= honoured; the module: install-dkms-src, install-module
#   make deb        Debian packages into build/deb/ (debian/)
#
# The module builds against the running kernel's headers, or KVER=/KDIR=.
# A running kernel without headers (a development VM, a container) falls
# back to the ABI linux-headers-amd64 depends on: the kernel tests/vm boots
# (tests/vm/lib/kernel.sh), whatever other header sets are installed.

RUNNING_KVER := $(shell uname -r)
HEADERS_KVER := $(shell dpkg-query -W -f='$${Depends}' linux-headers-amd64 \
		  2>/dev/null | sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p')
KVER ?= $(if $(wildcard /lib/modules/$(RUNNING_KVER)/build),$(RUNNING_KVER),$(HEADERS_KVER))
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
		    $(wildcard /usr/src/linux-headers-$(KVER)))

# The release: the one line of VERSION.  kmod/Kbuild reads the same file,
# dkms.conf repeats it (DKMS reads no Makefile) and tests/pkg/run checks
# that every binary and dkms.conf agree with it.
VERSION := $(shell cat VERSION)
ifeq ($(VERSION),)
$(error VERSION: no release version in the file VERSION)
endif
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
# In systemd's search paths for PREFIX=/usr/local as for /usr.
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d

CC ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter
DEPS := libmnl libnl-3.0 libnl-route-3.0 nettle json-c
# notify: sd_notify under systemd; privdrop: the capabilities kept after
# root; metrics: the Prometheus endpoint
DEPS += libsystemd libcap-ng libmicrohttpd
override CFLAGS += -std=c11 -D_GNU_SOURCE $(WARN) -fPIC -DL2TPGW_VERSION=\"$(VERSION)\" \
	-Iinclude/uapi -Iinclude -Idaemon -Ilibl2tpctl -Itools/l2tpctl \
	$(shell $(PKG_CONFIG) --cflags $(DEPS))
LDLIBS_DEPS := $(shell $(PKG_CONFIG) --libs $(DEPS))
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check)
override CFLAGS += -MMD -MP

# --- userspace -------------------------------------------------------------

DAEMON_SRCS := $(filter-out daemon/main.c,$(wildcard daemon/*.c daemon/*/*.c))
DAEMON_OBJS := $(DAEMON_SRCS:.c=.o)
LIB_SRCS := $(wildcard libl2tpctl/*.c)
LIB_OBJS := $(LIB_SRCS:.c=.o)
TOOL_SRCS := $(wildcard tools/l2tpctl/*.c)
TOOL_OBJS := $(TOOL_SRCS:.c=.o)
# Everything of the tool but main(), for unit tests of its parsers/printers.
TOOL_LIB_OBJS := $(filter-out tools/l2tpctl/main.o,$(TOOL_OBJS))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:.c=)
UNIT_HELPER_OBJS := $(patsubst %.c,%.o,$(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c)))

LIB_SONAME := libl2tpctl.so.1
LIB_SO := libl2tpctl/$(LIB_SONAME)

PROGS :=
ifneq ($(wildcard daemon/main.c),)
PROGS += daemon/l2tpgwd
endif
ifneq ($(LIB_SRCS),)
PROGS += libl2tpctl/libl2tpctl.a $(LIB_SO)
endif
ifneq ($(TOOL_SRCS),)
PROGS += tools/l2tpctl/l2tpctl
endif
# What the VM scenarios need from netlink beyond l2tpctl (tests/vm/helper).
NLTEST_SRCS := $(wildcard tests/vm/helper/*.c)
ifneq ($(NLTEST_SRCS),)
PROGS += tests/vm/helper/l2tpgw-nltest
endif

comma := ,
.SECONDARY:

.PHONY: all userspace module check check-long unit-check vm-check demo bench fuzz fuzz-long \
	install install-systemd uninstall clean checkpatch sparse
all: userspace module

userspace: $(PROGS)

daemon/libl2tpgwd.a: $(DAEMON_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

daemon/l2tpgwd: daemon/main.o daemon/libl2tpgwd.a libl2tpctl/libl2tpctl.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_DEPS) $(LDLIBS)

libl2tpctl/libl2tpctl.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(LIB_SO): $(LIB_OBJS) $(wildcard libl2tpctl/libl2tpctl.map) Makefile
	$(CC) $(LDFLAGS) -shared -Wl,-soname,$(LIB_SONAME) \
		$(if $(wildcard libl2tpctl/libl2tpctl.map),-Wl$(comma)--version-script=libl2tpctl/libl2tpctl.map) \
		-o $@ $(LIB_OBJS) $(shell $(PKG_CONFIG) --libs libmnl json-c)
	ln -sf $(LIB_SONAME) libl2tpctl/libl2tpctl.so



# The tool links the library statically so it runs from the build tree.
tools/l2tpctl/l2tpctl: tools/l2tpctl/main.o tools/l2tpctl/libcli.a libl2tpctl/libl2tpctl.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_DEPS) $(LDLIBS)

tools/l2tpctl/libcli.a: $(TOOL_LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# The release is compiled in (-DL2TPGW_VERSION): a new one rebuilds.
$(DAEMON_OBJS) daemon/main.o $(LIB_OBJS) $(TOOL_OBJS): VERSION

tests/vm/helper/l2tpgw-nltest: $(NLTEST_SRCS:.c=.o) daemon/libl2tpgwd.a libl2tpctl/libl2tpctl.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_DEPS) $(LDLIBS)

tests/unit/test_%: tests/unit/test_%.o $(UNIT_HELPER_OBJS) \
		$(if $(DAEMON_OBJS),daemon/libl2tpgwd.a) \
		$(if $(TOOL_LIB_OBJS),tools/l2tpctl/libcli.a) \
		$(if $(LIB_OBJS),libl2tpctl/libl2tpctl.a)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS_DEPS) $(LDLIBS)

# Tests of kmod/ files built for the host: they include the .c file itself,
# with tests/kshim standing in for the kernel headers.
KSHIM_CFLAGS := -Itests/kshim -Ikmod
tests/unit/test_kmod_%.o: override CFLAGS += $(KSHIM_CFLAGS)

# --- kernel module -----------------------------------------------------------

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

checkpatch:
	tests/lint/checkpatch

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 W=1 modules

# --- tests -------------------------------------------------------------------

unit-check: $(UNIT_BINS)
	tests/run-unit $(UNIT_BINS)

vm-check: all
	tests/vm/run --all

# Every VM scenario (or SCENARIOS="a b") on a debug kernel (KASAN, UBSAN,
# lockdep, kmemleak ...) built once from linux-source-6.1 into .cache/;
# tests/vm/debug/ and docs/testing.md.  Not in make check: the first
# build takes hours on two cores (docs/testing.md).
.PHONY: check-debug
check-debug: userspace
	tests/vm/debug/run $(or $(SCENARIOS),--all)

# Scenarios too long for make check (floods of minutes): tests/vm/long/.
check-long: all
	tests/vm/run tests/vm/long/*.sh

check: all $(UNIT_BINS)
	tests/run-all $(UNIT_BINS)

pkg-check: all
	tests/pkg/run

demo:
	scripts/setup
	$(MAKE) all
	tests/vm/run --demo

bench: all
	tests/bench/run

# The fuzz targets share one instrumented build of the daemon's sources in
# tests/fuzz/build/ (coverage without libFuzzer's main, then an archive);
# each target is its own object linked against it.
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:.c=)
FUZZ_DIR := tests/fuzz/build
FUZZ_SAN := address,undefined
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fno-sanitize-recover=all \
	-DL2TPGW_VERSION=\"$(VERSION)\" -Iinclude/uapi -Iinclude -Idaemon -Ilibl2tpctl \
	$(shell $(PKG_CONFIG) --cflags $(DEPS)) -MMD -MP
FUZZ_OBJS := $(DAEMON_SRCS:%.c=$(FUZZ_DIR)/%.o) $(LIB_SRCS:%.c=$(FUZZ_DIR)/%.o)
FUZZ_MAIN_OBJS := $(FUZZ_SRCS:%.c=$(FUZZ_DIR)/%.o)
fuzz: $(FUZZ_BINS)
$(FUZZ_OBJS) $(FUZZ_MAIN_OBJS): $(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -c -o $@ $<
$(FUZZ_OBJS): VERSION
$(FUZZ_DIR)/tests/fuzz/fuzz_kmod_%.o: FUZZ_CFLAGS += $(KSHIM_CFLAGS)
$(FUZZ_DIR)/libl2tpgwd-fuzz.a: $(FUZZ_OBJS)
	rm -f $@
	$(AR) rcs $@ $^
$(FUZZ_BINS): tests/fuzz/%: $(FUZZ_DIR)/tests/fuzz/%.o $(FUZZ_DIR)/libl2tpgwd-fuzz.a
	clang -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $^ $(LDLIBS_DEPS)

# Every target for SECONDS seconds each (L2TPGW_FUZZ_TARGETS="a b": some).
SECONDS ?= 60
fuzz-long: fuzz
	tests/run-fuzz-long $(SECONDS)

# --- install -----------------------------------------------------------------
# `make install` puts the userspace in place (daemon, tool, library, headers,
# man pages, examples); the module only with INSTALL_MODULE=1 or through
# `make install-module`.  DKMS is the documented way for the module
# (`make install-dkms-src`, then `dkms install l2tpgw/VERSION`; or the
# l2tpgw-dkms package): it rebuilds it for every new kernel.  The two
# never coexist: a copy of one beside the other would shadow it (depmod
# prefers updates/dkms/ to extra/), so each refuses while the other is
# installed (scripts/dkms-pre-install).

DOCDIR ?= $(PREFIX)/share/doc/l2tpgw
DKMSSRCDIR ?= /usr/src/l2tpgw-$(VERSION)
MODLIBDIR = $(DESTDIR)/lib/modules/$(KVER)
# The module's sources as DKMS builds them: the top Kbuild, kmod/, the
# UAPI header and VERSION (read by kmod/Kbuild).
DKMS_SRCS := Kbuild VERSION dkms.conf scripts/dkms-pre-install \
	include/uapi/linux/l2tpgw.h $(wildcard kmod/Kbuild kmod/*.[ch] kmod/compat/*.h)

.PHONY: install-module uninstall-module install-dkms-src deb
install: userspace $(if $(INSTALL_MODULE),install-module)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)
	$(if $(wildcard daemon/l2tpgwd),install -m 755 daemon/l2tpgwd $(DESTDIR)$(SBINDIR)/)
	$(if $(wildcard tools/l2tpctl/l2tpctl),install -m 755 tools/l2tpctl/l2tpctl $(DESTDIR)$(SBINDIR)/)
	$(if $(wildcard $(LIB_SO)),install -m 644 $(LIB_SO) $(DESTDIR)$(LIBDIR)/ && \
		ln -sf $(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libl2tpctl.so)
	$(if $(wildcard libl2tpctl/libl2tpctl.a),install -m 644 libl2tpctl/libl2tpctl.a $(DESTDIR)$(LIBDIR)/)
	$(if $(wildcard libl2tpctl/l2tpctl.h),install -m 644 libl2tpctl/l2tpctl.h $(DESTDIR)$(INCDIR)/)
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCDIR@|$(INCDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		libl2tpctl/libl2tpctl.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/libl2tpctl.pc
	install -D -m 644 tools/completion/l2tpctl.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/l2tpctl
	install -d $(DESTDIR)$(INCDIR)/linux
	install -m 644 include/uapi/linux/l2tpgw.h $(DESTDIR)$(INCDIR)/linux/
	for m in $(wildcard docs/man/*.[1-8]); do \
		s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	install -d $(DESTDIR)$(DOCDIR)/examples
	install -m 644 docs/l2tpgwd.conf.example docs/users.example \
		$(DESTDIR)$(DOCDIR)/examples/
	$(MAKE) install-systemd

# The unit names the binaries where SBINDIR puts them (tests/systemd/verify).
install-systemd:
	install -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(MODULESLOADDIR)
	sed 's|/usr/local/sbin/|$(SBINDIR)/|g' systemd/l2tpgwd.service \
		>$(DESTDIR)$(SYSTEMDUNITDIR)/l2tpgwd.service
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/l2tpgwd.service
	install -m 644 systemd/l2tpgw.conf $(DESTDIR)$(MODULESLOADDIR)/

# The module into lib/modules/KVER/extra, unless DKMS has one there.
install-module: module
	@dup=$$(find $(MODLIBDIR) -name 'l2tpgw.ko*' -path '*/updates/dkms/*' \
		2>/dev/null | head -1); if [ -n "$$dup" ]; then \
		echo "make install-module: DKMS installed l2tpgw for $(KVER) ($$dup);" \
			"a second copy would be shadowed by it." >&2; \
		echo "Use DKMS only (dkms install l2tpgw/$(VERSION)), or remove" \
			"it first: dkms remove l2tpgw/<version> --all" >&2; exit 1; fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=extra modules_install
	$(if $(DESTDIR),,-depmod -a $(KVER))

uninstall-module:
	rm -f $(MODLIBDIR)/extra/l2tpgw.ko*
	$(if $(DESTDIR),,-depmod -a $(KVER))

# The sources DKMS builds from, where `dkms add/install l2tpgw/VERSION`
# looks for them.
install-dkms-src:
	for f in $(DKMS_SRCS); do \
		install -D -m $$(test -x $$f && echo 755 || echo 644) $$f \
			$(DESTDIR)$(DKMSSRCDIR)/$$f; done

# Debian packages (debian/) into build/deb/: dpkg-buildpackage writes them
# to the parent directory, so it runs on a copy of the tracked files.
DEB_OUT ?= build/deb
deb:
	rm -rf $(DEB_OUT) && mkdir -p $(DEB_OUT)/src
	git ls-files -z | xargs -0 cp --parents -t $(DEB_OUT)/src
	cd $(DEB_OUT)/src && dpkg-buildpackage -us -uc -b >../build.log 2>&1 || \
		{ tail -40 ../build.log; exit 1; }
	rm -rf $(DEB_OUT)/src
	ls $(DEB_OUT)

clean:
	rm -f $(DAEMON_OBJS) daemon/main.o daemon/libl2tpgwd.a daemon/l2tpgwd \
		$(LIB_OBJS) libl2tpctl/*.a libl2tpctl/*.so* $(TOOL_OBJS) \
		tools/l2tpctl/l2tpctl tools/l2tpctl/libcli.a \
		tests/vm/helper/*.o tests/vm/helper/l2tpgw-nltest tests/unit/*.o $(UNIT_BINS) $(FUZZ_BINS)
	rm -rf $(FUZZ_DIR)
	find . -name '*.d' -not -path './.git/*' -delete
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean

-include $(wildcard daemon/*.d daemon/*/*.d libl2tpctl/*.d tools/*/*.d tests/unit/*.d \
	tests/vm/helper/*.d $(FUZZ_DIR)/*/*.d $(FUZZ_DIR)/*/*/*.d $(FUZZ_DIR)/*/*/*/*.d)
