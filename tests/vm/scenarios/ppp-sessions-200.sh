#!/bin/bash
# timeout: 300
#
# 200 sessions over 4 tunnels come up and each passes a ping.  pppd per
# session would need 200 processes (too many under TCG in 1 GB), so the
# LAC is l2tpgwd too: 4 [lac] sections to the same LNS address and port
# (4 tunnels between the same two UDP endpoints, which xl2tpd's kernel mode
# cannot do), 50 calls each, all authenticating as alice with CHAP.  Every
# session must get its own pool address and answer one ping through its
# own device.
#
#   ns lac: l2tpgwd (LAC x4)                 ns lns: l2tpgwd (LNS)
#   200 devices 10.20.0.x  ==============  200 devices 10.20.0.1
#   va 10.2.1.2/24 -------- UDP 1701 -------- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

TUNNELS=4
PER_TUNNEL=50
TOTAL=$((TUNNELS * PER_TUNNEL))
peers_init
ns_add lns
topo_lac lac 1
gw_lns_std lns chap 10.20.0.10-10.20.0.250 hello_interval=60s
{
	printf '[global]\nlog_level = info\n'
	for t in $(seq 1 $TUNNELS); do
		printf '[lac up%d]\npeer = 10.2.1.1:1701\nsessions = %d\n' "$t" "$PER_TUNNEL"
		gw_lac_ppp_keys chap alice alice-secret
	done
} | gw_config lac
gw_start lns
gw_start lac

wait_for "$TOTAL sessions have an address in lac" 200 sh -c "test \$(ip -n lac -4 -o addr show | grep -c ' peer 10\.20\.0\.1/') -eq $TOTAL"
check "$TOTAL kernel sessions in lns" kernel_count_is lns session $TOTAL
check "$TUNNELS kernel tunnels in lns" kernel_count_is lns tunnel $TUNNELS
check "$TOTAL kernel sessions in lac" kernel_count_is lac session $TOTAL

declare -A seen=()
ok=0
failed=()
while read -r _ dev _ addr _ _; do
	addr=${addr%/*}
	if [[ -n ${seen[$addr]:-} ]]; then
		echo "  FAIL: $addr on both ${seen[$addr]} and $dev"
		exit 1
	fi
	seen[$addr]=$dev
	if n lac ping -c 1 -W 3 -q -I "$dev" 10.20.0.1 >/dev/null; then
		ok=$((ok + 1))
	else
		failed+=("$dev($addr)")
	fi
done < <(ip -n lac -4 -o addr show | grep ' peer 10\.20\.0\.1/')
check "every session answered a ping ($ok of $TOTAL; failed: ${failed[*]:0:10})" test "$ok" -eq $TOTAL
