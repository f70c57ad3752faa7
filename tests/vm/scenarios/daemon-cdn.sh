#!/bin/bash
# timeout: 200
#
# Call-Disconnect-Notify, both directions, between xl2tpd (LAC) and
# l2tpgwd (LNS):
#   1. xl2tpd hangs up the call ("h LOCAL_CALL_ID" on its control FIFO;
#      "d NAME" would close the whole tunnel with StopCCN): l2tpgwd
#      deletes the kernel session;
#   2. the LAC's pppd dies (SIGTERM): xl2tpd sends CDN, same result;
#   3. l2tpgwd ends the call: mallory is not in its users file, PAP fails
#      and l2tpgwd disconnects the call; xl2tpd logs the CDN it receives.
#
#   ns lac: xl2tpd, pppd               ns lns: l2tpgwd
#   va 10.2.1.2/24 ------ UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_lns_lac pap 10.20.0.10-10.20.0.250 hello_interval=60s
ppp_secret mallory wrong-secret
xl2tpd_lac lac lns 10.2.1.1 alice pap
# After "h", xl2tpd keeps the section's call marked active ("Session 'lns'
# already active!"): the second call uses another section.
xl2tpd_lac lac lns2 10.2.1.1 alice pap
xl2tpd_lac lac bad 10.2.1.1 mallory pap
xl2tpd_start lac
XL=$L2TPGW_OUT/xl2tpd-lac.log

echo "# 1. CDN from xl2tpd (hang-up)"
xl2tpd_ctl lac "c lns"
wait_for "ppp0 up in lac" 90 ppp_up lac ppp0
check "one kernel session in lns" kernel_count_is lns session 1
cid=$(sed -n 's/.*Call established with 10\.2\.1\.1, Local: \([0-9]*\),.*/\1/p' "$XL" | tail -n 1)
check "xl2tpd logged its call id ($cid)" test -n "$cid"
xl2tpd_ctl lac "h $cid"
wait_for "xl2tpd sent CDN" 30 log_has "$XL" "Call $cid to 10\.2\.1\.1 disconnected"
wait_for "l2tpgwd deleted the kernel session" 30 kernel_count_is lns session 0
check "l2tpgwd logged the CDN" log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" 'CDN|call.?disconnect'

echo "# 2. CDN from xl2tpd (its pppd died)"
xl2tpd_ctl lac "c lns2"
wait_for "ppp0 up again" 90 ppp_up lac ppp0
mapfile -t p < <(pppd_pids lac)
check "one pppd in lac (${p[*]})" test "${#p[@]}" = 1
kill -TERM "${p[0]}"
wait_for "l2tpgwd deleted the kernel session" 30 kernel_count_is lns session 0

echo "# 3. CDN from l2tpgwd (authentication refused)"
before=$(grep -c 'message type is Call-Disconnect-Notify' "$XL" || true)
xl2tpd_ctl lac "c bad"
wait_for "xl2tpd received a CDN from l2tpgwd" 60 sh -c "test \$(grep -c 'message type is Call-Disconnect-Notify' '$XL') -gt $before"
check "no kernel session left in lns" kernel_count_is lns session 0
check "l2tpgwd process still running" alive "$(gw_pid lns)"
