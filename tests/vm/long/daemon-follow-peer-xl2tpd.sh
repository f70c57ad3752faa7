#!/bin/bash
# timeout: 300
#
# daemon-follow-peer with a real client (make check-long): xl2tpd + pppd
# behind nftables masquerade dial l2tpgwd's [lns ra] (follow_peer = yes).
# The NAT's public address and port range change while pings flow.
# xl2tpd sends a HELLO every 60 s whatever the traffic (HELLO_DELAY), so
# the LNS must keep the tunnel that long: HELLO after 30 s without
# traffic, given up after 10 retransmissions at most 8 s apart.  xl2tpd's
# next HELLO comes from the new source with the tunnel's Ns and Nr: the
# tunnel follows it, the same session passes pings again.
#
#   ns c1 xl2tpd+pppd va 192.168.1.2 -- vc1 192.168.1.1 ns nat1 va 10.2.1.2 -> .3 -- vb1 10.2.1.1 ns lns l2tpgwd
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
ns_add lns
ns_add c1
ns_add nat1
veth_pair c1 va 192.168.1.2/24 nat1 vc1 192.168.1.1/24
veth_pair nat1 va 10.2.1.2/24 lns vb1 10.2.1.1/24
ip -n c1 route add default via 192.168.1.1
n nat1 sysctl -qw net.ipv4.ip_forward=1
n nat1 nft -f - <<'NFT'
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat;
		meta l4proto udp oifname "va" masquerade to :40000-40009
	}
}
NFT
ppp_secret alice alice-secret
gw_lns_std lns pap 10.20.0.10-10.20.0.250 hello_interval=30s \
	retransmit_max=8s retries=10 -- follow_peer=yes
gw_start lns
LOG=$L2TPGW_OUT/l2tpgwd-lns.log
xl2tpd_conf c1
xl2tpd_lac c1 lns 10.2.1.1 alice pap
xl2tpd_start c1
xl2tpd_ctl c1 "c lns"
wait_for "ppp0 up in c1" 90 ppp_up c1 ppp0
PPPD=$(pppd_pids c1)

field() { gw_tunnels lns ".[0].$1"; }
T=$(field tunnel_id)
P=$(field peer_port)
echo "tunnel $T from $(field peer):$P"
check "the tunnel comes through the NAT's ports" test "$P" -ge 40000 -a "$P" -le 40009
check "c1 pings through its session" n c1 ping -c 2 -i 0.3 -W 2 10.20.0.1

spawn ping-c1 ip netns exec c1 ping -D -n -i 0.5 -W 1 10.20.0.1
sleep 1
n nat1 nft flush chain ip nat postrouting
n nat1 nft add rule ip nat postrouting meta l4proto udp oifname va \
	masquerade to :50000-50009
n nat1 sysctl -qw net.ipv4.conf.va.promote_secondaries=1
ip -n nat1 addr add 10.2.1.3/24 dev va
ip -n nat1 addr del 10.2.1.2/24 dev va
echo "NAT address moved at $EPOCHREALTIME"
check_not "the session passes nothing right after the move" \
	n c1 ping -c 2 -i 0.5 -W 1 10.20.0.1

moved() { [[ $(field peer) == 10.2.1.3 ]]; }
wait_for "the tunnel follows xl2tpd's HELLO to 10.2.1.3" 90 moved
PN=$(field peer_port)
check "from a port of the new range ($PN)" test "$PN" -ge 50000 -a "$PN" -le 50009
is "the same tunnel" "$(field tunnel_id)" "$T"
check "logged old -> new" log_has "$LOG" "tunnel $T: follows its peer: 10\.2\.1\.2:$P -> 10\.2\.1\.3:$PN"
is "peer_moves" "$(gw_stat lns peer_moves)" 1
wait_for "c1 pings through its session again" 20 n c1 ping -c 1 -W 1 10.20.0.1
is "the same pppd" "$(pppd_pids c1)" "$PPPD"
check "l2tpgwd still running" alive "$(gw_pid lns)"
