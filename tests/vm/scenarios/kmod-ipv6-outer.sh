#!/bin/bash
# timeout: 400
#
# IPv6 outer transport: IPv4 and IPv6 inside a session carried over IPv6
# between two namespaces, small and large frames (the outer packet of a
# full-MTU frame is fragmented; a 4000-byte ping is fragmented inside too).
#
#   ns a                                      ns b
#   l2tp0 192.168.7.1 fd07::1/64              l2tp0 192.168.7.2 fd07::2/64
#     |  tunnel 10 / session 100                |  tunnel 20 / session 200
#   UDP [fd09::1]:1701                        UDP [fd09::2]:1701
#   va fd09::1/64 --------------------------- vb fd09::2/64
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh

ns_add a; ns_add b
veth_pair a va fd09::1/64 b vb fd09::2/64

kctl a batch <<EOF
socket add local fd09::1 port 1701
tunnel add id 10 peer-id 20 socket 1 peer fd09::2 peer-port 1701
session add tunnel 10 id 100 peer-id 200 protocols ipv4,ipv6
EOF
kctl b batch <<EOF
socket add local fd09::2 port 1701
tunnel add id 20 peer-id 10 socket 1 peer fd09::1 peer-port 1701 send-length on
session add tunnel 20 id 200 peer-id 100 protocols ipv4,ipv6 seq send
EOF
for x in a:1:2 b:2:1; do
	IFS=: read -r ns me peer <<<"$x"
	n "$ns" ip addr add 192.168.7.$me peer 192.168.7.$peer dev l2tp0
	netns_addr "$ns" l2tp0 fd07::$me/64
	n "$ns" ip link set l2tp0 up
done

check "IPv4 over IPv6" n a ping -c 3 -i 0.2 -W 2 192.168.7.2
check "IPv6 over IPv6" n a ping -c 3 -i 0.2 -W 2 fd07::2
# Without an MTU a session gets what fits a 1500-byte path over IPv6:
# 1500 - 40 (IPv6) - 8 (UDP) - 12 (L2TP, length + sequence) - 4 (PPP).
is "default MTU over an IPv6 socket" "$(n a cat /sys/class/net/l2tp0/mtu)" 1436
frags() { n a awk '$1 == "Ip6FragCreates" { print $2 }' /proc/net/snmp6; }
f0=$(frags)
check "a DF frame of the default MTU" n a ping -c 3 -i 0.2 -W 2 -M do -s 1408 192.168.7.2
is "... crossed without outer fragments" "$(frags)" "$f0"
check_not "one byte more is refused with DF" \
	n a ping -c 1 -W 2 -M do -s 1409 192.168.7.2
kctl a session modify tunnel 10 id 100 mtu 1500
kctl b session modify tunnel 20 id 200 mtu 1500
check "full-MTU frame, outer fragmented" n a ping -c 3 -i 0.2 -W 2 -M do -s 1472 192.168.7.2
check "... into outer fragments" test "$(frags)" -gt "$f0"
check "4000-byte IPv4 ping, fragmented inside" n a ping -c 3 -i 0.2 -W 2 -s 4000 192.168.7.2
check "4000-byte IPv6 ping, fragmented inside" n a ping -c 3 -i 0.2 -W 2 -s 4000 fd07::2
check "a's frames were not dropped" test "$(stat_of a tx_dropped session 10 100)" -eq 0
check "b sees sequenced frames" test "$(stat_of a rx_packets session 10 100)" -ge 10
check "nothing wrong on b's tunnel" test "$(stat_of b rx_wrong_peer tunnel 20)" -eq 0
