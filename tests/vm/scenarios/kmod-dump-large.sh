#!/bin/bash
# timeout: 600
# boot: own
# mem: 3072
#
# Dumps across 100,000 objects: every tunnel id there is (65,535 tunnels)
# plus 34,465 sessions (four per tunnel in tunnels 1..8,617, each a net
# device).  Each dump must list every object exactly once, whole and also
# while, between its parts, the object it resumes after and the next one
# it would reach are deleted; the session dump also while the tunnels
# holding those two sessions are deleted, sessions and all (its cursor is
# a tunnel id and a session id within that tunnel).
#
# Costs measured under TCG on the shared 2-core host: a tunnel ~0.15 ms,
# a session 1.2 ms at first, 2 ms past 30,000; nine tenths of a session
# is the core registering its net device (sysfs and queue kobjects, IPv4
# and IPv6 sysctls, uevent, RTM_NEWLINK), the module's own part (GRO
# cells, per-CPU counters, the reply) under a tenth.  The whole scenario
# takes 2-3 minutes on an idle host.  (The 17 ms per session once quoted
# here was a busy host plus the former Python helper mapping a fresh
# 1 MiB buffer for every reply, which alone made a session 2.9 ms instead
# of 1.25 ms.)
# A session device takes ~48 kB of guest memory: 1.8 GB are in use at
# the peak, hence '# mem'.
# Own boot: tearing all this down is left to the VM's exit.
#
#   ns a: dummy va 10.9.0.1/24, one module socket 10.9.0.1:1701,
#         every tunnel to 10.9.0.2:1701
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
TUNNELS=65535
SESSIONS=34465
elapsed() { echo "  ($((SECONDS - $1)) s)"; }
# Guest memory in use (MemTotal - MemAvailable), in MiB.
mem_used() {
	local key value total=0 avail=0
	while read -r key value _; do
		case $key in
		MemTotal:) total=$value ;;
		MemAvailable:) avail=$value ;;
		esac
	done </proc/meminfo
	echo "  memory in use: $(((total - avail) / 1024)) MiB ($1)"
}

ns_add a
n a ip link add va type dummy
netns_addr a va 10.9.0.1/24
n a ip link set va up
kctl a socket add local 10.9.0.1 port 1701 >/dev/null
mem_used "before"

t0=$SECONDS
check "$TUNNELS tunnels added" nl a bulk-add --sock 1 --peer 10.9.0.2 --tunnels $TUNNELS
elapsed $t0
t0=$SECONDS
check "$SESSIONS sessions added" nl a bulk-add --sock 1 --peer 10.9.0.2 --tunnels 0 \
	--sessions $SESSIONS --per-tunnel 4 --report 5000
elapsed $t0
mem_used "$TUNNELS tunnels, $SESSIONS sessions"

t0=$SECONDS
check "tunnel dump: each once, also while deleting" \
	nl a dump-check tunnels --expect $TUNNELS --churn 4
elapsed $t0
t0=$SECONDS
check "session dump: each once, also while deleting sessions, then tunnels" \
	nl a dump-check sessions --expect $SESSIONS --churn 2 --churn-tunnels 4
elapsed $t0
mem_used "after the dumps"
