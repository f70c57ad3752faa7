#!/bin/bash
# timeout: 300
#
# UDP-tunnel GSO and GRO end to end, l2tpgw.ko to l2tpgw.ko over a link
# that, like a real wire, carries no super-packet: TSO and UDP-tunnel
# segmentation off on both veths (a super-packet is cut in software before
# the link) and GRO on at each receiving end (NAPI, like a NIC's driver).
#
# Eight sessions, one per combination of outer IPv4/IPv6, ESP off/on
# (manually keyed transport SAs on the UDP carrier, as in `make bench`)
# and sequencing off/on ("seq both" at both ends).  Through each, a 2 MiB
# file goes a -> b and another b -> a over TCP; the receiving sink's
# SHA-256 must be the file's.  Then:
#   - each session's tx_gso_* at the sender and rx_gro_* at the receiver
#     moved exactly where GSO and GRO are expected (WANT_GSO / WANT_GRO
#     below), and the counting rule holds (segs >= 2 per super-packet);
#   - a capture of what each end puts on the link (tcpdump -Q out, -s 200)
#     holds only frames <= the link MTU, many of them full-sized, and
#     tshark finds no malformed frame in it.
#
#   ns a                                         ns b
#   g1..g8 192.168.1N.1  ==== sessions ====  g1..g8 192.168.1N.2
#   va 10.9.0.1 10.9.1.1(ESP)                vb 10.9.0.2 10.9.1.2(ESP)
#      fd00:9::1 fd00:9:1::1(ESP) ------------  fd00:9::2 fd00:9:1::2(ESP)
#   MTU 1500, TSO, tx-udp_tnl-segmentation and tx-udp_tnl-csum-segmentation
#   off, GRO on (tests/bench/lib.sh: bench_link)
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
. tests/vm/lib/xfer.sh
BENCH_RAW=/tmp/l2tpgw-e2e-raw
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
LINK_MTU=1500

# Where each offload must show, by "SEQ.ESP".  yes: the counter moved in
# every transfer; no: it stayed at 0.
# GSO: the session hands super-packets to UDP as UDP-tunnel GSO when its
# header is constant (no sequencing); XFRM segments them before
# encrypting.  GRO: the module's gro_receive merges cleartext L2TP data
# of one session without sequence numbers (a message with Ns is never
# merged); ESP frames are decrypted after GRO, one by one.
declare -A WANT_GSO=([off.off]=yes [off.on]=yes [on.off]=no [on.on]=no)
declare -A WANT_GRO=([off.off]=yes [off.on]=no [on.off]=no [on.on]=no)

ns_add a
ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24
netns_addr a va 10.9.1.1/24
netns_addr b vb 10.9.1.2/24
netns_addr a va fd00:9::1/64
netns_addr b vb fd00:9::2/64
netns_addr a va fd00:9:1::1/64
netns_addr b vb fd00:9:1::2/64
check "link a: no TSO, no UDP-tunnel segmentation, GRO on" bench_link a va
check "link b: no TSO, no UDP-tunnel segmentation, GRO on" bench_link b vb
bench_xfrm a 10.9.1.1 b 10.9.1.2 udp
bench_xfrm a fd00:9:1::1 b fd00:9:1::2 udp

# TUNNEL_OF[NS.SID]: the tunnel of NS's session SID.
declare -A TUNNEL_OF=()
tunnel_of() { echo "${TUNNEL_OF[$1.$2]}"; }

# Case i: outer family, ESP, sequencing, outer addresses (a b).
cases=()
i=0
for outer in "4 off 10.9.0.1 10.9.0.2" "4 on 10.9.1.1 10.9.1.2" \
	"6 off fd00:9::1 fd00:9::2" "6 on fd00:9:1::1 fd00:9:1::2"; do
	read -r fam esp aa ab <<<"$outer"
	# One socket and one tunnel per address pair, two sessions on it.
	sa=$(kctl a socket add local "$aa" port 1701)
	sb=$(kctl b socket add local "$ab" port 1701)
	t=$((${#cases[@]} / 2 + 1))
	kctl a tunnel add id $((10 + t)) peer-id $((20 + t)) socket "$sa" peer "$ab" peer-port 1701
	kctl b tunnel add id $((20 + t)) peer-id $((10 + t)) socket "$sb" peer "$aa" peer-port 1701
	for seq in off on; do
		i=$((i + 1))
		mode=off
		[[ $seq == on ]] && mode=both
		# MTU 1380: the largest frame, IPv6 + ESP + sequencing, still
		# fits the link's 1500 bytes.
		kctl a session add tunnel $((10 + t)) id $((100 + i)) peer-id $((200 + i)) \
			name "g$i" protocols ipv4 mtu 1380 seq $mode
		kctl b session add tunnel $((20 + t)) id $((200 + i)) peer-id $((100 + i)) \
			name "g$i" protocols ipv4 mtu 1380 seq $mode
		n a ip addr add "192.168.1$i.1" peer "192.168.1$i.2" dev "g$i"
		n b ip addr add "192.168.1$i.2" peer "192.168.1$i.1" dev "g$i"
		n a ip link set "g$i" up
		n b ip link set "g$i" up
		TUNNEL_OF[a.$((100 + i))]=$((10 + t))
		TUNNEL_OF[b.$((200 + i))]=$((20 + t))
		cases+=("$i $fam $esp $seq $aa $ab")
	done
done
printf '%s\n' "${cases[@]}"
is "sessions set up" "${#cases[@]}" 8

xfer_init a b

filter="-s 200 -Q out udp port 1701 or ip proto 50 or ip6 proto 50"
capture_start a va link-a "$filter"
capture_start b vb link-b "$filter"

# counters NS SID VAR: the session's offload counters into VAR,
# "tx_gso_packets tx_gso_segs rx_gro_packets rx_gro_segs"; a counter the
# module does not report ends the scenario.
counters() {
	local out
	out=$(n "$1" l2tpctl -j kernel session show tunnel "$(tunnel_of "$1" "$2")" id "$2" |
		jq -r '.stats | [.tx_gso_packets, .tx_gso_segs, .rx_gro_packets,
			.rx_gro_segs] | map(tostring) | join(" ")') ||
		fail "reading $1's session $2"
	[[ $out =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]] ||
		fail "$1's session $2 reports no offload counters ($out)"
	printf -v "$3" '%s' "$out"
}

# direction FROM TO I KEY: FROM's file to TO through session gI, then
# FROM's tx_gso and TO's rx_gro moved as WANT_GSO and WANT_GRO say for
# KEY; the other way went only ACKs: never GSO, never merged.
declare -A SID_BASE=([a]=100 [b]=200) HOST=([a]=1 [b]=2)
direction() {
	local from=$1 to=$2 i=$3 key=$4 fs=$((SID_BASE[$1] + $3))
	local ts=$((SID_BASE[$2] + $3)) f0 t0 f1 t1
	local ftg0 fts0 frg0 frs0 ttg0 tts0 trg0 trs0
	local ftg1 fts1 frg1 frs1 ttg1 tts1 trg1 trs1
	counters "$from" $fs f0
	counters "$to" $ts t0
	xfer_send "$from" "$to" "192.168.1$i.${HOST[$to]}"
	counters "$from" $fs f1
	counters "$to" $ts t1
	# tx_gso packets and segs, rx_gro packets and segs, before and after
	read -r ftg0 fts0 frg0 frs0 <<<"$f0"
	read -r ttg0 tts0 trg0 trs0 <<<"$t0"
	read -r ftg1 fts1 frg1 frs1 <<<"$f1"
	read -r ttg1 tts1 trg1 trs1 <<<"$t1"
	offload "g$i $from->$to: $from's tx_gso" "${WANT_GSO[$key]}" \
		$((ftg1 - ftg0)) $((fts1 - fts0))
	offload "g$i $from->$to: $to's rx_gro" "${WANT_GRO[$key]}" \
		$((trg1 - trg0)) $((trs1 - trs0))
	offload "g$i $from->$to: $to's tx_gso (ACKs)" no \
		$((ttg1 - ttg0)) $((tts1 - tts0))
	offload "g$i $from->$to: $from's rx_gro (ACKs)" no \
		$((frg1 - frg0)) $((frs1 - frs0))
}

for c in "${cases[@]}"; do
	read -r i fam esp seq _ _ <<<"$c"
	echo "# session g$i: IPv$fam outer, ESP $esp, sequencing $seq"
	direction a b "$i" "$seq.$esp"
	direction b a "$i" "$seq.$esp"
done
check "SA a->b (IPv4) carried traffic" bench_esp_used a 10.9.1.1 10.9.1.2 0x1001
check "SA b->a (IPv6) carried traffic" bench_esp_used b fd00:9:1::2 fd00:9:1::1 0x1002

capture_stop link-a
capture_stop link-b
mergecap -w "$L2TPGW_OUT/link.pcap" "$L2TPGW_OUT/link-a.pcap" "$L2TPGW_OUT/link-b.pcap"
frames=$(capture_count link-a) frames=$((frames + $(capture_count link-b)))
big=$(tcpdump -n -r "$L2TPGW_OUT/link.pcap" "greater $((LINK_MTU + 14 - 100))" 2>/dev/null | wc -l)
over=$(tcpdump -n -r "$L2TPGW_OUT/link.pcap" "greater $((LINK_MTU + 14 + 1))" 2>/dev/null | wc -l)
echo "capture: $frames frames, $big of more than $((LINK_MTU - 100)) bytes, $over over the MTU"
check "the link carried full-sized frames ($big)" test "$big" -ge 1000
is "frames over the link MTU ($LINK_MTU)" "$over" 0
tshark -n -r "$L2TPGW_OUT/link.pcap" -T fields -e frame.protocols -e _ws.malformed \
	>"$L2TPGW_OUT/link.fields" 2>&1
l2tp=$(grep -c ':l2tp:ppp' "$L2TPGW_OUT/link.fields" || true)
esp_frames=$(grep -c ':esp' "$L2TPGW_OUT/link.fields" || true)
malformed=$(awk -F'\t' '$2 != "" || /malformed/' "$L2TPGW_OUT/link.fields" | wc -l)
echo "tshark: $l2tp L2TP+PPP frames, $esp_frames ESP frames, $malformed malformed"
check "tshark decoded the cleartext sessions as L2TP+PPP ($l2tp)" test "$l2tp" -ge 1000
check "tshark saw the ESP sessions ($esp_frames)" test "$esp_frames" -ge 1000
is "malformed frames" "$malformed" 0
