#!/bin/bash
# timeout: 200
#
# A slow RADIUS server never blocks the LNS (issue 15): 50 sessions of a
# LAC (l2tpgwd, one tunnel, HELLO every second, an LCP Echo-Request on each
# session every second) are up, authenticated through FreeRADIUS; then the
# server's answers are delayed 3 s (netem on its link) and a second LAC
# brings up 20 more sessions, each waiting 3 s for its Access-Accept.
# Meanwhile a capture on the first LAC's link (the oracle,
# tests/vm/lib/l2tp_timing.py) shows every HELLO acknowledged and every
# Echo-Request answered by the LNS well under the 3 s delay, no HELLO sent
# again; the 50 sessions stay, the same ones; the 20 new sessions are not
# up before the delay and all come up after it.  On main the LNS knows no
# [radius] (the configuration is refused).
#
#   ns lac1 (50 sessions) va 10.2.1.2 ---- vb1 10.2.1.1  ns lns  [capture]
#   ns lac2 (20 sessions) va 10.2.2.2 ---- vb2 10.2.2.1  ns lns
#   ns lns  rad1 10.4.1.1/24 ---- gw1 10.4.1.2/24  ns radius: freeradius,
#                                 answers delayed 3 s (netem on gw1)
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/radius.sh

UP=50
BURST=20
peers_init
ns_add lns
topo_lac lac1 1
topo_lac lac2 2
radius_link radius lns 1
radius_start radius

gw_config lns <<EOF
[global]
log_level = info
[radius]
auth_server = 10.4.1.2
secret = $RADIUS_SECRET
timeout = 8s
retries = 0
nas_identifier = gw-slow
[lns ra]
ifname = ra%d
auth = chap
auth_backend = radius
pool = 10.20.0.10-10.20.0.200
local_ip = 10.20.0.1
EOF
gw_start lns

lac_conf() {
	{
		printf '[global]\nlog_level = info\nhello_interval = %s\n' "$3"
		printf '[lac up]\npeer = 10.2.%s.1:1701\nsessions = %s\n' "$2" "$4"
		printf 'echo_interval = 1s\necho_failures = 3\n'
		gw_lac_ppp_keys chap alice alice-secret
	} | gw_config "$1"
}
lac_conf lac1 1 1s $UP
lac_conf lac2 2 60s $BURST

# sessions_up NS: how many of NS's devices have a 10.20.0.x address
sessions_up() {
	ip -n "$1" -4 -o addr show | grep -c ' peer 10\.20\.0\.1/' || true
}
sessions_are() {
	(($(sessions_up "$1") == $2))
}
# kernel_sids NS: "SID PEER_SID" lines of NS's kernel sessions, sorted
kernel_sids() {
	kernel_sessions "$1" | json_eval \
		'"\n".join(sorted("%d %d" % (s["session_id"], s["peer_session_id"]) for s in d))'
}

gw_start lac1
wait_for "$UP sessions up in lac1" 150 sessions_are lac1 $UP
before=$(kernel_sids lac1)
kernel_sids lac1 >"$L2TPGW_OUT/sids"
is "$UP kernel sessions in lac1" "$(wc -l <"$L2TPGW_OUT/sids")" $UP

n radius tc qdisc add dev gw1 root netem delay 3s
capture_start lns vb1 lac1
sleep 3

t0=$(date +%s%N)
gw_start lac2
sleep 2
is "no new session up before the server's answers (2 s in)" \
	"$(sessions_up lac2)" 0
wait_for "$BURST new sessions up in lac2" 90 sessions_are lac2 $BURST
t1=$(date +%s%N)
echo "  the burst took $(((t1 - t0) / 1000000)) ms"
check "the burst took at least the 3 s delay" test $(((t1 - t0) / 1000000)) -ge 3000
sleep 3
capture_stop lac1

read -r _ nh _ hmax _ hlate _ hresent _ ne _ emax _ elate < <(
	/usr/bin/python3 tests/vm/lib/l2tp_timing.py \
		"$L2TPGW_OUT/lac1.pcap" 10.2.1.1 "$L2TPGW_OUT/sids" |
		tee "$L2TPGW_OUT/timing" | paste -sd ' ')
cat "$L2TPGW_OUT/timing"
check "HELLOs seen during the burst ($nh)" test "$nh" -ge 5
check "every HELLO acknowledged ($hlate not)" test "$hlate" -eq 0
check "no HELLO sent again ($hresent)" test "$hresent" -eq 0
# A LNS waiting for the server would answer 3 s late; TCG adds jitter.
check "every HELLO acknowledged within 2 s (max $hmax ms)" test "$hmax" -lt 2000
check "Echo-Requests seen during the burst ($ne)" test "$ne" -ge $((UP * 5))
check "every Echo-Request answered ($elate not)" test "$elate" -eq 0
check "every Echo-Request answered within 2 s (max $emax ms)" test "$emax" -lt 2000

is "the $UP sessions of lac1 are the same ones" "$(kernel_sids lac1)" "$before"
check "$((UP + BURST)) kernel sessions in lns" kernel_count_is lns session $((UP + BURST))
is "FreeRADIUS saw $((UP + BURST)) Access-Requests" \
	"$(grep -c 'Login OK: \[alice\]' "$(radius_dir radius)/run/radius.log")" $((UP + BURST))
