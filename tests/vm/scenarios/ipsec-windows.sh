#!/bin/bash
# timeout: 300
#
# A "Windows-like" L2TP/IPsec client against l2tpgwd as LNS: charon with
# IKEv1, PSK and the proposals Windows offers (aes256-sha1-modp1024,
# 3des-sha1-modp1024), then xl2tpd + pppd with MS-CHAPv2 over the SA.
# l2tpgwd itself loaded the responder connection into its charon over
# VICI: nobody wrote a swanctl.conf on the LNS.  The session comes up,
# ping and iperf3 pass through it, the kernel tunnel carries the CHILD_SA's
# mark and reqid, and the capture on the outer link holds IKE and ESP
# only, never cleartext UDP 1701.  Then the client hangs up IPsec: the
# CHILD_SA's deletion closes the tunnel in l2tpgwd.
#
#   ns win  va 10.2.1.2 ---- vb1 10.2.1.1  ns lns  vh 10.3.0.1 ---- ns host
#   charon, xl2tpd, pppd                   charon, l2tpgwd         10.3.0.2
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

ipsec_setup win
GL=$L2TPGW_OUT/l2tpgwd-lns.log
swan lns --list-conns 2>/dev/null >"$L2TPGW_OUT/lns-conns.txt"
cat "$L2TPGW_OUT/lns-conns.txt"
check "l2tpgwd's connection is transport mode" grep -q TRANSPORT "$L2TPGW_OUT/lns-conns.txt"

capture_start lns vb1 ipsec-windows "udp or esp"
ipsec_client win 10.2.1.1
check "l2tpgwd saw the CHILD_SA" log_has "$GL" 'ipsec: CHILD_SA l2tpgw #[0-9]+ up: peer 10.2.1.2, IKEv1'
swan lns --list-sas 2>/dev/null | tee "$L2TPGW_OUT/lns-sas.txt"
check "IKEv1 with a Windows proposal" grep -qE '(AES_CBC-256|3DES_CBC)/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024' "$L2TPGW_OUT/lns-sas.txt"
a=$(ppp_addr win ppp0)
ip -n win route add 10.3.0.0/24 dev ppp0
check "ping the host behind the LNS" n win ping -c 3 -i 0.2 -W 2 -q 10.3.0.2
check "the host pings back" n host ping -c 3 -i 0.2 -W 2 -q "$a"
spawn iperf3-server ip netns exec host iperf3 -s -1
iperf3_listening() { ip netns exec host ss -Hltn 'sport = :5201' | grep -q .; }
wait_for "iperf3 server listening" 20 iperf3_listening
check "iperf3 through the session" n win iperf3 -c 10.3.0.2 -t 2 -f m
check "tunnel bound to its CHILD_SA" log_has "$GL" 'up from 10\.2\.1\.2 via IPsec SA [0-9]+'
tid=$(sed -nE 's/.*tunnel ([0-9]+): \[lns ra\] up from 10\.2\.1\.2 via IPsec SA.*/\1/p' "$GL" | head -n 1)
reqid=$(swan lns --list-sas 2>/dev/null | sed -nE 's/^ *l2tpgw: #[0-9]+, reqid ([0-9]+), INSTALLED.*/\1/p' | head -n 1)
mark_out=$(sed -nE 's/.*CHILD_SA l2tpgw #[0-9]+ up: .* marks in 0x[0-9a-f]+ out (0x[0-9a-f]+).*/\1/p' "$GL" | head -n 1)
n lns l2tpctl -j kernel tunnel show id "$tid" >"$L2TPGW_OUT/lns-tunnel.json" 2>&1
cat "$L2TPGW_OUT/lns-tunnel.json"
check "kernel tunnel $tid must arrive through reqid $reqid" jq -e ".ipsec_reqid == $reqid" "$L2TPGW_OUT/lns-tunnel.json"
check "kernel tunnel $tid sends with the CHILD_SA's mark $mark_out" jq -e ".mark == $((mark_out))" "$L2TPGW_OUT/lns-tunnel.json"
capture_stop ipsec-windows
cleartext=$(capture_count ipsec-windows 'udp port 1701')
protected=$(capture_count ipsec-windows 'esp or udp port 4500')
ike=$(capture_count ipsec-windows 'udp port 500')
echo "outer link: $ike IKE, $protected ESP, $cleartext cleartext L2TP packets"
check "IKE on the outer link" test "$ike" -gt 0
check "ESP on the outer link (ping, iperf3, L2TP control)" test "$protected" -gt 100
check "no cleartext UDP 1701 on the outer link" test "$cleartext" -eq 0

# The client drops IPsec: charon deletes the CHILD_SA, l2tpgwd the tunnel.
swan win --terminate --ike lns --timeout 30 >/dev/null 2>&1 || true
wait_for "l2tpgwd closed the tunnel with its SA" 30 log_has "$GL" 'tunnel.* closed: its CHILD_SA was deleted|dropped without StopCCN: IPsec SA'
wait_for "no kernel tunnel left in lns" 30 kernel_count_is lns tunnel 0
