#!/bin/bash
# timeout: 150
#
# An SCCRQ naming a live tunnel's peer (its address, port 1701 and tunnel
# id: every Windows client looks like that) cannot take the tunnel down:
#  1. xl2tpd's tunnel carries a PPP session; an SCCRQ with xl2tpd's address,
#     port and tunnel id is forged (raw frames on the LAC's link): l2tpgwd
#     counts it, probes the tunnel with a HELLO that xl2tpd acknowledges,
#     and the tunnel and session keep passing pings;
#  2. xl2tpd and pppd are killed (-9: no StopCCN) and a new client dials
#     with the same address, port and tunnel id (l2tp_peer.py, resending
#     its SCCRQ as Windows does): the dead tunnel's probe goes unanswered,
#     it is dropped, and the new client is up within 10 s.
#
#   ns lac: xl2tpd, pppd, then l2tp_peer.py      ns lns: l2tpgwd
#   va 10.2.1.2/24 ---------- UDP 1701 ---------- vb1 10.2.1.1/24
#   (forged SCCRQ: rawudp.py on va, below lac's IP stack)
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/hostile.sh

GL=$L2TPGW_OUT/l2tpgwd-lns.log
ping_lns() { n lac ping -c 3 -i 0.2 -W 2 -q 10.20.0.1 >/dev/null; }
stat_is() { [[ $(gw_stat lns "$1") == "$2" ]]; }

peers_lns_lac pap 10.20.0.10-10.20.0.250
lac_up
check "ping through the session" ping_lns
read -r tid ptid peer port < <(gw_tunnels lns \
	'.[0] | "\(.tunnel_id) \(.peer_tunnel_id) \(.peer) \(.peer_port)"')
is "xl2tpd's tunnel comes from 10.2.1.2 port 1701" "$peer:$port" 10.2.1.2:1701
echo "  tunnel $tid, xl2tpd's tunnel id $ptid"

echo "# 1. a forged SCCRQ with xl2tpd's address, port and tunnel id"
lns_mac=$(ip -n lns -br link show vb1 | awk '{print $3}')
n lac "${RAW[@]}" va "$lns_mac" 10.2.1.2:1701 10.2.1.1:1701 \
	"$("${PEER[@]}" hex "sccrq:$ptid")" 3 >/dev/null
sleep 1
check "the same tunnel, established, with its session" has_line \
	"$(gw_tunnels lns '.[] | "\(.tunnel_id) \(.state) \(.sessions)"')" \
	"$tid established 1"
check "ping through the session still" ping_lns
wait_for "counted: sccrq_duplicate_established 3" 20 \
	stat_is sccrq_duplicate_established 3
wait_for "xl2tpd answered the probe" 20 \
	log_hasi "$GL" "tunnel $tid/$ptid: .*answered the probe"
check "the tunnel stays after the probe" has_line \
	"$(gw_tunnels lns '.[] | "\(.tunnel_id) \(.state) \(.sessions)"')" \
	"$tid established 1"
check "ping through the session after the probe" ping_lns
check "not dropped: tunnels_dropped_after_probe 0" \
	stat_is tunnels_dropped_after_probe 0
check "one kernel session in lns" kernel_count_is lns session 1

echo "# 2. the client dies (kill -9) and dials again with the same triple"
pid=$(xl2tpd_pid lac)
# shellcheck disable=SC2046 # one PID per word
kill -9 "$pid" $(pppd_pids lac)
wait_for "xl2tpd gone" 10 gone "$pid"
n lac "${PEER[@]}" --bind 10.2.1.2:1701 --to 10.2.1.1:1701 host:win \
	"sccrq:$ptid" sccrp:15 scccn acked:5 >"$L2TPGW_OUT/peer.log" ||
	fail "the new client did not get its tunnel ($(cat "$L2TPGW_OUT/peer.log"))"
cat "$L2TPGW_OUT/peer.log"
took=$(sed -n 's/^sccrp: after \([0-9]*\)\..*/\1/p' "$L2TPGW_OUT/peer.log")
check "the new client was answered within 10 s (${took} s)" test "$took" -lt 10
check "the dead tunnel was probed and dropped" \
	stat_is tunnels_dropped_after_probe 1
check "l2tpgwd logged why" log_hasi "$GL" \
	"tunnel $tid/$ptid: .*did not answer a HELLO.*dropped"
is "one tunnel: a new one, established, same peer id" \
	"$(gw_tunnels lns ".[] | \"\(.tunnel_id != $tid) \(.peer_tunnel_id) \(.state)\"")" \
	"true $ptid established"
check "the old session is gone" kernel_count_is lns session 0
check "l2tpgwd still running" alive "$(gw_pid lns)"
