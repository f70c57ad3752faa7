#!/bin/bash
# timeout: 400
#
# One static tunnel with one session between two namespaces, IPv4 outer:
# IPv4 and IPv6 ping through the session, counters on both ends, MTU,
# netlink errors with their extack, dumps, then removal events.
#
#   ns a                                      ns b
#   l2tp0 192.168.7.1 fd07::1/64              l2tp0 192.168.7.2 fd07::2/64
#     |  tunnel 10 / session 100                |  tunnel 20 / session 200
#   UDP 10.9.0.1:1701 (module's socket)       UDP 10.9.0.2:1701
#   va 10.9.0.1/24 -------------------------- vb 10.9.0.2/24
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh

ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24

kctl a batch <<EOF
socket add local 10.9.0.1 port 1701
tunnel add id 10 peer-id 20 socket 1 peer 10.9.0.2 peer-port 1701
session add tunnel 10 id 100 peer-id 200 protocols ipv4,ipv6
EOF
kctl b batch <<EOF
socket add local 10.9.0.2 port 1701
tunnel add id 20 peer-id 10 socket 1 peer 10.9.0.1 peer-port 1701 send-length on udp-csum on
session add tunnel 20 id 200 peer-id 100 protocols ipv4,ipv6 name l2tp0
EOF
n a ip addr add 192.168.7.1 peer 192.168.7.2 dev l2tp0
n b ip addr add 192.168.7.2 peer 192.168.7.1 dev l2tp0
netns_addr a l2tp0 fd07::1/64
netns_addr b l2tp0 fd07::2/64
n a ip link set l2tp0 up; n b ip link set l2tp0 up

check "l2tp0 is link/ppp" n a sh -c 'ip link show l2tp0 | grep -q link/ppp'
check "IPv4 ping through the session" n a ping -c 5 -i 0.2 -W 2 192.168.7.2
check "IPv6 ping through the session" n a ping -c 5 -i 0.2 -W 2 fd07::2

tx=$(stat_of a tx_packets session 10 100)
check "a sent >= 10 data messages ($tx)" test "$tx" -ge 10
is "b received what a sent" "$(stat_of b rx_packets session 20 200)" "$tx"
check "device counters move" n a sh -c \
	'[ "$(cat /sys/class/net/l2tp0/statistics/rx_packets)" -ge 10 ]'

# 1500 - 20 (IPv4) - 8 (UDP) - 12 (L2TP, length + sequence) - 4 (PPP).
is "default MTU fits a 1500-byte path over IPv4" "$(n a cat /sys/class/net/l2tp0/mtu)" 1456
kctl a session modify tunnel 10 id 100 mtu 1400
is "MTU set through netlink" "$(n a cat /sys/class/net/l2tp0/mtu)" 1400
n a ip link set l2tp0 mtu 1300
is "MTU set through ip link" "$(n a cat /sys/class/net/l2tp0/mtu)" 1300

# Every bad request fails and its extack says what was wrong.
nl a raw-error >"$L2TPGW_OUT/errors" <<EOF
tunnel_add sock_id=1 tunnel_id=10 peer_tunnel_id=1 peer_addr=hex:0a090002 peer_port=1701
tunnel_add sock_id=1 tunnel_id=11 peer_tunnel_id=1 peer_addr=hex:00000000000000000000000000000001 peer_port=1701
tunnel_add sock_id=1 tunnel_id=11 peer_tunnel_id=1 peer_port=1701
tunnel_add sock_id=1 tunnel_id=11 peer_tunnel_id=1 peer_addr=hex:e0000001 peer_port=1701
tunnel_add sock_id=77 tunnel_id=12 peer_tunnel_id=1 peer_addr=hex:0a090002 peer_port=1701
session_add tunnel_id=10 session_id=100 peer_session_id=5
session_add tunnel_id=99 session_id=1 peer_session_id=5
session_add tunnel_id=10 session_id=0 peer_session_id=5
session_modify tunnel_id=10 session_id=100 mtu=70000
session_add tunnel_id=10 session_id=101 peer_session_id=5 ifname=l2tp0
sock_attach sock_fd=0
sock_attach sock_family=2 sock_local_addr=hex:0a090001 sock_local_port=1701
tunnel_modify tunnel_id=10 sock_id=1
session_del tunnel_id=10 session_id=100 mtu=1400
stats_get tunnel_id=10
sock_modify sock_id=1 sock_flags=2
sock_modify sock_id=1
session_modify tunnel_id=10 session_id=100 tcp_mss=50
tunnel_modify tunnel_id=10 tcp_mss=0
EOF
cat "$L2TPGW_OUT/errors"
mapfile -t err <"$L2TPGW_OUT/errors"
check "duplicate tunnel id" grep -q 'TUNNEL_ID: a tunnel with this id exists' <<<"${err[0]}"
check "IPv6 peer on an IPv4 socket" grep -q "match the socket's family" <<<"${err[1]}"
check "missing peer address" grep -q 'missing attribute L2TPGW_A_PEER_ADDR' <<<"${err[2]}"
check "multicast peer" grep -q 'unicast' <<<"${err[3]}"
check "unknown socket" grep -q 'no socket with this id' <<<"${err[4]}"
check "duplicate session" grep -q 'SESSION_ID: the tunnel has a session' <<<"${err[5]}"
check "unknown tunnel" grep -q 'no tunnel with this id' <<<"${err[6]}"
check "session id 0" grep -q 'errno 34' <<<"${err[7]}"
check "MTU 70000" grep -q 'errno 34' <<<"${err[8]}"
check "taken ifname" grep -q 'IFNAME' <<<"${err[9]}"
check "fd 0 is no socket" grep -q 'SOCK_FD: not an open socket' <<<"${err[10]}"
check "port already bound" grep -q 'SOCK_LOCAL_ADDR: cannot bind' <<<"${err[11]}"
# Per-command policies: an attribute the command does not take is named.
check "SOCK_ID refused by tunnel_modify" \
	grep -q 'SOCK_ID: attribute not accepted by this command' <<<"${err[12]}"
check "MTU refused by session_del" \
	grep -q 'MTU: attribute not accepted by this command' <<<"${err[13]}"
check "TUNNEL_ID refused by stats_get" \
	grep -q 'TUNNEL_ID: attribute not accepted by this command' <<<"${err[14]}"
check "unknown socket flag" grep -q 'errno 22' <<<"${err[15]}"
check "flags missing from sock_modify" \
	grep -q 'missing attribute L2TPGW_A_SOCK_FLAGS' <<<"${err[16]}"
check "MSS clamp to 50" grep -q 'TCP_MSS: 0, 65535 (auto) or at least 88' <<<"${err[17]}"
check "TCP_MSS refused by tunnel_modify" \
	grep -q 'TCP_MSS: attribute not accepted by this command' <<<"${err[18]}"
out=$(n b ip link add x type l2tpgw 2>&1) && { echo "  FAIL: rtnl newlink accepted"; exit 1; }
check "rtnl newlink refused with a reason ($out)" grep -q genetlink <<<"$out"

is "tunnels dumped in a" "$(count_of a tunnel)" 1
is "sessions dumped in a" "$(count_of a session)" 1
is "sessions of tunnel 10" "$(count_of a session tunnel 10)" 1

# Removal events: ip link del, tunnel-del, sock-del.
spawn monitor ip netns exec b l2tpctl kernel monitor
monitor=${NETNS_BG_PIDS[-1]}
wait_for "monitor listening" 30 grep -q listening "$L2TPGW_OUT/monitor.log"
n b ip link del l2tp0
kctl b batch <<EOF
tunnel del id 20
socket del id 1
EOF
wait_for "three events" 30 count_at_least 3 cause "$L2TPGW_OUT/monitor.log"
cat "$L2TPGW_OUT/monitor.log"
check "DEV_DEL event" grep -q 'session_del .*session 200 .*cause dev_del$' "$L2TPGW_OUT/monitor.log"
check "tunnel USER event" grep -q 'tunnel_del .*tunnel 20 .*cause user$' "$L2TPGW_OUT/monitor.log"
check "socket USER event" grep -q 'sock_detach .*cause user$' "$L2TPGW_OUT/monitor.log"
kill "$monitor"
is "sessions left in b" "$(count_of b session)" 0
