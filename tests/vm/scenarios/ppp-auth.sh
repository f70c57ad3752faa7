#!/bin/bash
# timeout: 200
#
# pppd (through xl2tpd as LAC) authenticates to l2tpgwd as LNS with each of
# PAP, CHAP-MD5 and MS-CHAPv2: one LAC namespace per method, each refusing
# the other methods, all at once.  Each gets an address from the pool and
# both DNS servers (seen by pppd's ip-up), and reaches a host behind the
# LNS.  l2tpgwd offers the three methods, MS-CHAPv2 first: the PAP and
# CHAP clients must Nak their way down.
#
#   ns pap       va 10.2.1.2 --- vb1 10.2.1.1 \
#   ns chap      va 10.2.2.2 --- vb2 10.2.2.1  ns lns: l2tpgwd   ns host
#   ns mschapv2  va 10.2.3.2 --- vb3 10.2.3.1 / vh 10.3.0.1 --- 10.3.0.2
#   each: xl2tpd, pppd; ppp0 10.20.0.x  ==  ra* 10.20.0.1
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

METHODS=(pap chap mschapv2)
peers_init
topo_lns_host
ppp_secret alice alice-secret
gw_lns_std lns "mschapv2 chap pap" 10.20.0.10-10.20.0.250
gw_start lns
i=1
for m in "${METHODS[@]}"; do
	topo_lac "$m" "$i"
	xl2tpd_conf "$m"
	xl2tpd_lac "$m" lns "10.2.$i.1" alice "$m"
	xl2tpd_start "$m"
	xl2tpd_ctl "$m" "c lns"
	i=$((i + 1))
done

declare -A want=([pap]='<auth pap>' [chap]='<auth chap MD5>' [mschapv2]='<auth chap MS-v2>')
declare -A seen=()
for m in "${METHODS[@]}"; do
	wait_for "$m: ppp0 up" 90 ppp_up "$m" ppp0
	L=$L2TPGW_OUT/pppd-$m-lns.log
	check "$m: negotiated ${want[$m]}" log_has "$L" "sent \[LCP ConfAck .*${want[$m]}"
	check "$m: authentication succeeded" log_has "$L" '(PAP|CHAP) authentication succeeded'
	a=$(ppp_addr "$m" ppp0)
	check "$m: address $a is from the pool" test "${a%.*}" = 10.20.0
	check "$m: $a given to no other session" test -z "${seen[$a]:-}"
	seen[$a]=$m
	check "$m: peer is 10.20.0.1" test "$(ppp_peer "$m" ppp0)" = 10.20.0.1
	check "$m: DNS servers in ip-up" ppp_event "^ip-up ppp0 local=$a .*dns1=$PEERS_DNS1 dns2=$PEERS_DNS2"
	ip -n "$m" route add 10.3.0.0/24 dev ppp0
	check "$m: ping the host behind the LNS" n "$m" ping -c 3 -i 0.2 -W 2 -q 10.3.0.2
	check "$m: the host pings back" n host ping -c 3 -i 0.2 -W 2 -q "$a"
done
check "three kernel sessions in lns" kernel_count_is lns session 3
