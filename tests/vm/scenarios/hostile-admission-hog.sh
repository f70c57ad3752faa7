#!/bin/bash
# timeout: 150
#
# One peer cannot take every negotiating slot.  The LNS allows
# max_negotiating = 6, of which max_negotiating_per_tunnel = 2 per tunnel
# and max_negotiating_per_peer = 3 per peer address.  The hog, l2tpgwd as
# LAC, opens two tunnels (sections h1, h2) of 4 calls each, and its PPP
# never gets through: nftables in its namespace drops every L2TP data
# message it sends, so the LNS's LCP waits ~30 s (10 Configure-Requests,
# 3 s apart) on each call it admitted.  The LNS admits 3 of the 8 and
# refuses the others with CDN result 4, counting them in
# calls_refused_tunnel_share and calls_refused_peer_share.  While the
# hog's 3 calls are still negotiating, a second peer (xl2tpd and pppd,
# another address) dials: its call is admitted and up, and the global
# limit never refused anything.  With max_negotiating alone (before the
# shares), the hog took all 6 slots and the second peer's call was
# refused (CDN result 4; xl2tpd does not redial): its ppp0 never came up.
#
#   ns hog: l2tpgwd, [lac h1] x4 [lac h2] x4     ns lns: l2tpgwd
#     va 10.2.1.2/24 -- (data dropped) ------ vb1 10.2.1.1/24
#   ns good: xl2tpd, pppd
#     va 10.2.2.2/24 ------------------------ vb2 10.2.2.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
ns_add lns
topo_lac hog 1
topo_lac good 2
ppp_secret alice alice-secret
gw_lns_std lns pap 10.20.0.10-10.20.0.250 max_negotiating=6 \
	max_negotiating_per_tunnel=2 max_negotiating_per_peer=3
gw_start lns
wait_for "LNS control socket" 20 gw_stat lns sessions

# The hog's PPP never reaches the LNS: L2TP data messages (T bit clear)
# from its UDP port 1701 are dropped on the way out; control passes.
n hog nft -f - <<'EOF'
table ip hog {
	chain out {
		type filter hook output priority 0; policy accept;
		udp sport 1701 @th,64,8 & 0x80 == 0x00 counter drop
	}
}
EOF
{
	printf '[global]\nlog_level = info\n'
	for lac in h1 h2; do
		printf '[lac %s]\npeer = 10.2.1.1:1701\nsessions = 4\n' "$lac"
		printf 'echo_interval = 0\n'
		gw_lac_ppp_keys pap alice alice-secret
	done
} | gw_config hog
gw_start hog
t0=$SECONDS
wait_for "the hog holds 3 calls negotiating" 40 gw_stat_is lns calls_negotiating 3
wait_for "calls beyond the tunnel's share refused" 20 gw_stat_ge lns calls_refused_tunnel_share 1
wait_for "calls beyond the peer's share refused" 20 gw_stat_ge lns calls_refused_peer_share 1
check "the LNS named the tunnel's share" \
	log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" "call refused: 2 calls negotiating on the tunnel, max_negotiating_per_tunnel = 2"
check "the LNS named the peer's share" \
	log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" "call refused: 3 calls negotiating from the peer, max_negotiating_per_peer = 3"
check "the hog got CDN result 4" log_hasi "$L2TPGW_OUT/l2tpgwd-hog.log" "result 4"
check "the hog's data was dropped" sh -c "ip netns exec hog nft list ruleset | grep -qE 'counter packets [1-9]'"

xl2tpd_conf good
xl2tpd_lac good lns 10.2.2.1 alice pap
xl2tpd_start good
xl2tpd_ctl good "c lns"
wait_for "the second peer's ppp0 up" 60 ppp_up good ppp0
up_after=$((SECONDS - t0))
echo "  the second peer was up ${up_after}s after the hog dialled"
check "while the hog's calls still negotiated" gw_stat_is lns calls_negotiating 3
check "the global limit refused nothing" gw_stat_is lns calls_refused_negotiating 0
check_not "no call of the second peer refused" \
	log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" "peer 10\.2\.2\.2[^)]*\): call refused"
check "the second peer passes pings" n good ping -c 2 -i 0.2 -W 2 -q 10.20.0.1
check "one session up at the LNS" gw_stat_is lns sessions_up 1
check "l2tpgwd still running" alive "$(gw_pid lns)"
