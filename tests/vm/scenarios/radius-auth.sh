#!/bin/bash
# timeout: 240
#
# PPP authentication by RADIUS (auth_backend = radius) against FreeRADIUS
# (docs/freeradius/, tests/vm/lib/radius.sh), from xl2tpd+pppd clients:
# alice logs in with PAP, CHAP-MD5 and MS-CHAPv2 (pppd checks the
# MS-CHAP2-Success that FreeRADIUS computed and l2tpgwd passed on) and
# gets an address from the section's pool; the Access-Request names the
# session device (NAS-Port-Id), the client's address (Calling-Station-Id)
# and the tunnel (Tunnel-Type L2TP, Tunnel-Client-Endpoint); bob gets his
# Framed-IP-Address exactly, although it lies inside the pool; mallory is
# rejected with a Reply-Message, which pppd shows as the PAP and the
# MS-CHAPv2 failure message, and no kernel session stays.
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
log_level = debug
[radius]
auth_server = $S
secret = $RADIUS_SECRET
nas_identifier = gw-test
timeout = 2s
retries = 2
[lns ra]
ifname = ra%d
mtu = 1400
auth = mschapv2 chap pap
auth_backend = radius
pool = 10.20.0.10-10.20.0.250
local_ip = 10.20.0.1
dns = $PEERS_DNS1 $PEERS_DNS2
EOF
gw_start lns

ppp_secret alice alice-secret
ppp_secret bob bob-secret
ppp_secret mallory mallory-secret
xl2tpd_conf lac
for m in pap chap mschapv2; do
	xl2tpd_lac lac "alice-$m" 10.2.1.1 alice "$m"
done
xl2tpd_lac lac bob 10.2.1.1 bob chap
xl2tpd_lac lac mallory-pap 10.2.1.1 mallory pap
xl2tpd_lac lac mallory-mschapv2 10.2.1.1 mallory mschapv2
xl2tpd_start lac

# call NAME: places the call, waits for ppp0 up.  hangup NAME: ends it.
call() {
	xl2tpd_ctl lac "c $1"
	wait_for "$1: ppp0 up in lac" 90 ppp_up lac ppp0
}
hangup() {
	xl2tpd_ctl lac "d $1"
	wait_for "$1: pppd exited" 30 no_pppd lac
	wait_for "$1: no kernel session left in lns" 30 kernel_count_is lns session 0
}

for m in pap chap mschapv2; do
	call "alice-$m"
	L=$L2TPGW_OUT/pppd-lac-alice-$m.log
	a=$(ppp_addr lac ppp0)
	check "alice ($m): address $a from the pool" test "${a%.*}" = 10.20.0
	check "alice ($m): not bob's address" test "$a" != 10.20.0.77
	check "alice ($m): l2tpgwd logged RADIUS's accept" \
		log_has "$GL" 'RADIUS accepted user "alice"'
	case $m in
	pap) check "alice: PAP acked" log_has "$L" 'PAP authentication succeeded' ;;
	chap) check "alice: CHAP-MD5 succeeded" log_has "$L" 'CHAP authentication succeeded' ;;
	mschapv2)
		# pppd fails the link if S= does not prove the password.
		check "alice: MS-CHAPv2 succeeded, S= verified by pppd" \
			log_has "$L" 'CHAP authentication succeeded'
		check_not "alice: no mutual authentication failure" \
			log_has "$L" 'mutual authentication failed' ;;
	esac
	if [[ $m == pap ]]; then
		ifn=$(gw_ctl lns -j session list | jq -r '.[0].ifname')
		is "Access-Request: NAS-Port-Id is the session device" \
			"$(radius_auth_last radius alice NAS-Port-Id)" "$ifn"
		is "Access-Request: Calling-Station-Id" \
			"$(radius_auth_last radius alice Calling-Station-Id)" 10.2.1.2
		is "Access-Request: Tunnel-Client-Endpoint" \
			"$(radius_auth_last radius alice Tunnel-Client-Endpoint:0)" 10.2.1.2
		is "Access-Request: Tunnel-Type" \
			"$(radius_auth_last radius alice Tunnel-Type:0)" L2TP
		is "Access-Request: Service-Type" \
			"$(radius_auth_last radius alice Service-Type)" Framed-User
		is "Access-Request: NAS-Identifier" \
			"$(radius_auth_last radius alice NAS-Identifier)" gw-test
		check "l2tpctl shows alice's session" \
			gw_ctl_has lns '"user": *"alice"' -j session list
	fi
	hangup "alice-$m"
done

call bob
is "bob: exactly his Framed-IP-Address" "$(ppp_addr lac ppp0)" 10.20.0.77
check "bob: pings the LNS" n lac ping -c 2 -i 0.3 -W 2 10.20.0.1
hangup bob

for m in pap mschapv2; do
	L=$L2TPGW_OUT/pppd-lac-mallory-$m.log
	xl2tpd_ctl lac "c mallory-$m"
	wait_for "mallory ($m): pppd reports the failure" 60 \
		log_has "$L" '(PAP|CHAP|MS-CHAP) authentication failed'
	case $m in
	pap) check "mallory: the Reply-Message in the PAP Nak" \
		log_has "$L" 'Remote message: account disabled by the operator' ;;
	mschapv2) check "mallory: the Reply-Message in the MS-CHAPv2 Failure" \
		log_has "$L" 'MS-CHAP authentication failed: account disabled by the operator' ;;
	esac
	wait_for "mallory ($m): pppd exited" 30 no_pppd lac
	wait_for "mallory ($m): no kernel session left" 30 kernel_count_is lns session 0
	xl2tpd_ctl lac "d mallory-$m"
done
check "l2tpgwd logged the reject and its message" \
	log_has "$GL" 'RADIUS rejected user "mallory": "account disabled by the operator"'
check "l2tpgwd still running" alive "$(gw_pid lns)"
