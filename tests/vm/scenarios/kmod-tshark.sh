#!/bin/bash
# timeout: 400
#
# What the module sends decodes as L2TP and PPP in tshark without one
# malformed packet or expert error, for every header variant it produces:
# Length field, sequence numbers, priority, ACFC and PFC, PPP control
# frames from PPP_XMIT.
#
#   ns a                                      ns b
#   l2tp0 192.168.7.1                          l2tp0 192.168.7.2
#   UDP 10.9.0.1:1701                          UDP 10.9.0.2:1701
#   va 10.9.0.1/24 -------------------------- vb 10.9.0.2/24   dumpcap on vb
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
PCAP=$L2TPGW_OUT/l2tp.pcap	# capture_stop l2tp writes it

kmod_pair

capture_start b vb l2tp
# Each sets every session (tunnel) flag: none, send_seq, send_seq+priority,
# tx_acfc, tx_acfc+tx_pfc+send_seq (none, send_length, both).
variants=(
	"seq off acfc off pfc off priority off"
	"seq send acfc off pfc off priority off"
	"seq send acfc off pfc off priority on"
	"seq off acfc on pfc off priority off"
	"seq send acfc on pfc on priority off"
)
tunnel_flags=(
	"udp-csum off send-length off"
	"udp-csum off send-length on"
	"udp-csum on send-length on"
)
for v in "${variants[@]}"; do
	kctl a session modify tunnel 10 id 100 $v
	for tf in "${tunnel_flags[@]}"; do
		kctl a tunnel modify id 10 $tf
		check "ping with session $v, tunnel $tf" n a ping -c 1 -W 2 192.168.7.2
	done
done
# An LCP Echo-Request through PPP_XMIT: with and without ACFC it keeps FF03.
kctl a ppp-send tunnel 10 id 100 c0210901000800000000
check "LCP frame counted" test "$(stat_of a tx_ctrl_packets session 10 100)" -eq 1
check "LCP frame went up to b's socket" test "$(stat_of b rx_not_read session 20 200)" -ge 1
# 15 pings, each a request and a reply, and the LCP frame.
wait_for "the capture holds the 31 frames sent" 10 capture_has l2tp 31
capture_stop l2tp

tshark -n -r "$PCAP" >"$L2TPGW_OUT/decoded.txt" 2>&1
head -20 "$L2TPGW_OUT/decoded.txt"
frames=$(tshark -n -r "$PCAP" -Y 'l2tp && ppp' 2>/dev/null | wc -l)
icmp=$(tshark -n -r "$PCAP" -Y 'l2tp && ppp && icmp' 2>/dev/null | wc -l)
lcp=$(tshark -n -r "$PCAP" -Y 'lcp && ppp.code == 9' 2>/dev/null | wc -l)
malformed=$(tshark -n -r "$PCAP" -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null | wc -l)
tshark -n -r "$PCAP" -q -z expert >"$L2TPGW_OUT/expert.txt" 2>&1 || true
cat "$L2TPGW_OUT/expert.txt"
check "L2TP+PPP frames decoded ($frames)" test "$frames" -ge 31
check "ICMP inside all variants ($icmp)" test "$icmp" -ge 30
check "LCP Echo-Request decoded" test "$lcp" -eq 1
check "no malformed or warning frames ($malformed)" test "$malformed" -eq 0
