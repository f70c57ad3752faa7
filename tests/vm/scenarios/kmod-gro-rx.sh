#!/bin/bash
# timeout: 240
#
# GRO on receive: the module's UDP socket merges consecutive data messages
# of one session into one super-packet (docs/kmod.md "GRO on receive").
# b's veths run NAPI with GRO (ethtool -K gro on; a's side sends without
# TSO or UDP-tunnel segmentation, so veth hands every frame to b's NAPI, as
# a NIC would).  Shown:
# 1. TCP through a session over IPv4 outer (IPv4 inside, no Length, outer
#    UDP checksum) and over IPv6 outer (IPv6 inside, Length field, ACFC and
#    PFC): the bytes' SHA-256 matches end to end, rx_gro_packets > 0 and
#    rx_gro_segs > rx_gro_packets on the receiver.
# 2. With sequencing on, nothing is merged (a message with Ns is never
#    merged: rx_gro_packets does not move) and the bytes still match.
# 3. A scapy burst released at once from a plug qdisc: 4 + 4 TCP segments
#    with a message with a malformed PPP header in the middle, then 4 + 4
#    segments of another flow around a message for an unknown session.
#    Each bad one is dropped and counted alone (rx_bad_ppp,
#    rx_unknown_session); the 8 good ones around it arrive as one
#    super-packet of 8 segments.
#
#   ns a                                      ns b
#   g4 192.168.7.1  (tunnel 10 / session 100) g4 192.168.7.2  (20 / 200)
#   g6 fd07::1/64   (tunnel 11 / session 101) g6 fd07::2/64   (21 / 201)
#   va  10.9.0.1/24 ------------------------- vb  10.9.0.2/24  (gro on)
#   va6 fd09::1/64  ------------------------- vb6 fd09::2/64   (gro on)
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh

ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24
veth_pair a va6 fd09::1/64 b vb6 fd09::2/64
for dev in va va6; do
	n a ethtool -K "$dev" tso off
	n a ethtool -K "$dev" tx-udp_tnl-segmentation off \
		tx-udp_tnl-csum-segmentation off
done
for dev in vb vb6; do
	n b ethtool -K "$dev" gro on
	check "$dev: GRO on" sh -c \
		"ip netns exec b ethtool -k $dev | grep -qx 'generic-receive-offload: on'"
done

kctl a batch <<EOF
socket add local 10.9.0.1 port 1701
socket add local fd09::1 port 1701
tunnel add id 10 peer-id 20 socket 1 peer 10.9.0.2 peer-port 1701 udp-csum on
tunnel add id 11 peer-id 21 socket 2 peer fd09::2 peer-port 1701 send-length on
session add tunnel 10 id 100 peer-id 200 protocols ipv4 name g4
session add tunnel 11 id 101 peer-id 201 protocols ipv6 name g6 acfc on pfc on
EOF
kctl b batch <<EOF
socket add local 10.9.0.2 port 1701
socket add local fd09::2 port 1701
tunnel add id 20 peer-id 10 socket 1 peer 10.9.0.1 peer-port 1701
tunnel add id 21 peer-id 11 socket 2 peer fd09::1 peer-port 1701
session add tunnel 20 id 200 peer-id 100 protocols ipv4 name g4
session add tunnel 21 id 201 peer-id 101 protocols ipv6 name g6
EOF
for x in a:1:2 b:2:1; do
	IFS=: read -r ns me peer <<<"$x"
	n "$ns" ip addr add 192.168.7.$me peer 192.168.7.$peer dev g4
	netns_addr "$ns" g6 fd07::$me/64
	n "$ns" ip link set g4 up
	n "$ns" ip link set g6 up
done
check "IPv4 over IPv4" n a ping -c 2 -i 0.2 -W 2 192.168.7.2
check "IPv6 over IPv6" n a ping -c 2 -i 0.2 -W 2 fd07::2

DATA=/tmp/gro-data
head -c 3000000 /dev/urandom >"$DATA"
SENT="$(stat -c %s "$DATA") $(sha256sum <"$DATA" | cut -d' ' -f1)"
# b's sink: per connection, the address it arrived on, bytes, SHA-256.
spawn sink n b /usr/bin/python3 tests/vm/lib/tcp_sink.py 5001
wait_for "sink listening" 30 grep -q '^listening$' "$L2TPGW_OUT/sink.log"

# transfer NAME ADDR: DATA from a to b's ADDR over TCP, bytes compared.
transfer() {
	local name=$1 addr=$2
	# shellcheck disable=SC2016 # expanded by the inner bash
	n a timeout 90 bash -c 'cat "$1" >"/dev/tcp/$2/$3"' _ "$DATA" "$addr" 5001 ||
		fail "$name: sending to $addr"
	wait_for "$name: b received it" 30 grep -qxF "$addr $SENT" "$L2TPGW_OUT/sink.log"
	check "$name: the bytes b received on $addr are the bytes a sent" \
		grep -qxF "$addr $SENT" "$L2TPGW_OUT/sink.log"
}

# gro TUNNEL SESSION: "rx_packets rx_gro_packets rx_gro_segs" of b's session
gro() {
	n b l2tpctl -j kernel session show tunnel "$1" id "$2" |
		jq -r '.stats | "\(.rx_packets) \(.rx_gro_packets) \(.rx_gro_segs)"'
}

# merged NAME TUNNEL SESSION: the transfer arrived in super-packets.
merged() {
	local pkts gpkts gsegs
	read -r pkts gpkts gsegs <<<"$(gro "$2" "$3")"
	echo "$1: rx_packets $pkts rx_gro_packets $gpkts rx_gro_segs $gsegs"
	check "$1: merged by GRO (rx_gro_packets $gpkts > 0)" test "$gpkts" -gt 0
	check "$1: several messages per merge ($gsegs > $gpkts)" \
		test "$gsegs" -gt "$gpkts"
}

transfer ipv4-outer 192.168.7.2
merged ipv4-outer 20 200
transfer ipv6-outer fd07::2
merged ipv6-outer 21 201

# 2. Sequencing: messages with Ns are delivered one by one, in order.
kctl a session modify tunnel 10 id 100 seq both
kctl b session modify tunnel 20 id 200 seq both
read -r pkts0 gpkts0 gsegs0 <<<"$(gro 20 200)"
transfer sequenced 192.168.7.2
read -r pkts1 gpkts1 gsegs1 <<<"$(gro 20 200)"
check "sequenced: delivered ($pkts1 > $pkts0 + 1000)" \
	test "$pkts1" -gt $((pkts0 + 1000))
is "sequenced: nothing merged (rx_gro_packets)" "$gpkts1" "$gpkts0"
is "sequenced: nothing merged (rx_gro_segs)" "$gsegs1" "$gsegs0"
check "sequenced: none out of order" \
	test "$(stat_of b rx_seq_discard session 20 200)" -eq 0
kctl a session modify tunnel 10 id 100 seq off
kctl b session modify tunnel 20 id 200 seq off

# 3. A burst with a bad message in the middle, released at once.
read -r pkts0 gpkts0 gsegs0 <<<"$(gro 20 200)"
bad_ppp0=$(stat_of b rx_bad_ppp session 20 200)
unknown0=$(stat_of b rx_unknown_session tunnel 20)
n a tc qdisc add dev va root plug
n a /usr/bin/python3 - "$(n b cat /sys/class/net/vb/address)" <<'PY'
import struct, sys
from scapy.all import Ether, IP, UDP, TCP, Raw, sendp

dst = sys.argv[1]
src = open("/sys/class/net/va/address").read().strip()
# DF and a fixed IP ID, outside and inside: GRO's "atomic" IDs.
outer = Ether(src=src, dst=dst) / \
    IP(src="10.9.0.1", dst="10.9.0.2", flags="DF", id=0) / \
    UDP(sport=1701, dport=1701, chksum=0)
ppp = bytes([0xff, 0x03, 0x00, 0x21])


def l2tp(sid, body):
    return struct.pack("!HHH", 0x0002, 20, sid) + body


def segs(sport, n):
    out = []
    for i in range(n):
        inner = IP(src="192.168.7.1", dst="192.168.7.2", flags="DF",
                   id=0) / \
            TCP(sport=sport, dport=9, flags="A", seq=1000 + 1000 * i,
                ack=1, window=512) / Raw(bytes([i]) * 1000)
        out.append(outer / Raw(l2tp(200, ppp + bytes(inner))))
    return out


a, b = segs(40001, 8), segs(40002, 8)
bad_ppp = outer / Raw(l2tp(200, bytes([0xff, 0x03, 0x00, 0x00]) +
                           bytes(40)))
unknown = outer / Raw(l2tp(999, ppp + bytes(a[0][Raw].load[10:])))
sendp(a[:4] + [bad_ppp] + a[4:] + b[:4] + [unknown] + b[4:], iface="va",
      verbose=False)
PY
n a tc qdisc change dev va root plug release_indefinite
sleep 1
n a tc qdisc del dev va root
read -r pkts1 gpkts1 gsegs1 <<<"$(gro 20 200)"
is "burst: the malformed PPP header dropped alone (rx_bad_ppp)" \
	"$(stat_of b rx_bad_ppp session 20 200)" $((bad_ppp0 + 1))
is "burst: the unknown session's message dropped alone (rx_unknown_session)" \
	"$(stat_of b rx_unknown_session tunnel 20)" $((unknown0 + 1))
is "burst: two super-packets delivered (rx_packets)" "$pkts1" $((pkts0 + 2))
is "burst: two merges (rx_gro_packets)" "$gpkts1" $((gpkts0 + 2))
is "burst: of 8 messages each (rx_gro_segs)" "$gsegs1" $((gsegs0 + 16))
