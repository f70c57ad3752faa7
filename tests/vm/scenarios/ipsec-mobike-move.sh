#!/bin/bash
# timeout: 240
#
# ipsec-nat-move with an IKEv2 client using MOBIKE (charon's default for
# IKEv2; PSK): its NAT's public address changes mid-session (10.2.1.2 ->
# 10.2.1.3).  The client's own address does not change, so it sends no
# UPDATE_SA_ADDRESSES; charon on the LNS moves the IKE_SA and its CHILD_SA
# when the kernel reports the new NAT mapping of the first ESP packet from
# 10.2.1.3 (new reqid).  Pings both ways resume within 5 s on the same L2TP
# tunnel and session, a HELLO exchange after 20 s of silence keeps the
# tunnel, and no cleartext L2TP packet crosses the LNS's link at any moment
# (ipsec_nat_move_test in lib/ipsec.sh).
#
#   ns c1 va 192.168.1.2 -- vc1 192.168.1.1 ns nat va 10.2.1.2 -> 10.2.1.3 -- vb1 10.2.1.1 ns lns -- ns host
#                                              (masquerade)                                            10.3.0.2
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

ipsec_nat_move_test 2 aes256-sha256-modp2048,aes256-sha1-modp1024 aes256gcm16,aes256-sha1
check "both sides negotiated MOBIKE" sh -c \
	"grep -q 'peer supports MOBIKE' '$L2TPGW_OUT/charon-lns.log' && grep -q 'peer supports MOBIKE' '$L2TPGW_OUT/charon-c1.log'"
