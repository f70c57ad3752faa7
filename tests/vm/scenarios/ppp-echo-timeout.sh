#!/bin/bash
# timeout: 150
#
# A peer that stops answering LCP Echo-Requests loses its session and its
# address: the LAC's pppd is stopped (SIGSTOP) while xl2tpd and the kernel
# data path stay up, so l2tpgwd's echoes (1 s, 3 failures) go unanswered.
# l2tpgwd must close the session (kernel session gone, xl2tpd receives a
# CDN) and free the address: the pool holds one address, and the next
# call gets it.
#
#   ns lac: xl2tpd, pppd (stopped)     ns lns: l2tpgwd (pool: 10.20.0.10 only)
#   va 10.2.1.2/24 ------ UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_lns_lac pap 10.20.0.10-10.20.0.10 -- echo_interval=1s echo_failures=3
lac_up
check "got the pool's only address" test "$(ppp_addr lac ppp0)" = 10.20.0.10
wait_for "pppd answers l2tpgwd's echoes" 20 log_has "$L2TPGW_OUT/pppd-lac-lns.log" 'sent \[LCP EchoRep'

mapfile -t p < <(pppd_pids lac)
check "one pppd in lac (${p[*]})" test "${#p[@]}" = 1
kill -STOP "${p[0]}"
t0=$SECONDS
wait_for "l2tpgwd closed the silent session" 30 kernel_count_is lns session 0
check "after at least 3 echo intervals ($((SECONDS - t0)) s)" test $((SECONDS - t0)) -ge 3
check "l2tpgwd logged the echo timeout" log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" 'echo'
wait_for "xl2tpd received the CDN" 30 log_has "$L2TPGW_OUT/xl2tpd-lac.log" 'message type is Call-Disconnect-Notify'
kill -CONT "${p[0]}"
wait_for "the stopped pppd ended" 30 gone "${p[0]}"
wait_for "old ppp0 gone" 30 sh -c '! ip -n lac link show ppp0 2>/dev/null'

xl2tpd_ctl lac "c lns"
wait_for "ppp0 up again" 90 ppp_up lac ppp0
check "the freed address is given again" test "$(ppp_addr lac ppp0)" = 10.20.0.10
