#!/bin/bash
# timeout: 240
#
# A client's CHILD_SA deleted by hand on the gateway (swanctl --terminate
# --child) while traffic flows toward it: nothing of its tunnel leaves the
# gateway in the clear, the module's refused data is counted (tx_no_sa on
# the session), and the tunnel closes once l2tpgwd hears of it.
#
# So that the drops are seen rather than raced, l2tpgwd is stopped
# (SIGSTOP) just before the terminate: the kernel tunnel and session stay,
# still bound to the dead SA's reqid and mark, and the module alone faces
# the data (a ping from host to the client).  charon's policies for the
# mark are gone with the SA; l2tpgwd's guard policy remains and the
# module's route lookup fails.  Then SIGCONT: l2tpgwd reads charon's
# child-updown and closes the tunnel.  The capture is on the gateway's
# outer link for the whole scenario; the client (whose charon also deleted
# its SA) may well talk in the clear: only the gateway's packets count.
#
#   ns win: charon, xl2tpd, pppd  va 10.2.1.2 -- vb1 10.2.1.1  ns lns: charon, l2tpgwd -- ns host
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

GL=$L2TPGW_OUT/l2tpgwd-lns.log

ipsec_setup win
capture_start lns vb1 outer "udp or esp"
ipsec_client win 10.2.1.1
ip -n win route add 10.3.0.0/24 dev ppp0
client=$(ppp_addr win ppp0)
check "ping through the protected session" n win ping -c 2 -i 0.2 -W 2 -q 10.3.0.2
check "host reaches the client" n host ping -c 2 -i 0.2 -W 2 -q "$client"

# Traffic toward the client from now on.
spawn ping-host ip netns exec host ping -i 0.2 -W 1 "$client"
gw=$(gw_pid lns)
no_sa=$(kernel_session_stat lns tx_no_sa)
# Resumed in 70 s whatever happens: the cleanup waits for it to exit.
(sleep 70; kill -CONT "$gw") >/dev/null 2>&1 &
kill -STOP "$gw"
swan lns --terminate --child l2tpgw --timeout 30 >"$L2TPGW_OUT/swanctl-lns-terminate.log" 2>&1 || true
child_gone() { ! swan_child_up lns l2tpgw; }
wait_for "charon on the gateway deleted the CHILD_SA" 30 child_gone
ip -n lns xfrm policy >"$L2TPGW_OUT/xfrm-policies-after"
session_refused() { test "$(kernel_session_stat lns tx_no_sa)" -ge $((no_sa + 5)); }
wait_for "the module refused the data and counted it (session tx_no_sa)" 30 session_refused
check "the kernel tunnel is still there (l2tpgwd stopped)" kernel_count_is lns tunnel 1

kill -CONT "$gw"
wait_for "l2tpgwd closed the tunnel whose SA went" 30 log_has "$GL" 'ipsec: 1 tunnel of 10\.2\.1\.2 \(CHILD_SA #[0-9]+\) closed'
wait_for "no kernel tunnel left" 10 kernel_count_is lns tunnel 0
check "l2tpgwd is still running" alive "$gw"

capture_stop outer
check "the capture saw the protected traffic (ESP)" capture_has outer 4 esp
is "cleartext L2TP from the gateway in the capture" \
	"$(capture_count outer "udp port 1701 and src host 10.2.1.1")" 0
