#!/bin/bash
# timeout: 180
#
# l2tpgwd names session devices itself and bounds the calls negotiating
# at once.  The LNS allows max_negotiating = 2; the LAC (l2tpgwd too)
# places 3 calls at once on one tunnel: two are admitted, the third is
# refused with CDN result 4 before it costs a session, and counted.  In
# the LNS's namespace a device ra0 exists already (not a session's): the
# daemon's numbering meets EEXIST from the kernel, skips it and names the
# sessions ra1 and ra2.  When the LAC leaves, the numbers come back: the
# next LAC's calls get ra1 and ra2 again.  A bad max_negotiating is
# refused naming file and line.
#
#   ns lac: l2tpgwd, [lac up] x 3 calls        ns lns: l2tpgwd, ra0 (veth)
#   l2tp0 l2tp1 ============================  ra1 ra2, max_negotiating = 2
#   va 10.2.1.2/24 -------------------------- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
ns_add lns
topo_lac lac 1
# Someone else's device with the first name of the pattern.
ip -n lns link add ra0 type veth peer name ra-peer

gw_lns_std lns pap 10.20.0.10-10.20.0.250 max_negotiating=2
gw_config lac <<EOF
[global]
log_level = info
[lac up]
peer = 10.2.1.1:1701
sessions = 3
echo_interval = 0
$(gw_lac_ppp_keys pap alice alice-secret)
EOF

bad=$PEERS_TMP/lns/bad.conf
printf '[global]\nlog_level = info\nmax_negotiating = -1\n' >"$bad"
check "l2tpgwd -n names file and line of a bad max_negotiating" \
	sh -c "'$L2TPGWD' -n -c '$bad' 2>&1 | grep -qF '$bad:3: max_negotiating: \"-1\" is not a number'"

dev_is_session() {
	n lns "$L2TPCTL" -j kernel session list | grep -q "\"ifname\": *\"$1\""
}

gw_start lns
wait_for "LNS control socket" 20 gw_stat lns sessions
gw_start lac
wait_for "two calls up at the LNS" 60 gw_stat_is lns sessions_up 2
check "the third call was refused and counted" gw_stat_is lns calls_refused_negotiating 1
check "the LNS logged the refusal naming the limit" \
	log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" "call refused: 2 calls negotiating, max_negotiating = 2"
check "the LAC got CDN result 4 for it" \
	log_hasi "$L2TPGW_OUT/l2tpgwd-lac.log" "peer disconnected: result 4"
check "no call negotiating any more" gw_stat_is lns calls_negotiating 0
check "two kernel sessions at the LNS" kernel_count_is lns session 2
check "ra0 is still there" ip -n lns link show ra0
check_not "ra0 is no session device" dev_is_session ra0
check "sessions on ra1 and ra2" sh -c "ip -n lns link show ra1 && ip -n lns link show ra2"
check "the daemon said why it skipped ra0" \
	log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" "device ra0 exists but is not ours"

# The LAC leaves (StopCCN): the numbers return with the sessions.
lac_pid=$(gw_pid lac)
kill -TERM "$lac_pid"
wait_for "the LNS's sessions are gone" 30 kernel_count_is lns session 0
wait_for "the LAC l2tpgwd exited" 30 gone "$lac_pid"
check "the LNS counts nothing negotiating" gw_stat_is lns calls_negotiating 0
gw_start lac
wait_for "two calls up again" 60 gw_stat_is lns sessions_up 2
check "the new calls got ra1 and ra2 again" \
	sh -c "ip -n lns link show ra1 && ip -n lns link show ra2"
check_not "no ra3" ip -n lns link show ra3
