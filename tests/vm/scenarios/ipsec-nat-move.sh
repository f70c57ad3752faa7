#!/bin/bash
# timeout: 240
#
# An IKEv1 NAT-T client (charon, the Windows proposals; xl2tpd + pppd over
# its CHILD_SA) behind nftables masquerade whose public address changes
# mid-session, as a phone's or a home router's does: the NAT's outer
# address goes 10.2.1.2 -> 10.2.1.3 and its conntrack entries go with it,
# so the client's next ESP-in-UDP packets come from 10.2.1.3.  charon on
# the LNS follows at once (the kernel reports the new NAT mapping; same
# CHILD_SA, new reqid); l2tpgwd must re-bind the tunnel to it, in the
# kernel and in its own peer record: pings both ways resume within 5 s, on
# the same L2TP tunnel and session, a HELLO exchange after 20 s of silence
# keeps the tunnel, and the LNS's link never carries a cleartext L2TP
# packet, before, during or after the move (ipsec_nat_move_test in
# lib/ipsec.sh).
#
#   ns c1 va 192.168.1.2 -- vc1 192.168.1.1 ns nat va 10.2.1.2 -> 10.2.1.3 -- vb1 10.2.1.1 ns lns -- ns host
#                                              (masquerade)                                            10.3.0.2
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

ipsec_nat_move_test 1
check "the IKE_SA was IKEv1, Main Mode" log_has "$L2TPGW_OUT/charon-lns.log" 'parsed ID_PROT request'
