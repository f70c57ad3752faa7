#!/bin/bash
# timeout: 150
#
# l2tpgwd as LAC against xl2tpd+pppd as LNS: l2tpgwd opens the tunnel,
# places one call, authenticates with MS-CHAPv2 as alice, gets its address
# and DNS from pppd, and IPv4 flows both ways through the session.
#
#   ns lac: l2tpgwd                       ns lns: xl2tpd, pppd
#   l2tp device 10.1.255.x  ==========  ppp0 10.1.255.1
#   va 10.2.1.2/24 ----- UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
ns_add lns
topo_lac lac 1
ppp_secret alice alice-secret
xl2tpd_conf lns
xl2tpd_lns lns mschapv2 10.1.255.1 10.1.255.10-10.1.255.50
xl2tpd_start lns

gw_config lac <<EOF2
[global]
log_level = debug
[lac up]
peer = 10.2.1.1:1701
sessions = 1
$(gw_lac_ppp_keys mschapv2 alice alice-secret)
EOF2
gw_start lac

wait_for "ppp0 up in lns" 90 ppp_up lns ppp0
a=$(ppp_peer lns ppp0)
check "pppd gave l2tpgwd $a from its range" test "${a%.*}" = 10.1.255
check "pppd authenticated alice with MS-CHAPv2" log_has "$L2TPGW_OUT/pppd-lns-lns.log" 'rcvd \[LCP ConfAck .*<auth chap MS-v2>'
check "pppd: peer alice authenticated" log_has "$L2TPGW_OUT/pppd-lns-lns.log" 'sent \[CHAP Success .*M=Access granted'
check "one kernel session in lac" kernel_count_is lac session 1
dev=$(ip -n lac -4 -o addr show | sed -n "s/^[0-9]*: \([^ ]*\) *inet $a .*/\1/p")
check "l2tpgwd's session device holds $a (${dev:-none})" test -n "$dev"
check "ping LNS -> l2tpgwd through the session" n lns ping -c 5 -i 0.2 -W 2 "$a"
check "ping l2tpgwd -> LNS through the session" n lac ping -c 5 -i 0.2 -W 2 -I "$dev" 10.1.255.1
check "kernel session rx_packets >= 10" test "$(kernel_session_stat lac rx_packets)" -ge 10
