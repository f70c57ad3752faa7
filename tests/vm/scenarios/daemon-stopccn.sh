#!/bin/bash
# timeout: 150
#
# StopCCN, both directions, between xl2tpd (LAC) and l2tpgwd (LNS):
#   1. xl2tpd exits (SIGTERM: it sends StopCCN for its tunnels): l2tpgwd
#      removes the tunnel's kernel session and tunnel;
#   2. l2tpgwd exits (SIGTERM): xl2tpd logs the StopCCN it received, and
#      no l2tpgw kernel object is left in the LNS namespace.
#
#   ns lac: xl2tpd, pppd               ns lns: l2tpgwd
#   va 10.2.1.2/24 ------ UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_lns_lac pap 10.20.0.10-10.20.0.250

echo "# 1. StopCCN from xl2tpd"
lac_up
check "kernel tunnel in lns" kernel_count_is lns tunnel 1
pid=$(xl2tpd_pid lac)
kill -TERM "$pid"
wait_for "xl2tpd exited" 20 gone "$pid"
check "xl2tpd sent StopCCN" log_has "$L2TPGW_OUT/xl2tpd-lac.log" 'closed to 10\.2\.1\.1, port 1701 \(Server closing\)'
wait_for "l2tpgwd removed the kernel session" 30 kernel_count_is lns session 0
wait_for "l2tpgwd removed the kernel tunnel" 30 kernel_count_is lns tunnel 0
check "l2tpgwd logged the StopCCN" log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" 'StopCCN|stop.?control'
# Its pppd outlives xl2tpd (xl2tpd only signals it): end it before the
# next round so that ppp0 is free.
for p in $(pppd_pids lac); do kill -TERM "$p"; done
wait_for "old ppp0 gone" 30 sh -c '! ip -n lac link show ppp0 2>/dev/null'

echo "# 2. StopCCN from l2tpgwd"
mv "$L2TPGW_OUT/xl2tpd-lac.log" "$L2TPGW_OUT/xl2tpd-lac.1.log"
xl2tpd_start lac
xl2tpd_ctl lac "c lns"
wait_for "ppp0 up in lac" 90 ppp_up lac ppp0
pid=$(gw_pid lns)
kill -TERM "$pid"
wait_for "l2tpgwd exited" 30 gone "$pid"
wait_for "xl2tpd received StopCCN" 30 log_has "$L2TPGW_OUT/xl2tpd-lac.log" 'message type is Stop-Control-Connection-Notification'
check "no kernel session left in lns" kernel_count_is lns session 0
check "no kernel tunnel left in lns" kernel_count_is lns tunnel 0
check "no l2tpgw device left in lns" sh -c '! ip -n lns link show | grep -q " ra[0-9]*:"'
