#!/bin/bash
# timeout: 300
#
# A receiver that is not l2tpgw never sees a super-packet: l2tpgwd (LNS)
# sends through l2tpgw.ko with UDP-tunnel GSO to xl2tpd+pppd on the
# in-tree kernel data path (l2tp_ppp), over a link that cuts
# super-packets before it (TSO and UDP-tunnel segmentation off, GRO on at the
# receiving end, tests/bench/lib.sh: bench_link).  A 2 MiB file goes LNS
# -> LAC and another LAC -> LNS over TCP through the PPP session; each
# sink's SHA-256 must be the file's.  The LNS's session counted GSO
# super-packets for what it sent (WANT_GSO) and GRO merges of what the
# in-tree sender sent (WANT_GRO), and what either end put on the link
# (tcpdump -Q out) holds no frame over the link MTU.
#
#   ns lac: xl2tpd, pppd (l2tp_ppp)          ns lns: l2tpgwd, l2tpgw.ko
#   ppp0 10.20.0.x  ====== PPP session ====== ra0 10.20.0.1
#   va 10.2.1.2/24 ---------- link ---------- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/xfer.sh
BENCH_RAW=/tmp/l2tpgw-interop-raw
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
LINK_MTU=1500
# The LNS's session: GSO on what it sends (no sequencing, a constant
# header); GRO on what the in-tree path sends (no sequencing either).
WANT_GSO=yes
WANT_GRO=yes

peers_lns_lac pap 10.20.0.10-10.20.0.250
check "link lac: no TSO, no UDP-tunnel segmentation, GRO on" bench_link lac va
check "link lns: no TSO, no UDP-tunnel segmentation, GRO on" bench_link lns vb1
# shellcheck disable=SC2119 # no extra pppd options
lac_up
# Without l2tp_ppp xl2tpd would move data through pppd's pty: not the
# in-tree kernel path this scenario is about.
check "xl2tpd chose the in-tree kernel data path" log_has "$L2TPGW_OUT/xl2tpd-lac.log" 'pppol2tp\.so'
lac_addr=$(ppp_addr lac ppp0)

xfer_init lns lac
filter="-s 200 -Q out udp port 1701"
capture_start lns vb1 link-lns "$filter"
capture_start lac va link-lac "$filter"

# lns_stat NAME: a counter of the LNS's one kernel session; one the
# module does not report ends the scenario.
lns_stat() {
	local v
	v=$(n lns "$L2TPCTL" -j kernel session list |
		jq -r --arg k "$1" '[.[].stats[$k]] | if length == 1 and .[0] != null
			then .[0] else "missing" end') || fail "reading the LNS's session"
	[[ $v =~ ^[0-9]+$ ]] || fail "the LNS's session reports no $1 ($v)"
	echo "$v"
}

tg0=$(lns_stat tx_gso_packets) ts0=$(lns_stat tx_gso_segs)
xfer_send lns lac "$lac_addr"
tg1=$(lns_stat tx_gso_packets) ts1=$(lns_stat tx_gso_segs)
offload "LNS -> in-tree LAC: the LNS's tx_gso" $WANT_GSO $((tg1 - tg0)) $((ts1 - ts0))
rg0=$(lns_stat rx_gro_packets) rs0=$(lns_stat rx_gro_segs)
xfer_send lac lns 10.20.0.1
rg1=$(lns_stat rx_gro_packets) rs1=$(lns_stat rx_gro_segs)
offload "in-tree LAC -> LNS: the LNS's rx_gro" $WANT_GRO $((rg1 - rg0)) $((rs1 - rs0))
check "pppd's ppp0 still up" ppp_up lac ppp0

capture_stop link-lns
capture_stop link-lac
for c in lns lac; do
	all=$(capture_count "link-$c")
	big=$(capture_count "link-$c" "greater $((LINK_MTU + 14 - 100))")
	over=$(capture_count "link-$c" "greater $((LINK_MTU + 14 + 1))")
	echo "capture of $c's frames: $all, $big of more than $((LINK_MTU - 100)) bytes, $over over the MTU"
	# 2 MiB is some 1,500 full frames; a loaded capture may miss some,
	# so the share is checked, not a count.
	check "$c put full-sized frames on the link ($big of $all)" \
		test "$big" -ge 300 -a $((2 * big)) -ge "$all"
	is "$c's frames over the link MTU ($LINK_MTU)" "$over" 0
done
