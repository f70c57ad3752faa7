#!/bin/bash
# Harness self-test: the helpers of tests/vm/lib/netns.sh build a working
# topology and their exit trap removes what they made.
#
#   ns left                      ns right
#   veth0 192.0.2.1/24 --------- veth0 192.0.2.2/24
#         2001:db8::1/64               2001:db8::2/64
# timeout: 60

. tests/vm/lib/netns.sh

ns_add left
ns_add right
veth_pair left veth0 192.0.2.1/24 right veth0 192.0.2.2/24
netns_addr left veth0 2001:db8::1/64
netns_addr right veth0 2001:db8::2/64

check "IPv4 across the veth pair" n left ping -c1 -W2 -q 192.0.2.2
check "IPv6 across the veth pair (no DAD wait)" n left ping -c1 -W2 -q 2001:db8::2
check_not "nothing answers outside the topology" n left ping -c1 -W1 -q 192.0.2.3

flag=/tmp/selftest-netns.flag
# The delay is the test: the file appears after wait_for has begun.
( sleep 0.5; : >"$flag" ) &
wait_for "wait_for sees a file created later" 5 test -e "$flag"

# A child scenario: its namespace and background process must be gone once
# it exits, whether it succeeds or fails.
child() {
	bash -c '
		. tests/vm/lib/netns.sh
		ns_add child
		spawn sleeper sleep 1000
		echo "$!" >/tmp/selftest-netns.pid
		exit '"$1"
}
for rc in 0 3; do
	set +e
	child "$rc" >/dev/null
	got=$?
	set -e
	check "the trap keeps the exit status (exit $rc)" test "$got" = "$rc"
	check_not "the trap deleted namespace child (exit $rc)" test -e /run/netns/child
	check_not "the trap killed the spawned process (exit $rc)" \
		kill -0 "$(</tmp/selftest-netns.pid)"
done
