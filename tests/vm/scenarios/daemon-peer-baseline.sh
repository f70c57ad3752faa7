#!/bin/bash
# timeout: 180
#
# The oracle checks itself: xl2tpd+pppd as LAC against xl2tpd+pppd as LNS,
# on the kernel data path (l2tp_ppp), with the very configurations the
# daemon-* and ppp-* scenarios use for the peer that is not l2tpgwd.  One
# LAC per authentication method; the LNS's pppd accepts any of them, and
# each LAC refuses all but its own, so each session proves one method.  If
# this fails, the helpers (tests/vm/lib/peers.sh) are wrong, not l2tpgwd.
#
# One LAC namespace each: with the kernel data path, xl2tpd cannot run two
# tunnels between the same two address:port pairs (both tunnel sockets are
# connected to the same 4-tuple and only one receives).
#
#   ns pap       va 10.1.1.2 --- vb1 10.1.1.1 \
#   ns chap      va 10.1.2.2 --- vb2 10.1.2.1  ns lns: xl2tpd, pppd x3
#   ns mschapv2  va 10.1.3.2 --- vb3 10.1.3.1 /  ppp*: 10.1.255.1,
#   each: xl2tpd, pppd, ppp0 from 10.1.255.10-50  DNS 10.53.0.1 10.53.0.2
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

METHODS=(pap chap mschapv2)
peers_init
ns_add lns
ppp_secret alice alice-secret
xl2tpd_conf lns
xl2tpd_lns lns any 10.1.255.1 10.1.255.10-10.1.255.50
xl2tpd_start lns
i=1
for m in "${METHODS[@]}"; do
	ns_add "$m"
	veth_pair "$m" va "10.1.$i.2/24" lns "vb$i" "10.1.$i.1/24"
	xl2tpd_conf "$m"
	xl2tpd_lac "$m" lns "10.1.$i.1" alice "$m"
	xl2tpd_start "$m"
	xl2tpd_ctl "$m" "c lns"
	i=$((i + 1))
done

for m in "${METHODS[@]}"; do
	wait_for "ppp0 up in $m" 90 ppp_up "$m" ppp0
done
L=$L2TPGW_OUT/pppd
check "pppd used the kernel data path" log_has "$L2TPGW_OUT/xl2tpd-pap.log" "\"pppol2tp\.so\""
check "PAP negotiated" log_has "$L-pap-lns.log" 'sent \[LCP ConfAck .*<auth pap>'
check "PAP succeeded" log_has "$L-pap-lns.log" 'PAP authentication succeeded'
check "CHAP-MD5 negotiated" log_has "$L-chap-lns.log" 'sent \[LCP ConfAck .*<auth chap MD5>'
check "CHAP-MD5 succeeded" log_has "$L-chap-lns.log" 'CHAP authentication succeeded'
check "MS-CHAPv2 negotiated" log_has "$L-mschapv2-lns.log" 'sent \[LCP ConfAck .*<auth chap MS-v2>'
check "MS-CHAPv2 succeeded" log_has "$L-mschapv2-lns.log" 'CHAP authentication succeeded'
for m in "${METHODS[@]}"; do
	a=$(ppp_addr "$m" ppp0)
	check "$m: ppp0 got $a from the LNS range" test "${a%.*}" = 10.1.255
	check "$m: ppp0's peer is the LNS" test "$(ppp_peer "$m" ppp0)" = 10.1.255.1
	check "$m: both DNS servers reached ip-up" ppp_event "^ip-up ppp0 local=$a .*dns1=$PEERS_DNS1 dns2=$PEERS_DNS2"
	check "$m: ping through ppp0" n "$m" ping -c 2 -i 0.3 -W 2 10.1.255.1
	check "$m: one kernel L2TP tunnel (PPPoL2TP)" test "$(n "$m" ip l2tp show tunnel | grep -c '^Tunnel')" = 1
done

# A LAC closes its tunnel (xl2tpd's "d": StopCCN); its pppd ends, the others stay.
xl2tpd_ctl pap "d lns"
wait_for "pap's ppp0 gone after the hang-up" 30 sh -c '! ip -n pap link show ppp0 2>/dev/null'
check "chap's session stays" ppp_up chap ppp0
