#!/bin/bash
# timeout: 300
#
# l2tpgwd as LAC over IPsec against l2tpgwd as LNS over IPsec: the LAC's
# [lac up] has ipsec = yes, so its l2tpgwd loads an initiator connection
# into its own charon, asks charon to bring the CHILD_SA up, and dials only
# once the SA is installed; its tunnel is bound to that SA on both sides.
# A ping crosses the session, and only IKE and ESP are on the wire.
#
#   ns lac: charon, l2tpgwd [lac up]  va 10.2.1.2 -- vb1 10.2.1.1  ns lns: charon, l2tpgwd  -- ns host
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

ipsec_setup lac
GL=$L2TPGW_OUT/l2tpgwd-lns.log
charon_start lac
gw_config lac <<EOF
[global]
log_level = debug
listen = 10.2.1.2
[lac up]
peer = 10.2.1.1
ipsec = yes
$(gw_lac_ppp_keys mschapv2 alice alice-secret)
EOF
gw_ipsec_psk lac "$IPSEC_PSK"
check "the LAC configuration is valid" "$L2TPGWD" -n -c "$PEERS_TMP/lac/l2tpgwd.conf"
capture_start lns vb1 ipsec-lac "udp or esp"
gw_start lac
LL=$L2TPGW_OUT/l2tpgwd-lac.log
wait_for "the LAC waits for its CHILD_SA" 60 log_has "$LL" '\[lac up\]: waiting for the CHILD_SA'
wait_for "the LAC's CHILD_SA comes up" 60 log_has "$LL" 'ipsec: CHILD_SA l2tpgw-lac-up #[0-9]+ up: peer 10.2.1.1'
wait_for "LAC tunnel up" 60 log_has "$LL" '\[lac up\] up to 10.2.1.1'
wait_for "LNS tunnel bound to the SA" 30 log_has "$GL" 'up from 10\.2\.1\.2 via IPsec SA [0-9]+'
up() { grep -q "user alice up: ifname" "$1"; }
wait_for "LAC session up" 60 up "$LL"
ifc=$(sed -n 's/.*user alice up: ifname \([^ ]*\) .*/\1/p' "$LL" | tail -n 1)
ip -n lac route add 10.3.0.0/24 dev "$ifc"
check "ping through the LAC's session" n lac ping -c 3 -i 0.2 -W 2 -q 10.3.0.2
capture_stop ipsec-lac
cleartext=$(capture_count ipsec-lac 'udp port 1701')
protected=$(capture_count ipsec-lac 'esp')
echo "outer link: $protected ESP, $cleartext cleartext L2TP"
check "ESP on the outer link" test "$protected" -gt 10
check "no cleartext UDP 1701 on the outer link" test "$cleartext" -eq 0
