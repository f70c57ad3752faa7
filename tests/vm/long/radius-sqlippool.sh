#!/bin/bash
# timeout: 240
#
# Addresses shared by several gateways through FreeRADIUS's sqlippool (on
# SQLite here; docs/radius-deployment.md): two NASes (radclient in two
# namespaces, each with its NAS-IP-Address and NAS-Identifier) ask at the
# same time for 100 sessions each, with the same user names and NAS-Ports
# on both (users pool-1 ... pool-100), 10 requests in flight each: all 200
# get an address of the pool 10.77.0.0/23 and no address is given twice.
# A session asking again keeps its address.  The first gateway's
# Accounting Stops free its 100 leases (and land in radacct); the second
# one's Accounting-On (a gateway restarting) frees all of its own.
#
#   ns nas1  rad1 10.4.1.1/24 ---- gw1 10.4.1.2/24 \
#                                                   ns radius: freeradius,
#   ns nas2  rad2 10.4.2.1/24 ---- gw2 10.4.2.2/24 /  sqlippool on SQLite
. tests/vm/lib/netns.sh
. tests/vm/lib/radius.sh

N=100
# Under TCG an allocation takes tens of milliseconds, and they queue.
export RADIUS_TIMEOUT=20
ns_add nas1
ns_add nas2
radius_link radius nas1 1
radius_link radius nas2 2
radius_start radius "*" 10.4.0.0/16 "" 10.77.0.0/23
DB=$(radius_pool_db radius)
sql() {
	sqlite3 "$DB" "$1"
}
leases() {
	sql "SELECT count(*) FROM radippool WHERE expiry_time > datetime('now') $1"
}
is "510 addresses in the pool" "$(sql 'SELECT count(*) FROM radippool')" 510
is "none leased" "$(leases)" 0

# nas_auth G: gateway G's N sessions; "PORT ADDRESS" lines in addr-G.
nas_auth() {
	local g=$1 k r a
	for ((k = 1; k <= N; k++)); do
		echo "pool-$k pool-secret pap NAS-IP-Address=10.4.$g.1" \
			"NAS-Identifier=gw$g NAS-Port=$k Calling-Station-Id=198.51.100.$k"
	done >"$L2TPGW_OUT/req-$g"
	RADIUS_PARALLEL=10 radius_auths "nas$g" "10.4.$g.2" <"$L2TPGW_OUT/req-$g" \
		>"$L2TPGW_OUT/replies-$g"
	for k in "${!RADIUS_REPLY[@]}"; do
		r=$'\n'${RADIUS_REPLY[k]}
		a=${r#*$'\n'Framed-IP-Address = }
		[[ $a != "$r" ]] && a=${a%%$'\n'*} || a=none
		echo "$((k + 1)) $a"
	done >"$L2TPGW_OUT/addr-$g"
}
nas_auth 1 &
p1=$!
nas_auth 2 &
p2=$!
wait $p1
wait $p2
for g in 1 2; do
	is "gw$g: $N Access-Accepts" "$(grep -c '^Code = Access-Accept$' "$L2TPGW_OUT/replies-$g")" $N
	is "gw$g: $N addresses" "$(grep -cE ' 10\.77\.[01]\.[0-9]+$' "$L2TPGW_OUT/addr-$g")" $N
done
is "200 distinct addresses" "$(cut -d' ' -f2 "$L2TPGW_OUT"/addr-[12] | sort -u | wc -l)" 200
is "200 leases" "$(leases)" 200
is "gw1 holds 100" "$(leases "AND nasipaddress = '10.4.1.1'")" $N
is "gw2 holds 100" "$(leases "AND nasipaddress = '10.4.2.1'")" $N
check "the server logged the last login" radius_logged radius 'port 100 cli 198.51.100.100'

# The same session (gateway, NAS-Port) asking again keeps its address.
a7=$(awk '$1 == 7 { print $2 }' "$L2TPGW_OUT/addr-2")
radius_auth nas2 10.4.2.2 pool-7 pool-secret pap NAS-IP-Address=10.4.2.1 \
	NAS-Identifier=gw2 NAS-Port=7 Calling-Station-Id=198.51.100.7
is "gw2 port 7 asking again keeps $a7" "$(radius_attr 0 Framed-IP-Address)" "$a7"
is "still 200 leases" "$(leases)" 200

# gw1 ends its sessions.
while read -r k a; do
	echo "Acct-Status-Type=Stop User-Name=pool-$k NAS-IP-Address=10.4.1.1" \
		"NAS-Identifier=gw1 NAS-Port=$k Calling-Station-Id=198.51.100.$k" \
		"Framed-IP-Address=$a Acct-Session-Id=gw1-$k Acct-Session-Time=3" \
		"Acct-Input-Octets=$((k * 1000)) Acct-Terminate-Cause=User-Request"
done <"$L2TPGW_OUT/addr-1" >"$L2TPGW_OUT/stops-1"
RADIUS_PARALLEL=10 radius_accts nas1 10.4.1.2 <"$L2TPGW_OUT/stops-1" >"$L2TPGW_OUT/stop-replies-1"
is "$N Accounting-Responses" \
	"$(grep -c '^Code = Accounting-Response$' "$L2TPGW_OUT/stop-replies-1")" $N
is "gw1's leases freed" "$(leases "AND nasipaddress = '10.4.1.1'")" 0
is "gw2's kept" "$(leases "AND nasipaddress = '10.4.2.1'")" $N
is "$N stopped sessions in radacct" \
	"$(sql "SELECT count(*) FROM radacct WHERE nasipaddress = '10.4.1.1' AND acctstoptime IS NOT NULL")" $N
is "with their octets" \
	"$(sql "SELECT acctinputoctets FROM radacct WHERE acctsessionid = 'gw1-42'")" 42000
is "and the detail file too" "$(radius_acct_count radius "" Stop)" $N

# gw2 restarts: its Accounting-On frees everything it held.
check "gw2's Accounting-On answered" radius_acct nas2 10.4.2.2 \
	Acct-Status-Type=Accounting-On NAS-IP-Address=10.4.2.1 NAS-Identifier=gw2 \
	Acct-Session-Id=0
is "no leases left" "$(leases)" 0
