#!/bin/bash
# timeout: 150
#
# Nothing is held out of order for a peer that is not verified.  Eight
# scripted peers each send an SCCRQ, learn our tunnel id from the SCCRP,
# never send SCCCN, and send 60 HELLOs of 8000 bytes ahead of sequence
# (Ns 2..16, what our receive window would hold: 15 x 8 KiB per tunnel,
# about 1 MiB for the eight).  l2tpgwd drops and counts every one
# (ctl_out_of_order_unverified), its memory does not grow by what the
# last seven sent, and a real client (xl2tpd) still gets its session.
#
#   ns lac: l2tp_peer.py x 8, then xl2tpd, pppd   ns lns: l2tpgwd
#   va 10.2.1.2/24 ------------ UDP 1701 ------------ vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/hostile.sh

PEERS=8
AHEAD=60

peers_lns_lac pap 10.20.0.10-10.20.0.250 peer_tunnel_rate=100
wait_for "l2tpgwd answers" 20 test -S "$PEERS_TMP/lns/control.sock"
# peer I: SCCRQ, SCCRP, then the messages ahead, never SCCCN
hostile_peer() {
	n lac "${PEER[@]}" --bind "10.2.1.2:$((2000 + $1))" --to 10.2.1.1:1701 \
		"sccrq:$((100 + $1))" sccrp:10 "ahead:$AHEAD:8000" \
		>"$L2TPGW_OUT/peer-$1.log" ||
		fail "peer $1: $(cat "$L2TPGW_OUT/peer-$1.log")"
}

# The first one also fills the daemon's receive buffers (9000 bytes x
# its batch): memory it uses for any large datagram, parked or not.
hostile_peer 0
cat "$L2TPGW_OUT/peer-0.log"
sleep 1
rss0=$(gw_rss_kb lns)
for ((i = 1; i < PEERS; i++)); do
	hostile_peer "$i"
done
sleep 1
rss1=$(gw_rss_kb lns)
echo "  l2tpgwd RSS ${rss0} KiB before peers 1..$((PEERS - 1)), ${rss1} KiB after"
# Parked, their 15 slots each would hold 840 KB; the receive buffers the
# first peer may not all have reached are 288 KB at most.
check "l2tpgwd's memory grew by less than 500 KiB" test $((rss1 - rss0)) -lt 500
all_counted() {
	[[ $(gw_stat lns ctl_out_of_order_unverified) == $((PEERS * AHEAD)) ]]
}
wait_for "every message ahead counted (ctl_out_of_order_unverified $((PEERS * AHEAD)))" \
	20 all_counted

lac_up
check "the real client's session passes pings" \
	n lac ping -c 3 -i 0.2 -W 2 -q 10.20.0.1
check "l2tpgwd still running" alive "$(gw_pid lns)"
