#!/bin/bash
# timeout: 300
#
# Global IPv6 for a standard client: pppd (+ipv6, through xl2tpd) opens
# IPv6CP with l2tpgwd, which delegates the session a /64 from its
# ipv6_prefix_pool, routes it to the session device and sends Router
# Advertisements.  The client's kernel (accept_ra, not forwarding) forms a
# global address by SLAAC, takes the LNS as default router and pings a
# host behind the LNS.  One tshark run checks that the RAs (prefix, MTU,
# RDNSS) and everything else on the wire decode cleanly.  A solicitation
# with the wrong hop limit is dropped and logged.  The pool is a single
# /64: after the session ends, the next one must get it again.
#
#   ns lac: xl2tpd, pppd           ns lns: l2tpgwd                ns host
#   ppp0 2001:db8:100::<id>/64 === ra0 fe80::<id>
#   va 10.2.1.2 ---- UDP 1701 ---- vb1 10.2.1.1
#                                  vh 2001:db8:3::1/64 ---- vh 2001:db8:3::2/64
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

PREFIX=2001:db8:100
GWLOG=$L2TPGW_OUT/l2tpgwd-lns.log
PPPLOG=$L2TPGW_OUT/pppd-lac-lns.log

peers_init
ns_add lns
ns_add host
topo_lac lac 1
veth_pair lns vh 2001:db8:3::1/64 host vh 2001:db8:3::2/64
n lns sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n host -6 route add "$PREFIX::/56" via 2001:db8:3::1
# A host, not a router: RAs accepted, addresses autoconfigured.
n lac sysctl -qw net.ipv6.conf.all.forwarding=0
n lac sysctl -qw net.ipv6.conf.default.accept_ra=1
n lac sysctl -qw net.ipv6.conf.default.autoconf=1

ppp_secret alice alice-secret
gw_lns_std lns pap 10.20.0.10-10.20.0.250 -- ipv6=yes \
	"ipv6_prefix_pool=$PREFIX::/64" ipv6_dns=2001:db8:3::53 \
	ipv6_ra_interval=8s ipv6_router_lifetime=30s
gw_start lns
xl2tpd_conf lac
xl2tpd_lac lac lns 10.2.1.1 alice pap +ipv6
xl2tpd_start lac
capture_start lac va slaac
xl2tpd_ctl lac "c lns"

lac_global() {
	ip -n lac -6 addr show dev ppp0 scope global 2>/dev/null |
		grep -qE "inet6 $PREFIX:0?:[0-9a-f:]+/64"
}
lac_default_via_ppp0() {
	ip -n lac -6 route show default 2>/dev/null | grep -q 'via fe80::.* dev ppp0'
}
no_ppp0() {
	! ip -n lac link show ppp0 >/dev/null 2>&1
}

wait_for "ppp0 up in lac" 90 ppp_up lac ppp0
wait_for "IPv6CP opened (pppd's ipv6-up ran)" 30 ppp_event '^ipv6-up ppp0'
check "l2tpgwd delegated $PREFIX::/64" log_has "$GWLOG" "delegated $PREFIX::/64 from $PREFIX::/64"
wait_for "ppp0 has a global address in $PREFIX::/64 by SLAAC" 30 lac_global
wait_for "the default route is the LNS over ppp0" 10 lac_default_via_ppp0
# pppd prints every group with leading zeros, ip without.
lns_ll=$(sed -n 's/^remote LL address \(fe80::[0-9a-f:]*\).*/\1/p' "$PPPLOG" | tail -n 1 |
	sed -E 's/:0+([0-9a-f])/:\1/g')
check "the router is l2tpgwd's link-local address ($lns_ll)" \
	sh -c "ip -n lac -6 route show default | grep -q 'via $lns_ll dev ppp0'"
dev=$(ip -n lns -o link show | sed -n 's/^[0-9]*: \(ra[0-9]*\)[:@].*/\1/p' | head -n 1)
check "l2tpgwd routes $PREFIX::/64 to $dev" \
	sh -c "ip -n lns -6 route show $PREFIX::/64 | grep -q 'dev $dev'"
check "the session's IPv6 up line names its /64" \
	log_has "$GWLOG" "user alice IPv6 up: ifname $dev prefix $PREFIX::/64"
check "ping -6 the host behind the LNS from the global address" \
	n lac ping -6 -c 5 -i 0.2 -W 2 -q 2001:db8:3::2
mine=$(ip -n lac -6 addr show dev ppp0 scope global | sed -En "s/.*inet6 ($PREFIX:0?:[0-9a-f:]+)\/64.*/\1/p" | head -n 1)
check "the host pings the client's $mine back" n host ping -6 -c 3 -i 0.2 -W 2 -q "$mine"

# A solicitation is answered; one that did not come with hop limit 255 is
# not from the link (RFC 4861 6.1.1): dropped, counted, logged, and the
# session carries on.  The kernel fills in the ICMPv6 checksum.
send_rs() {
	n lac /usr/bin/python3 -c '
import socket, sys
ifi = socket.if_nametoindex("ppp0")
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, int(sys.argv[1]))
s.sendto(bytes([133, 0, 0, 0, 0, 0, 0, 0]), ("ff02::2", 0, 0, ifi))' "$1"
}
send_rs 255
wait_for "l2tpgwd answers a router solicitation" 20 \
	log_has "$GWLOG" "$dev: router solicitation from fe80::[0-9a-f:]*: answering"
send_rs 64
wait_for "l2tpgwd dropped the RS with hop limit 64" 20 \
	log_has "$GWLOG" "$dev: router solicitation dropped: hop limit not 255"
ra_stat_is() {
	n lns "$L2TPCTL" -s "$PEERS_TMP/lns/control.sock" stats | grep -qE "^$1 +$2\$"
}
check "l2tpctl stats: rs_dropped_hop_limit 1" ra_stat_is rs_dropped_hop_limit 1
check "l2tpctl stats: ra_links 1" ra_stat_is ra_links 1
check "still pings after the bad solicitation" \
	n lac ping -6 -c 2 -i 0.2 -W 2 -q 2001:db8:3::2

# The /64 goes back to the pool with the session: the pool holds one, so
# the next session gets it only if it was freed.
xl2tpd_ctl lac "d lns"
wait_for "ppp0 gone" 30 no_ppp0
wait_for "advertisements stop with the session" 20 \
	log_has "$GWLOG" "$dev: session's IPv6 down, no more router advertisements"
check "l2tpctl stats: ra_links 0" ra_stat_is ra_links 0
xl2tpd_ctl lac "c lns"
wait_for "ppp0 up again" 90 ppp_up lac ppp0
wait_for "the second session has a global address in $PREFIX::/64" 40 lac_global
check "l2tpgwd delegated the same /64 twice" \
	test "$(grep -c "delegated $PREFIX::/64 from" "$GWLOG")" -eq 2
check_not "the pool was never exhausted" log_has "$GWLOG" 'exhausted'
check "ping -6 the host from the second session" \
	n lac ping -6 -c 3 -i 0.2 -W 2 -q 2001:db8:3::2
capture_stop slaac

# One tshark run: every frame decodes without warnings, and the RAs carry
# the delegated prefix (L and A set), the MTU and the RDNSS server.
out=$L2TPGW_OUT/slaac.ra
tshark -n -r "$L2TPGW_OUT/slaac.pcap" -T fields -E separator='|' \
	-E occurrence=a -E aggregator=, -e frame.number -e frame.protocols \
	-e _ws.expert.severity -e icmpv6.type -e icmpv6.nd.ra.cur_hop_limit \
	-e icmpv6.opt.prefix -e icmpv6.opt.prefix.flag.l \
	-e icmpv6.opt.prefix.flag.a -e icmpv6.opt.mtu \
	-e icmpv6.opt.rdnss -e ipv6.hlim -e ipv6.src >"$out" 2>"$out.err" ||
	{ echo "  FAIL: tshark: $(head -c 300 "$out.err")"; exit 1; }
bad_frames() {
	local num protos sev rest p
	while IFS='|' read -r num protos sev rest; do
		[[ $protos == *_ws.malformed* ]] && return 0
		for p in ${sev//,/ }; do
			((p >= 0x00600000)) && return 0
		done
	done <"$out"
	return 1
}
check_not "no frame malformed or flagged by tshark ($(wc -l <"$out") frames)" bad_frames
ra_line() {
	grep -E "\|134\|64\|$PREFIX::\|(1|True)\|(1|True)\|1400\|2001:db8:3::53\|255\|fe80::" "$out" | grep -q ppp
}
check "an RA over L2TP/PPP: prefix $PREFIX::/64 L+A, MTU 1400, RDNSS, hop limit 255" ra_line
