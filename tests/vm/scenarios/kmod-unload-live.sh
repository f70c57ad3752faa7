#!/bin/bash
# timeout: 420
#
# Unloading with thousands of live objects, many times: each round loads
# the module, fills namespace a with SOCKS sockets, TUNNELS tunnels spread
# over them, SESSIONS sessions (net devices), a session holding frames in
# its reorder queue (timeout 60 s) and, every other round, a ping flood
# through a session to b; then rmmod while all of it lives.  After each
# round: rmmod succeeded, no kernel splat, and at the end the module
# reloads and works.
#
# What it guards: the module's exit must wait for every RCU callback of
# ours.  A socket's free is queued by the RCU callback of the last of its
# tunnels, during the rcu_barrier() the exit used to run once: with 500
# sockets, 500 such callbacks are still queued when that barrier returns
# and run after the exit, against freed module text if the loader has
# already freed it.  Whether one does is timing (the loader's own
# synchronize_rcu() before freeing the text lets most of them run first):
# an Oops then shows in the splat checks, on the stock kernel and on the
# debug kernel alike (slower there, so likelier); it is not deterministic.
# Run on the stock kernel against the module before the fix (6 rounds,
# 2026-12-07) it PASSED: it does not show the defect there; it guards the
# fix by chance on the stock kernel and is meant for the debug kernel.
#
#   ns a                                   ns b
#   sockets 10.9.0.1:1701, :2001...        socket 10.9.0.2:1701
#   tunnels 1..TUNNELS -> 10.9.0.2:1701    tunnel 9000 <-> a's 9000
#   sessions dT-S in tunnels 1..           l2tp0 192.168.6.2
#   l2tp0 192.168.6.1 (tunnel 9000)        udp-send from 10.9.0.2:1702
#   tunnel 9001 session 2: reorder queue     to a's tunnel 9001
#   va 10.9.0.1/24 ----------------------- vb 10.9.0.2/24
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
ROUNDS=6
SOCKS=500
TUNNELS=2000
SESSIONS=100

objects() { cat /sys/module/l2tpgw/parameters/objects; }
tx_at_least() {
	local tx
	tx=$(n "$1" cat /sys/class/net/l2tp0/statistics/tx_packets) && ((tx >= $2))
}
# A splat since the mark: the first matching kernel line after it.
splat_since() {
	dmesg | sed -n "/l2tpgw-unload-live round $1\$/,\$p" |
		grep -m1 -E 'BUG|WARNING|Oops|general protection|RCU|KASAN|UBSAN'
}
# An L2TPv2 data frame with Ns to a's tunnel 9001 session 2 (IPv4).
frame() {
	printf '0:0802%04x0002%04x0000ff0300214500001400000000401100' 9001 "$1"
	printf '00c0a80602c0a80601\n'
}

ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24

# a's objects, as one batch: sockets, tunnels over them, the flood's
# session and the reorder session.
populate() {
	local i
	echo "socket add local 10.9.0.1 port 1701"
	for ((i = 2; i <= SOCKS; i++)); do
		echo "socket add local 10.9.0.1 port $((2000 + i - 1))"
	done
	for ((i = 1; i <= TUNNELS; i++)); do
		echo "tunnel add id $i peer-id $i socket $(((i - 1) % SOCKS + 1)) peer 10.9.0.2 peer-port 1701"
	done
	echo "tunnel add id 9000 peer-id 9000 socket 1 peer 10.9.0.2 peer-port 1701"
	echo "session add tunnel 9000 id 1 peer-id 1 protocols ipv4"
	echo "tunnel add id 9001 peer-id 9001 socket 1 peer 10.9.0.2 peer-port 1702"
	echo "session add tunnel 9001 id 2 peer-id 2 protocols ipv4 seq recv reorder-window 64 reorder-timeout 60000"
}

t_start=$SECONDS
for ((r = 1; r <= ROUNDS; r++)); do
	t0=$SECONDS
	[[ -d /sys/module/l2tpgw ]] || modprobe l2tpgw ||
		{ check "round $r: module loads" false; break; }
	echo "l2tpgw-unload-live round $r" >/dev/kmsg
	populate | kctl a batch >/dev/null ||
		{ check "round $r: sockets and tunnels added" false; break; }
	nl a bulk-add --sock 1 --peer 10.9.0.2 --tunnels 0 \
		--sessions $SESSIONS --per-tunnel 4 >/dev/null ||
		{ check "round $r: sessions added" false; break; }
	# Ns 0 syncs the session, 2..9 wait for the missing 1.
	# shellcheck disable=SC2046
	nl b udp-send --bind 10.9.0.2:1702 --to 10.9.0.1:1701 \
		$(for ns in 0 2 3 4 5 6 7 8 9; do frame "$ns"; done)
	flood=
	if ((r % 2)); then
		kctl b batch <<-EOF
		socket add local 10.9.0.2 port 1701
		tunnel add id 9000 peer-id 9000 socket 1 peer 10.9.0.1 peer-port 1701
		session add tunnel 9000 id 1 peer-id 1 protocols ipv4
		EOF
		n a ip addr add 192.168.6.1 peer 192.168.6.2 dev l2tp0
		n b ip addr add 192.168.6.2 peer 192.168.6.1 dev l2tp0
		n a ip link set l2tp0 up; n b ip link set l2tp0 up
		timeout 60 ip netns exec a ping -f 192.168.6.2 >/dev/null 2>&1 &
		flood=$!
		wait_for "round $r: the flood runs" 30 tx_at_least a 100
	fi
	live=$(objects)
	held=$(stat_of a rx_oos_packets session 9001 2)
	check "round $r: $live objects live, $held frames held" \
		test "$live" -ge $((SOCKS + TUNNELS + SESSIONS)) -a "$held" -ge 8
	check "round $r: rmmod with them live" rmmod l2tpgw
	if [[ $flood ]]; then
		kill "$flood" 2>/dev/null; wait "$flood" 2>/dev/null || true
	fi
	# What the stack does with b's side when a's goes is not checked: b's
	# objects went with the module too.
	check_not "round $r: no l2tpgw device left" n a ip link show l2tp0
	check_not "round $r: no kernel splat" splat_since "$r"
	echo "  round $r: $((SECONDS - t0)) s"
done
echo "  $ROUNDS rounds: $((SECONDS - t_start)) s"

check "module reloads" modprobe l2tpgw
check "a tunnel can be created after the reloads" kctl a batch <<EOF
socket add local 10.9.0.1 port 1701
tunnel add id 1 peer-id 1 socket 1 peer 10.9.0.2 peer-port 1701
EOF
check "the module counts them" test "$(objects)" -eq 2
