#!/bin/bash
# timeout: 150
#
# A peer's words reach the log and l2tpctl escaped, never raw: a scripted
# peer names itself with an escape sequence and CR LF in its Host Name,
# opens a session, hangs it up with a CDN whose Q.931 advisory message
# and Result Code message hold ESC ] (a terminal title), BEL, CR LF and a
# fake log line, then closes the tunnel with a StopCCN whose message does
# the same.  l2tpctl's tunnel and session lists and l2tpgwd's log show
# each escaped (\x1b, \r, \n, \x07); no raw control byte and no forged
# log line appears.
#
#   ns lac: l2tp_peer.py                 ns lns: l2tpgwd
#   va 10.2.1.2/24 ------ UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/hostile.sh

HOST=$'evil\e[31m\r\nhost'
CDN=$'cdn\e]0;owned\a\r\nl2tpgwd: session 1/1 in tunnel 1: user root up'
STOP=$'bye\e[2J\r\nl2tpgwd: tunnel 1/1: established with admin\a'
GL=$L2TPGW_OUT/l2tpgwd-lns.log
PL=$L2TPGW_OUT/peer.log
SOCK=$PEERS_TMP/lns/control.sock
no_raw_control() { ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$1"; }
no_forged_line() { ! grep -qE '^l2tpgwd: (tunnel|session) 1/1' "$1"; }
session_up() { [[ $(gw_tunnels lns '.[0].sessions') == 1 ]]; }

peers_init
ns_add lns
topo_lac lac 1
gw_lns_std lns pap 10.20.0.10-10.20.0.20
gw_start lns
wait_for "l2tpgwd answers" 20 test -S "$SOCK"
spawn peer n lac "${PEER[@]}" --bind 10.2.1.2:1701 --to 10.2.1.1:1701 \
	"host:$HOST" sccrq:5 sccrp:15 scccn icrq:9 icrp iccn acked sleep:5 \
	"cdn:$CDN" acked "stopccn:$STOP" acked
wait_for "the peer's session is up" 30 session_up
n lns "$L2TPCTL" -s "$SOCK" tunnel list >"$L2TPGW_OUT/tunnels.txt"
n lns "$L2TPCTL" -s "$SOCK" -j tunnel list >"$L2TPGW_OUT/tunnels.json"
n lns "$L2TPCTL" -s "$SOCK" tunnel show "$(gw_tunnels lns '.[0].tunnel_id')" \
	>>"$L2TPGW_OUT/tunnels.txt"
n lns "$L2TPCTL" -s "$SOCK" session list >"$L2TPGW_OUT/sessions.txt"
wait_for "the peer sent CDN and StopCCN, acknowledged" 30 \
	count_at_least 3 '^acked:' "$PL"
wait_for "l2tpgwd logged the StopCCN" 10 \
	log_hasi "$GL" 'closed the tunnel: result 6'
check "no raw control byte in l2tpgwd's log" no_raw_control "$GL"
check "no forged log line" no_forged_line "$GL"
check "the CDN's Q.931 message logged escaped" grep -qF \
	'cdn\x1b]0;owned\x07\r\nl2tpgwd: session 1/1 in tunnel 1: user root up' "$GL"
check "the StopCCN's message logged escaped" grep -qF \
	'bye\x1b[2J\r\nl2tpgwd: tunnel 1/1: established with admin\x07' "$GL"
check "the host name logged escaped" grep -qF 'evil\x1b[31m\r\nhost' "$GL"
cat "$L2TPGW_OUT/tunnels.txt"
# The daemon hands l2tpctl the name as sent; l2tpctl escapes it once for
# the terminal, and -j gives it exactly, as a JSON string.
check "l2tpctl shows the host name escaped once" grep -qF \
	'evil\x1b[31m\r\nhost' "$L2TPGW_OUT/tunnels.txt"
check "l2tpctl -j gives the host name as sent" \
	test "$(jq -r '.[0].peer_host' "$L2TPGW_OUT/tunnels.json")" = "$HOST"
check "no raw control byte in l2tpctl's tunnel output" \
	no_raw_control "$L2TPGW_OUT/tunnels.txt"
check "nor in its session list" no_raw_control "$L2TPGW_OUT/sessions.txt"
check "l2tpgwd still running" alive "$(gw_pid lns)"
