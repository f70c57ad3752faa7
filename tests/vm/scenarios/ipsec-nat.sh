#!/bin/bash
# timeout: 360
#
# Two L2TP/IPsec clients behind one NAT router (nftables masquerade), both
# sending L2TP from UDP port 1701: after NAT-T decapsulation the LNS sees
# both as 10.2.1.2:1701, and only their CHILD_SAs tell them apart.  Each
# tunnel is bound to its own SA (its own reqid and outbound mark), both
# sessions pass traffic at the same time, and each client receives only
# its own: a packet sent with the other client's SA would reach the wrong
# client, be decrypted there and dropped, and a ping would fail.
#
#   ns c1 va 192.168.1.2 -- vc1 192.168.1.1 \
#                                            ns nat va 10.2.1.2 -- vb1 10.2.1.1 ns lns -- ns host
#   ns c2 va 192.168.2.2 -- vc2 192.168.2.1 /   (masquerade)                      10.3.0.2
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

ipsec_setup nat
GL=$L2TPGW_OUT/l2tpgwd-lns.log
n nat sysctl -qw net.ipv4.ip_forward=1
for i in 1 2; do
	ns_add "c$i"
	veth_pair "c$i" va "192.168.$i.2/24" nat "vc$i" "192.168.$i.1/24"
	ip -n "c$i" route add default via "192.168.$i.1"
done
n nat nft -f - <<'EOF'
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat;
		oifname "va" masquerade
	}
}
EOF
capture_start lns vb1 ipsec-nat "udp or esp"
ipsec_client c1 10.2.1.1
ipsec_client c2 10.2.1.1
for i in 1 2; do
	check "c$i's charon knows it is behind the NAT" log_has "$L2TPGW_OUT/charon-c$i.log" 'local host is behind NAT'
done
check "two CHILD_SAs from 10.2.1.2 in l2tpgwd" count_at_least 2 'ipsec: CHILD_SA l2tpgw #[0-9]+ up: peer 10.2.1.2, IKEv1 behind NAT' "$GL"
check "two tunnels from 10.2.1.2, each via its own SA" sh -c \
	"sed -nE 's/.*up from 10\.2\.1\.2 via IPsec SA ([0-9]+).*/\1/p' '$GL' | sort -u | wc -l | grep -qx 2"
check "two kernel tunnels in lns" kernel_count_is lns tunnel 2

a1=$(ppp_addr c1 ppp0)
a2=$(ppp_addr c2 ppp0)
echo "c1 has $a1, c2 has $a2"
check "different addresses" test "$a1" != "$a2"
for i in 1 2; do
	ip -n "c$i" route add 10.3.0.0/24 dev ppp0
done
# Both at once, both ways.
n c1 ping -c 20 -i 0.05 -W 2 -q 10.3.0.2 >"$L2TPGW_OUT/ping-c1.log" 2>&1 &
p1=$!
n c2 ping -c 20 -i 0.05 -W 2 -q 10.3.0.2 >"$L2TPGW_OUT/ping-c2.log" 2>&1 &
p2=$!
n host ping -c 20 -i 0.05 -W 2 -q "$a1" >"$L2TPGW_OUT/ping-h1.log" 2>&1 &
p3=$!
n host ping -c 20 -i 0.05 -W 2 -q "$a2" >"$L2TPGW_OUT/ping-h2.log" 2>&1 &
p4=$!
check "c1 -> host, while c2 also talks" wait "$p1"
check "c2 -> host, while c1 also talks" wait "$p2"
check "host -> c1 reaches c1 only through c1's SA" wait "$p3"
check "host -> c2 reaches c2 only through c2's SA" wait "$p4"
cat "$L2TPGW_OUT"/ping-*.log | grep -E 'packets|---'
check "no datagram through the wrong SA" test "$(kernel_tunnel_stat lns rx_wrong_sa)" -eq 0
check "no cleartext datagram" test "$(kernel_tunnel_stat lns rx_unprotected)" -eq 0
capture_stop ipsec-nat
cleartext=$(capture_count ipsec-nat 'udp port 1701')
natt=$(capture_count ipsec-nat 'udp port 4500')
echo "outer link: $natt NAT-T packets, $cleartext cleartext L2TP"
check "ESP in UDP 4500 on the outer link" test "$natt" -gt 100
check "no cleartext UDP 1701 on the outer link" test "$cleartext" -eq 0
