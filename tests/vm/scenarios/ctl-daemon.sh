#!/bin/bash
# timeout: 240
#
# l2tpctl's operator commands against a running l2tpgwd (LNS) with two
# xl2tpd+pppd LACs: status, tunnel/session list and show (text and -j,
# checked field by field against the kernel and the peers), monitor -j
# seeing reload and a session going down on "session delete user", the
# peer's ppp going away with the CDN, bad arguments refused naming the
# argument, reload, the fallback to kernel state once l2tpgwd is stopped,
# and tools/examples/l2tpgw-sessions.py.
#
#   ns lac1: xl2tpd, pppd (alice)                ns lns: l2tpgwd
#   ppp0 10.20.0.x ==========================  raN 10.20.0.1
#   va 10.2.1.2/24 -------------------------- vb1 10.2.1.1/24
#
#   ns lac2: xl2tpd, pppd (bob)                  control socket
#   ppp0 10.20.0.y ==========================  $PEERS_TMP/lns/ctl.sock
#   va 10.2.2.2/24 -------------------------- vb2 10.2.2.1/24
#
#   ns host: vh 10.3.0.2/24 ---- vh 10.3.0.1/24 (lns; a static kernel
#   tunnel towards it survives l2tpgwd)
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

SOCK=$PEERS_TMP/lns/ctl.sock
OUT=$L2TPGW_OUT

peers_init
topo_lns_host
topo_lac lac1 1
topo_lac lac2 2
topo_lac lac3 3
ppp_secret alice alice-secret
ppp_secret bob bob-secret
ppp_secret carol carol-secret

users=$(gw_users lns <<<$'alice "alice-secret"\nbob "bob-secret"\ncarol "carol-secret"')
gw_config lns <<EOF
[global]
log_level = debug
control_socket = $SOCK
control_group = root

[lns ra]
ifname = ra%d
mtu = 1400
$(gw_lns_ppp_keys chap -- "$users" 10.20.0.10-10.20.0.250 10.20.0.1 "$PEERS_DNS1" "$PEERS_DNS2")
EOF
gw_start lns
wait_for "control socket created" 20 test -S "$SOCK"
check "control socket is mode 0660" test "$(stat -c %a "$SOCK")" = 660

for i in 1 2; do
	user=alice
	((i == 2)) && user=bob
	xl2tpd_conf "lac$i"
	xl2tpd_lac "lac$i" lns "10.2.$i.1" "$user" chap
	xl2tpd_start "lac$i"
	xl2tpd_ctl "lac$i" "c lns"
done
wait_for "ppp0 up in lac1" 90 ppp_up lac1 ppp0
wait_for "ppp0 up in lac2" 60 ppp_up lac2 ppp0

ctl() {
	n lns "$L2TPCTL" -s "$SOCK" "$@"
}

# jq-less JSON checks: py 'EXPR' evaluates EXPR with d = the JSON on stdin;
# a false result or an exception fails.
py() {
	/usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
r = eval(sys.argv[1], {"d": d, "arg": sys.argv[2:], "json": json})
if not r:
    sys.exit("false: %s\n%s" % (sys.argv[1], json.dumps(d)))' "$@"
}

# --- status, lists ---------------------------------------------------------
ctl status >"$OUT/status.txt"
check "status (text) says 2 tunnels, 2 sessions" grep -qzE 'tunnels: 2.*sessions: 2' "$OUT/status.txt"
J=$(ctl -j status)
check "status -j: 2 tunnels, 2 sessions, uptime" py 'd["tunnels"] == 2 and d["sessions"] == 2 and d["uptime"] >= 0 and d["started_at"] > 0 and d["version"]' <<<"$J"

check "tunnel list (text)" ctl tunnel list
KT=$(n lns "$L2TPCTL" -j kernel tunnel list)
DT=$(ctl -j tunnel list)
check "tunnel list -j: the kernel's tunnel ids, peers 10.2.1.2/10.2.2.2" \
	py 'sorted(t["tunnel_id"] for t in d) == sorted(t["tunnel_id"] for t in json.loads(arg[0])) and sorted(t["peer"] for t in d) == ["10.2.1.2", "10.2.2.2"] and all(t["sessions"] == 1 and t["lac"] is None for t in d)' "$KT" <<<"$DT"

check "session list (text)" ctl session list
KS=$(kernel_sessions lns)
DS=$(ctl -j session list)
check "session list -j: alice and bob, the kernel's ids" \
	py 'sorted(s["user"] for s in d) == ["alice", "bob"] and sorted((s["tunnel_id"], s["session_id"]) for s in d) == sorted((s["tunnel_id"], s["session_id"]) for s in json.loads(arg[0]))' "$KS" <<<"$DS"

# --- session show, field by field -----------------------------------------
ctl session show user alice >"$OUT/show-alice.txt"
check "session show user alice (text) names alice" grep -q 'user: alice' "$OUT/show-alice.txt"
A=$(ctl -j session show user alice)
a_peer=$(ppp_addr lac1 ppp0)
a_local=$(ppp_peer lac1 ppp0)
check "show -j: peer_ipv4 = lac1's ppp0 address $a_peer" py 'd["peer_ipv4"] == arg[0]' "$a_peer" <<<"$A"
check "show -j: local_ipv4 = lac1's ppp0 peer $a_local" py 'd["local_ipv4"] == arg[0]' "$a_local" <<<"$A"
check "show -j: state up, user alice" py 'd["state"] == "up" and d["user"] == "alice"' <<<"$A"
check "show -j: ids, ifname, ifindex = the kernel session's" \
	py '[(k["tunnel_id"], k["session_id"], k["peer_session_id"], k["ifname"], k["ifindex"]) for k in json.loads(arg[0]) if k["ifname"] == d["ifname"]] == [(d["tunnel_id"], d["session_id"], d["peer_session_id"], d["ifname"], d["ifindex"])]' "$KS" <<<"$A"
ifn=$(py 'print(d["ifname"]) or True' <<<"$A")
check "show -j: interface $ifn exists in lns" n lns test -e "/sys/class/net/$ifn"
check "show -j: tunnel's peer is lac1" py 'any(t["tunnel_id"] == d["tunnel_id"] and t["peer"] == "10.2.1.2" for t in json.loads(arg[0]))' "$DT" <<<"$A"
check "show by address $a_peer: the same session" py 'd["user"] == "alice"' <<<"$(ctl -j session show address "$a_peer")"
check "show by interface $ifn: the same session" py 'd["user"] == "alice"' <<<"$(ctl -j session show interface "$ifn")"
tid=$(py 'print(d["tunnel_id"]) or True' <<<"$A")
sid=$(py 'print(d["session_id"]) or True' <<<"$A")
check "show by ids $tid/$sid: the same session" py 'd["user"] == "alice"' <<<"$(ctl -j session show tunnel "$tid" id "$sid")"
check "tunnel show $tid -j" py 'd["tunnel_id"] == int(arg[0]) and d["peer"] == "10.2.1.2"' "$tid" <<<"$(ctl -j tunnel show "$tid")"
check "stats -j: 2 sessions" py 'd["sessions"] == 2' <<<"$(ctl -j stats)"
check "l2tpgw-sessions.py (pyroute2) lists the kernel's sessions" \
	py 'sorted((s["tunnel_id"], s["session_id"]) for s in d) == sorted((s["tunnel_id"], s["session_id"]) for s in json.loads(arg[0]))' "$KS" \
	<<<"$(n lns /usr/bin/python3 tools/examples/l2tpgw-sessions.py --json)"

# --- monitor, reload, session delete ----------------------------------------
spawn monitor ip netns exec lns "$L2TPCTL" -j -s "$SOCK" monitor
MON=$OUT/monitor.log
# The monitor is subscribed once it sees a reload: retry until it does.
# mon_has EVENT: monitor -j printed an event of that name.
mon_has() {
	/usr/bin/python3 -c '
import json, sys
sys.exit(not any(json.loads(l)["event"] == sys.argv[1]
                 for l in open(sys.argv[2]) if l.strip()))' "$1" "$MON"
}
reload_seen() {
	ctl reload >/dev/null && mon_has reload
}
wait_for "reload works and monitor -j reports it" 20 reload_seen
check "session delete user alice" ctl session delete user alice
wait_for "monitor -j reports alice's session down" 20 mon_has session.down
check "the event is alice's, with a reason" py 'any(e["event"] == "session.down" and e["session"]["user"] == "alice" and e["session"]["session_id"] == int(arg[0]) and e["reason"] for e in d)' "$sid" \
	<<<"$(/usr/bin/python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in sys.stdin if l.strip()]))' <"$MON")"
no_ppp0() { ! ip -n "$1" link show dev ppp0 >/dev/null 2>&1; }
wait_for "lac1's ppp0 goes away (CDN)" 30 no_ppp0 lac1
check "xl2tpd in lac1 received the CDN" log_has "$OUT/xl2tpd-lac1.log" 'message type is Call-Disconnect-Notify'
check "lac2's session is untouched" ppp_up lac2 ppp0
wait_for "one kernel session left" 10 kernel_count_is lns session 1
check "session list -j: bob only" py '[s["user"] for s in d] == ["bob"]' <<<"$(ctl -j session list)"

# A third client dials while the monitor listens: it reports the session up.
xl2tpd_conf lac3
xl2tpd_lac lac3 lns 10.2.3.1 carol chap
xl2tpd_start lac3
xl2tpd_ctl lac3 "c lns"
wait_for "ppp0 up in lac3" 90 ppp_up lac3 ppp0
wait_for "monitor -j reports a session up" 20 mon_has session.up
check "the session.up event is carol's, with her address" py 'any(e["event"] == "session.up" and e["session"]["user"] == "carol" and e["session"]["peer_ipv4"] == arg[0] for e in d)' "$(ppp_addr lac3 ppp0)" \
	<<<"$(/usr/bin/python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in sys.stdin if l.strip()]))' <"$MON")"

# --- bad arguments: non-zero exit, the argument named ----------------------
bad() {
	local what=$1 rc=0
	shift
	ctl "$@" >/dev/null 2>"$OUT/bad.err" || rc=$?
	((rc != 0)) && grep -q -- "$what" "$OUT/bad.err" ||
		fail "l2tpctl $*: exit $rc, stderr: $(<"$OUT/bad.err")"
	printf '  ok: l2tpctl %s -> exit %s: %s\n' "$*" "$rc" "$(head -1 "$OUT/bad.err")"
}
bad abc session show tunnel abc id 1
bad tunnel tunnel show 0
bad user session delete user
bad frobnicate frobnicate list
bad 'no session of user "alice"' session show user alice
free=$(py 'print(min({*range(1, 65536)} - {t["tunnel_id"] for t in d})) or True' <<<"$DT")
bad "no tunnel $free" tunnel show "$free"
bad 'no \[lac hq\]' lac connect hq

# --- l2tpgwd stopped: the kernel's state --------------------------------------
S=$(n lns "$L2TPCTL" kernel socket add local 10.3.0.1 port 1702)
n lns "$L2TPCTL" kernel tunnel add id 4000 peer-id 4001 socket "$S" peer 10.3.0.2
pid=$(gw_pid lns)
kill -TERM "$pid"
wait_for "l2tpgwd exits on SIGTERM" 20 gone "$pid"
check "the control socket is removed" test ! -e "$SOCK"
ctl tunnel list >"$OUT/fallback.txt" 2>"$OUT/fallback.err"
check "tunnel list falls back to kernel state (stderr says so)" grep -q 'showing kernel state' "$OUT/fallback.err"
check "... and lists the static tunnel 4000" grep -qw 4000 "$OUT/fallback.txt"
check "... and only it" py '[t["tunnel_id"] for t in d] == [4000]' <<<"$(ctl -j tunnel list 2>/dev/null)"
