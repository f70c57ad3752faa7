#!/bin/bash
# timeout: 150
#
# The FreeRADIUS harness the RADIUS scenarios rely on (tests/vm/lib/
# radius.sh, docs/freeradius/): Debian's freeradius, started in a namespace
# with the tree's configuration, answers radclient from the gateway's
# namespace.  alice is accepted with PAP, CHAP-MD5 and MS-CHAPv2 (its
# MS-CHAP2-Success checked against RFC 2759), mallory rejected with his
# Reply-Message by each, a wrong password rejected; every reply carries a
# Message-Authenticator and a request without one is dropped; each test
# user's reply attributes are there; Accounting-Requests land in the detail
# file and read back by user, status and attribute; a user added by the
# scenario, and one answered 3 s late; Disconnect and CoA
# requests (to the server's DAE listener) ACKed and NAKed.  Requests go in
# batches: each radclient start costs seconds under TCG.
#
#   ns lns  rad1 10.4.1.1/24 ---- gw1 10.4.1.2/24  ns radius: freeradius
. tests/vm/lib/netns.sh
. tests/vm/lib/radius.sh

ns_add lns
radius_link radius lns 1
radius_user 'zoe Cleartext-Password := "zoe-secret"' '	Session-Timeout = 3'
radius_start radius
S=10.4.1.2

# slow's answer comes 3 s late; the requests below are served meanwhile.
(
	t0=$EPOCHREALTIME
	RADIUS_TIMEOUT=10 radius_auth lns $S slow slow-secret pap
	echo "ms = $(((10#${EPOCHREALTIME/./} - 10#${t0/./}) / 1000))"
) >"$L2TPGW_OUT/slow" 2>&1 &
slow_pid=$!

check "radius_auth: alice accepted" radius_auth lns $S alice alice-secret pap
check_not "radius_auth: mallory rejected" radius_auth lns $S mallory mallory-secret chap

METHODS=(pap chap mschapv2)
OTHERS=(bob carol dave erin frank grace heidi)
{
	for m in "${METHODS[@]}"; do
		echo "alice alice-secret $m NAS-Identifier=gw-test"
		echo "mallory mallory-secret $m"
		echo "alice wrong $m"
	done
	for u in "${OTHERS[@]}"; do
		echo "$u $u-secret chap NAS-Port-Id=ppp-$u"
	done
	echo "pool-42 pool-secret pap"
	echo "zoe zoe-secret pap"
} >"$L2TPGW_OUT/requests"
radius_auths lns $S <"$L2TPGW_OUT/requests"
k=0
for m in "${METHODS[@]}"; do
	check "$m: alice accepted" radius_code_is $k Access-Accept
	check "$m: the Accept is signed" radius_attr $k Message-Authenticator
	if [[ $m == mschapv2 ]]; then
		is "$m: MS-CHAP2-Success proves the server knew the password" \
			"$(radius_attr $k MS-CHAP2-Success-Verified)" yes
		check "$m: MPPE keys" radius_attr $k MS-MPPE-Send-Key
	fi
	k=$((k + 1))
	check "$m: mallory rejected" radius_code_is $k Access-Reject
	is "$m: with his Reply-Message" "$(radius_attr $k Reply-Message)" \
		"account disabled by the operator"
	check "$m: the Reject is signed" radius_attr $k Message-Authenticator
	k=$((k + 1))
	check "$m: a wrong password rejected" radius_code_is $k Access-Reject
	k=$((k + 1))
done
check "the server logged alice's logins" radius_logged radius 'Login OK: \[alice\]'

# The users with reply attributes.
declare -A want=(
	[bob]=Framed-IP-Address=10.20.0.77
	[carol]=Session-Timeout=20
	[dave]=Idle-Timeout=10
	[erin]=Acct-Interim-Interval=5
	[frank]=Mikrotik-Rate-Limit=1M/2M
	[grace]=Filter-Id=2000/1000
	# Class is octets: radclient shows it in hex
	[heidi]=Class=0x$(printf %s l2tpgw-class-heidi | od -An -tx1 | tr -d ' \n')
)
for u in "${OTHERS[@]}"; do
	check "$u accepted" radius_code_is $k Access-Accept
	is "$u: ${want[$u]%%=*}" "$(radius_attr $k "${want[$u]%%=*}")" "${want[$u]#*=}"
	is "the server saw $u's NAS-Port-Id" "$(radius_auth_last radius "$u" NAS-Port-Id)" "ppp-$u"
	k=$((k + 1))
done
check "pool-42 (the pool users) accepted" radius_code_is $k Access-Accept
k=$((k + 1))
check "zoe (radius_user) accepted" radius_code_is $k Access-Accept
is "zoe: Session-Timeout" "$(radius_attr $k Session-Timeout)" 3
wait $slow_pid
check "slow accepted" grep -qx 'Code = Access-Accept' "$L2TPGW_OUT/slow"
slow_ms=$(sed -n 's/^ms = //p' "$L2TPGW_OUT/slow")
check "slow answered after 3 s ($slow_ms ms)" test "$slow_ms" -ge 3000

# Without a Message-Authenticator (require_message_authenticator = yes).
RADIUS_TIMEOUT=1 radius_client lns $S 1812 auth \
	$'User-Name = "alice"\nUser-Password = "alice-secret"'
check "a request without Message-Authenticator is dropped" radius_code_is 0 none

# Accounting.
sid=5f3a0001
c="User-Name=alice Acct-Session-Id=$sid NAS-IP-Address=10.4.1.1 NAS-Identifier=gw-test"
c+=" NAS-Port=7 Framed-IP-Address=10.20.0.10"
radius_accts lns $S <<EOT
Acct-Status-Type=Accounting-On NAS-IP-Address=10.4.1.1 Acct-Session-Id=0
$c Acct-Status-Type=Start
$c Acct-Status-Type=Interim-Update Acct-Input-Octets=1000 Acct-Output-Octets=2000 Acct-Session-Time=5
$c Acct-Status-Type=Stop Acct-Input-Octets=5000 Acct-Output-Octets=7000 Acct-Input-Gigawords=1 Acct-Input-Packets=50 Acct-Output-Packets=70 Acct-Session-Time=9 Acct-Terminate-Cause=Idle-Timeout
EOT
for k in 0 1 2 3; do
	check "Accounting-Response $k" radius_code_is $k Accounting-Response
done
is "three records of alice" "$(radius_acct_count radius alice)" 3
is "one Accounting-On" "$(radius_acct_count radius "" Accounting-On)" 1
check "a Stop of alice" radius_acct_has radius alice Stop
is "the Interim's input octets" \
	"$(radius_acct_last radius alice Acct-Input-Octets Interim-Update)" 1000
is "the Stop's output octets" "$(radius_acct_last radius alice Acct-Output-Octets Stop)" 7000
is "the Stop's gigawords" "$(radius_acct_last radius alice Acct-Input-Gigawords Stop)" 1
is "the Stop's cause" "$(radius_acct_last radius alice Acct-Terminate-Cause)" Idle-Timeout
is "the session id" "$(radius_acct_last radius alice Acct-Session-Id Start)" $sid
is "nothing for bob" "$(radius_acct_count radius bob)" 0

# radius_dae against the server's own DAE listener (a Disconnect- or
# CoA-Request for alice is ACKed, any other NAKed).
check "radius_dae: a Disconnect-ACK" radius_dae lns $S disconnect User-Name=alice \
	Acct-Session-Id=$sid
check_not "radius_dae: a CoA-NAK" radius_dae lns $S coa User-Name=bob \
	Mikrotik-Rate-Limit=2M/4M
check "with its Error-Cause" radius_code_is 0 CoA-NAK
is "Session-Context-Not-Found" "$(radius_attr 0 Error-Cause)" Session-Context-Not-Found

radius_stop radius
check "FreeRADIUS stopped" test -z "$(radius_pid radius)"
