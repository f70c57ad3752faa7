#!/bin/bash
# timeout: 150
#
# RADIUS failover (issue 15): the LNS has two auth servers, the primary
# silent (a namespace whose nftables drops every datagram to it, counted),
# the secondary a running FreeRADIUS.  The first client (l2tpgwd as LAC,
# CHAP as alice) is authenticated through the secondary after the primary's
# tries time out: the daemon logs the primary dead and the failover.  The
# primary is then left aside for dead_time, so a second client goes straight
# to the secondary: no new datagram reaches the primary (its drop counter
# stays), no second failover, and it comes up without waiting the
# primary's timeouts.  On main there is no [radius] section (the
# configuration is refused).
#
#   ns lac1 va 10.2.1.2/24 ---- vb1 10.2.1.1/24 ns lns vb2 ---- va 10.2.2.2 ns lac2
#   ns lns  rad1 10.4.1.1/24 ---- gw1 10.4.1.2/24  ns radius: freeradius
#   ns lns  rad2 10.4.2.1/24 ---- gw2 10.4.2.2/24  ns deadrad: nft drop
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/radius.sh

peers_init
ns_add lns
topo_lac lac1 1
topo_lac lac2 2
radius_link radius lns 1
radius_link deadrad lns 2
n deadrad nft -f - <<'EOF'
table inet dead {
	counter radius { }
	chain input {
		type filter hook input priority 0; policy accept;
		udp dport 1812 counter name radius drop
	}
}
EOF
radius_start radius

# The datagrams the silent primary received (and dropped).
dead_count() {
	n deadrad nft list counter inet dead radius |
		awk '$1 == "packets" { print $2 }'
}

gw_config lns <<EOF
[global]
log_level = debug
[radius]
auth_server = 10.4.2.2, 10.4.1.2
secret = $RADIUS_SECRET
timeout = 1s
retries = 1
dead_time = 300s
nas_identifier = gw-failover
[lns ra]
ifname = ra%d
auth = chap
auth_backend = radius
pool = 10.20.0.10-10.20.0.50
local_ip = 10.20.0.1
EOF
gw_start lns
GWLOG=${NETNS_LOG_DIR:-${L2TPGW_OUT:-/tmp}}/l2tpgwd-lns.log

lac_conf() {
	{
		printf '[global]\nlog_level = info\n[lac up]\n'
		printf 'peer = 10.2.%s.1:1701\nsessions = 1\n' "$2"
		gw_lac_ppp_keys chap alice alice-secret
	} | gw_config "$1"
}
lac_conf lac1 1
lac_conf lac2 2

# A session up in NS: its device has a 10.20.0.x address.
session_up() {
	ip -n "$1" -4 -o addr show | grep -q ' peer 10\.20\.0\.1/'
}

t0=$(date +%s%N)
gw_start lac1
wait_for "lac1's session up through the secondary" 60 session_up lac1
t1=$(date +%s%N)
echo "  first session: $(((t1 - t0) / 1000000)) ms"
check "the primary was tried twice (first try and one retry)" \
	test "$(dead_count)" -eq 2
check "the secondary accepted alice" radius_logged radius 'Login OK: \[alice\]'
is "the secondary saw our NAS-Identifier" \
	"$(radius_auth_last radius alice NAS-Identifier)" gw-failover
check "the primary logged dead" log_hasi "$GWLOG" \
	'radius .*10\.4\.2\.2:1812: no answer after 2 tries; dead'
check "the failover logged" log_hasi "$GWLOG" \
	'radius .*10\.4\.2\.2:1812: failover to .*10\.4\.1\.2:1812'
check "one session in lns" kernel_count_is lns session 1

t0=$(date +%s%N)
gw_start lac2
wait_for "lac2's session up" 60 session_up lac2
t1=$(date +%s%N)
took=$(((t1 - t0) / 1000000))
echo "  second session: $took ms"
is "the dead primary was not tried again" "$(dead_count)" 2
is "a single failover logged" \
	"$(grep -c 'failover to .*10\.4\.1\.2' "$GWLOG")" 1
check "two sessions in lns" kernel_count_is lns session 2
is "the secondary accepted alice twice" \
	"$(grep -c 'Login OK: \[alice\]' "$(radius_dir radius)/run/radius.log")" 2
