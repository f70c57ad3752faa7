#!/bin/bash
# timeout: 400
#
# Dumps resume by object id across many netlink messages, also while
# objects are deleted between two parts: 200 tunnels and 600 sessions,
# listed whole, per tunnel, and after deleting every other tunnel.
#
#   ns a: one module socket 10.9.0.1:1701, tunnels 1..200 to 10.9.0.2,
#         sessions 1..500 in tunnel 1, 1 session in tunnels 2..101
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh

ns_add a
n a ip link add va type dummy
netns_addr a va 10.9.0.1/24
n a ip link set va up
{
	echo "socket add local 10.9.0.1 port 1701"
	for t in $(seq 1 200); do
		echo "tunnel add id $t peer-id $t socket 1 peer 10.9.0.2 peer-port 1701"
	done
	for s in $(seq 1 500); do
		echo "session add tunnel 1 id $s peer-id $s name s1-$s"
	done
	for t in $(seq 2 101); do
		echo "session add tunnel $t id 7 peer-id 7 name s$t-7"
	done
} | kctl a batch >/dev/null
is "tunnels dumped" "$(count_of a tunnel)" 200
is "sessions dumped" "$(count_of a session)" 600
is "sessions of tunnel 1 dumped" "$(count_of a session tunnel 1)" 500
is "sessions of tunnel 50 dumped" "$(count_of a session tunnel 50)" 1
is "sessions of tunnel 150 dumped" "$(count_of a session tunnel 150)" 0
for t in $(seq 2 2 200); do echo "tunnel del id $t"; done | kctl a batch
is "tunnels after deleting the even ones" "$(count_of a tunnel)" 100
is "sessions after deleting the even ones" "$(count_of a session)" 550
is "devices after deleting the even ones" "$(n a ls /sys/class/net | grep -c '^s')" 550
