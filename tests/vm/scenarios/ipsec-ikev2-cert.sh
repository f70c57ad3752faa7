#!/bin/bash
# timeout: 300
#
# IKEv2 with X.509 certificates: l2tpgwd's [ipsec] names its certificate,
# key and the CA; it loads them into charon over VICI (load-key, load-cert)
# with an IKEv2 responder connection.  A client with a certificate from the
# same CA brings up its CHILD_SA (AES-GCM), then xl2tpd + pppd dial through
# it.  A client whose certificate comes from another CA is refused by IKE.
#
#   ns client: charon, xl2tpd, pppd  va 10.2.1.2 -- vb1 10.2.1.1  ns lns: charon, l2tpgwd -- ns host
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

peers_init
pki_ca
pki_cert lns
pki_cert alice-laptop
check "certificates made" test -s "$PEERS_TMP/pki/alice-laptop.pem"
topo_lns_host
charon_start lns
gw_lns_std lns "mschapv2" 10.20.0.10-10.20.0.250
cat >>"$PEERS_TMP/lns/l2tpgwd.conf" <<EOF

[ipsec]
vici_socket = $(charon_vici lns)
cert = $PEERS_TMP/pki/lns.pem
key = $PEERS_TMP/pki/lns.key
ca = $PEERS_TMP/pki/ca.pem
ike_version = 2
EOF
check "the configuration is valid" "$L2TPGWD" -n -c "$PEERS_TMP/lns/l2tpgwd.conf"
ppp_secret alice alice-secret
gw_start lns
GL=$L2TPGW_OUT/l2tpgwd-lns.log
wait_for "l2tpgwd loaded its connection into charon" 60 lns_conn_loaded
check "l2tpgwd loaded its key and certificates" sh -c \
	"grep -q 'loading the private key done' '$GL' && grep -q 'loading our certificate done' '$GL' && grep -q 'loading the CA certificate done' '$GL'"
swan lns --list-conns 2>/dev/null | tee "$L2TPGW_OUT/lns-conns.txt"
check "IKEv2 with public key authentication" grep -q 'IKEv2' "$L2TPGW_OUT/lns-conns.txt"

topo_lac client 1
charon_start client
swan_client_cert client lns 10.2.1.1 alice-laptop
swan client --initiate --child lns --timeout 60 >"$L2TPGW_OUT/swanctl-client-initiate.log" 2>&1 || true
wait_for "client's CHILD_SA installed" 30 swan_child_up client lns
check "l2tpgwd saw the IKEv2 CHILD_SA" log_has "$GL" 'ipsec: CHILD_SA l2tpgw #[0-9]+ up: peer 10.2.1.2, IKEv2'
swan lns --list-sas 2>/dev/null | tee "$L2TPGW_OUT/lns-sas.txt"
check "the client authenticated as CN=alice-laptop" grep -q "remote 'CN=alice-laptop'" "$L2TPGW_OUT/lns-sas.txt"
check "ESP with AES-GCM" grep -q 'ESP:AES_GCM_16' "$L2TPGW_OUT/lns-sas.txt"
xl2tpd_conf client
xl2tpd_lac client lns 10.2.1.1 alice mschapv2
xl2tpd_start client
xl2tpd_ctl client "c lns"
wait_for "ppp0 up" 90 ppp_up client ppp0
ip -n client route add 10.3.0.0/24 dev ppp0
check "ping through the session" n client ping -c 3 -i 0.2 -W 2 -q 10.3.0.2
check "tunnel bound to its CHILD_SA" log_has "$GL" 'up from 10\.2\.1\.2 via IPsec SA [0-9]+'

# Someone with a certificate from another CA gets no SA.
PKI_DIR=$PEERS_TMP/pki-other
pki_ca
pki_cert mallory
topo_lac mallory 2
charon_start mallory
swan_client_cert mallory lns 10.2.2.1 mallory
unset PKI_DIR
swan mallory --initiate --child lns --timeout 30 >"$L2TPGW_OUT/swanctl-mallory-initiate.log" 2>&1 || true
check_not "mallory's CHILD_SA is refused" swan_child_up mallory lns
check "charon refused mallory's certificate" log_hasi "$L2TPGW_OUT/charon-lns.log" 'no trusted .* public key found|constraint check failed|no issuer certificate found|signature validation failed|authentication of .* failed'
check "l2tpgwd saw one CHILD_SA only" test "$(grep -c 'ipsec: CHILD_SA l2tpgw #[0-9]* up' "$GL")" -eq 1
