#!/bin/bash
# timeout: 240
#
# Two gateways share one address pool (issue 15): two l2tpgwd LNS (ns gwa,
# gwb: NAS-Identifier gw-a / gw-b, NAS-IP-Address 10.4.1.1 / 10.4.2.1) with
# no pool of their own authenticate and account through one FreeRADIUS
# whose sqlippool (on SQLite, docs/freeradius/pool-sqlippool) hands out the
# addresses.  A LAC (l2tpgwd) per gateway brings up $PER sessions each, all
# at once.  Every session of both gateways (l2tpctl -j session list) has an
# address from the sqlippool range, no address is held by two sessions, and
# the lease table holds exactly those addresses, each leased to the gateway
# (NAS-IP-Address) that holds it.  Then the LACs hang up: each session's
# Accounting Stop frees its lease (none left in SQLite) while the gateways
# run on.  2 x 30 sessions here; 2 x 100 (about 100 s in the VM) in
# make check-long (PER and POOL_LEN below).  On main the LNS knows no [radius] (the
# configuration is refused).
#
#   ns laca va 10.2.1.2/24 ---- vb 10.2.1.1/24 ns gwa rad1 10.4.1.1 ----+
#                                                 gw1 10.4.1.2 ns radius: freeradius
#   ns lacb va 10.2.2.2/24 ---- vb 10.2.2.1/24 ns gwb rad2 10.4.2.1 ----+   + sqlippool
#                                                 gw2 10.4.2.2       10.30.0.0/POOL_LEN
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/radius.sh

# make check: 2 x 30; tests/vm/long/radius-two-gateways-100.sh: 2 x 100.
PER=${TWO_GW_PER:-30}
# Room for both gateways' sessions and a few more: /24 (254) for 2 x 100,
# /25 (126) for 2 x 30.
POOL_LEN=${TWO_GW_POOL_LEN:-25}
TOTAL=$((2 * PER))
peers_init
GWS=(gwa gwb)
for i in 1 2; do
	gw=${GWS[i - 1]}
	lac=lac${gw#gw}
	ns_add "$gw"
	ns_add "$lac"
	veth_pair "$lac" va "10.2.$i.2/24" "$gw" vb "10.2.$i.1/24"
	radius_link radius "$gw" "$i"
done
radius_start radius '*' 10.4.0.0/16 "$RADIUS_SECRET" "10.30.0.0/$POOL_LEN"
DB=$(radius_pool_db radius)

for i in 1 2; do
	gw=${GWS[i - 1]}
	gw_config "$gw" <<-EOF
	[global]
	log_level = info
	[radius]
	auth_server = 10.4.$i.2
	acct_server = 10.4.$i.2
	secret = $RADIUS_SECRET
	timeout = 15s
	retries = 2
	nas_identifier = gw-${gw#gw}
	nas_ip_address = 10.4.$i.1
	[lns ra]
	ifname = ra%d
	auth = chap
	auth_backend = radius
	local_ip = 10.20.0.1
	EOF
	gw_start "$gw"
	{
		printf '[global]\nlog_level = info\n'
		printf '[lac up]\npeer = 10.2.%s.1:1701\nsessions = %s\n' "$i" "$PER"
		gw_lac_ppp_keys chap alice alice-secret
	} | gw_config "lac${gw#gw}"
done
for gw in "${GWS[@]}"; do
	gw_start "lac${gw#gw}"
done

# sessions_up NS: NS's devices with an address from the pool
sessions_up() {
	ip -n "$1" -4 -o addr show | grep -c ' peer 10\.20\.0\.1/' || true
}
sessions_are() {
	(($(sessions_up "$1") == $2))
}
for gw in "${GWS[@]}"; do
	wait_for "$PER sessions up in lac${gw#gw}" $((30 + PER)) \
		sessions_are "lac${gw#gw}" "$PER"
done

# Every session's address as its gateway sees it: "GATEWAY ADDRESS" lines.
for gw in "${GWS[@]}"; do
	gw_ctl "$gw" -j session list | json_eval '"\n".join(
		"'"$gw"' " + (s.get("peer_ipv4") or "none")
		for s in (d if isinstance(d, list) else d.get("sessions", [])))'
done >"$L2TPGW_OUT/addresses"
sort -k2 "$L2TPGW_OUT/addresses" | head -5
is "$TOTAL sessions on the two gateways" "$(wc -l <"$L2TPGW_OUT/addresses")" $TOTAL
for gw in "${GWS[@]}"; do
	is "$PER sessions on $gw" "$(grep -c "^$gw " "$L2TPGW_OUT/addresses")" "$PER"
done
dups=$(awk '{ print $2 }' "$L2TPGW_OUT/addresses" | sort | uniq -d | head -5)
is "no address held by two sessions" "$dups" ""
outside=$(awk '$2 !~ /^10\.30\.0\.[0-9]+$/' "$L2TPGW_OUT/addresses" | head -5)
is "every address from the sqlippool range 10.30.0.0/$POOL_LEN" "$outside" ""

# The lease table: the same addresses, each leased to its gateway.
leases() {
	sqlite3 -separator ' ' "$DB" "SELECT nasipaddress, framedipaddress FROM
		radippool WHERE expiry_time > datetime('now') ORDER BY 2"
}
leases >"$L2TPGW_OUT/leases"
declare -A nas_of=([gwa]=10.4.1.1 [gwb]=10.4.2.1)
while read -r gw addr; do
	echo "${nas_of[$gw]} $addr"
done <"$L2TPGW_OUT/addresses" | sort -k2 >"$L2TPGW_OUT/expected-leases"
check "the lease table holds exactly the sessions' addresses, each for its gateway" \
	cmp -s "$L2TPGW_OUT/leases" "$L2TPGW_OUT/expected-leases"
wait_for "$TOTAL accounting Starts" 60 radius_acct_has radius alice Start $TOTAL

# The LACs hang up; the gateways account the Stops.
for gw in "${GWS[@]}"; do
	kill "$(gw_pid "lac${gw#gw}")"
done
for gw in "${GWS[@]}"; do
	wait_for "no session left in $gw" 60 kernel_count_is "$gw" session 0
done
wait_for "$TOTAL accounting Stops" 60 radius_acct_has radius alice Stop $TOTAL
# stop_clear ends the lease (expiry_time now); the row keeps the rest.
leased() {
	sqlite3 "$DB" "SELECT COUNT(*) FROM radippool WHERE
		expiry_time > datetime('now')"
}
none_leased() {
	(($(leased) == 0))
}
wait_for "every lease freed by its Stop" 30 none_leased
is "no lease left" "$(leased)" 0
for gw in "${GWS[@]}"; do
	check "$gw still runs" alive "$(gw_pid "$gw")"
done
