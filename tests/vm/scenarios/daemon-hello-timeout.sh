#!/bin/bash
# timeout: 150
#
# A peer that goes silent is detected by HELLO and torn down.  Once the
# session is up, netem on the LAC's link drops everything xl2tpd and pppd
# send; l2tpgwd's HELLO (2 s idle) is never acknowledged, its
# retransmissions run out (3 retries, 300 ms..1 s) and it drops the tunnel:
# the kernel session and tunnel disappear from the LNS namespace.
#
#   ns lac: xl2tpd, pppd                          ns lns: l2tpgwd
#   va 10.2.1.2/24 (netem loss 100% once up) --- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_lns_lac pap 10.20.0.10-10.20.0.250 hello_interval=2s \
	retransmit_initial=300ms retransmit_max=1s retries=3
lac_up
check "kernel tunnel in lns" kernel_count_is lns tunnel 1

n lac tc qdisc add dev va root netem loss 100%
t0=$SECONDS
# 2 s idle + 3 retransmissions (0.3 + 0.6 + 1 + 1 s): well under 20 s.
wait_for "l2tpgwd dropped the silent peer's kernel tunnel" 30 kernel_count_is lns tunnel 0
check "and its kernel session" kernel_count_is lns session 0
check "it took at least the hello interval ($((SECONDS - t0)) s)" test $((SECONDS - t0)) -ge 2
check "l2tpgwd logged why" log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" 'not answering, tunnel dropped'
check "l2tpgwd still running" alive "$(gw_pid lns)"
