#!/bin/bash
# timeout: 360
#
# charon restarted under a live L2TP/IPsec session.  Stopping charon
# deletes its SAs; l2tpgwd notices the VICI connection go, closes the
# tunnel whose SA is gone (saying so), keeps running, reconnects when
# charon is back, loads its connection again, and the client's next
# attempt (new IKE_SA, new tunnel) comes up and passes traffic.
#
# Never in the clear: a capture on the gateway's outer link for the whole
# scenario holds no cleartext L2TP from the gateway, although the host
# pings the client throughout charon's absence (the module faces data for
# a tunnel whose SA and policies are gone until l2tpgwd, held stopped for
# a while, closes it; counted in tx_no_sa) and l2tpgwd sends a HELLO
# every 2 s.  The client's own packets are not
# counted: its charon deleted its SA too, and it talks in the clear.
#
#   ns win: charon, xl2tpd, pppd  va 10.2.1.2 -- vb1 10.2.1.1  ns lns: charon, l2tpgwd -- ns host
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

# A HELLO every 2 s, so that l2tpgwd sends control.
IPSEC_LNS_GLOBAL=hello_interval=2s ipsec_setup win
capture_start lns vb1 outer "udp or esp"
GL=$L2TPGW_OUT/l2tpgwd-lns.log
ipsec_client win 10.2.1.1
ip -n win route add 10.3.0.0/24 dev ppp0
check "ping before the restart" n win ping -c 2 -i 0.2 -W 2 -q 10.3.0.2

# Traffic toward the client while charon goes and until the tunnel closes.
# l2tpgwd is held (SIGSTOP) while charon stops, so that the module faces
# that traffic with the tunnel still bound to an SA charon no longer has.
spawn ping-host ip netns exec host ping -i 0.2 -W 1 "$(ppp_addr win ppp0)"
ping_pid=${NETNS_BG_PIDS[-1]}
no_sa=$(kernel_session_stat lns tx_no_sa)
# Resumed in 70 s whatever happens: the cleanup waits for it to exit.
(sleep 70; kill -CONT "$(gw_pid lns)") >/dev/null 2>&1 &
kill -STOP "$(gw_pid lns)"
charon_stop lns
session_refused() { test "$(kernel_session_stat lns tx_no_sa)" -ge $((no_sa + 5)); }
wait_for "the module refused the data of the bound tunnel (session tx_no_sa)" 30 session_refused
kill -CONT "$(gw_pid lns)"
wait_for "l2tpgwd noticed charon left" 30 log_has "$GL" 'ipsec: .*installed SAs keep working'
wait_for "l2tpgwd closed the tunnel whose SA went" 60 log_has "$GL" 'ipsec: 1 tunnel of 10\.2\.1\.2 \(CHILD_SA #[0-9]+\) closed'
check "l2tpgwd is still running" alive "$(gw_pid lns)"
check "no kernel tunnel left" kernel_count_is lns tunnel 0
kill "$ping_pid"
charon_start lns
wait_for "l2tpgwd reconnected and loaded its connection again" 60 count_at_least 2 'ipsec: connected to charon' "$GL"
wait_for "the connection is back in charon" 30 lns_conn_loaded

# The client starts over, as a user would: IPsec, then a fresh xl2tpd (the
# old one still holds the dead tunnel and would call on it).
old=$(xl2tpd_pid win)
kill -TERM "$old"
wait_for "old xl2tpd gone" 30 gone "$old"
wait_for "old pppd gone" 30 no_pppd win
# (charon on the LNS deleted the IKE_SA as it stopped: maybe nothing left)
swan win --terminate --ike lns --timeout 10 >/dev/null 2>&1 || true
swan win --initiate --child lns --timeout 60 >"$L2TPGW_OUT/swanctl-win-again.log" 2>&1 || true
wait_for "client's new CHILD_SA installed" 30 swan_child_up win lns
xl2tpd_start win
xl2tpd_ctl win "c lns"
wait_for "ppp0 up again" 90 ppp_up win ppp0
ip -n win route replace 10.3.0.0/24 dev ppp0
check "ping after the restart" n win ping -c 3 -i 0.2 -W 2 -q 10.3.0.2
check "the new tunnel is bound to the new SA" count_at_least 2 'up from 10\.2\.1\.2 via IPsec SA [0-9]+' "$GL"

capture_stop outer
check "the capture saw the protected traffic (ESP)" capture_has outer 4 esp
is "cleartext L2TP from the gateway in the capture, at any moment" \
	"$(capture_count outer "udp port 1701 and src host 10.2.1.1")" 0
