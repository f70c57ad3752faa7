#!/bin/bash
# timeout: 300
#
# RADIUS's Framed-IPv6-Prefix is the client's /64: ivan (FreeRADIUS gives
# him 2001:db8:77:5::/64, docs/freeradius/users) dials with pppd +ipv6;
# l2tpgwd routes that /64 to his session device and advertises it, and
# his kernel forms a global address in it by SLAAC and reaches a host
# behind the LNS (and back).  After a reload (l2tpctl reload) ivan keeps
# his /64 and traffic, and oscar (from a second LAC namespace), whom
# FreeRADIUS grants the same /64 (an entry of this scenario), is refused
# it ("in use by another session"): the new settings know it is held
# although it lies outside their pool.  The section's ipv6_prefix_pool
# is a single /64 and stays untouched: alice, dialing meanwhile, gets it.
# judy's Framed-IPv6-Prefix is a /56 (no SLAAC from it): refused with a
# log line naming her, her IPv6 stays link-local only, her IPv4 works;
# her Delegated-IPv6-Prefix is offered by DHCPv6 prefix delegation (no
# client asks for it here: nothing is routed; radius-delegated-prefix has
# one).
#
#   ns lac: xl2tpd, pppd       ns lns: l2tpgwd             ns radius
#   ppp0 2001:db8:77:5::<id> == ra0                        freeradius
#   va 10.2.1.2 ------------- vb1 10.2.1.1  rad1 10.4.1.1 -- gw1 10.4.1.2
#                             vh 2001:db8:3::1 ---- ns host vh 2001:db8:3::2
#   ns lac2: oscar's own xl2tpd (with a second tunnel of lac's xl2tpd to
#   the LNS, the first tunnel's pppd stops receiving: seen in this VM)
#   va 10.2.2.2 ------------- vb2 10.2.2.1
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/radius.sh

POOL=2001:db8:100
MINE=2001:db8:77:5
GL=$L2TPGW_OUT/l2tpgwd-lns.log

peers_init
ns_add lns
ns_add host
topo_lac lac 1
topo_lac lac2 2
radius_link radius lns 1
radius_user 'oscar	Cleartext-Password := "oscar-secret"' \
	"	Framed-IPv6-Prefix = $MINE::/64"
radius_start radius 10.4.1.2 10.4.1.1
veth_pair lns vh 2001:db8:3::1/64 host vh 2001:db8:3::2/64
n lns sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n host -6 route add 2001:db8::/32 via 2001:db8:3::1
# A host, not a router: RAs accepted, addresses autoconfigured.
n lac sysctl -qw net.ipv6.conf.all.forwarding=0
n lac sysctl -qw net.ipv6.conf.default.accept_ra=1
n lac sysctl -qw net.ipv6.conf.default.autoconf=1
n lac2 sysctl -qw net.ipv6.conf.all.forwarding=0
n lac2 sysctl -qw net.ipv6.conf.default.accept_ra=1
n lac2 sysctl -qw net.ipv6.conf.default.autoconf=1

gw_config lns <<EOF
[global]
log_level = debug
[radius]
auth_server = 10.4.1.2
secret = $RADIUS_SECRET
timeout = 2s
retries = 2
[lns ra]
ifname = ra%d
mtu = 1400
auth = pap
auth_backend = radius
pool = 10.20.0.10-10.20.0.250
local_ip = 10.20.0.1
ipv6 = yes
ipv6_prefix_pool = $POOL::/64
ipv6_ra_interval = 8s
ipv6_router_lifetime = 30s
EOF
gw_start lns

ppp_secret ivan ivan-secret
ppp_secret alice alice-secret
ppp_secret judy judy-secret
ppp_secret oscar oscar-secret
xl2tpd_conf lac
xl2tpd_lac lac ivan 10.2.1.1 ivan pap +ipv6
xl2tpd_lac lac alice 10.2.1.1 alice pap +ipv6
xl2tpd_lac lac judy 10.2.1.1 judy pap +ipv6
xl2tpd_start lac
xl2tpd_conf lac2
xl2tpd_lac lac2 oscar 10.2.2.1 oscar pap +ipv6
xl2tpd_start lac2

# global_in NS DEV PREFIX: DEV has a SLAAC address in PREFIX::/64.
global_in() {
	ip -n "$1" -6 addr show dev "$2" scope global 2>/dev/null |
		grep -qE "inet6 $3:[0-9a-f:]+/64"
}
has_global() {
	ip -n lac -6 addr show dev "$1" scope global 2>/dev/null | grep -q inet6
}
ra_dev() {	# the l2tpgwd device of user $1, from its IPv6 up line
	sed -n "s/.* user $1 IPv6 up: ifname \(ra[0-9]*\) .*/\1/p" "$GL" | tail -n 1
}
routed_via() {	# the devices $MINE::/64 is routed to, one line
	ip -n lns -6 route show "$MINE::/64" | grep -o 'dev [^ ]*' | sort -u |
		tr '\n' ' '
}
mine_addr() {
	ip -n lac -6 addr show dev ppp0 scope global |
		sed -En "s/.*inet6 ($MINE:[0-9a-f:]+)\/64.*/\1/p" | head -n 1
}

xl2tpd_ctl lac "c ivan"
wait_for "ivan: ppp0 up in lac" 90 ppp_up lac ppp0
wait_for "ivan: ppp0 has a global address in $MINE::/64 by SLAAC" 40 \
	global_in lac ppp0 "$MINE"
check "l2tpgwd: RADIUS's Framed-IPv6-Prefix used" \
	log_has "$GL" "delegated $MINE::/64 \(Framed-IPv6-Prefix\)"
check_not "l2tpgwd: nothing from the pool for ivan" \
	log_has "$GL" "delegated $POOL::/64 from"
dev=$(ra_dev ivan)
check "ivan's IPv6 up line names his /64 ($dev)" \
	log_has "$GL" "user ivan IPv6 up: ifname $dev prefix $MINE::/64"
check "l2tpgwd routes $MINE::/64 to $dev" \
	sh -c "ip -n lns -6 route show $MINE::/64 | grep -q 'dev $dev'"
check "ivan pings the host behind the LNS" \
	n lac ping -6 -c 3 -i 0.3 -W 2 -q 2001:db8:3::2
m=$(mine_addr)
check "the host pings ivan's $m back" n host ping -6 -c 3 -i 0.3 -W 2 -q "$m"

# A reload: ivan keeps his /64, and no new session is given it.
check "l2tpctl reload" gw_ctl lns reload
check "after the reload, the host still pings ivan's $m" \
	n host ping -6 -c 3 -i 0.3 -W 2 -q "$m"
xl2tpd_ctl lac2 "c oscar"
wait_for "oscar: ppp0 up in lac2" 90 ppp_up lac2 ppp0
wait_for "l2tpgwd: oscar refused ivan's /64" 30 log_has "$GL" \
	"user \"oscar\": Framed-IPv6-Prefix $MINE::/64 is in use by another session"
check_not "oscar: nothing from $MINE::/64 on his ppp0" \
	global_in lac2 ppp0 "$MINE"
check "$MINE::/64 still routed to $dev only" test "$(routed_via)" = "dev $dev "
check "ivan still pings the host behind the LNS" \
	n lac ping -6 -c 3 -i 0.3 -W 2 -q 2001:db8:3::2
check "the host still pings ivan's $m" \
	n host ping -6 -c 3 -i 0.3 -W 2 -q "$m"
xl2tpd_ctl lac2 "d oscar"
wait_for "oscar: pppd exited" 30 no_pppd lac2

# The pool's only /64 is still free: alice gets it.
xl2tpd_ctl lac "c alice"
wait_for "alice: ppp1 up in lac" 90 ppp_up lac ppp1
wait_for "alice: ppp1 has a global address in $POOL::/64" 40 \
	global_in lac ppp1 "$POOL"
check "l2tpgwd: alice's /64 from the pool" \
	log_has "$GL" "delegated $POOL::/64 from $POOL::/64"
check_not "the pool was never exhausted" log_has "$GL" exhausted
xl2tpd_ctl lac "d alice"
xl2tpd_ctl lac "d ivan"
wait_for "pppd exited" 30 no_pppd lac
wait_for "no kernel session left in lns" 30 kernel_count_is lns session 0
check_not "$MINE::/64 is no longer routed" \
	sh -c "ip -n lns -6 route show $MINE::/64 | grep -q dev"

xl2tpd_ctl lac "c judy"
wait_for "judy: ppp0 up in lac (IPv4)" 90 ppp_up lac ppp0
wait_for "judy: IPv6 up in l2tpgwd" 30 log_has "$GL" "user judy IPv6 up"
check "l2tpgwd: judy's /56 refused, naming her" \
	log_has "$GL" 'user "judy": Framed-IPv6-Prefix refused: 2001:db8:77:100::/56 is not a /64'
check "l2tpgwd: judy's IPv6 link-local only" \
	log_has "$GL" "user judy IPv6 up: ifname ra[0-9]+ prefix none"
check "l2tpgwd: judy's Delegated-IPv6-Prefix offered by DHCPv6" \
	log_has "$GL" 'ra[0-9]+: DHCPv6 prefix delegation of 2001:db8:99::/56 offered'
sleep 5
check_not "judy: no global IPv6 address on ppp0" has_global ppp0
check_not "no route to judy's /56" \
	sh -c "ip -n lns -6 route show | grep -qE '^2001:db8:(77:100|99)::'"
check "judy pings the LNS over IPv4" n lac ping -c 2 -i 0.3 -W 2 10.20.0.1
xl2tpd_ctl lac "d judy"
wait_for "judy: pppd exited" 30 no_pppd lac
check "l2tpgwd still running" alive "$(gw_pid lns)"
