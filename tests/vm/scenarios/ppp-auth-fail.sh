#!/bin/bash
# timeout: 150
#
# A wrong password is refused, for each method, and costs nothing: pppd
# ends with an authentication failure, l2tpgwd logs it, no kernel session
# stays, and the pool's only address is still free for the right password
# afterwards.
#
#   ns lac: xl2tpd, pppd               ns lns: l2tpgwd (pool: 10.20.0.10 only)
#   va 10.2.1.2/24 ------ UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
ns_add lns
topo_lac lac 1
gw_lns_std lns "mschapv2 chap pap" 10.20.0.10-10.20.0.10
gw_start lns
xl2tpd_conf lac
for m in pap chap mschapv2; do
	xl2tpd_lac lac "$m" 10.2.1.1 alice "$m"
done
xl2tpd_lac lac good 10.2.1.1 alice any
xl2tpd_start lac
GL=$L2TPGW_OUT/l2tpgwd-lns.log

ppp_secret alice not-alices-secret
for m in pap chap mschapv2; do
	xl2tpd_ctl lac "c $m"
	L=$L2TPGW_OUT/pppd-lac-$m.log
	wait_for "$m: pppd reports the failure" 60 log_has "$L" '(PAP|CHAP) authentication failed'
	# pppd would exit with code 19, but l2tpgwd's CDN follows the LCP
	# Terminate at once and xl2tpd SIGTERMs pppd first: check pppd's
	# reason and that it is gone.
	check "$m: pppd knows it failed to authenticate" log_has "$L" 'Failed to authenticate ourselves to peer'
	wait_for "$m: pppd exited" 30 no_pppd lac
	check "$m: no ppp0 in lac" sh -c '! ip -n lac link show ppp0 2>/dev/null'
	wait_for "$m: no kernel session left in lns" 30 kernel_count_is lns session 0
	xl2tpd_ctl lac "d $m"
done
check "l2tpgwd logged the failures for alice" log_hasi "$GL" 'alice.*(auth|fail|refus|reject)|(auth|fail|refus|reject).*alice'

# The right password now gets the pool's only address: nothing leaked.
: >/etc/ppp/chap-secrets
: >/etc/ppp/pap-secrets
ppp_secret alice alice-secret
xl2tpd_ctl lac "c good"
wait_for "good: ppp0 up" 90 ppp_up lac ppp0
check "good: got the pool's only address" test "$(ppp_addr lac ppp0)" = 10.20.0.10
check "l2tpgwd still running" alive "$(gw_pid lns)"
