#!/bin/bash
# timeout: 150
#
# l2tpgwd against itself: LAC in one namespace, LNS in the other, PAP,
# IPCP and IPv6CP, then IPv4 and IPv6 (link-local) through the session
# devices on the module's data path, reloads, then a clean SIGTERM on both.
#
#   ns lac: l2tpgwd [lac up]   veth 192.0.2.2 ─── 192.0.2.1  ns lns: l2tpgwd [lns ra]
#           l2tpN 10.9.0.10 ═══════ L2TP/PPP ═══════ l2tpN 10.9.0.1
. tests/vm/lib/netns.sh

D=$L2TPGW_OUT
GW=$PWD/daemon/l2tpgwd
CTL=$PWD/tools/l2tpctl/l2tpctl
ns_add lac
ns_add lns
veth_pair lac eth0 192.0.2.2/24 lns eth0 192.0.2.1/24

# The files with secrets: on tmpfs, readable by root only (l2tpgwd
# refuses them readable by others; the output share maps owners).
C=/tmp/gw-smoke
mkdir -p "$C"
for f in users lns.conf lac.conf; do install -m 600 /dev/null "$C/$f"; done
printf 'alice alice-secret\n' >"$C/users"
cat >"$C/lns.conf" <<CONF
[global]
host_name = lns
# Two daemons share this VM's /run: each needs its own control socket
# (on tmpfs: the 9p output share cannot hold sockets).
control_socket = /tmp/gw-smoke-lns.sock
listen = 192.0.2.1
# Short, so that the HELLO check (kernel counters) runs during the test.
hello_interval = 2s
[lns ra]
auth = pap
users = $C/users
pool = 10.9.0.10-10.9.0.20
local_ip = 10.9.0.1
dns = 10.53.0.1
ipv6 = yes
CONF
cat >"$C/lac.conf" <<CONF
[global]
host_name = lac
listen = 192.0.2.2
control_socket = /tmp/gw-smoke-lac.sock
[lac up]
peer = 192.0.2.1
auth = pap
user = alice
password = alice-secret
ipv6 = yes
CONF

check "LNS config valid" "$GW" -n -c "$C/lns.conf"
check "LAC config valid" "$GW" -n -c "$C/lac.conf"
spawn gw-lns n lns "$GW" -f -d -c "$C/lns.conf"
spawn gw-lac n lac "$GW" -f -d -c "$C/lac.conf"

up() { grep -q "user $2 up: ifname" "$D/$1.log"; }
wait_for "LNS session up" 60 up gw-lns alice
wait_for "LAC session up" 30 up gw-lac alice
ifname() { sed -n "s/.*user $2 up: ifname \([^ ]*\) .*/\1/p" "$D/$1.log" | tail -1; }
LNS_IF=$(ifname gw-lns alice)
LAC_IF=$(ifname gw-lac alice)
pp ip -n lns addr show dev "$LNS_IF"
pp ip -n lac addr show dev "$LAC_IF"
check "LNS device has 10.9.0.1 peer 10.9.0.10" \
	bash -c "ip -n lns addr show dev $LNS_IF | grep -q 'inet 10.9.0.1 peer 10.9.0.10/32'"
check "LAC device has 10.9.0.10 peer 10.9.0.1" \
	bash -c "ip -n lac addr show dev $LAC_IF | grep -q 'inet 10.9.0.10 peer 10.9.0.1/32'"
check "ping LAC -> LNS through the session" n lac ping -c 3 -i 0.3 -W 2 10.9.0.1
check "ping LNS -> LAC through the session" n lns ping -c 3 -i 0.3 -W 2 10.9.0.10
v6up() { grep -q "user alice IPv6 up: ifname" "$D/$1.log"; }
wait_for "LNS IPv6CP up" 20 v6up gw-lns
wait_for "LAC IPv6CP up" 20 v6up gw-lac
pp ip -n lns -6 addr show dev "$LNS_IF"
peer6() { ip -n "$1" -6 addr show dev "$2" | sed -n 's/.*inet6 fe80::[^ ]* peer \(fe80::[^/]*\)\/128.*/\1/p'; }
P6=$(peer6 lac "$LAC_IF")
check "LAC device has a link-local with a peer" test -n "$P6"
check "ping6 LAC -> LNS link-local" n lac ping -6 -c 2 -i 0.3 -W 2 "$P6%$LAC_IF"
n lns "$CTL" -j kernel session list >"$D/lns-sessions.json"
cat "$D/lns-sessions.json"
rx() { /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d if isinstance(d, list) else d.get("sessions", [])
st = s[0].get("stats", s[0])
sys.exit(0 if st.get("rx_packets", 0) > 0 and st.get("tx_packets", 0) > 0 else 1)' "$1"; }
check "kernel counters moved" rx "$D/lns-sessions.json"
# Data only (no control traffic) for several HELLO intervals: the counters
# are read when a HELLO is due, and must not fail.
check "steady ping for 5 s" n lac ping -c 10 -i 0.5 -W 2 10.9.0.1
check_not "no netlink error reading counters" grep -q "kernel: " "$D/gw-lns.log"

pid() { pgrep -f "l2tpgwd -f -d -c $C/$1.conf"; }
LAC_PID=$(pid lac)
LNS_PID=$(pid lns)

# SIGHUP: a valid change applies, the session stays; a broken file and a
# change needing a restart are refused, naming why.
sed -i 's/^dns = .*/dns = 10.53.0.1 10.53.0.2/' "$C/lns.conf"
kill -HUP "$LNS_PID"
reloaded() { grep -q "$1" "$D/gw-lns.log"; }
wait_for "reload applied" 10 reloaded "reloaded $C/lns.conf: 1 \[lns\] section(s), 0 \[lac\] section(s); 1 session(s) keep"
cp "$C/lns.conf" "$C/lns.good"
printf 'bogus line\n' >>"$C/lns.conf"
kill -HUP "$LNS_PID"
wait_for "broken reload refused" 10 reloaded "reload refused: $C/lns.conf:[0-9]*: expected"
sed 's/^host_name = lns/host_name = other/' "$C/lns.good" >"$C/lns.conf"
kill -HUP "$LNS_PID"
wait_for "restart-only change refused" 10 reloaded "reload refused: host_name changed"
check "session still carries traffic" n lac ping -c 1 -W 2 10.9.0.1
kill -TERM "$LAC_PID"
wait_for "LAC exits on SIGTERM" 10 gone "$LAC_PID"
check "LAC logged its stop" grep -q "l2tpgwd: notice: stopped" "$D/gw-lac.log"
down() { grep -q "user alice down" "$D/gw-lns.log"; }
wait_for "LNS saw the StopCCN" 10 down
check "no kernel session left in lac" test "$(n lac "$CTL" -j kernel session list)" = "[]"
check "no kernel session left in lns" test "$(n lns "$CTL" -j kernel session list)" = "[]"
check "no kernel tunnel left in lac" test "$(n lac "$CTL" -j kernel tunnel list)" = "[]"
kill -TERM "$LNS_PID"
wait_for "LNS exits on SIGTERM" 10 gone "$LNS_PID"
