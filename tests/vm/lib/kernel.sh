# shellcheck shell=bash
# The guest kernel: Debian 12's stock linux-image, unpacked into the cache.
#
# Sourced by tests/vm/run.  Sets KVER, KERNEL_ROOT (the dpkg-deb -x tree),
# KERNEL_IMAGE (what QEMU boots) and MODULES_DIR.
# shellcheck disable=SC2034 # the variables are used by tests/vm/run  Nothing here is ever written into the repository
# except under the git-ignored cache directory.

# The ABI the module is built for: the version linux-headers-amd64 depends on,
# so the guest always runs the kernel whose headers `make module` used.
kernel_version() {
	local dep
	if [[ -n ${L2TPGW_VM_KVER:-} ]]; then
		echo "$L2TPGW_VM_KVER"
		return
	fi
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null) || {
		echo "vm: linux-headers-amd64 is not installed (run scripts/setup)" >&2
		return 1
	}
	dep=${dep%% *}
	dep=${dep%,}
	if [[ $dep != linux-headers-*-amd64 ]]; then
		echo "vm: cannot read a kernel version from linux-headers-amd64's dependency '$dep'" >&2
		return 1
	fi
	echo "${dep#linux-headers-}"
}

# apt-get download into $1; a missing package list is the usual reason it
# fails on a fresh machine, so refresh the lists once and retry.
kernel_download() {
	local dir=$1 pkg
	for pkg in "linux-image-$KVER" "linux-image-$KVER-unsigned"; do
		(cd "$dir" && apt-get download -q "$pkg") >/dev/null 2>&1 && return 0
	done
	echo "vm: apt-get download linux-image-$KVER failed; running apt-get update once" >&2
	apt-get update -qq >/dev/null || return 1
	for pkg in "linux-image-$KVER" "linux-image-$KVER-unsigned"; do
		(cd "$dir" && apt-get download -q "$pkg") >/dev/null && return 0
	done
	echo "vm: cannot download linux-image-$KVER (nor -unsigned)" >&2
	return 1
}

# Download, unpack and depmod once; the stamp is written last so an
# interrupted run is redone rather than trusted.
kernel_prepare() {
	local cache=$1 dir deb tmp
	KVER=$(kernel_version) || return 1
	dir=$cache/kernel-$KVER
	KERNEL_ROOT=$dir/root
	VMLINUZ=$KERNEL_ROOT/boot/vmlinuz-$KVER
	MODULES_DIR=$KERNEL_ROOT/lib/modules/$KVER
	KERNEL_IMAGE=$VMLINUZ
	[[ -f $dir/vmlinux ]] && KERNEL_IMAGE=$dir/vmlinux
	[[ -e $dir/.ready ]] && return 0

	echo "vm: preparing guest kernel $KVER in $dir" >&2
	rm -rf "$dir"
	tmp=$dir/download
	mkdir -p "$tmp" || return 1
	kernel_download "$tmp" || return 1
	deb=$(echo "$tmp"/linux-image-*.deb)
	[[ -f $deb ]] || { echo "vm: no .deb in $tmp after download" >&2; return 1; }
	dpkg-deb -x "$deb" "$KERNEL_ROOT" || return 1
	rm -rf "$tmp"
	[[ -f $VMLINUZ ]] || { echo "vm: $VMLINUZ missing from the package" >&2; return 1; }
	depmod -b "$KERNEL_ROOT" "$KVER" || return 1
	kernel_extract_vmlinux "$VMLINUZ" "$dir/vmlinux" && KERNEL_IMAGE=$dir/vmlinux
	touch "$dir/.ready"
}

# QEMU boots an uncompressed vmlinux directly through its PVH entry point;
# that skips the bzImage's self-decompression, which takes over ten seconds
# under TCG.  Without a PVH note (CONFIG_PVH) the bzImage is used.
kernel_extract_vmlinux() {
	local vmlinuz=$1 out=$2 off
	off=$(LC_ALL=C grep -obUaP -m1 '\xfd7zXZ\x00' "$vmlinuz" | head -n1 | cut -d: -f1)
	[[ -n $off ]] || return 1
	tail -c +$((off + 1)) "$vmlinuz" | xz -dc --single-stream >"$out.tmp" 2>/dev/null
	# Note type 0x12 is XEN_ELFNOTE_PHYS32_ENTRY, the PVH entry point.
	if readelf -n "$out.tmp" 2>/dev/null | grep -q 'Unknown note type: (0x00000012)'; then
		mv "$out.tmp" "$out"
		return 0
	fi
	echo "vm: $vmlinuz has no PVH entry point; booting the bzImage (slower)" >&2
	rm -f "$out.tmp"
	return 1
}

# Print the module paths (relative to MODULES_DIR) that must be loaded, in
# order, before each of the named modules, followed by the modules themselves.
# Built-in modules have no modules.dep line and are skipped.
kernel_load_order() {
	local -A seen=()
	local -a order=()
	local dep_file=$MODULES_DIR/modules.dep m

	_visit() {
		local path=$1 line d
		[[ -n ${seen[$path]:-} ]] && return
		seen[$path]=1
		line=$(grep -m1 "^$path:" "$dep_file") || return 0
		for d in ${line#*:}; do
			_visit "$d"
		done
		order+=("$path")
	}
	for m in "$@"; do
		local path
		path=$(grep -m1 -E "^[^:]*/${m}\.ko(\.[a-z]+)?:" "$dep_file") || {
			grep -qE "/${m}\.ko$" "$MODULES_DIR/modules.builtin" && continue
			echo "vm: module $m is neither in modules.dep nor built in" >&2
			return 1
		}
		_visit "${path%%:*}"
	done
	printf '%s\n' "${order[@]}"
	unset -f _visit
}

# A modules tree for one run: the stock modules plus the module under test as
# extra/l2tpgw.ko, depmod'ed so `modprobe l2tpgw` resolves its dependencies in
# the guest.  The stock tree is symlinked, not copied.
kernel_modules_with() {
	local ko=$1 base=$2 dest f
	dest=$base/lib/modules/$KVER
	mkdir -p "$dest/extra" || return 1
	ln -sfn "$MODULES_DIR/kernel" "$dest/kernel"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		cp "$MODULES_DIR/$f" "$dest/$f" || return 1
	done
	cp "$ko" "$dest/extra/l2tpgw.ko" || return 1
	depmod -b "$base" "$KVER" || return 1
	echo "$dest"
}
