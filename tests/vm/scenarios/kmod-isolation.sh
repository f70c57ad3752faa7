#!/bin/bash
# timeout: 400
#
# Two tunnels of two sessions each on one socket pair: traffic through one
# session shows on that session's counters and device only.
#
#   ns a                                  ns b
#   t1s1 t1s2 t2s1 t2s2                   t1s1 t1s2 t2s1 t2s2
#   192.168.{11,12,21,22}.1               192.168.{11,12,21,22}.2
#     tunnels 1, 2 (peer 101, 102)          tunnels 101, 102 (peer 1, 2)
#   UDP 10.9.0.1:1701                     UDP 10.9.0.2:1701
#   va 10.9.0.1/24 ---------------------- vb 10.9.0.2/24
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
devstat() { n "$1" cat "/sys/class/net/$2/statistics/$3"; }

ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24
{
	echo "socket add local 10.9.0.1 port 1701"
	for t in 1 2; do
		echo "tunnel add id $t peer-id 10$t socket 1 peer 10.9.0.2 peer-port 1701"
		for s in 1 2; do
			echo "session add tunnel $t id $s peer-id 20$s protocols ipv4 name t${t}s$s"
		done
	done
} | kctl a batch
{
	echo "socket add local 10.9.0.2 port 1701"
	for t in 1 2; do
		echo "tunnel add id 10$t peer-id $t socket 1 peer 10.9.0.1 peer-port 1701"
		for s in 1 2; do
			echo "session add tunnel 10$t id 20$s peer-id $s protocols ipv4 name t${t}s$s"
		done
	done
} | kctl b batch
for t in 1 2; do
	for s in 1 2; do
		n a ip addr add 192.168.$t$s.1 peer 192.168.$t$s.2 dev t${t}s$s
		n b ip addr add 192.168.$t$s.2 peer 192.168.$t$s.1 dev t${t}s$s
		n a ip link set t${t}s$s up
		n b ip link set t${t}s$s up
	done
done

check "ping through tunnel 2 session 1" n a ping -c 10 -i 0.1 -W 2 192.168.21.2
check "a: t2s1 sent 10" test "$(stat_of a tx_packets session 2 1)" -eq 10
check "b: t2s1 (102/201) received 10" test "$(stat_of b rx_packets session 102 201)" -eq 10
for x in 1:1:101:201 1:2:101:202 2:2:102:202; do
	IFS=: read -r t s bt bs <<<"$x"
	check "a: t${t}s$s sent nothing" test "$(stat_of a tx_packets session "$t" "$s")" -eq 0
	check "b: t${t}s$s received nothing" test "$(stat_of b rx_packets session "$bt" "$bs")" -eq 0
	check "b: device t${t}s$s received nothing" test "$(devstat b "t${t}s$s" rx_packets)" -eq 0
done
check "b: device t2s1 received 10" test "$(devstat b t2s1 rx_packets)" -eq 10
check "ping through tunnel 1 session 2" n a ping -c 3 -i 0.1 -W 2 192.168.12.2
check "b: t1s1 still received nothing" test "$(stat_of b rx_packets session 101 201)" -eq 0
