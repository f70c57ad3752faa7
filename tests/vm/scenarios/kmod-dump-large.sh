#!/bin/bash
# timeout: 360
# boot: own
#
# Dumps across every tunnel id there is: 65,535 tunnels plus 2,048
# sessions (four per tunnel in tunnels 1..512, each a net device).  Each
# dump must list every object exactly once, whole and also while, between
# its parts, the object it resumes after and the next one it would reach
# are deleted.
#
# Why not 100,000 objects with 34,465 sessions: measured under TCG, a
# tunnel costs ~1 ms (65,535 in ~63 s) but a session ~17 ms, almost all
# of it registering its net device, so 34,465 sessions alone would take
# ~10 minutes.  Sessions are dumped by the same (tunnel, session) cursor
# whatever their number; tunnels at their id limit are what stresses it.
# Own boot: tearing all this down is left to the VM's exit.
#
#   ns a: dummy va 10.9.0.1/24, one module socket 10.9.0.1:1701,
#         every tunnel to 10.9.0.2:1701
. tests/vm/lib/netns.sh
NL="/usr/bin/python3 tests/vm/lib/l2tpgw_nl.py"
nl() { local ns=$1; shift; n "$ns" $NL "$@"; }
TUNNELS=65535
SESSIONS=2048
elapsed() { echo "  ($((SECONDS - $1)) s)"; }

ns_add a
n a ip link add va type dummy
netns_addr a va 10.9.0.1/24
n a ip link set va up
nl a sock-add --addr 10.9.0.1 --port 1701 >/dev/null

t0=$SECONDS
check "$TUNNELS tunnels added" nl a bulk-add --sock 1 --peer 10.9.0.2 --tunnels $TUNNELS
elapsed $t0
t0=$SECONDS
check "$SESSIONS sessions added" nl a bulk-add --sock 1 --peer 10.9.0.2 --tunnels 0 \
	--sessions $SESSIONS --per-tunnel 4
elapsed $t0

t0=$SECONDS
check "tunnel dump: each once, also while deleting" \
	nl a dump-check tunnels --expect $TUNNELS --churn 4
elapsed $t0
t0=$SECONDS
check "session dump: each once, also while deleting" \
	nl a dump-check sessions --expect $SESSIONS --churn 2
elapsed $t0
