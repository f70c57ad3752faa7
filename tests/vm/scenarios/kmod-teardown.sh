#!/bin/bash
# timeout: 400
#
# Lifetimes under traffic: closing a user's socket removes its tunnels
# (SOCK_CLOSED events); deleting a namespace and unloading the module with
# sessions passing pings free every object (the module's "objects" count)
# and leave no reference behind.
#
#   ns a                                      ns b
#   l2tp0 192.168.7.1                          l2tp0 192.168.7.2
#   UDP 10.9.0.1:1701 (a's own socket, fd)     UDP 10.9.0.2:1701 (module's)
#   va 10.9.0.1/24 -------------------------- vb 10.9.0.2/24
#   ns c, d: the same again, for the module unload
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
objects() { cat /sys/module/l2tpgw/parameters/objects; }
objects_at_most() { test "$(objects)" -le "$1"; }
# tx_at_least NS N: NS's l2tp0 has sent N packets
tx_at_least() {
	local tx
	tx=$(n "$1" cat /sys/class/net/l2tp0/statistics/tx_packets) && ((tx >= $2))
}

pair() { # pair NS1 NS2 SUBNET: module-owned sockets, one session, ping-ready
	local x y me peer
	veth_pair "$1" va 10.$3.0.1/24 "$2" vb 10.$3.0.2/24
	for x in "$1":1:2 "$2":2:1; do
		IFS=: read -r y me peer <<<"$x"
		kctl "$y" batch <<EOF
socket add local 10.$3.0.$me port 1701
tunnel add id $me peer-id $peer socket 1 peer 10.$3.0.$peer peer-port 1701
session add tunnel $me id $me peer-id $peer protocols ipv4
EOF
		n "$y" ip addr add 192.168.$3.$me peer 192.168.$3.$peer dev l2tp0
		n "$y" ip link set l2tp0 up
	done
}

base=$(objects)
echo "objects before: $base"

# A user's socket: closing it removes the tunnel and the session.
ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24
spawn hold ip netns exec a $NL sock-hold --addr 10.9.0.1 --port 1701
wait_for "a's socket attached" 30 grep -q '^1$' "$L2TPGW_OUT/hold.log"
kctl a batch <<EOF
tunnel add id 1 peer-id 2 socket 1 peer 10.9.0.2 peer-port 1701
session add tunnel 1 id 1 peer-id 2 protocols ipv4
EOF
kctl b batch <<EOF
socket add local 10.9.0.2 port 1701
tunnel add id 2 peer-id 1 socket 1 peer 10.9.0.1 peer-port 1701
session add tunnel 2 id 2 peer-id 1 protocols ipv4
EOF
n a ip addr add 192.168.9.1 peer 192.168.9.2 dev l2tp0; n a ip link set l2tp0 up
n b ip addr add 192.168.9.2 peer 192.168.9.1 dev l2tp0; n b ip link set l2tp0 up
check "ping over a user's socket" n a ping -c 3 -i 0.2 -W 2 192.168.9.2
spawn monitor ip netns exec a l2tpctl kernel monitor
monitor=${NETNS_BG_PIDS[-1]}
wait_for "monitor listening" 30 grep -q listening "$L2TPGW_OUT/monitor.log"
kill "$(pgrep -f 'l2tpgw-nltest sock-hold')"
wait_for "close removed session, tunnel, socket" 30 count_at_least 3 ' cause ' "$L2TPGW_OUT/monitor.log"
cat "$L2TPGW_OUT/monitor.log"
check "tunnel went with cause SOCK_CLOSED" grep -q 'tunnel_del .*cause sock_closed$' "$L2TPGW_OUT/monitor.log"
check "session went with cause TUNNEL_DEL" grep -q 'session_del .*cause tunnel_del$' "$L2TPGW_OUT/monitor.log"
kill "$monitor"
check_not "no l2tp0 left in a" n a ip link show l2tp0

# Namespace deletion with a ping flood running through the session.
ns_add c; ns_add d
pair c d 8
check "ping c -> d" n c ping -c 2 -W 2 192.168.8.2
timeout 60 ip netns exec c ping -f 192.168.8.2 >/dev/null 2>&1 &
flood=$!
wait_for "the flood runs through c's session" 30 tx_at_least c 200
with=$(objects)
echo "objects with c, d: $with"
ip netns del d
kill "$flood" 2>/dev/null; wait "$flood" 2>/dev/null || true
ip netns del c
wait_for "c's and d's objects freed" 30 objects_at_most $((with - 6))

# Module unload with sessions and a flood in two namespaces.
ns_add e; ns_add f
pair e f 6
timeout 60 ip netns exec e ping -f 192.168.6.2 >/dev/null 2>&1 &
flood=$!
wait_for "the flood runs through e's session" 30 tx_at_least e 200
check "sessions live at unload ($(objects) objects)" test "$(objects)" -ge 6
refs=$(awk '$1 == "l2tpgw" { print $3 }' /proc/modules)
check "module holds no reference ($refs)" test "$refs" -eq 0
check "unload with live sessions and traffic" rmmod l2tpgw
kill "$flood" 2>/dev/null; wait "$flood" 2>/dev/null || true
check_not "no l2tpgw device left" n e ip link show l2tp0
check "module reloads" modprobe l2tpgw
