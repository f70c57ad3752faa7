#!/bin/bash
# timeout: 200
#
# xl2tpd+pppd as LAC against l2tpgwd as LNS: the tunnel and the session
# come up, PPP (LCP, CHAP-MD5, IPCP) completes, IPv4 flows both ways
# through the session (ping, iperf3 to a host behind the LNS), the kernel
# session's counters grow, and a capture of the whole exchange decodes in
# tshark as L2TP + PPP with no malformed packet or expert warning.
#
#   ns lac: xl2tpd, pppd      ns lns: l2tpgwd               ns host
#   ppp0 10.20.0.x  ====== ra0 10.20.0.1                  10.3.0.2
#   va 10.2.1.2/24 ------- vb1 10.2.1.1/24   vh 10.3.0.1 -- vh (route to
#        UDP 1701 (captured on vb1)                         10.20.0.0/24)
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
topo_lns_host
topo_lac lac 1
ppp_secret alice alice-secret

gw_lns_std lns chap 10.20.0.10-10.20.0.250
capture_start lns vb1 lns-xl2tpd
gw_start lns
xl2tpd_conf lac
xl2tpd_lac lac lns 10.2.1.1 alice chap
xl2tpd_start lac
xl2tpd_ctl lac "c lns"

wait_for "ppp0 up in lac" 90 ppp_up lac ppp0
a=$(ppp_addr lac ppp0)
check "ppp0 address $a is from the pool" test "${a%.*}" = 10.20.0
check "ppp0's peer is the LNS address" test "$(ppp_peer lac ppp0)" = 10.20.0.1
check "CHAP-MD5 was negotiated" log_has "$L2TPGW_OUT/pppd-lac-lns.log" 'sent \[LCP ConfAck .*<auth chap MD5>'
check "one kernel session in lns" kernel_count_is lns session 1
rx0=$(kernel_session_stat lns rx_packets)
tx0=$(kernel_session_stat lns tx_packets)

check "ping LAC -> LNS through the session" n lac ping -c 5 -i 0.2 -W 2 10.20.0.1
check "ping LNS -> LAC through the session" n lns ping -c 5 -i 0.2 -W 2 "$a"
ip -n lac route add 10.3.0.0/24 dev ppp0
check "ping LAC -> host behind the LNS" n lac ping -c 3 -i 0.2 -W 2 10.3.0.2
rx1=$(kernel_session_stat lns rx_packets)
tx1=$(kernel_session_stat lns tx_packets)
check "kernel session rx_packets grew by >= 13 ($rx0 -> $rx1)" test $((rx1 - rx0)) -ge 13
check "kernel session tx_packets grew by >= 13 ($tx0 -> $tx1)" test $((tx1 - tx0)) -ge 13

# The capture covers set-up and pings, not the bulk transfer: tcpdump
# would drop some of it under TCG and tshark would flag the TCP gaps.
capture_stop lns-xl2tpd
check "capture is clean" capture_check_clean lns-xl2tpd l2tp lcp chap ipcp icmp

spawn iperf3-server n host iperf3 -s -1 -B 10.3.0.2
wait_for "iperf3 server listening" 20 n host sh -c 'ss -ltn | grep -q 10.3.0.2:5201'
check "iperf3 LAC -> host through the session" n lac iperf3 -c 10.3.0.2 -t 3 -B "$a" --logfile "$L2TPGW_OUT/iperf3.log"
check "iperf3 moved data" log_has "$L2TPGW_OUT/iperf3.log" 'receiver'
