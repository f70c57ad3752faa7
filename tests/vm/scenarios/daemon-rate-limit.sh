#!/bin/bash
# timeout: 240
#
# Per-session rate limits from the users file (rate_limit=2M/4M: 2 Mbit/s
# from the client, 4 Mbit/s to it), put on the session's device with tc
# by l2tpgwd: a tbf root qdisc shapes what goes to the client, a matchall
# filter with a police action on the ingress qdisc drops what exceeds
# the rate from it.  Two xl2tpd+pppd clients: alice (limited) and carol
# (no rate_limit, so no qdisc or filter of ours on her device).  iperf3
# through each session both ways: alice's rates stay near her limits,
# carol's go well above them.  l2tpctl session show gives the limits in
# text and JSON.  Then shaper_apply, the call a CoA makes (through
# l2tpgw-nltest shaper), replaces alice's limits live, removes them and
# puts them back.
#
#   ns lac1: xl2tpd, pppd (alice) ppp0 ==== ra0/ra1  ns lns  vh ---- ns host
#   ns lac2: xl2tpd, pppd (carol) ppp0 ====          l2tpgwd    10.3.0.2
#   va 10.2.I.2/24 -------------- vbI 10.2.I.1/24   (iperf3 -s)
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/kernel_objects.sh

RX_LIMIT=2000000	# bit/s, alice -> host (policed)
TX_LIMIT=4000000	# bit/s, host -> alice (shaped)

peers_init
topo_lns_host
topo_lac lac1 1
topo_lac lac2 2
ppp_secret alice alice-secret
ppp_secret carol carol-secret

gw_lns_std lns chap 10.20.0.10-10.20.0.250
gw_users lns >/dev/null <<'EOF2'
alice "alice-secret" rate_limit=2M/4M
carol "carol-secret"
EOF2
gw_start lns
for i in 1 2; do
	user=$([[ $i == 1 ]] && echo alice || echo carol)
	xl2tpd_conf "lac$i"
	xl2tpd_lac "lac$i" lns "10.2.$i.1" "$user" chap
	xl2tpd_start "lac$i"
	xl2tpd_ctl "lac$i" "c lns"
done
wait_for "alice's ppp0 up" 90 ppp_up lac1 ppp0
wait_for "carol's ppp0 up" 90 ppp_up lac2 ppp0
a1=$(ppp_addr lac1 ppp0)
a2=$(ppp_addr lac2 ppp0)
ip -n lac1 route add 10.3.0.0/24 dev ppp0
ip -n lac2 route add 10.3.0.0/24 dev ppp0

# Each session's device in the LNS, from session show.
dev_of() {
	gw_ctl lns -j session show user "$1" | json_eval 'd["ifname"]'
}
d1=$(dev_of alice)
d2=$(dev_of carol)
check "alice and carol have devices ($d1, $d2)" test -n "$d1" -a -n "$d2" -a "$d1" != "$d2"

# --- what tc shows -------------------------------------------------------
tc -n lns -s qdisc show dev "$d1" >"$L2TPGW_OUT/tc-qdisc-alice.txt"
tc -n lns -s filter show dev "$d1" ingress >"$L2TPGW_OUT/tc-filter-alice.txt"
tc -n lns -s qdisc show dev "$d2" >"$L2TPGW_OUT/tc-qdisc-carol.txt"
tc -n lns -s filter show dev "$d2" ingress >"$L2TPGW_OUT/tc-filter-carol.txt"
check "alice: tbf at 4Mbit to her" log_has "$L2TPGW_OUT/tc-qdisc-alice.txt" '^qdisc tbf 1: root .*rate 4Mbit'
check "alice: ingress qdisc" log_has "$L2TPGW_OUT/tc-qdisc-alice.txt" '^qdisc ingress ffff:'
check "alice: matchall filter" log_has "$L2TPGW_OUT/tc-filter-alice.txt" 'matchall'
check "alice: police at 2Mbit from her" log_has "$L2TPGW_OUT/tc-filter-alice.txt" 'police .*rate 2Mbit .*drop'
check_not "carol: no tbf" log_has "$L2TPGW_OUT/tc-qdisc-carol.txt" 'tbf'
check_not "carol: no ingress qdisc" log_has "$L2TPGW_OUT/tc-qdisc-carol.txt" 'ingress'
check_not "carol: no filter" log_has "$L2TPGW_OUT/tc-filter-carol.txt" 'police|matchall'

# --- what l2tpctl shows --------------------------------------------------
check "session show: alice's rate-limit line" gw_ctl_has lns '^  rate-limit: rx 2 Mbit/s tx 4 Mbit/s$' session show user alice
check "session show -j: alice's rate_limit" test "$(gw_ctl lns -j session show user alice | json_eval 'd["rate_limit"]')" = "{'rx_bps': 2000000, 'tx_bps': 4000000}"
check_not "session show: no rate-limit line for carol" gw_ctl_has lns 'rate-limit' session show user carol
check "session show -j: carol's rate_limit is null" test "$(gw_ctl lns -j session show user carol | json_eval 'd["rate_limit"]')" = None

# --- what iperf3 measures ------------------------------------------------
# iperf3 NS ADDR [-R]: bit/s the receiver saw through the session, after
# the first 2 s (the buckets' bursts) are left out.
spawn iperf3-server n host iperf3 -s -B 10.3.0.2
wait_for "iperf3 server listening" 20 n host sh -c 'ss -ltn | grep -q 10.3.0.2:5201'
rate() {
	local ns=$1 addr=$2 out=$L2TPGW_OUT/iperf3-$1$3.json
	shift 2
	n "$ns" iperf3 -c 10.3.0.2 -B "$addr" -t 6 -O 2 -J "$@" >"$out" || return 1
	json_eval 'int(d["end"]["sum_received"]["bits_per_second"])' <"$out"
}
# within [lo, hi] percent of limit
near() {
	local v=$1 limit=$2 lo=$3 hi=$4
	((v * 100 >= limit * lo && v * 100 <= limit * hi))
}
up1=$(rate lac1 "$a1")
down1=$(rate lac1 "$a1" -R)
up2=$(rate lac2 "$a2")
down2=$(rate lac2 "$a2" -R)
echo "  alice up $up1 down $down1, carol up $up2 down $down2 (bit/s)"
# TCP through a policer runs a little below its rate (drops, then
# backing off): 70% at least; a shaper: within 25%.  Unlimited, the same
# path carries over 100 Mbit/s under TCG.
check "alice -> host ($up1 bit/s) within 70%..125% of 2 Mbit/s" near "$up1" $RX_LIMIT 70 125
check "host -> alice ($down1 bit/s) within 75%..125% of 4 Mbit/s" near "$down1" $TX_LIMIT 75 125
check "carol -> host ($up2 bit/s) unlimited: above 4x 2 Mbit/s" test "$up2" -gt $((4 * RX_LIMIT))
check "host -> carol ($down2 bit/s) unlimited: above 4x 4 Mbit/s" test "$down2" -gt $((4 * TX_LIMIT))

# The policer dropped what alice sent above her rate, and counted it.
tc -n lns -s filter show dev "$d1" ingress >"$L2TPGW_OUT/tc-filter-alice-after.txt"
check "alice's policer dropped packets" grep -qE 'Sent [0-9]+ bytes [0-9]+ pkt \(dropped [1-9]' "$L2TPGW_OUT/tc-filter-alice-after.txt"

# --- changed live, removed, put back (what a CoA does) ------------------
tc_state() {
	{
		tc -n lns qdisc show dev "$d1"
		tc -n lns filter show dev "$d1" ingress
	} 2>&1
}
check "replaced: 3M/6M" nl lns shaper "$d1" 3M/6M
st=$(tc_state)
echo "$st" >"$L2TPGW_OUT/tc-alice-replaced.txt"
check "replaced: tbf at 6Mbit" grep -qE '^qdisc tbf 1: root .*rate 6Mbit' <<<"$st"
check "replaced: police at 3Mbit" grep -qE 'police .*rate 3Mbit .*drop' <<<"$st"
check "replaced: one filter" test "$(grep -c 'action order' <<<"$st")" = 1
check "removed: rate 0" nl lns shaper "$d1" 0
st=$(tc_state)
echo "$st" >"$L2TPGW_OUT/tc-alice-removed.txt"
check_not "removed: no tbf" grep -q tbf <<<"$st"
check_not "removed: no ingress qdisc, no police" grep -qE 'ingress|police' <<<"$st"
check "removed twice: nothing to remove is no error" nl lns shaper "$d1" 0
check "put back: 2M/4M" nl lns shaper "$d1" 2M/4M
st=$(tc_state)
check "put back: police at 2Mbit" grep -qE 'police .*rate 2Mbit' <<<"$st"
check "put back: tbf at 4Mbit" grep -qE '^qdisc tbf 1: root .*rate 4Mbit' <<<"$st"
check "carol's device untouched" test -z "$(tc -n lns filter show dev "$d2" ingress)"
