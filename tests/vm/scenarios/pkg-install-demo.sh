#!/bin/bash
# timeout: 240
# boot: own
#
# The Debian packages of `make deb` (build/deb/, built by make check's
# stage tests/pkg/deb before the VM suite), installed with dpkg as an
# operator would, then the demo (demo.sh: a Windows-like client over
# IKEv1/PSK, L2TP, PPP with MS-CHAPv2, traffic, hang-up) run from the
# installed files only: /usr/sbin/l2tpgwd, /usr/sbin/l2tpctl and the
# l2tpgw.ko DKMS installed from the l2tpgw-dkms package.
#
# Why a real `dpkg -i` is safe here: the guest's / is an overlay of the
# host's root (read-only over 9p) on tmpfs (tests/vm/guest-init), so
# dpkg's database, /usr, /etc and /var/lib/dkms are written to the
# guest's memory and vanish at power-off; the host is untouched.
# "boot: own": no other scenario sees the installed packages.
#
# Where the module is compiled: DKMS compiling it in the guest under TCG
# takes over six minutes (measured), more than a scenario may.  So the
# guest's kernel has no headers during dpkg -i (l2tpgw-dkms's postinst
# adds the module and skips the build, as on a machine without them), and
# tests/pkg/deb has DKMS build the same package's /usr/src/l2tpgw-VERSION
# on the host against linux-headers-KVER, the guest's kernel, in a
# private DKMS tree; the guest's DKMS takes that build as its own
# (/var/lib/dkms/l2tpgw/VERSION/KVER), `dkms install` puts it in
# updates/dkms, through dkms.conf's PRE_INSTALL check, and insmod loads
# it (depmod would take two minutes).  PKG_DKMS_BUILD=guest goes the
# whole way instead: the postinst's DKMS builds in the guest, depmod,
# modprobe (over eleven minutes under TCG: not for make check).  The copy
# tests/vm/run put in extra/ goes first: DKMS refuses to install beside it
# (scripts/dkms-pre-install; tests/pkg/run checks that).
. tests/vm/lib/netns.sh

DEBS=$L2TPGW_SRC/build/deb
VERSION=$(<"$L2TPGW_SRC/VERSION")
KVER=$(uname -r)
MODDIR=/lib/modules/$KVER

say() { printf '\n== %s\n' "$*"; }
pkg_installed() {
	[[ $(dpkg-query -W -f='${db:Status-Status}' "$1") == installed ]]
}
dkms_installed() {
	dkms status -m l2tpgw -v "$VERSION" -k "$KVER" | grep -q ': installed'
}
loaded_from_dkms() {
	[[ $(modinfo -F filename l2tpgw) == "$MODDIR/updates/dkms/l2tpgw.ko"* ]]
}

debs=()
for p in libl2tpctl1 l2tpgw l2tpgw-dkms; do
	f=$(echo "$DEBS/${p}_${VERSION}_"*.deb)
	[[ -f $f ]] || fail "no $p package for $VERSION in $DEBS: run make deb first"
	debs+=("$f")
done

say "the module of the tree out"
rmmod l2tpgw
rm -f "$MODDIR"/extra/l2tpgw.ko*
built=$DEBS/dkms/tree/l2tpgw/$VERSION/$KVER
if [[ ${PKG_DKMS_BUILD:-host} == guest ]]; then
	# The postinst's DKMS builds the module.
	ln -sfn "/usr/src/linux-headers-$KVER" "$MODDIR/build"
	check "headers for $KVER" test -f "$MODDIR/build/Makefile"
else
	[[ -d $built ]] || fail "no DKMS build for $KVER in $built: run tests/pkg/deb"
fi

say "dpkg -i ${debs[*]##*/}"
# No man-db index update (half a minute under TCG), no debconf dialogs.
rm -f /var/lib/man-db/auto-update
export DEBIAN_FRONTEND=noninteractive
t0=$SECONDS
rc=0
dpkg -i "${debs[@]}" >"$L2TPGW_OUT/dpkg.log" 2>&1 || rc=$?
sed 's/^/    /' "$L2TPGW_OUT/dpkg.log"
check "dpkg -i succeeded" test "$rc" = 0
echo "dpkg -i took $((SECONDS - t0)) s"
for p in libl2tpctl1 l2tpgw l2tpgw-dkms; do
	check "$p is installed" pkg_installed "$p"
done
check "l2tpgw-dkms's postinst added l2tpgw/$VERSION to DKMS" \
	test -d "/var/lib/dkms/l2tpgw/$VERSION/source"

if [[ ${PKG_DKMS_BUILD:-host} != guest ]]; then
	# depmod of the whole module tree, read over 9p under TCG, takes
	# two minutes: DKMS installs without it, and insmod loads its copy
	# (the dependencies are loaded since boot).
	say "DKMS installs the build of the package's source for $KVER"
	cp -a "$built" "/var/lib/dkms/l2tpgw/$VERSION/"
	t0=$SECONDS
	pp dkms install --no-depmod -m l2tpgw -v "$VERSION" -k "$KVER"
	echo "dkms install took $((SECONDS - t0)) s"
fi
pp dkms status l2tpgw
check "DKMS installed l2tpgw/$VERSION for $KVER" dkms_installed

say "what the packages set up"
check "system user l2tpgw" id -u l2tpgw
pp id l2tpgw
check "/etc/l2tpgw is root:l2tpgw 0750" \
	test "$(stat -c '%U:%G %a' /etc/l2tpgw)" = "root:l2tpgw 750"
check "l2tpgwd installed" test -x /usr/sbin/l2tpgwd
check "l2tpctl installed" test -x /usr/sbin/l2tpctl
check "the installed l2tpgwd is $VERSION" \
	test "$(/usr/sbin/l2tpgwd -V)" = "l2tpgwd $VERSION"

# The shipped examples, where quickstart.md puts them: the daemon's default
# configuration path and /etc/l2tpgw/users, secrets readable by root and
# the daemon's group only.
ex=/usr/share/doc/l2tpgw/examples
install -m 0640 -g l2tpgw "$ex/l2tpgwd.conf.example" /etc/l2tpgw/l2tpgwd.conf
install -m 0640 -g l2tpgw "$ex/users.example" /etc/l2tpgw/users
check "the installed examples pass l2tpgwd -n at the default path" \
	/usr/sbin/l2tpgwd -n
rm -f /etc/l2tpgw/l2tpgwd.conf /etc/l2tpgw/users

say "the module DKMS installed"
if [[ ${PKG_DKMS_BUILD:-host} == guest ]]; then
	pp modprobe l2tpgw
	check "modprobe loads DKMS's copy" loaded_from_dkms
else
	pp insmod "$MODDIR/updates/dkms/l2tpgw.ko"
fi
check "the loaded module is $VERSION" \
	test "$(</sys/module/l2tpgw/version)" = "$VERSION"

# The demo, from the installed programs: nothing of the tree on PATH.
echo "installation checked after $SECONDS s"
L2TPGWD=/usr/sbin/l2tpgwd
L2TPCTL=/usr/sbin/l2tpctl
PATH=/usr/sbin:/usr/bin:/sbin:/bin
. tests/vm/scenarios/demo.sh
