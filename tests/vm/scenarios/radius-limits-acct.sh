#!/bin/bash
# timeout: 240
#
# What RADIUS grants, enforced and accounted (issue 15): xl2tpd+pppd
# clients authenticated by FreeRADIUS (docs/freeradius/users) with
# accounting to it.  heidi's Class comes back in her Start, with
# Acct-Authentic RADIUS, and her hangup is a User-Request; carol's
# Session-Timeout (20 s) ends her session after 20 s, not before, with a
# Stop whose Acct-Terminate-Cause is Session-Timeout; dave's Idle-Timeout
# (10 s) ends his session once it carried no data for 10 s (idleness from
# the module's counters), not while a ping runs, with Acct-Terminate-Cause
# Idle-Timeout; the session.down lines name the same causes.
#
#   ns lac: xl2tpd, pppd      ns lns: l2tpgwd              ns radius
#   ppp0 10.20.0.x  ====== ra0 10.20.0.1
#   va 10.2.1.2/24 ------- vb1 10.2.1.1/24  rad1 10.4.1.1 -- gw1 10.4.1.2
#                                                           freeradius
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/radius.sh

peers_init
ns_add lns
topo_lac lac 1
radius_link radius lns 1
radius_start radius 10.4.1.2 10.4.1.1
S=10.4.1.2
GL=$L2TPGW_OUT/l2tpgwd-lns.log

gw_config lns <<EOF
[global]
log_level = info
[radius]
auth_server = $S
acct_server = $S
secret = $RADIUS_SECRET
nas_identifier = gw-test
timeout = 2s
retries = 2
[lns ra]
ifname = ra%d
auth = chap
auth_backend = radius
pool = 10.20.0.10-10.20.0.250
local_ip = 10.20.0.1
EOF
gw_start lns
wait_for "Accounting-On" 30 radius_acct_has radius "" Accounting-On

for u in carol dave heidi; do
	ppp_secret "$u" "$u-secret"
done
xl2tpd_conf lac
for u in carol dave heidi; do
	xl2tpd_lac lac "$u" 10.2.1.1 "$u" chap
done
xl2tpd_start lac

call() {
	xl2tpd_ctl lac "c $1"
	wait_for "$1: ppp0 up in lac" 90 ppp_up lac ppp0
}
gone() {
	wait_for "$1: pppd exited" 40 no_pppd lac
	wait_for "$1: no kernel session left in lns" 30 kernel_count_is lns session 0
	xl2tpd_ctl lac "d $1"
}

# heidi: Class echoed, Acct-Authentic RADIUS; she hangs up herself.
call heidi
wait_for "heidi's Start" 20 radius_acct_has radius heidi Start
class=$(radius_acct_last radius heidi Class Start)
check "Start: heidi's Class echoed ($class)" \
	test "$class" = l2tpgw-class-heidi -o "$class" = "0x$(printf %s l2tpgw-class-heidi | od -An -tx1 | tr -d ' \n')"
is "Start: Acct-Authentic" "$(radius_acct_last radius heidi Acct-Authentic Start)" RADIUS
xl2tpd_ctl lac "d heidi"
wait_for "heidi's Stop" 30 radius_acct_has radius heidi Stop
is "heidi's Stop: User-Request" \
	"$(radius_acct_last radius heidi Acct-Terminate-Cause Stop)" User-Request
wait_for "heidi: pppd exited" 40 no_pppd lac
wait_for "heidi: no kernel session left in lns" 30 kernel_count_is lns session 0

# carol: Session-Timeout 20 s from RADIUS.
call carol
t0=$SECONDS
check "l2tpctl: carol's session timeout of 20 s" \
	gw_ctl_has lns 'limits: session [0-9]+s left of 20s' session show user carol
sleep 14
check "carol still up after 14 s" ppp_up lac ppp0
wait_for "carol's Stop" 30 radius_acct_has radius carol Stop
t1=$SECONDS
check "carol's session lasted about 20 s ($((t1 - t0)) s)" test $((t1 - t0)) -ge 18
is "carol's Stop: Session-Timeout" \
	"$(radius_acct_last radius carol Acct-Terminate-Cause Stop)" Session-Timeout
check "session.down cause=session-timeout" \
	log_has "$GL" 'session down .*user=carol .*cause=session-timeout'
gone carol

# dave: Idle-Timeout 10 s from RADIUS; a ping keeps him busy first.
call dave
check "dave busy for 12 s" n lac ping -q -c 24 -i 0.5 -W 2 10.20.0.1
check "dave still up after 12 s of traffic" ppp_up lac ppp0
wait_for "dave's Stop" 40 radius_acct_has radius dave Stop
is "dave's Stop: Idle-Timeout" \
	"$(radius_acct_last radius dave Acct-Terminate-Cause Stop)" Idle-Timeout
check "session.down cause=idle-timeout" \
	log_has "$GL" 'session down .*user=dave .*cause=idle-timeout'
gone dave
check "l2tpgwd still running" alive "$(gw_pid lns)"
