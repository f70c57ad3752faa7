#!/bin/bash
# The module under test loads and unloads cleanly, registers its generic
# netlink family, and coexists with the in-tree L2TP modules (no symbol or
# family name clash).
# timeout: 60

. tests/vm/lib/netns.sh

genl_has_family() {
	genl ctrl list | grep -qE "^Name: +$1\$"
}

module_loaded() {
	[[ -d /sys/module/$1 ]]
}

declare -A intree_before=()
for m in l2tp_ppp l2tp_netlink; do
	module_loaded "$m" && intree_before[$m]=1
done

check "l2tpgw is loaded at boot" module_loaded l2tpgw
check "l2tpgw is listed by lsmod" eval 'lsmod | grep -q "^l2tpgw "'
check "genl family l2tpgw is registered" genl_has_family l2tpgw

pp rmmod l2tpgw
check_not "l2tpgw is gone after rmmod" module_loaded l2tpgw
check_not "genl family l2tpgw is gone after rmmod" genl_has_family l2tpgw

pp modprobe l2tpgw
check "modprobe loads l2tpgw again" module_loaded l2tpgw
check "genl family l2tpgw is back" genl_has_family l2tpgw

pp rmmod l2tpgw
pp insmod "$L2TPGW_KO"
check "insmod of \$L2TPGW_KO loads it too" module_loaded l2tpgw

pp modprobe l2tp_ppp
check "in-tree l2tp_core loads beside l2tpgw" module_loaded l2tp_core
check "in-tree l2tp_ppp loads beside l2tpgw" module_loaded l2tp_ppp
pp modprobe l2tp_netlink
check "in-tree genl family l2tp is registered" genl_has_family l2tp
check "genl family l2tpgw is still registered" genl_has_family l2tpgw

pp rmmod l2tpgw
pp modprobe l2tpgw
check "l2tpgw reloads while the in-tree L2TP modules are loaded" genl_has_family l2tpgw
# Unload the in-tree modules only if this scenario was the one to load
# them: an earlier scenario of the same boot (an `ip l2tp` pseudowire
# holds l2tp_eth on l2tp_netlink) may still use them.
for m in l2tp_ppp l2tp_netlink; do
	[[ ${intree_before[$m]:-} ]] || modprobe -r "$m" 2>/dev/null ||
		echo "  (in-tree $m stays loaded: $(cat /sys/module/$m/refcnt) user(s))"
done
