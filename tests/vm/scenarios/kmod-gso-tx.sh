#!/bin/bash
# timeout: 300
#
# UDP-tunnel GSO on transmit.  TCP super-packets from a session device
# leave encapsulated once, as UDP-tunnel GSO, when every segment carries
# the same L2TP header (no sequence numbers, no Length field), and are cut
# by the stack at the link, whose veth here offers no UDP-tunnel
# segmentation (like a NIC without it).  With sequencing or the Length
# field they are cut before encapsulation, each segment numbered.  Each
# case sends 1 MiB of random data over TCP from a to b and compares its
# SHA-256 at b: IPv4 and IPv6 outer, UDP checksums off and on, sequencing
# and the Length field, TSO turned off on the session device (ethtool -K
# tells the truth: no super-packet reaches it), and ESP transport mode on
# both outer families (XFRM cuts the super-packet before encrypting).  A
# capture of the clear cases on the link holds no frame larger than its
# MTU, and tshark decodes every frame as L2TP/PPP/IP/TCP, none malformed,
# every UDP checksum right (or absent).
#
#   ns a (sender)                             ns b (receiver)
#   l2g4 192.168.7.1 (tunnel 10, session 100)  l2g4 192.168.7.2 (20, 200)
#   l2g6 192.168.8.1 (tunnel 30, session 300)  l2g6 192.168.8.2 (40, 400)
#   UDP 10.9.0.1 / [fd09::1]:1701             UDP 10.9.0.2 / [fd09::2]:1701
#   va 10.9.0.1/24 fd09::1/64 --------------- vb 10.9.0.2/24 fd09::2/64
#     capture on va                             (tx-udp_tnl-segmentation off)
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
KEY=0x0123456789abcdef0123456789abcdef01234567
DATA=/tmp/gso-data
LINK_MTU=1500

modprobe -a esp4 esp6 xfrm_user 2>/dev/null || true
ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24
netns_addr a va fd09::1/64
netns_addr b vb fd09::2/64
# Like a NIC with neither UDP-tunnel segmentation nor checksum offload:
# the stack cuts and checksums every frame, so the capture holds the bytes
# a NIC would send, and b's UDP and TCP check every checksum.
for x in a:va b:vb; do
	IFS=: read -r ns dev <<<"$x"
	n "$ns" ethtool -K "$dev" tx off tx-udp_tnl-segmentation off \
		tx-udp_tnl-csum-segmentation off
done
check "the link cannot carry UDP-tunnel super-packets" \
	n a sh -c "ethtool -k va | grep -qx 'tx-udp_tnl-segmentation: off'"

for x in a:1:2:10:20:100:200:30:40:300:400 b:2:1:20:10:200:100:40:30:400:300; do
	IFS=: read -r ns me peer t4 pt4 s4 ps4 t6 pt6 s6 ps6 <<<"$x"
	kctl "$ns" batch <<EOF
socket add local 10.9.0.$me port 1701
socket add local fd09::$me port 1701
tunnel add id $t4 peer-id $pt4 socket 1 peer 10.9.0.$peer peer-port 1701
tunnel add id $t6 peer-id $pt6 socket 2 peer fd09::$peer peer-port 1701
session add tunnel $t4 id $s4 peer-id $ps4 name l2g4 protocols ipv4
session add tunnel $t6 id $s6 peer-id $ps6 name l2g6 protocols ipv4
EOF
	n "$ns" ip addr add 192.168.7.$me peer 192.168.7.$peer dev l2g4
	n "$ns" ip addr add 192.168.8.$me peer 192.168.8.$peer dev l2g6
	n "$ns" ip link set l2g4 up
	n "$ns" ip link set l2g6 up
done
check "l2g4 offers TSO" \
	n a sh -c "ethtool -k l2g4 | grep -qx 'tcp-segmentation-offload: on'"

# One receiver in b for every case: per connection, a line with the
# address it arrived on, the bytes received and their SHA-256.
spawn rx ip netns exec b /usr/bin/python3 tests/vm/lib/tcp_sink.py 5001
wait_for "receiver listening" 30 grep -q '^listening' "$L2TPGW_OUT/rx.log"
head -c 1M /dev/urandom >"$DATA"
want="$(stat -c %s "$DATA") $(sha256sum <"$DATA" | cut -d' ' -f1)"
GOT_RE='^[0-9a-f:.]+ [0-9]+ [0-9a-f]{64}$'
capture_start a va gso "udp port 1701 or icmp"

stats() { # stats TUNNEL SESSION: packets gso_packets gso_segs dropped
	n a l2tpctl -j kernel session show tunnel "$1" id "$2" |
		jq -r '.stats | "\(.tx_packets) \(.tx_gso_packets) \(.tx_gso_segs) \(.tx_dropped)"'
}
xfers=0
# xfer NAME TUNNEL SESSION TARGET gso|cut: one transfer, its data checked,
# and whether the session's super-packets left whole (gso) or were cut
# before encapsulation (cut: no UDP-tunnel GSO packet counted).
xfer() {
	local name=$1 t=$2 s=$3 target=$4 mode=$5 p0 g0 s0 d0 p1 g1 s1 d1
	read -r p0 g0 s0 d0 <<<"$(stats "$t" "$s")"
	# shellcheck disable=SC2016 # expanded by the inner bash
	n a timeout 60 bash -c 'cat "$1" >"/dev/tcp/$2/$3"' _ "$DATA" "$target" 5001 ||
		fail "$name: the sender failed"
	xfers=$((xfers + 1))
	wait_for "$name: received" 30 count_at_least "$xfers" "$GOT_RE" "$L2TPGW_OUT/rx.log"
	is "$name: the data arrived intact" \
		"$(grep -E "$GOT_RE" "$L2TPGW_OUT/rx.log" | tail -1 | cut -d' ' -f2-)" "$want"
	read -r p1 g1 s1 d1 <<<"$(stats "$t" "$s")"
	echo "  $name: tx_packets +$((p1 - p0)), tx_gso_packets +$((g1 - g0)), tx_gso_segs +$((s1 - s0))"
	is "$name: nothing dropped" "$d1" "$d0"
	if [[ $mode == gso ]]; then
		check "$name: super-packets left as UDP-tunnel GSO" test "$g1" -gt "$g0"
		check "$name: each cut into several frames" test $((s1 - s0)) -gt $((g1 - g0))
	else
		is "$name: no UDP-tunnel GSO packet" "$g1" "$g0"
		check "$name: the frames were counted one by one" test $((p1 - p0)) -ge 700
	fi
}

# Sequencing first: the old path must not count a single GSO packet.
kctl a session modify tunnel 10 id 100 seq send
kctl b session modify tunnel 20 id 200 seq recv
kctl a session modify tunnel 30 id 300 seq send
kctl b session modify tunnel 40 id 400 seq recv
xfer "IPv4 outer, sequencing" 10 100 192.168.7.2 cut
xfer "IPv6 outer, sequencing" 30 300 192.168.8.2 cut
is "no GSO packet on the sequenced IPv4 session" "$(stat_of a tx_gso_packets session 10 100)" 0
for x in a:10:100:30:300 b:20:200:40:400; do
	IFS=: read -r ns t4 s4 t6 s6 <<<"$x"
	kctl "$ns" session modify tunnel "$t4" id "$s4" seq off
	kctl "$ns" session modify tunnel "$t6" id "$s6" seq off
done
kctl a tunnel modify id 10 send-length on
xfer "IPv4 outer, Length field" 10 100 192.168.7.2 cut
kctl a tunnel modify id 10 send-length off udp-csum off
xfer "IPv4 outer, no UDP checksum" 10 100 192.168.7.2 gso
kctl a tunnel modify id 10 udp-csum on
xfer "IPv4 outer, UDP checksum" 10 100 192.168.7.2 gso
xfer "IPv6 outer" 30 300 192.168.8.2 gso
n a ethtool -K l2g4 tso off
check "ethtool -k shows TSO off" \
	n a sh -c "ethtool -k l2g4 | grep -qx 'tcp-segmentation-offload: off'"
n a ethtool -K l2g4 gso off
xfer "IPv4 outer, TSO and GSO off on l2g4" 10 100 192.168.7.2 cut
n a ethtool -K l2g4 tso on gso on

# Everything sent in the clear is on the capture: a ping on the link after
# the last transfer, once captured, means the rest is too.
check "a ping on the link" n a ping -c 1 -W 2 10.9.0.2
wait_for "the capture has caught up" 10 capture_has gso 2 icmp
capture_stop gso
big=$(tcpdump -n -r "$L2TPGW_OUT/gso.pcap" "greater $((LINK_MTU + 15))" 2>/dev/null | wc -l)
total=$(tcpdump -n -r "$L2TPGW_OUT/gso.pcap" udp 2>/dev/null | wc -l)
is "no frame on the link larger than its MTU (of $total)" "$big" 0
# One tshark run (half a minute under TCG).  TCP's sequence analysis is
# off: window-full notes say nothing about the encapsulation.
tshark -n -r "$L2TPGW_OUT/gso.pcap" -d tcp.port==5001,data \
	-o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE \
	-o tcp.analyze_sequence_numbers:FALSE -o tcp.desegment_tcp_streams:FALSE \
	-T fields -E separator='|' -e frame.number -e frame.len -e frame.protocols \
	-e udp.checksum.status -e _ws.expert.severity -e tcp.checksum.status \
	>"$L2TPGW_OUT/gso.fields" 2>"$L2TPGW_OUT/gso.tshark.err" ||
	fail "tshark cannot read the capture: $(head -c 300 "$L2TPGW_OUT/gso.tshark.err")"
awk -F'|' -v mtu=$LINK_MTU '
	$3 !~ /:l2tp/ { next }
	{ frames++ }
	$3 ~ /^eth:ethertype:ipv?6?:udp:l2tp:ppp:ip:tcp(:data)?$/ { tcp++ }
	$3 ~ /:ipv6:udp:l2tp/ { v6++ }
	$3 ~ /_ws\.malformed/ || $2 > mtu + 14 || $4 != 1 && $4 != 3 ||
	    $6 != 1 || $5 ~ /8388608/ { bad++ }
	$4 == 1 { csum++ }
	END { printf "%d %d %d %d %d\n", frames, tcp, v6, bad, csum }' \
	"$L2TPGW_OUT/gso.fields" >"$L2TPGW_OUT/gso.summary"
read -r frames tcp v6 bad csum <"$L2TPGW_OUT/gso.summary"
echo "  capture: $frames frames, $tcp L2TP/PPP/IP/TCP, $v6 over IPv6, $csum UDP checksums verified"
is "every L2TP frame decodes as L2TP/PPP/IP/TCP" "$tcp" "$frames"
is "none malformed, oversized, flagged as an error or with a bad checksum" "$bad" 0
check "the IPv6 cases are on it ($v6 frames)" test "$v6" -ge 700
check "good UDP checksums verified ($csum)" test "$csum" -ge 700

# With checksum offload on the link the inner checksums stay partial, for
# the link to fill in; the outer one is computed as if it had (LCO).
n a ethtool -K va tx on
xfer "IPv4 outer, UDP checksum, inner checksums offloaded" 10 100 192.168.7.2 gso

# ESP transport mode, selected by the tunnels' marks; no inbound policy,
# so that the clear cases above needed none.
for x in a:1:2 b:2:1; do
	IFS=: read -r ns me peer <<<"$x"
	for fam in 10.9.0. fd09::; do
		spi=0x1; [[ $fam == fd09:: ]] && spi=0x2
		n "$ns" ip xfrm state add src ${fam}1 dst ${fam}2 proto esp spi ${spi}02 \
			reqid 1 mode transport aead 'rfc4106(gcm(aes))' "$KEY" 128
		n "$ns" ip xfrm state add src ${fam}2 dst ${fam}1 proto esp spi ${spi}01 \
			reqid 1 mode transport aead 'rfc4106(gcm(aes))' "$KEY" 128
		n "$ns" ip xfrm policy add src $fam$me dst $fam$peer proto udp \
			sport 1701 dport 1701 dir out mark ${spi}0 mask 0xffffffff \
			tmpl src $fam$me dst $fam$peer proto esp reqid 1 mode transport
	done
done
kctl a tunnel modify id 10 mark 0x10
kctl b tunnel modify id 20 mark 0x10
kctl a tunnel modify id 30 mark 0x20
kctl b tunnel modify id 40 mark 0x20
xfer "IPv4 outer, ESP" 10 100 192.168.7.2 gso
xfer "IPv6 outer, ESP" 30 300 192.168.8.2 gso
esp_bytes() { # esp_bytes SPI: bytes a's outbound SA protected
	n a ip -s xfrm state get src "$2" dst "$3" proto esp spi "$1" |
		awk '/lifetime current:/ { getline; sub(/\(.*/, "", $1); print $1; exit }'
}
check "the IPv4 SA carried the transfer" test "$(esp_bytes 0x102 10.9.0.1 10.9.0.2)" -ge 1000000
check "the IPv6 SA carried the transfer" test "$(esp_bytes 0x202 fd09::1 fd09::2)" -ge 1000000
