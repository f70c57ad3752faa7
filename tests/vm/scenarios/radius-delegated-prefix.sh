#!/bin/bash
# timeout: 180
#
# RADIUS's Delegated-IPv6-Prefix (RFC 4818) handed out by DHCPv6 prefix
# delegation (RFC 8415 IA_PD): kate (FreeRADIUS grants her
# 2001:db8:99:100::/56, docs/freeradius/users) dials with pppd +ipv6 and
# runs dhcpcd asking for a prefix (IA_PD) on her ppp0 (ISC dhclient 4.4
# refuses PPP devices: "Unsupported device type 512").  dhcpcd binds
# exactly that /56; l2tpgwd routes it to her session device; an address
# inside it (on lo in her namespace, as a router's LAN would be) reaches a
# host behind the LNS and is reached from it; accounting Start and Stop carry
# Delegated-IPv6-Prefix; when the session ends the route is gone.  alice,
# with no delegated prefix, is answered NoPrefixAvail (tshark decodes the
# server's messages) and gets no prefix.
#
#   ns lac: xl2tpd, pppd, dhcpcd    ns lns: l2tpgwd         ns radius
#   ppp0 (lo 2001:db8:99:100:1::1) == pd0                   freeradius
#   va 10.2.1.2 ------------------- vb1 10.2.1.1  rad1 10.4.1.1 -- 10.4.1.2
#                                   vh 2001:db8:3::1 --- ns host 2001:db8:3::2
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/radius.sh

POOL=2001:db8:100
PD=2001:db8:99:100
INSIDE=$PD:1::1
GL=$L2TPGW_OUT/l2tpgwd-lns.log

peers_init
D=$PEERS_TMP/dhcpcd
mkdir -p "$D"
# Only DHCPv6 prefix delegation: the kernel keeps the RAs (SLAAC, default
# route), nothing is configured from the prefix; the script records what
# dhcpcd bound.
cat >"$D/dhcpcd.conf" <<CONF
ipv6only
noipv6rs
interface ppp0
	ia_pd 1
interface ppp1
	ia_pd 2
CONF
printf '#!/bin/sh\nenv | sort >>"%s/$interface.env"\n' \
	"$D" >"$D/script"
chmod +x "$D/script"
ns_add lns
ns_add host
topo_lac lac 1
radius_link radius lns 1
radius_start radius 10.4.1.2 10.4.1.1
veth_pair lns vh 2001:db8:3::1/64 host vh 2001:db8:3::2/64
n lns sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n host -6 route add 2001:db8::/32 via 2001:db8:3::1
n lac sysctl -qw net.ipv6.conf.all.forwarding=0
n lac sysctl -qw net.ipv6.conf.default.accept_ra=1
n lac sysctl -qw net.ipv6.conf.default.autoconf=1

gw_config lns <<CONF
[global]
log_level = debug
[radius]
auth_server = 10.4.1.2
acct_server = 10.4.1.2
secret = $RADIUS_SECRET
timeout = 2s
retries = 2
[lns pd]
ifname = pd%d
mtu = 1400
auth = pap
auth_backend = radius
pool = 10.20.0.10-10.20.0.250
local_ip = 10.20.0.1
ipv6 = yes
ipv6_prefix_pool = $POOL::/63
ipv6_ra_interval = 8s
ipv6_router_lifetime = 30s
CONF
gw_start lns

ppp_secret kate kate-secret
ppp_secret alice alice-secret
xl2tpd_conf lac
xl2tpd_lac lac kate 10.2.1.1 kate pap +ipv6
xl2tpd_lac lac alice 10.2.1.1 alice pap +ipv6
xl2tpd_start lac
capture_start lac any dhcp6 "udp port 546 or udp port 547"

# dhcpcd_start DEV: dhcpcd in the foreground asking for a prefix on DEV.
dhcpcd_start() {
	spawn "dhcpcd-$1" ip netns exec lac dhcpcd -6 -B -d \
		-f "$D/dhcpcd.conf" -c "$D/script" "$1"
}
leased() {	# DEV: the prefixes dhcpcd bound there, "ADDR/LEN" each
	local f=$D/$1.env
	[[ -s $f ]] || return 1
	sed -n 's/^new_dhcp6_ia_pd[0-9]*_prefix[0-9]*=\(.*\)/\1/p' "$f" |
		sort -u | while read -r a; do
			l=$(sed -n "s/^new_dhcp6_ia_pd[0-9]*_prefix[0-9]*_length=//p" "$f" | head -n 1)
			echo "$a/$l"
		done | grep .
}
dev_of() {	# the l2tpgwd device of user $1, from its IPv6 up line
	sed -n "s/.* user $1 IPv6 up: ifname \(pd[0-9]*\) .*/\1/p" "$GL" |
		tail -n 1
}
routed() {	# PREFIX DEV: the LNS routes PREFIX to DEV
	ip -n lns -6 route show "$1" | grep -q "dev $2"
}
slaac() {
	ip -n lac -6 addr show dev "$1" scope global 2>/dev/null |
		grep -qE "inet6 $POOL:[0-9a-f:]+/64"
}

xl2tpd_ctl lac "c kate"
wait_for "kate: ppp0 up in lac" 90 ppp_up lac ppp0
wait_for "kate: a SLAAC address and default route on ppp0" 40 slaac ppp0
wait_for "kate: IPv6 up in l2tpgwd" 30 log_has "$GL" "user kate IPv6 up"
dev=$(dev_of kate)
dhcpcd_start ppp0
wait_for "kate: dhcpcd bound a prefix" 40 leased ppp0
check "l2tpgwd: offered kate's /56 on $dev" log_has "$GL" \
	"$dev: DHCPv6 prefix delegation of $PD::/56 offered"
is "kate: dhcpcd bound exactly the granted /56" "$(leased ppp0)" "$PD::/56"
check "l2tpgwd routes $PD::/56 to $dev" routed "$PD::/56" "$dev"
ip -n lac -6 addr add "$INSIDE/128" dev lo
check "from $INSIDE (inside the /56) to the host behind the LNS" \
	n lac ping -6 -c 3 -i 0.3 -W 2 -q -I "$INSIDE" 2001:db8:3::2
check "the host reaches $INSIDE back" \
	n host ping -6 -c 3 -i 0.3 -W 2 -q "$INSIDE"
wait_for "kate's Start" 20 radius_acct_has radius kate Start
is "Start carries Delegated-IPv6-Prefix" \
	"$(radius_acct_last radius kate Delegated-IPv6-Prefix Start)" "$PD::/56"

xl2tpd_ctl lac "c alice"
wait_for "alice: ppp1 up in lac" 90 ppp_up lac ppp1
dhcpcd_start ppp1
wait_for "alice: answered NoPrefixAvail" 30 \
	gw_stat_ge lns dhcp6_no_prefix_avail 1
wait_for "alice: dhcpcd was told why" 10 log_has \
	"$L2TPGW_OUT/dhcpcd-ppp1.log" "no prefix delegated to this session"
check_not "alice: no prefix bound" leased ppp1

# kate's four messages and at least alice's Solicit and its Advertise.
wait_for "the capture holds alice's messages too" 10 capture_has dhcp6 6
capture_stop dhcp6
# One tshark run (it takes long to start under TCG): per DHCPv6 message
# type|status codes|delegated prefix|its length|malformed|expert severities.
T=$L2TPGW_OUT/dhcp6.txt
tshark -n -r "$L2TPGW_OUT/dhcp6.pcap" -Y dhcpv6 -T fields -E separator='|' \
	-E occurrence=a -E aggregator=, -e dhcpv6.msgtype \
	-e dhcpv6.status_code -e dhcpv6.iaprefix.pref_addr \
	-e dhcpv6.iaprefix.pref_len -e _ws.malformed -e _ws.expert.severity \
	>"$T" 2>"$L2TPGW_OUT/tshark.err" || true
cat "$T"
is "tshark: the Reply delegates $PD::/56" \
	"$(awk -F'|' '$1 == 7 && $3 != "" { print $3 "/" $4 }' "$T" | sort -u)" \
	"$PD::/56"
nopfx=$(awk -F'|' '$1 == 2 && $2 ~ /(^|,)6(,|$)/' "$T" | wc -l)
check "tshark: an Advertise with NoPrefixAvail ($nopfx)" test "$nopfx" -ge 1
# Severity warning is 0x600000 (6291456) and up.
bad=$(awk -F'|' '{ n = split($6, s, ","); w = 0
	for (i = 1; i <= n; i++) if (s[i] + 0 >= 6291456) w = 1
	if (NF != 6 || $5 != "" || w) print }' "$T" | wc -l)
check "tshark: no malformed DHCPv6 ($bad)" test "$bad" -eq 0

xl2tpd_ctl lac "d kate"
xl2tpd_ctl lac "d alice"
wait_for "pppd exited" 30 no_pppd lac
wait_for "no kernel session left in lns" 30 kernel_count_is lns session 0
check_not "$PD::/56 is no longer routed" routed "$PD::/56" "$dev"
check "l2tpgwd: unrouted with the session" log_has "$GL" \
	"$dev: delegated prefix $PD::/56 no longer routed"
wait_for "kate's Stop" 20 radius_acct_has radius kate Stop
is "Stop carries Delegated-IPv6-Prefix" \
	"$(radius_acct_last radius kate Delegated-IPv6-Prefix Stop)" "$PD::/56"
check "l2tpgwd still running" alive "$(gw_pid lns)"
