#!/bin/bash
# timeout: 200
#
# Loss during setup (issue 18): many calls dialled at once through netem
# with 10% loss, 25% reordering and 50+-20 ms delay in each direction,
# from l2tpgwd as LAC (SETUP_LOSS_TUNNELS x SETUP_LOSS_PER_TUNNEL calls,
# MS-CHAPv2) and from xl2tpd+pppd (SETUP_LOSS_XL2TPD calls, CHAP-MD5), to
# one l2tpgwd LNS.  Every call must come up (a lost CHAP Success or
# Response, a lost or reordered LCP/IPCP packet costs a retransmission,
# never the call; a call that still fails is placed again by the [lac])
# and pass a ping through its own device; and none may be lost for good:
# all still up at the end.  tests/vm/long/daemon-setup-loss-200.sh is the
# 200 + 20 version (make check-long).
#
# xl2tpd's kernel mode cannot hold two tunnels between the same two UDP
# endpoints, so each xl2tpd+pppd call has a namespace of its own.
#
#   ns lac: l2tpgwd (LAC)  va 10.2.1.2/24 --netem-- vb1 10.2.1.1/24  ns lns:
#   ns xI: xl2tpd, pppd    va 10.2.J.2/24 --netem-- vbJ 10.2.J.1/24  l2tpgwd
#                          (J = I + 1)
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

TUNNELS=${SETUP_LOSS_TUNNELS:-2}
PER_TUNNEL=${SETUP_LOSS_PER_TUNNEL:-15}
XL=${SETUP_LOSS_XL2TPD:-5}
UP_WITHIN=${SETUP_LOSS_UP_WITHIN:-100}
TOTAL=$((TUNNELS * PER_TUNNEL))
NETEM="delay 50ms 20ms reorder 25% loss 10%"

peers_init
ns_add lns
topo_lac lac 1
gw_lns_std lns "mschapv2 chap" 10.20.0.10-10.20.0.250 hello_interval=60s
{
	printf '[global]\nlog_level = info\n'
	for t in $(seq 1 "$TUNNELS"); do
		printf '[lac up%d]\npeer = 10.2.1.1:1701\nsessions = %d\n' "$t" "$PER_TUNNEL"
		gw_lac_ppp_keys mschapv2 alice alice-secret
	done
} | gw_config lac
ppp_secret alice alice-secret
links=("lac va" "lns vb1")
for i in $(seq 1 "$XL"); do
	topo_lac "x$i" $((i + 1))
	xl2tpd_conf "x$i"
	xl2tpd_lac "x$i" lns "10.2.$((i + 1)).1" alice chap
	links+=("x$i va" "lns vb$((i + 1))")
done
for l in "${links[@]}"; do
	# shellcheck disable=SC2086 # NETEM is a list of words
	n ${l% *} tc qdisc add dev ${l#* } root netem $NETEM
done

start=$SECONDS
gw_start lns
gw_start lac
for i in $(seq 1 "$XL"); do
	xl2tpd_start "x$i"
	xl2tpd_ctl "x$i" "c lns"
done

# Devices with an address from the LNS, in namespaces "$@".
up_in() {
	local ns c=0
	for ns; do
		c=$((c + $(ip -n "$ns" -4 -o addr show | grep -c ' peer 10\.20\.0\.1/' || true)))
	done
	echo "$c"
}
xls=()
for i in $(seq 1 "$XL"); do
	xls+=("x$i")
done

lac_up=0 xl_up=0 lac_at=-
while ((SECONDS - start < UP_WITHIN)); do
	lac_up=$(up_in lac) xl_up=$(up_in "${xls[@]}")
	[[ $lac_at != - ]] || ((lac_up < TOTAL)) || lac_at=$((SECONDS - start))
	((lac_up == TOTAL && xl_up == XL)) && break
	sleep 2
done
echo "  after $((SECONDS - start)) s: $lac_up of $TOTAL l2tpgwd calls (all after $lac_at s), $xl_up of $XL pppd calls up"
echo "  lac_call_redials: $(gw_stat lac lac_call_redials || echo "?")"
echo "  calls lost and placed again: $(grep -c 'placing it again in' "$L2TPGW_OUT/l2tpgwd-lac.log" || true)"
check "all $TOTAL l2tpgwd calls up within ${UP_WITHIN}s ($lac_up)" test "$lac_up" -eq "$TOTAL"
check "all $XL xl2tpd+pppd calls up within ${UP_WITHIN}s ($xl_up)" test "$xl_up" -eq "$XL"

# ping -c 1 -w 8: repeats every 0.2 s until one reply comes (10% loss
# each way) or 8 s passed; a session whose IPCP reopens (a duplicated
# Configure-Request in Opened, RFC 1661) has its address back by then.
pings() {
	n "$1" ping -c 1 -w 8 -i 0.2 -q ${2:+-I "$2"} 10.20.0.1 >/dev/null
}
# A session may still go later (4 LCP Echo-Requests lost in a row: 0.19^4
# per probe at 10% loss each way, a few of 200 sessions a minute): the
# [lac] places it again, so a device that does not answer is tried once
# more 30 s later, and the calls must all be back by the end.
lac_devs=$(ip -n lac -4 -o addr show | awk '/ peer 10\.20\.0\.1\// { print $2 }')
ok=0 failed=()
for dev in $lac_devs; do
	if pings lac "$dev"; then
		ok=$((ok + 1))
	else
		failed+=("$dev")
	fi
done
if ((${#failed[@]})); then
	echo "  no answer at once from ${failed[*]}: again in 30 s"
	sleep 30
	for dev in "${failed[@]}"; do
		! pings lac "$dev" || ok=$((ok + 1))
	done
fi
check "every l2tpgwd session answered a ping ($ok of $TOTAL)" test "$ok" -eq "$TOTAL"
ok=0 failed=()
for ns in "${xls[@]}"; do
	if pings "$ns"; then
		ok=$((ok + 1))
	else
		failed+=("$ns")
	fi
done
check "every pppd session answered a ping ($ok of $XL; failed: ${failed[*]})" test "$ok" -eq "$XL"

# None lost for good: a while later, every call is still (or again) up.
sleep 5
all_lac_up() {
	test "$(up_in lac)" -eq "$TOTAL"
}
wait_for "still (or again) $TOTAL l2tpgwd calls up" 60 all_lac_up
check "still $XL pppd calls up" test "$(up_in "${xls[@]}")" -eq "$XL"
check "$((TOTAL + XL)) kernel sessions in lns" kernel_count_is lns session $((TOTAL + XL))
echo "  lac_call_redials at the end: $(gw_stat lac lac_call_redials || echo "?")"
