#!/bin/bash
# timeout: 200
#
# A lossy, reordering link: netem drops 10% and reorders 25% of the
# packets in each direction between xl2tpd (LAC) and l2tpgwd (LNS).  The
# control channel's retransmission and reordering must still bring the
# tunnel and the session up, and PPP (which has its own retries) must
# complete.  Short retransmit timers keep it within the timeout.
#
#   ns lac: xl2tpd, pppd                          ns lns: l2tpgwd
#   va 10.2.1.2/24 --- netem both ways --- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_lns_lac pap 10.20.0.10-10.20.0.250 retransmit_initial=300ms retransmit_max=2s retries=10
# Reordering in netem needs a delay to hold packets back.
n lac tc qdisc add dev va root netem delay 20ms reorder 75% 50% loss 10%
n lns tc qdisc add dev vb1 root netem delay 20ms reorder 75% 50% loss 10%
xl2tpd_lac lac lns 10.2.1.1 alice pap
xl2tpd_start lac
xl2tpd_ctl lac "c lns"

wait_for "tunnel established (xl2tpd)" 90 log_has "$L2TPGW_OUT/xl2tpd-lac.log" 'Connection established to 10\.2\.1\.1'
wait_for "call established (xl2tpd)" 60 log_has "$L2TPGW_OUT/xl2tpd-lac.log" 'Call established with 10\.2\.1\.1'
wait_for "ppp0 up in lac" 90 ppp_up lac ppp0
check "one kernel session in lns" kernel_count_is lns session 1
# pppd's IPCP can open before l2tpgwd's: a lost Configure-Ack leaves the
# LNS waiting for its restart timer.  IPv4 reaches the session's device
# only once l2tpgwd's IPCP is up too.
wait_for "IPCP up in l2tpgwd too" 60 \
	log_has "$L2TPGW_OUT/l2tpgwd-lns.log" 'user alice up: ifname'
# Each side's IPCP opens when its own Configure-Request is acked.  A lost
# Ack makes one side repeat its request, and a Configure-Request that
# reaches an opened IPCP takes it down again (RFC 1661 4.1, RCR in
# Opened): pppd then removes ppp0's address and route until the next
# Ack.  So wait until a ping gets through once: both ends are open then.
wait_for "lac reaches 10.20.0.1 through the session" 60 \
	n lac ping -c 1 -W 1 -q 10.20.0.1
# Through 10% loss each way some pings are lost: ask for 3 of 10.
got=$(n lac ping -c 10 -i 0.2 -W 2 -q 10.20.0.1 | sed -n "s/.* \([0-9]*\) received.*/\1/p") || true
check "traffic through the lossy session ($got of 10 pings)" test "${got:-0}" -ge 3
