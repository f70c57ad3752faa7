#!/bin/bash
# The demo (make demo): shows the environment the VM gives the other
# scenarios.  Extended with the end-to-end LAC/LNS story as it lands.
# timeout: 60

. tests/vm/lib/netns.sh

echo "== l2tpgw demo on $(uname -sr)"
echo "repository: $L2TPGW_SRC"
echo "module:     $L2TPGW_KO"
echo "vermagic:   $(modinfo -F vermagic "$L2TPGW_KO")"

check "l2tpgw is loaded" test -d /sys/module/l2tpgw
echo "== generic netlink family"
genl ctrl get name l2tpgw
echo "== modules"
lsmod | grep -E '^(Module|l2tpgw|udp_tunnel|ip6_udp_tunnel) '
