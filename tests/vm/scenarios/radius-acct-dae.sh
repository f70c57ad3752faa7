#!/bin/bash
# timeout: 300
#
# RADIUS accounting and dynamic authorization against FreeRADIUS
# (docs/freeradius/, tests/vm/lib/radius.sh) with an xl2tpd+pppd client
# authenticated by the users file (Acct-Authentic Local): Accounting-On at
# start; the session's Start with its Acct-Session-Id, NAS-Port-Id and
# Framed-IP-Address; an Interim-Update on the 10 s interval; a ping flood
# of known size counted in the module and reported within headers; a
# radclient Disconnect-Request for an unknown user NAKed with Error-Cause
# 503 (the session stays); a CoA-Request with a Mikrotik-Rate-Limit
# changes the session's limits (tc, session show, iperf3's rate) and one
# with an unreadable rate is NAKed; a Disconnect by User-Name is ACKed and
# the session ends with a Stop whose cause is Admin-Reset and whose octets
# hold the flood and iperf3's bytes;
# Accounting-Off when l2tpgwd stops.
#
#   ns lac: xl2tpd, pppd      ns lns: l2tpgwd              ns radius
#   ppp0 10.20.0.x  ====== ra0 10.20.0.1                  freeradius
#   va 10.2.1.2/24 ------- vb1 10.2.1.1/24  rad1 10.4.1.1 -- gw1 10.4.1.2
#                                           (DAE :3799)     (1812, 1813)
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/radius.sh

peers_init
topo_lns_host
topo_lac lac 1
ppp_secret alice alice-secret
radius_link radius lns 1
radius_start radius 10.4.1.2 10.4.1.1
S=10.4.1.2

gw_lns_std lns chap 10.20.0.10-10.20.0.250
cat >>"$PEERS_TMP/lns/l2tpgwd.conf" <<EOF
[radius]
acct_server = $S
secret = $RADIUS_SECRET
nas_identifier = gw-test
acct_interim_interval = 10
dae_listen = 10.4.1.1
dae_clients = $S
EOF
gw_start lns
wait_for "Accounting-On in the detail file" 30 \
	radius_acct_has radius "" Accounting-On

xl2tpd_conf lac
xl2tpd_lac lac lns 10.2.1.1 alice chap
xl2tpd_start lac
xl2tpd_ctl lac "c lns"
wait_for "ppp0 up in lac" 90 ppp_up lac ppp0
a=$(ppp_addr lac ppp0)
ifn=$(gw_ctl lns -j session list | jq -r '.[0].ifname')

wait_for "alice's Start" 20 radius_acct_has radius alice Start
sid=$(radius_acct_last radius alice Acct-Session-Id Start)
check "an Acct-Session-Id ($sid)" test -n "$sid"
is "Start: Framed-IP-Address" "$(radius_acct_last radius alice Framed-IP-Address Start)" "$a"
is "Start: NAS-Port-Id is the session device" \
	"$(radius_acct_last radius alice NAS-Port-Id Start)" "$ifn"
is "Start: Acct-Authentic" "$(radius_acct_last radius alice Acct-Authentic Start)" Local
is "Start: Calling-Station-Id" "$(radius_acct_last radius alice Calling-Station-Id Start)" 10.2.1.2
is "Start: NAS-Identifier" "$(radius_acct_last radius alice NAS-Identifier Start)" gw-test

# 200 echo requests of 1400 bytes of IP each from the client, 200 replies
# back: 280000 bytes each way, plus PPP's 2 bytes of protocol per packet
# and whatever else the link carried (LCP echoes stay in the daemon).
N=200
SIZE=1400
check "ping flood through the session" n lac ping -q -c $N -i 0.01 -s $((SIZE - 28)) -W 2 10.20.0.1
# An interim may fall during the flood: the next one holds all of it.
interim_in() {
	local v
	v=$(radius_acct_last radius alice Acct-Input-Octets Interim-Update)
	[[ -n $v ]] && ((v >= N * SIZE))
}
wait_for "an Interim-Update of alice counting the flood in" 40 interim_in
is "the Interim's session id" "$(radius_acct_last radius alice Acct-Session-Id Interim-Update)" "$sid"

# DAE: an unknown user is not found; alice is disconnected.
radius_dae radius 10.4.1.1 disconnect User-Name=mallory && fail "mallory's Disconnect ACKed"
check "Disconnect for an unknown user: NAK" radius_code_is 0 Disconnect-NAK
is "... with Error-Cause 503" "$(radius_attr 0 Error-Cause)" Session-Context-Not-Found
check "alice's ppp0 still up" ppp_up lac ppp0

# CoA: a Mikrotik-Rate-Limit ("rx/tx" as the router sees them: 1 Mbit/s
# from alice, 2 Mbit/s to her) replaces her limits live: tc shows them,
# session show too, and iperf3 through the session measures them.
radius_dae radius 10.4.1.1 coa User-Name=alice 'Mikrotik-Rate-Limit = "1M/2M"' ||
	fail "alice's CoA not ACKed"
check "CoA of alice: ACK" radius_code_is 0 CoA-ACK
st=$(tc -n lns qdisc show dev "$ifn"; tc -n lns filter show dev "$ifn" ingress)
echo "$st" >"$L2TPGW_OUT/tc-after-coa.txt"
check "CoA: tbf at 2Mbit to alice" grep -qE '^qdisc tbf 1: root .*rate 2Mbit' <<<"$st"
check "CoA: police at 1Mbit from alice" grep -qE 'police .*rate 1Mbit .*drop' <<<"$st"
check "CoA: session show gives the new limits" \
	gw_ctl_has lns '^  rate-limit: rx 1 Mbit/s tx 2 Mbit/s$' session show user alice
radius_dae radius 10.4.1.1 coa User-Name=alice 'Mikrotik-Rate-Limit = "fast"' &&
	fail "a CoA with an unreadable rate ACKed"
check "CoA with an unreadable rate: NAK" radius_code_is 0 CoA-NAK
is "... with Error-Cause 404" "$(radius_attr 0 Error-Cause)" Invalid-Request
spawn iperf3-server n lns iperf3 -s -B 10.20.0.1
wait_for "iperf3 server listening" 20 n lns sh -c 'ss -ltn | grep -q 10.20.0.1:5201'
n lac iperf3 -c 10.20.0.1 -t 6 -R -J >"$L2TPGW_OUT/iperf3-coa.json" ||
	fail "iperf3 through alice's session"
down=$(json_eval 'int(d["end"]["sum_received"]["bits_per_second"])' <"$L2TPGW_OUT/iperf3-coa.json")
# What alice received went through the device; what the server wrote
# may partly have stayed in its socket when the test ended.
got=$(json_eval 'int(d["end"]["sum_received"]["bytes"])' <"$L2TPGW_OUT/iperf3-coa.json")
moved=$(json_eval 'int(d["end"]["sum_sent"]["bytes"])' <"$L2TPGW_OUT/iperf3-coa.json")
echo "  to alice after the CoA: $down bit/s, $got bytes received of $moved sent"
check "to alice ($down bit/s) within 75%..125% of the CoA's 2 Mbit/s" \
	test $((down * 100)) -ge $((2000000 * 75)) -a $((down * 100)) -le $((2000000 * 125))

radius_dae radius 10.4.1.1 disconnect User-Name=alice || fail "alice's Disconnect not ACKed"
check "Disconnect of alice: ACK" radius_code_is 0 Disconnect-ACK
wait_for "alice's Stop" 20 radius_acct_has radius alice Stop
wait_for "ppp0 down in lac" 30 sh -c '! ip -n lac link show ppp0 >/dev/null 2>&1'
is "Stop: Acct-Terminate-Cause" "$(radius_acct_last radius alice Acct-Terminate-Cause Stop)" Admin-Reset
is "Stop: the session id of the Start" "$(radius_acct_last radius alice Acct-Session-Id Stop)" "$sid"
in=$(radius_acct_last radius alice Acct-Input-Octets Stop)
out=$(radius_acct_last radius alice Acct-Output-Octets Stop)
pin=$(radius_acct_last radius alice Acct-Input-Packets Stop)
# Within headers: the PPP protocol field per packet and a few kB of
# other traffic at most.
# In: the flood, and iperf3's ACKs (at most 5% of what it moved).
check "Stop: input octets $in within headers of $((N * SIZE))" \
	test "$in" -ge $((N * SIZE)) -a "$in" -le $((N * (SIZE + 2) + moved * 5 / 100 + 20000))
# Out: the flood's replies and iperf3's payload: at least what alice
# received, at most what the server sent with its IP, TCP and PPP
# headers (up to 6%) and retransmissions on top.
check "Stop: output octets $out within headers of $((N * SIZE)) + $got..$moved" \
	test "$out" -ge $((N * SIZE + got)) -a "$out" -le $((N * (SIZE + 2) + moved * 110 / 100 + 20000))
check "Stop: input packets $pin >= $N" test "$pin" -ge $N
check "Stop: session time" test "$(radius_acct_last radius alice Acct-Session-Time Stop)" -ge 1
is "Stop: gigawords" "$(radius_acct_last radius alice Acct-Input-Gigawords Stop)" 0
is "one Start, one Stop" "$(radius_acct_count radius alice Start)/$(radius_acct_count radius alice Stop)" 1/1
check "the disconnect logged" log_has "$L2TPGW_OUT/l2tpgwd-lns.log" 'disconnected by a DAE client'

# Accounting-Off when l2tpgwd stops.
kill -TERM "$(gw_pid lns)"
wait_for "Accounting-Off in the detail file" 20 \
	radius_acct_has radius "" Accounting-Off
