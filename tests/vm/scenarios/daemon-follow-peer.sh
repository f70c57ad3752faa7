#!/bin/bash
# timeout: 150
#
# Cleartext peers behind a NAT whose mapping changes (follow_peer, issue
# 18).  Two l2tpgwd LACs, each behind its own nftables masquerade (source
# ports 40000-40009), dial one l2tpgwd LNS: c1 into [lns follow]
# (follow_peer = yes), c2 into [lns pinned] (the default, no).  HELLO after
# 2 s without traffic on every daemon; the LNS gives a tunnel up after 5
# unanswered retransmissions at most 1 s apart.
#
#   ns c1 [lac]  va 192.168.1.2 -- vc1 192.168.1.1 ns nat1 va 10.2.1.2 -> .3 -- vb1 10.2.1.1 ns lns [lns follow]
#   ns c2 [lac]  va 192.168.2.2 -- vc2 192.168.2.1 ns nat2 va 10.2.2.2 -> .3 -- vb2 10.2.2.1        [lns pinned]
#
# 1. Spoofs from 10.2.1.9:40404 (scapy, on the LNS's link) with c1's tunnel
#    and session ids: data never moves the tunnel (the module drops it as
#    rx_wrong_peer); a HELLO with Ns/Nr far from the tunnel's is refused
#    (peer_move_refused) and moves nothing.
# 2. While both sessions carry pings, each NAT's public address moves to .3
#    and its port range to 50000-50009 (the conntrack entries go with the
#    old address): the LACs' next datagrams come from a new address and port.
#    c1's tunnel follows its LAC's next control message: the same tunnel and
#    session pass pings again, the LNS shows the new address and port (in
#    l2tpgwd and in the module), peer_moves is 1.  c2's tunnel does not: its
#    session passes nothing, the LNS logs the message it did not follow and
#    gives the tunnel up (its HELLOs go to the old mapping).
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
ns_add lns
for i in 1 2; do
	ns_add "c$i"
	ns_add "nat$i"
	veth_pair "c$i" va "192.168.$i.2/24" "nat$i" "vc$i" "192.168.$i.1/24"
	veth_pair "nat$i" va "10.2.$i.2/24" lns "vb$i" "10.2.$i.1/24"
	ip -n "c$i" route add default via "192.168.$i.1"
	n "nat$i" sysctl -qw net.ipv4.ip_forward=1
	# The clients' traffic only: scapy's spoofs leave nat1 as they are.
	n "nat$i" nft -f - <<NFT
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat;
		ip saddr 192.168.$i.0/24 meta l4proto udp oifname "va" masquerade to :40000-40009
	}
}
NFT
done

users=$(gw_users lns <<<'alice "alice-secret"')
gw_config lns <<EOF
[global]
log_level = debug
hello_interval = 2s
retransmit_initial = 300ms
retransmit_max = 1s
retries = 5
[lns follow]
peers = 10.2.1.0/24
follow_peer = yes
$(gw_lns_ppp_keys pap -- "$users" 10.20.0.10-10.20.0.99 10.20.0.1 "$PEERS_DNS1")
[lns pinned]
peers = 10.2.2.0/24
$(gw_lns_ppp_keys pap -- "$users" 10.20.0.100-10.20.0.199 10.20.0.1 "$PEERS_DNS1")
EOF
for i in 1 2; do
	gw_config "c$i" <<EOF
[global]
log_level = debug
listen = 192.168.$i.2
hello_interval = 2s
[lac up]
peer = 10.2.$i.1
$(gw_lac_ppp_keys pap alice alice-secret)
EOF
done
check "LNS config valid" "$L2TPGWD" -n -c "$PEERS_TMP/lns/l2tpgwd.conf"
gw_start lns
gw_start c1
gw_start c2
LOG=$L2TPGW_OUT/l2tpgwd-lns.log

session_up() { log_has "$L2TPGW_OUT/l2tpgwd-$1.log" "user alice up: ifname"; }
wait_for "c1's session up" 60 session_up c1
wait_for "c2's session up" 60 session_up c2

# tunnel_field PEER_PREFIX FIELD: of the LNS's tunnel whose peer starts so.
tunnel_field() {
	gw_tunnels lns ".[] | select((.peer // \"\") | startswith(\"$1\")) | .$2"
}
T1=$(tunnel_field 10.2.1. tunnel_id)
T2=$(tunnel_field 10.2.2. tunnel_id)
P1=$(tunnel_field 10.2.1. peer_port)
P2=$(tunnel_field 10.2.2. peer_port)
S1=$(kernel_sessions lns | jq -r ".[] | select(.tunnel_id == $T1) | .session_id")
echo "c1: tunnel $T1 session $S1 from 10.2.1.2:$P1; c2: tunnel $T2 from 10.2.2.2:$P2"
check "c1's tunnel comes from the NAT's ports" test "$P1" -ge 40000 -a "$P1" -le 40009
check "c1 pings through its session" n c1 ping -c 2 -i 0.3 -W 2 10.20.0.1
check "c2 pings through its session" n c2 ping -c 2 -i 0.3 -W 2 10.20.0.1

# 1. Spoofs.  Data: L2TP header without L/S (flags 0x0002), c1's ids, an
# LCP Echo-Request; control: a HELLO with Ns and Nr half the space away.
wrong_peer0=$(kernel_tunnel_stat lns rx_wrong_peer)
refused0=$(gw_stat lns peer_move_refused)
n nat1 /usr/bin/python3 - "$T1" "$S1" <<'PY'
import struct, sys
from scapy.all import IP, UDP, Raw, send
tid, sid = int(sys.argv[1]), int(sys.argv[2])
ip = IP(src="10.2.1.9", dst="10.2.1.1") / UDP(sport=40404, dport=1701)
lcp_echo = bytes([0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 8, 0, 0, 0, 0])
data = struct.pack("!HHH", 0x0002, tid, sid) + lcp_echo
hello_avp = struct.pack("!HHHH", 0x8008, 0, 0, 6)
ctl = struct.pack("!HHHHHH", 0xc802, 12 + len(hello_avp), tid, 0,
                  30000, 30000) + hello_avp
send(ip / Raw(data), count=3, verbose=False)
send(ip / Raw(ctl), verbose=False)
PY
wrong_peer() { (($(kernel_tunnel_stat lns rx_wrong_peer) >= wrong_peer0 + 3)); }
wait_for "spoofed data dropped by the module (rx_wrong_peer)" 10 wrong_peer
wait_for "spoofed HELLO refused (peer_move_refused)" 10 gw_stat_ge lns peer_move_refused $((refused0 + 1))
check "l2tpgwd said why" log_has "$LOG" "tunnel $T1: control message from 10\.2\.1\.9:40404 .*not followed: its Ns is not the tunnel's"
is "c1's tunnel still at its peer" "$(tunnel_field 10.2.1. peer):$(tunnel_field 10.2.1. peer_port)" "10.2.1.2:$P1"
is "no tunnel moved" "$(gw_stat lns peer_moves)" 0
check "c1 still pings" n c1 ping -c 1 -W 2 10.20.0.1

# 2. The NAT mappings change under traffic.
spawn ping-c1 ip netns exec c1 ping -D -n -i 0.2 -W 1 10.20.0.1
spawn ping-c2 ip netns exec c2 ping -D -n -i 0.2 -W 1 10.20.0.1
sleep 1
for i in 1 2; do
	n "nat$i" nft flush chain ip nat postrouting
	n "nat$i" nft add rule ip nat postrouting ip saddr "192.168.$i.0/24" meta l4proto udp \
		oifname va masquerade to :50000-50009
	n "nat$i" sysctl -qw net.ipv4.conf.va.promote_secondaries=1
	ip -n "nat$i" addr add "10.2.$i.3/24" dev va
	# Masquerade drops its conntrack entries with the address they used.
	ip -n "nat$i" addr del "10.2.$i.2/24" dev va
done
echo "NAT addresses moved at $EPOCHREALTIME"
check_not "c2's session passes nothing right after the move" \
	n c2 ping -c 3 -i 0.5 -W 1 10.20.0.1

moved() { [[ $(tunnel_field 10.2.1. peer) == 10.2.1.3 ]]; }
wait_for "c1's tunnel follows its LAC to 10.2.1.3" 20 moved
P1N=$(tunnel_field 10.2.1. peer_port)
check "from a port of the new range ($P1N)" test "$P1N" -ge 50000 -a "$P1N" -le 50009
is "the same tunnel" "$(tunnel_field 10.2.1. tunnel_id)" "$T1"
check "logged old -> new" log_has "$LOG" "tunnel $T1: follows its peer: 10\.2\.1\.2:$P1 -> 10\.2\.1\.3:$P1N"
is "peer_moves" "$(gw_stat lns peer_moves)" 1
kpeer() {
	n lns "$L2TPCTL" -j kernel tunnel list |
		jq -r ".[] | select(.tunnel_id == $T1) | \"\(.peer):\(.peer_port)\""
}
is "the module's tunnel moved too" "$(kpeer)" "10.2.1.3:$P1N"
wait_for "c1 pings through its session again" 20 n c1 ping -c 1 -W 1 10.20.0.1
check "c1 still pings 5 s later" n c1 ping -c 3 -i 0.3 -W 2 10.20.0.1
is "the same session in the LNS's module" \
	"$(kernel_sessions lns | jq -r ".[] | select(.tunnel_id == $T1) | .session_id")" "$S1"
check "c1's LAC kept its session" test "$(grep -c 'user alice up: ifname' "$L2TPGW_OUT/l2tpgwd-c1.log")" = 1

gone_t2() { ! gw_tunnels lns '.[].tunnel_id' | grep -qx "$T2"; }
check "c2's message from its new source was not followed" \
	log_has "$LOG" "tunnel $T2: control message from 10\.2\.2\.3:500[0-9][0-9], not its peer 10\.2\.2\.2:$P2: not followed \(follow_peer is off\)"
wait_for "the LNS gives c2's tunnel up" 30 gone_t2
is "still one move" "$(gw_stat lns peer_moves)" 1
check "l2tpgwd (LNS) still running" alive "$(gw_pid lns)"
