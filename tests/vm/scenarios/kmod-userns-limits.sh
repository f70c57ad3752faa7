#!/bin/bash
# timeout: 300
#
# An unprivileged user makes a user and network namespace of its own (it
# is "root" there: CAP_NET_ADMIN over that namespace is all the family
# asks) and creates sockets, tunnels and sessions until the namespace's
# limits refuse, with -ENOSPC and the limit's name; out-of-order frames
# it queues are charged to the namespace's reorder memory and refused
# beyond it.  The namespaces of the host (owned by the initial user
# namespace) are not limited: they keep creating and carrying traffic.
# The limits and the namespace's use show in "l2tpctl kernel stats".
#
#   host: ns a <-> ns b as kmod_pair (tunnel 10/20, session 100/200)
#   nobody: unshare -Urn: lo, sockets 127.0.0.1:1701..1703, tunnels 1..5,
#           sessions 1..8 (session 1 of tunnel 1 reorders), python peer
#           127.0.0.1:1800 sending Ns 0, then 2..40 (1 never comes)
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh

P=/sys/module/l2tpgw/parameters
declare -A want=([max_sockets]=3 [max_tunnels]=5 [max_sessions]=8
		 [max_reorder_bytes]=4096)
for k in "${!want[@]}"; do
	at_exit "echo $(cat "$P/$k") >$P/$k"
	echo "${want[$k]}" >"$P/$k"
done

kmod_pair
check "host: ping through the tunnel" n a ping -c 2 -i 0.2 -W 2 192.168.7.2

U=$(mktemp -d)
chmod 1777 "$U"
cat >"$U/inner.sh" <<'INNER'
# As nobody, root of its own user namespace, in a new network namespace.
set -u
U=$1
awk '{ print $1, $2 }' /proc/self/uid_map
ip link set lo up
for p in 1701 1702 1703 1704; do
	if l2tpctl kernel socket add local 127.0.0.1 port $p; then
		echo "socket $p ok"
	else
		echo "socket $p refused"
	fi
done
for t in 1 2 3 4 5 6; do
	if l2tpctl kernel tunnel add id $t peer-id 10$t socket 1 \
		peer 127.0.0.1 peer-port 1800; then
		echo "tunnel $t ok"
	else
		echo "tunnel $t refused"
	fi
done
l2tpctl kernel session add tunnel 1 id 1 peer-id 1 protocols ipv4 \
	seq recv reorder-window 64 reorder-timeout 60000 &&
	echo "session 1 ok"
for s in 2 3 4 5 6 7 8 9; do
	if l2tpctl kernel session add tunnel 2 id $s peer-id $s \
		protocols ipv4; then
		echo "session $s ok"
	else
		echo "session $s refused"
	fi
done
l2tpctl -j kernel stats >"$U/stats1.json"
ip link set l2tp0 up
# L2TPv2 data with Ns (S bit) to tunnel 1 session 1: Ns 0 syncs, 1 never
# comes, 2..40 wait for it until the reorder memory is full.
python3 - <<'PY'
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 1800))
ppp = bytes([0xff, 0x03, 0x00, 0x21]) + bytes(200)
for ns in [0] + list(range(2, 41)):
    s.sendto(struct.pack("!HHHHH", 0x0802, 1, 1, ns, 0) + ppp,
             ("127.0.0.1", 1701))
PY
sleep 1
l2tpctl -j kernel stats >"$U/stats2.json"
l2tpctl -j kernel session show tunnel 1 id 1 >"$U/session1.json"
echo ready
for _ in $(seq 600); do
	[ -e "$U/go" ] && break
	sleep 0.1
done
l2tpctl kernel session del tunnel 1 id 1 && echo "session 1 deleted"
l2tpctl -j kernel stats >"$U/stats3.json"
echo done
INNER

spawn userns setpriv --reuid=65534 --regid=65534 --clear-groups \
	unshare -Urn bash "$U/inner.sh" "$U"
LOG=$L2TPGW_OUT/userns.log
wait_for "the unprivileged namespace is set up" 90 grep -qx ready "$LOG"
cat "$LOG"
is "root of its user namespace is nobody (65534) outside" \
	"$(head -1 "$LOG")" "0 65534"
for x in "socket 1703 ok" "socket 1704 refused" "tunnel 5 ok" \
	 "tunnel 6 refused" "session 1 ok" "session 8 ok" "session 9 refused"; do
	check "nobody: $x" grep -qx "$x" "$LOG"
done
check "the refusals name the limits" grep -q \
	"max_sockets reached in this namespace" "$LOG"
check "... max_tunnels" grep -q "max_tunnels reached in this namespace" "$LOG"
check "... max_sessions" grep -q "max_sessions reached in this namespace" "$LOG"

js() { jq -r "$2" "$U/$1"; }
is "nobody's stats: use and limits" \
	"$(js stats1.json '[.sockets, .max_sockets, .tunnels, .max_tunnels,
		.sessions, .max_sessions, .max_reorder_bytes, .limit_refused]
		| map(tostring) | join(" ")')" "3 3 5 5 8 8 4096 3"
check "frames waited in the reorder queue" \
	test "$(js session1.json .stats.rx_oos_packets)" -ge 1
check "frames beyond the reorder memory were refused (rx_reorder_nomem)" \
	test "$(js session1.json .stats.rx_reorder_nomem)" -ge 1
rb=$(js stats2.json .reorder_bytes)
check "reorder memory charged, within max_reorder_bytes ($rb)" \
	test "$rb" -gt 0 -a "$rb" -le 4096

echo "# the host's namespaces are not limited"
is "host: no limits reported" \
	"$(stat_of a max_sockets net) $(stat_of a max_tunnels net) $(stat_of a max_sessions net) $(stat_of a max_reorder_bytes net)" \
	"0 0 0 0"
{
	for p in 1702 1703 1704 1705; do
		echo "socket add local 10.9.0.1 port $p"
	done
	for t in 11 12 13 14 15 16; do
		echo "tunnel add id $t peer-id 2$t socket 1 peer 10.9.0.2 peer-port 1701"
	done
	for s in 1 2 3 4 5 6 7 8 9; do
		echo "session add tunnel 11 id $s peer-id $s protocols ipv4 name h$s"
	done
} | kctl a batch || fail "host: creating beyond the user namespace's limits"
is "host: sockets" "$(count_of a socket)" 5
is "host: tunnels" "$(count_of a tunnel)" 7
is "host: sessions" "$(count_of a session)" 10
is "host: nothing refused" "$(stat_of a limit_refused net)" 0
tx=$(stat_of a tx_packets session 10 100)
check "host: the existing tunnel still carries traffic" \
	n a ping -c 3 -i 0.2 -W 2 192.168.7.2
check "host: counted on its session" \
	test "$(stat_of a tx_packets session 10 100)" -ge $((tx + 3))

touch "$U/go"
wait_for "the unprivileged namespace finishes" 60 grep -qx "done" "$LOG"
check "nobody: session 1 deleted" grep -qx "session 1 deleted" "$LOG"
is "the deleted session's queue is uncharged" \
	"$(js stats3.json '[.sessions, .reorder_bytes] | map(tostring) | join(" ")')" \
	"7 0"
