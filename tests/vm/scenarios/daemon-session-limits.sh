#!/bin/bash
# timeout: 200
#
# Session-Timeout, Idle-Timeout and the cause of every end, against six
# xl2tpd+pppd clients of one l2tpgwd (users file limits over [lns]
# defaults, docs/ppp.md):
#  - alice (session_timeout=15) ends 15 s after her network phase opened,
#    cause=session-timeout; `session show` counts her time down first;
#  - bob (idle_timeout=10), kept busy by a ping for 20 s, stays up; once
#    the ping stops he ends 10 s (at most 10 + two rounds of 2.5 s) later,
#    cause=idle-timeout: LCP echoes every 2 s are no traffic;
#  - carol: `l2tpctl session delete` gives cause=admin-reset;
#  - dave: his pppd hangs up (SIGTERM: LCP Terminate-Request, then
#    xl2tpd's CDN) gives cause=user-request;
#  - erin: her link goes down, nothing answers the LCP echoes: cause=
#    lost-carrier;
#  - frank: l2tpgwd stops (SIGTERM): cause=nas-reboot.
# Each cause is in the session.down line and in the monitor's
# session.down event (session.cause).
#
#   ns lacN: xl2tpd, pppd (N = 1..6)        ns lns: l2tpgwd
#   ppp0 10.20.0.x  ====================== raM 10.20.0.1
#   va 10.2.N.2/24 ----------------------- vbN 10.2.N.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

SOCK=$PEERS_TMP/lns/control.sock
LOG=$L2TPGW_OUT/l2tpgwd-lns.log
USERS=(alice bob carol dave erin frank)

peers_init
ns_add lns
for i in 1 2 3 4 5 6; do
	topo_lac "lac$i" "$i"
	ppp_secret "${USERS[i - 1]}" "${USERS[i - 1]}-secret"
done

gw_lns_std lns pap 10.20.0.10-10.20.0.250 -- echo_interval=2s echo_failures=3 session_timeout=600
# Over gw_lns_std's users file (alice only): everyone, with their limits.
gw_users lns >/dev/null <<'EOF'
alice "alice-secret" session_timeout=15
bob "bob-secret" idle_timeout=10
carol "carol-secret"
dave "dave-secret"
erin "erin-secret"
frank "frank-secret"
EOF
gw_start lns
wait_for "control socket created" 20 test -S "$SOCK"
ctl() { n lns "$L2TPCTL" -s "$SOCK" "$@"; }

spawn monitor ip netns exec lns "$L2TPCTL" -j -s "$SOCK" monitor
MON=$L2TPGW_OUT/monitor.log
reload_seen() { ctl reload >/dev/null && grep -q '"event": *"reload"' "$MON"; }
wait_for "monitor -j subscribed (sees a reload)" 20 reload_seen

dial() {
	xl2tpd_conf "lac$1"
	xl2tpd_lac "lac$1" lns "10.2.$1.1" "${USERS[$1 - 1]}" pap
	xl2tpd_start "lac$1"
	xl2tpd_ctl "lac$1" "c lns"
}
# down_line USER: USER's session down line in the daemon's log.
down_line() { grep -E "session down .* user=$1 " "$LOG"; }
down_seen() { down_line "$1" >/dev/null; }
# ended USER CAUSE: the line and the monitor's event say CAUSE.
ended() {
	local ev
	check "$1's session down line says cause=$2" log_has "$LOG" "session down .* user=$1 .* cause=$2 "
	ev=$(jq -rR "fromjson? | select(.event == \"session.down\" and .session.user == \"$1\") | .session.cause" "$MON")
	is "$1's session.down event cause" "$ev" "$2"
}
duration() { down_line "$1" | sed -n 's/.* duration=\([0-9]*\)s .*/\1/p'; }
mono() { echo $((${EPOCHREALTIME/./} / 1000)); }

# --- everyone but bob comes up; alice last: her 15 s run from then ---------
for i in 3 4 5 6 1; do
	dial "$i"
done
for i in 3 4 5 6 1; do
	wait_for "${USERS[i - 1]}'s ppp0 up" 90 ppp_up "lac$i" ppp0
done

# --- alice: session_timeout=15 from the users file, carol the section's ----
check "session show counts alice's time down" gw_ctl_has lns "limits: session [0-9]+s left of 15s" session show user alice
is "session show -j: alice's session timeout" "$(ctl -j session show user alice | jq -r .limits.session_timeout)" 15
is "session show -j: carol has the section's" "$(ctl -j session show user carol | jq -r .limits.session_timeout)" 600

# --- carol: operator delete --------------------------------------------------
check "session delete user carol" ctl session delete user carol
wait_for "carol's session ended" 20 down_seen carol
ended carol admin-reset

# --- dave: the peer hangs up -------------------------------------------------
mapfile -t p < <(pppd_pids lac4)
check "one pppd in lac4 (${p[*]})" test "${#p[@]}" = 1
kill -TERM "${p[0]}"
wait_for "dave's session ended" 30 down_seen dave
ended dave user-request

# --- erin: her link goes, echoes go unanswered (while bob runs) -------------
ip -n lac5 link set va down

# --- bob: busy for 20 s, then idle -------------------------------------------
dial 2
wait_for "bob's ppp0 up" 90 ppp_up lac2 ppp0
is "session show -j: bob's idle timeout" "$(ctl -j session show user bob | jq -r .limits.idle_timeout)" 10
check "bob pings for 20 s, twice his idle timeout" n lac2 ping -q -c 40 -i 0.5 -W 1 10.20.0.1
t_ping=$(mono)
check "bob is still up after it" gw_ctl_has lns bob session list
check "... with no down line" test -z "$(down_line bob)"
wait_for "bob's session ended" 30 down_seen bob
t_down=$(mono)
idle=$(((t_down - t_ping) / 1000))
check "about 10 s after his last packet (${idle} s)" test "$idle" -ge 8 -a "$idle" -le 17
ended bob idle-timeout
d=$(duration bob)
check "bob was up for his 20 s of ping and more (duration=${d}s)" test "$d" -ge 28

# --- alice and erin ended meanwhile -------------------------------------------
wait_for "alice's session ended" 10 down_seen alice
d=$(duration alice)
check "after 15 s of network phase (duration=${d}s)" test "$d" -ge 15 -a "$d" -le 18
ended alice session-timeout
check "the log says why" log_has "$LOG" "user alice: session timeout \(15 s\): closing it"
check "LCP Terminate-Request reached alice's pppd" log_has "$L2TPGW_OUT/pppd-lac1-lns.log" 'rcvd \[LCP TermReq'
wait_for "erin's session ended" 10 down_seen erin
ended erin lost-carrier
check "on the LCP echo failure" log_has "$LOG" "user=erin .*reason=\"CDN result [0-9]+ \(PPP: peer stopped answering LCP echo"

# --- frank: the daemon stops --------------------------------------------------
pid=$(gw_pid lns)
kill -TERM "$pid"
wait_for "l2tpgwd stopped" 30 gone "$pid"
ended frank nas-reboot
wait_for "frank's ppp0 gone" 30 sh -c '! ip -n lac6 link show ppp0 2>/dev/null'
