#!/bin/bash
# timeout: 150
#
# A session's device deleted under l2tpgwd (issue 13, "blind daemon"):
# xl2tpd+pppd (LAC) hold two calls to l2tpgwd (LNS); on the
# LNS, `ip link del` removes the first call's device.  l2tpgwd learns it
# from the module's events: the peer gets a CDN (xl2tpd logs it, that
# call's pppd ends), l2tpgwd logs why, its session list and status no
# longer show the call, and the call's tunnel stays up (a CDN, not a
# StopCCN) while the other call keeps passing traffic.  (xl2tpd opens a
# tunnel per [lac] section, so the two calls are in two tunnels.)  Then a half-open tunnel (one raw SCCRQ, never
# completed): `l2tpctl tunnel list` shows it with its state and `status`
# counts the same tunnels.  Last, the other call's tunnel deleted with
# `l2tpctl kernel tunnel del` (StopCCN to xl2tpd) and l2tpgwd's IPv4
# socket detached with `l2tpctl kernel socket del`: l2tpgwd attaches it
# again, and a new call passes traffic through it.
#
#   ns lac: xl2tpd, pppd x2               ns lns: l2tpgwd
#   ppp0, ppp1 10.20.0.x ================= ra0, ra1 10.20.0.1
#   va 10.2.1.2/24 ------ UDP 1701 ------- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

SOCK=$PEERS_TMP/lns/control.sock
GWLOG=$L2TPGW_OUT/l2tpgwd-lns.log
XL=$L2TPGW_OUT/xl2tpd-lac.log
ctl() { gw_ctl lns "$@"; }
no_link() { ! ip -n "$1" link show "$2" >/dev/null 2>&1; }
check_not_log() { ! log_has "$1" "$2"; }

peers_lns_lac pap 10.20.0.10-10.20.0.250 hello_interval=60s
xl2tpd_lac lac one 10.2.1.1 alice pap
xl2tpd_lac lac two 10.2.1.1 alice pap
xl2tpd_lac lac three 10.2.1.1 alice pap
xl2tpd_start lac
wait_for "control socket" 20 test -S "$SOCK"

xl2tpd_ctl lac "c one"
wait_for "first call up (ppp0)" 90 ppp_up lac ppp0
xl2tpd_ctl lac "c two"
wait_for "second call up (ppp1)" 90 ppp_up lac ppp1
check "two kernel sessions in lns" kernel_count_is lns session 2
check "two kernel tunnels in lns" kernel_count_is lns tunnel 2

# The LNS device of the first call: the one whose peer is ppp0's address.
a0=$(ppp_addr lac ppp0)
dev=$(ctl -j session list | json_eval "[s['ifname'] for s in d if s.get('peer_ipv4') == '$a0'][0]")
keep=$(ctl -j session list | json_eval "[s['ifname'] for s in d if s.get('peer_ipv4') != '$a0'][0]")
check "the first call's device is known ($dev), the other is $keep" test -n "$dev" -a -n "$keep"
cdn_before=$(grep -c 'message type is Call-Disconnect-Notify' "$XL" || true)

pp ip -n lns link del "$dev"
wait_for "xl2tpd received a CDN" 30 count_at_least $((cdn_before + 1)) 'message type is Call-Disconnect-Notify' "$XL"
wait_for "the first call's pppd ended (ppp0 gone)" 30 no_link lac ppp0
check "l2tpgwd logged the deleted device and the CDN" log_hasi "$GWLOG" "dev $dev: session device deleted: closing it \\(CDN\\)"
check "l2tpctl session list: one session, on $keep" test "$(ctl -j session list | json_eval "','.join(s['ifname'] for s in d)")" = "$keep"
check "status: one session" test "$(ctl -j status | json_eval 'd["sessions"]')" = 1
check "stats: kernel_sessions_lost 1" test "$(ctl -j stats | json_eval 'd["kernel_sessions_lost"]')" = 1
check "one kernel session left" kernel_count_is lns session 1
check "both tunnels are still established" test "$(ctl -j tunnel list | json_eval "[t['state'] for t in d]")" = "['established', 'established']"
check "both kernel tunnels are still there" kernel_count_is lns tunnel 2
check "no StopCCN reached xl2tpd" check_not_log "$XL" 'Stop-Control-Connection-Notification' 
check "the other call passes traffic" n lac ping -c 2 -W 5 -I ppp1 10.20.0.1
check "ppp1 is still up" ppp_up lac ppp1
check "l2tpgwd still running" alive "$(gw_pid lns)"

echo "# a half-open tunnel: SCCRQ (host name halfopen, tunnel 0x1234), no SCCCN"
SCCRQ=c802003c000000000000000080080000000000018008000000020100800a0000000300000003800e0000000768616c666f70656e8008000000091234
n lac /usr/bin/python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('10.2.1.2', 1799))
s.sendto(bytes.fromhex('$SCCRQ'), ('10.2.1.1', 1701))"
half_open() {
	[[ $(ctl -j tunnel list | json_eval "len([t for t in d if t['peer_port'] == 1799])") == 1 ]]
}
wait_for "tunnel list shows the half-open tunnel" 10 half_open
L=$(ctl -j tunnel list)
S=$(ctl -j status)
check "its state is wait-ctl-conn, its peer's host halfopen" test "$(json_eval "[(t['state'], t['peer_host']) for t in d if t['peer_port'] == 1799]" <<<"$L")" = "[('wait-ctl-conn', 'halfopen')]"
check "tunnel list (3) and status agree" test "$(json_eval 'len(d)' <<<"$L")" = "$(json_eval 'd["tunnels"]' <<<"$S")"
check "status: 3 tunnels, 2 established, 1 negotiating" test "$(json_eval '(d["tunnels"], d["tunnels_established"], d["tunnels_negotiating"])' <<<"$S")" = "(3, 2, 1)"
check "tunnel list (text) shows the state" gw_ctl_has lns wait-ctl-conn tunnel list
check "status (text) counts by state" gw_ctl_has lns 'tunnels: 3 \(2 established, 1 negotiating, 0 closing\)' status
check "l2tpgwd still running" alive "$(gw_pid lns)"

echo "# the other call's tunnel deleted in the kernel"
tid=$(ctl -j session list | json_eval "d[0]['tunnel_id']")
stop_before=$(grep -c 'message type is Stop-Control-Connection-Notification' "$XL" || true)
pp n lns "$L2TPCTL" kernel tunnel del id "$tid"
wait_for "xl2tpd received a StopCCN" 30 count_at_least $((stop_before + 1)) 'message type is Stop-Control-Connection-Notification' "$XL"
wait_for "the other call's pppd ended (ppp1 gone)" 30 no_link lac ppp1
check "l2tpgwd logged it" log_hasi "$GWLOG" "tunnel $tid: tunnel deleted from the kernel by another program: closing it \(StopCCN\)"
check "status: no session" test "$(ctl -j status | json_eval 'd["sessions"]')" = 0

echo "# l2tpgwd's IPv4 socket detached in the kernel"
sock=$(n lns "$L2TPCTL" -j kernel socket list | json_eval "[s['sock_id'] for s in d if ':' not in str(s['local'])][0]")
pp n lns "$L2TPCTL" kernel socket del id "$sock"
wait_for "l2tpgwd attached it again" 20 log_hasi "$GWLOG" "socket $sock: detached from the l2tpgw module by another program: attaching it again"
check "two sockets in the module again" test "$(n lns "$L2TPCTL" -j kernel socket list | json_eval 'len(d)')" = 2
xl2tpd_ctl lac "c three"
wait_for "a new call is up (ppp0)" 90 ppp_up lac ppp0
check "it passes traffic" n lac ping -c 2 -W 5 -I ppp0 10.20.0.1
check "l2tpgwd still running" alive "$(gw_pid lns)"
