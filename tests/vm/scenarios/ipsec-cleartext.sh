#!/bin/bash
# timeout: 300
#
# Cleartext L2TP sent to a protected LNS is dropped and counted, and the
# protected session keeps working:
#  - an SCCRQ in the clear from another host: l2tpgwd drops it (control is
#    enforced in the daemon) and counts ipsec_cleartext_dropped; no tunnel;
#  - data messages in the clear for the live tunnel and session, forged
#    from the client's own address and port 1701 as raw Ethernet frames
#    (below the client's XFRM policy): the module drops every one and
#    counts it in the tunnel's rx_unprotected.
#
#   ns win: charon, xl2tpd, pppd  va 10.2.1.2 -- vb1 10.2.1.1  ns lns: charon, l2tpgwd -- ns host
#   ns evil                        va 10.2.2.2 -- vb2 10.2.2.1
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

RAW="/usr/bin/python3 tests/vm/lib/rawudp.py"
CTL_SOCK=$PEERS_TMP/lns/control.sock
# l2tpgwd's counter NAME (l2tpctl stats), which must exist
gw_stat() {
	n lns "$L2TPCTL" -s "$CTL_SOCK" -j stats | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

ipsec_setup win
GL=$L2TPGW_OUT/l2tpgwd-lns.log
ipsec_client win 10.2.1.1
ip -n win route add 10.3.0.0/24 dev ppp0
check "ping through the protected session" n win ping -c 2 -i 0.2 -W 2 -q 10.3.0.2
check "nothing dropped yet" test "$(gw_stat ipsec_cleartext_dropped)" -eq 0

# An SCCRQ in the clear: Message Type 1, Protocol Version 1.0, Host Name
# "evil", Framing Capabilities, Assigned Tunnel ID 1.
topo_lac evil 2
SCCRQ=c8020038000000000000000080080000000000018008000000020100800a000000076576696c800a00000003000000038008000000090001
lns_mac=$(ip -n lns -br link show vb2 | awk '{print $3}')
n evil $RAW va "$lns_mac" 10.2.2.2:1701 10.2.2.1:1701 "$SCCRQ" 3
wait_for "l2tpgwd dropped the cleartext SCCRQs" 20 log_has "$GL" 'peer 10\.2\.2\.2: L2TP in the clear dropped: IPsec is required'
check "counted: ipsec_cleartext_dropped >= 3" test "$(gw_stat ipsec_cleartext_dropped)" -ge 3
check "no tunnel for the cleartext peer" kernel_count_is lns tunnel 1

# Data in the clear for the live session, from the client's address.
kernel_sessions lns >"$L2TPGW_OUT/lns-sessions.json"
read -r tid sid < <(/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))[0]
print(s["tunnel_id"], s["session_id"])' "$L2TPGW_OUT/lns-sessions.json")
before=$(kernel_tunnel_stat lns rx_unprotected)
data=$(printf '0002%04x%04xff0300214500001c000000004001' "$tid" "$sid")
data+=0000c0a80001c0a800020800f7ff00000000
vb1_mac=$(ip -n lns -br link show vb1 | awk '{print $3}')
n win $RAW va "$vb1_mac" 10.2.1.2:1701 10.2.1.1:1701 "$data" 25
wait_for_unprotected() { test "$(kernel_tunnel_stat lns rx_unprotected)" -ge $((before + 25)); }
wait_for "the module dropped and counted all 25 (rx_unprotected)" 20 wait_for_unprotected
check "the protected session still works" n win ping -c 3 -i 0.2 -W 2 -q 10.3.0.2
check "no datagram through another SA" test "$(kernel_tunnel_stat lns rx_wrong_sa)" -eq 0
