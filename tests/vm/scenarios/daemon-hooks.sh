#!/bin/bash
# timeout: 200
#
# Session up/down hooks, the module's per-session counters and the
# key=value session lines, against three xl2tpd+pppd clients:
#  - the [lns] section's up_script and down_script fire exactly once per
#    session, with the environment (user, ifname, addresses, client's
#    address, ids) that `l2tpctl -j session list` and the peers agree on,
#    and pppd's ip-up arguments; their output reaches the daemon's log;
#  - `l2tpctl session list` shows numbers where it showed "-", and -j
#    stats that grow by what 10 pings of 1000 bytes moved (>= 10 packets,
#    >= 10 * 1028 bytes each way); tunnel show and list sum the sessions;
#  - the down hook's byte and packet totals equal those of the session.down
#    event and are at least the last `session show` before the delete;
#  - carol's up hook hangs (sleep 1000 in a child): while it does, bob's
#    session comes up and l2tpctl answers at once; at hook_timeout its
#    whole process group is killed and hooks_timed_out counts it.
#
#   ns lacN: xl2tpd, pppd (alice, bob, carol)     ns lns: l2tpgwd
#   ppp0 10.20.0.x  =========================== raN 10.20.0.1
#   va 10.2.N.2/24 ---------------------------- vbN 10.2.N.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

SOCK=$PEERS_TMP/lns/control.sock
HOOKS=$PEERS_TMP/lns/hooks
LOG=$L2TPGW_OUT/l2tpgwd-lns.log
TIMEOUT_S=15

peers_init
ns_add lns
for i in 1 2 3; do
	topo_lac "lac$i" "$i"
done
ppp_secret alice alice-secret
ppp_secret bob bob-secret
ppp_secret carol carol-secret

# Each hook records its environment and arguments per session and appends
# one line per run; carol's up hook then hangs in a child process.
mkdir -p "$HOOKS"
for ev in up down; do
	cat >"$HOOKS/$ev.sh" <<HOOK
#!/bin/sh
f=$HOOKS/$ev-\$L2TPGW_TUNNEL_ID-\$L2TPGW_SESSION_ID
{ env | grep '^L2TPGW_' | sort; echo "ARGS=\$*"; } >"\$f.tmp"
mv "\$f.tmp" "\$f.env"
echo "\$L2TPGW_TUNNEL_ID-\$L2TPGW_SESSION_ID \$L2TPGW_USER" >>$HOOKS/$ev.log
echo "hello from the $ev hook of \$L2TPGW_USER"
if [ $ev = up ] && [ "\$L2TPGW_USER" = carol ]; then
	sleep 1000 &
	echo \$! >$HOOKS/carol-sleep.pid
	wait
fi
HOOK
	chmod 755 "$HOOKS/$ev.sh"
done
: >"$HOOKS/up.log"
: >"$HOOKS/down.log"

users=$(gw_users lns <<<$'alice "alice-secret"\nbob "bob-secret"\ncarol "carol-secret"')
gw_config lns <<CONF
[global]
log_level = debug
control_socket = $SOCK

[lns ra]
ifname = ra%d
mtu = 1400
$(gw_lns_ppp_keys chap -- "$users" 10.20.0.10-10.20.0.250 10.20.0.1 "$PEERS_DNS1" "$PEERS_DNS2")
up_script = $HOOKS/up.sh
down_script = $HOOKS/down.sh
hook_timeout = ${TIMEOUT_S}s
CONF
gw_start lns
wait_for "control socket created" 20 test -S "$SOCK"
ctl() { n lns "$L2TPCTL" -s "$SOCK" "$@"; }

spawn monitor ip netns exec lns "$L2TPCTL" -j -s "$SOCK" monitor
MON=$L2TPGW_OUT/monitor.log
mon_has() { grep -q "\"event\": *\"$1\"" "$MON" 2>/dev/null; }
reload_seen() { ctl reload >/dev/null && mon_has reload; }
wait_for "monitor -j subscribed (sees a reload)" 20 reload_seen

dial() {
	xl2tpd_conf "lac$1"
	xl2tpd_lac "lac$1" lns "10.2.$1.1" "$2" chap
	xl2tpd_start "lac$1"
	xl2tpd_ctl "lac$1" "c lns"
}
# sess USER JQ: JQ applied to USER's session in `session list -j`.
sess() { ctl -j session list | jq -er ".[] | select(.user == \"$1\") | $2"; }
# envv FILE NAME: the value of NAME in a recorded environment.
envv() { sed -n "s/^$2=//p" "$1"; }
hook_ran() { grep -q " $2\$" "$HOOKS/$1.log"; }

# --- alice: the up hook's environment --------------------------------------
dial 1 alice
wait_for "ppp0 up in lac1" 90 ppp_up lac1 ppp0
wait_for "alice's up hook ran" 20 hook_ran up alice
a=$(ppp_addr lac1 ppp0)
tid=$(sess alice .tunnel_id)
sid=$(sess alice .session_id)
ifn=$(sess alice .ifname)
E=$HOOKS/up-$tid-$sid.env
check "up hook recorded session $tid/$sid" test -s "$E"
is "L2TPGW_EVENT" "$(envv "$E" L2TPGW_EVENT)" up
is "L2TPGW_USER" "$(envv "$E" L2TPGW_USER)" alice
is "L2TPGW_IFNAME is the session's" "$(envv "$E" L2TPGW_IFNAME)" "$ifn"
check "the device $ifn exists in lns" ip -n lns link show dev "$ifn"
is "L2TPGW_PEER_IP is pppd's address" "$(envv "$E" L2TPGW_PEER_IP)" "$a"
is "L2TPGW_PEER_IP is session list's" "$(envv "$E" L2TPGW_PEER_IP)" "$(sess alice .peer_ipv4)"
is "L2TPGW_LOCAL_IP" "$(envv "$E" L2TPGW_LOCAL_IP)" "$(sess alice .local_ipv4)"
is "L2TPGW_CLIENT_ADDR" "$(envv "$E" L2TPGW_CLIENT_ADDR)" 10.2.1.2
is "L2TPGW_CLIENT_PORT" "$(envv "$E" L2TPGW_CLIENT_PORT)" 1701
is "L2TPGW_TUNNEL_ID" "$(envv "$E" L2TPGW_TUNNEL_ID)" "$tid"
is "L2TPGW_SESSION_ID" "$(envv "$E" L2TPGW_SESSION_ID)" "$sid"
is "L2TPGW_PEER_TUNNEL_ID" "$(envv "$E" L2TPGW_PEER_TUNNEL_ID)" "$(sess alice .peer_tunnel_id)"
is "L2TPGW_PEER_SESSION_ID" "$(envv "$E" L2TPGW_PEER_SESSION_ID)" "$(sess alice .peer_session_id)"
is "L2TPGW_SECTION" "$(envv "$E" L2TPGW_SECTION)" ra
is "pppd's ip-up arguments" "$(envv "$E" ARGS)" "$ifn l2tp 0 10.20.0.1 $a ra"
check "no byte totals on up" test -z "$(envv "$E" L2TPGW_RX_BYTES)"
wait_for "the hook's output is in the log, tagged" 10 log_has "$LOG" "session $tid/$sid up hook: hello from the up hook of alice"
check "key=value session up line" log_has "$LOG" "session up tunnel=$tid session=$sid user=alice ifname=$ifn local=10\.20\.0\.1 peer=$a client=10\.2\.1\.2:1701 lns=ra"

# --- counters --------------------------------------------------------------
row=$(ctl session list | grep -w alice)
check "session list shows numbers for RX/TX: $row" test -n "$(awk '$(NF-1) ~ /^[0-9]+$/ && $NF ~ /^[0-9]+$/' <<<"$row")"
check "session list -j has stats" test "$(sess alice '.stats | type')" = object
rx0=$(sess alice .stats.rx_bytes)
rxp0=$(sess alice .stats.rx_packets)
tx0=$(sess alice .stats.tx_bytes)
txp0=$(sess alice .stats.tx_packets)
check "10 pings of 1000 bytes LAC -> LNS" n lac1 ping -q -c 10 -i 0.2 -W 2 -s 1000 10.20.0.1
rx1=$(sess alice .stats.rx_bytes)
rxp1=$(sess alice .stats.rx_packets)
tx1=$(sess alice .stats.tx_bytes)
txp1=$(sess alice .stats.tx_packets)
check "rx_packets grew by >= 10 ($rxp0 -> $rxp1)" test $((rxp1 - rxp0)) -ge 10
check "rx_bytes grew by >= 10280 ($rx0 -> $rx1)" test $((rx1 - rx0)) -ge 10280
check "tx_packets grew by >= 10 ($txp0 -> $txp1)" test $((txp1 - txp0)) -ge 10
check "tx_bytes grew by >= 10280 ($tx0 -> $tx1)" test $((tx1 - tx0)) -ge 10280
S=$(ctl -j session show user alice)
check "session show -j has the counters" test "$(jq -r .stats.rx_bytes <<<"$S")" -ge "$rx1"
check "session show prints them" gw_ctl_has lns "rx_bytes: [0-9]+" session show user alice
T=$(ctl -j tunnel show "$tid")
check "tunnel show -j sums its session ($(jq -c .stats <<<"$T"))" test "$(jq -r .stats.rx_bytes <<<"$T")" -ge "$rx1"
check "tunnel list -j has stats" test "$(ctl -j tunnel list | jq -r ".[] | select(.tunnel_id == $tid) | .stats.rx_packets")" -ge "$rxp1"

# --- carol's up hook hangs; nothing else waits -----------------------------
dial 3 carol
wait_for "carol's up hook is hanging" 90 test -s "$HOOKS/carol-sleep.pid"
hung=$(<"$HOOKS/carol-sleep.pid")
t0=${EPOCHREALTIME/./}
check "l2tpctl status answers while the hook hangs" ctl status
t1=${EPOCHREALTIME/./}
check "... within 3 s, far below the hook's timeout ($(((t1 - t0) / 1000)) ms)" test $((t1 - t0)) -lt 3000000
dial 2 bob
wait_for "bob's session comes up meanwhile" 60 ppp_up lac2 ppp0
wait_for "bob's up hook ran meanwhile" 20 hook_ran up bob
check "carol's hook still hangs (sleep $hung alive)" alive "$hung"
check "hooks_timed_out still 0" gw_stat_is lns hooks_timed_out 0
wait_for "carol's hook is killed at its timeout" $((TIMEOUT_S + 10)) gw_stat_is lns hooks_timed_out 1
wait_for "its whole process group went (sleep $hung)" 10 gone "$hung"
check "the log says why" log_has "$LOG" "up hook: $HOOKS/up.sh still running after ${TIMEOUT_S}000 ms: terminating it"

# --- down: totals as session.down reports them -----------------------------
last=$(ctl -j session show user alice)
check "session delete user alice" ctl session delete user alice
wait_for "alice's down hook ran" 20 hook_ran down alice
D=$HOOKS/down-$tid-$sid.env
is "L2TPGW_EVENT" "$(envv "$D" L2TPGW_EVENT)" down
is "L2TPGW_USER" "$(envv "$D" L2TPGW_USER)" alice
is "L2TPGW_PEER_IP on down" "$(envv "$D" L2TPGW_PEER_IP)" "$a"
check "L2TPGW_DURATION is a number" test "$(envv "$D" L2TPGW_DURATION)" -ge 0
is "L2TPGW_CAUSE says why" "$(envv "$D" L2TPGW_CAUSE)" admin-reset
check "L2TPGW_REASON says it in words" grep -q '^L2TPGW_REASON=.*disconnected by operator' "$D"
wait_for "monitor -j reports alice's session.down" 20 mon_has session.down
ev=$(jq -c 'select(.event == "session.down" and .session.user == "alice") | .session.stats' "$MON")
check "session.down carries totals: $ev" test "$(jq -r .rx_bytes <<<"$ev")" -ge "$rx1"
is "session.down says why" "$(jq -r 'select(.event == "session.down" and .session.user == "alice") | .session.cause' "$MON")" admin-reset
for k in rx_bytes tx_bytes rx_packets tx_packets; do
	K=L2TPGW_${k^^}
	is "$K equals session.down's $k" "$(envv "$D" "$K")" "$(jq -r ".$k" <<<"$ev")"
	check "$K >= the last session show's" test "$(envv "$D" "$K")" -ge "$(jq -r ".stats.$k" <<<"$last")"
done
check "key=value session down line with the totals" log_has "$LOG" "session down tunnel=$tid session=$sid user=alice ifname=$ifn .* duration=[0-9]+s rx_bytes=$(envv "$D" L2TPGW_RX_BYTES) tx_bytes=$(envv "$D" L2TPGW_TX_BYTES) .*cause=admin-reset reason=\"CDN result 3 \(disconnected by operator\)\""

check "session delete user bob" ctl session delete user bob
check "session delete user carol" ctl session delete user carol
wait_for "three down hooks ran" 30 count_at_least 3 . "$HOOKS/down.log"
sleep 1
for f in up down; do
	is "$f hooks: one per session" "$(cut -d' ' -f1 "$HOOKS/$f.log" | sort | uniq -d)" ""
	is "$f hooks: alice, bob, carol" "$(cut -d' ' -f2 "$HOOKS/$f.log" | sort | tr '\n' ' ')" "alice bob carol "
done
is "the same sessions up and down" "$(cut -d' ' -f1 "$HOOKS/up.log" | sort)" "$(cut -d' ' -f1 "$HOOKS/down.log" | sort)"
check "hooks_started counts 6" gw_stat_is lns hooks_started 6
check "hooks_failed is 0" gw_stat_is lns hooks_failed 0
check "hooks_timed_out is 1" gw_stat_is lns hooks_timed_out 1
