# shellcheck shell=bash
# The initramfs: busybox-static, the few stock modules needed to reach the
# host's root over virtio-9p, and tests/vm/initramfs-init as /init.
#
# Sourced by tests/vm/run after lib/kernel.sh.  Sets INITRAMFS.

# What the stock kernel lacks (all =m in Debian's config) to mount the host
# root: PCI virtio transport, 9p over virtio, overlayfs for a writable root,
# and the virtio RNG so daemons never block on entropy.
INITRAMFS_MODULES=(virtio_pci 9pnet_virtio 9p overlay virtio-rng)

initramfs_build() {
	local cache=$1 init_script=$2 busybox order key stage out
	# The initramfs has no libc, so only busybox-static's binary works.
	busybox=$(command -v busybox) || {
		echo "vm: busybox not found (install busybox-static)" >&2
		return 1
	}
	if ldd "$busybox" >/dev/null 2>&1; then
		echo "vm: $busybox is dynamically linked (install busybox-static)" >&2
		return 1
	fi
	order=$(kernel_load_order "${INITRAMFS_MODULES[@]}") || return 1

	# Rebuilt only when an input changes: the init script, busybox, the
	# kernel and the module list.
	key=$({ cat "$init_script"; stat -Lc '%s %Y' "$busybox"; echo "$KVER"; echo "$order"; } |
		sha256sum)
	key=${key%% *}
	INITRAMFS=$cache/initramfs-$KVER.cpio
	if [[ -f $INITRAMFS && $(cat "$INITRAMFS.key" 2>/dev/null) == "$key" ]]; then
		return 0
	fi

	echo "vm: building $INITRAMFS" >&2
	stage=$(mktemp -d "$cache/initramfs.XXXXXX") || return 1
	mkdir -p "$stage"/{bin,dev,proc,sys,lower,upper,newroot,modules}
	cp "$busybox" "$stage/bin/busybox"
	cp "$init_script" "$stage/init"
	chmod 755 "$stage/init"
	# The kernel opens /dev/console for init before any devtmpfs exists.
	mknod -m 600 "$stage/dev/console" c 5 1
	local path name
	: >"$stage/modules/order"
	while read -r path; do
		name=${path##*/}
		case $name in
		*.ko) cp "$MODULES_DIR/$path" "$stage/modules/$name" ;;
		*.ko.xz) xz -dc "$MODULES_DIR/$path" >"$stage/modules/${name%.xz}" ;;
		*.ko.zst) zstd -qdc "$MODULES_DIR/$path" >"$stage/modules/${name%.zst}" ;;
		*.ko.gz) gzip -dc "$MODULES_DIR/$path" >"$stage/modules/${name%.gz}" ;;
		*) echo "vm: unexpected module file $path" >&2; rm -rf "$stage"; return 1 ;;
		esac
		name=${name%.ko*}.ko
		echo "$name" >>"$stage/modules/order"
	done <<<"$order"

	# Uncompressed: unpacking is cheaper than decompressing under TCG.
	out=$INITRAMFS.tmp
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) >"$out" || { rm -rf "$stage" "$out"; return 1; }
	rm -rf "$stage"
	mv "$out" "$INITRAMFS"
	echo "$key" >"$INITRAMFS.key"
}
