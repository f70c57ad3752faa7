#!/bin/bash
# timeout: 150
#
# IPv6 over the session: pppd (+ipv6) and l2tpgwd negotiate IPv6CP next to
# IPCP; both ends get link-local addresses from the negotiated interface
# identifiers and ping each other over ppp0, and the kernel session's
# counters see the traffic.
#
#   ns lac: xl2tpd, pppd                ns lns: l2tpgwd
#   ppp0 fe80::<ifid>  ============  ra0 fe80::<ifid>
#   va 10.2.1.2/24 ----- UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_lns_lac pap 10.20.0.10-10.20.0.250 -- ipv6=yes
lac_up +ipv6
L=$L2TPGW_OUT/pppd-lac-lns.log
wait_for "IPv6CP opened (pppd's ipv6-up ran)" 30 ppp_event '^ipv6-up ppp0'
check "pppd logged the peer's link-local address" log_has "$L" '^remote LL address fe80::'
peer=$(sed -n 's/^remote LL address \(fe80::[0-9a-f:]*\).*/\1/p' "$L" | tail -n 1)
mine=$(sed -n 's/^local  LL address \(fe80::[0-9a-f:]*\).*/\1/p' "$L" | tail -n 1)
check "the two identifiers differ ($mine, $peer)" test "$mine" != "$peer"
# pppd prints every group with four digits (fe80::...:0422), ip(8) in
# the canonical form (fe80::...:422): compare canonical forms.
canon() { python3 -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]))' "$1"; }
mine_c=$(canon "$mine")
# A link-local address needs DAD unless told otherwise; give it time.
wait_for "ppp0 has $mine_c" 10 sh -c "ip -n lac -6 addr show dev ppp0 | grep -qE 'inet6 $mine_c[ /]'"
rx0=$(kernel_session_stat lns rx_packets)
check "ping -6 $peer%ppp0 (LAC -> l2tpgwd)" n lac ping -6 -c 5 -i 0.2 -W 2 -q "$peer%ppp0"
dev=$(ip -n lns -o link show | sed -n 's/^[0-9]*: \(ra[0-9]*\)[:@].*/\1/p' | head -n 1)
check "l2tpgwd's session device exists (${dev:-none})" test -n "$dev"
check "ping -6 $mine%$dev (l2tpgwd -> LAC)" n lns ping -6 -c 5 -i 0.2 -W 2 -q "$mine%$dev"
check "kernel session rx_packets grew by >= 10" test $(($(kernel_session_stat lns rx_packets) - rx0)) -ge 10
