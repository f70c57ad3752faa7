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
NL=tests/vm/helper/l2tpgw-nltest
nl() { local ns=$1; shift; n "$ns" $NL "$@"; }
stat_of() { nl "$1" stats "${@:3}" | awk -v k="$2" '$1 == k { print $2 }'; }
PCAP=$L2TPGW_OUT/l2tp.pcap

ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24
nl a batch <<EOF
sock-add --addr 10.9.0.1 --port 1701
tunnel-add --sock 1 --id 10 --peer-id 20 --peer 10.9.0.2 --peer-port 1701
session-add --tunnel 10 --id 100 --peer-id 200 --protocols ipv4
EOF
nl b batch <<EOF
sock-add --addr 10.9.0.2 --port 1701
tunnel-add --sock 1 --id 20 --peer-id 10 --peer 10.9.0.1 --peer-port 1701
session-add --tunnel 20 --id 200 --peer-id 100 --protocols ipv4
EOF
n a ip addr add 192.168.7.1 peer 192.168.7.2 dev l2tp0
n b ip addr add 192.168.7.2 peer 192.168.7.1 dev l2tp0
n a ip link set l2tp0 up; n b ip link set l2tp0 up

spawn capture ip netns exec b tcpdump -U -n -i vb -w "$PCAP" udp port 1701
sleep 3
variants=(
	"--flags 0"
	"--flags send_seq"
	"--flags send_seq+priority"
	"--flags tx_acfc"
	"--flags tx_acfc+tx_pfc+send_seq"
)
for v in "${variants[@]}"; do
	nl a session-modify --tunnel 10 --id 100 $v
	for tf in 0 send_length udp_csum+send_length; do
		nl a tunnel-modify --id 10 --flags $tf
		check "ping with session $v, tunnel flags $tf" n a ping -c 1 -W 2 192.168.7.2
	done
done
# An LCP Echo-Request through PPP_XMIT: with and without ACFC it keeps FF03.
nl a ppp-send 10 100 c0210901000800000000
check "LCP frame counted" test "$(stat_of a tx_ctrl_packets session 10 100)" -eq 1
check "LCP frame went up to b's socket" test "$(stat_of b rx_not_read session 20 200)" -ge 1
sleep 1
kill -INT "${NETNS_BG_PIDS[0]}"; sleep 1

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
