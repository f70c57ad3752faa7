#!/bin/bash
# timeout: 240
#
# The demo (make demo): a remote-access client dials l2tpgwd over IPsec.
#
# A "Windows-like" client: strongSwan's charon (IKEv1, pre-shared key, the
# proposals Windows offers) brings up an ESP transport-mode SA, then
# Debian's xl2tpd and pppd (MS-CHAPv2) open an L2TP tunnel and session
# through it to l2tpgwd acting as LNS.  On the gateway, l2tpgwd loaded its
# own connection into its charon over VICI (no swanctl.conf), binds the
# tunnel to the client's CHILD_SA, negotiates PPP itself (no pppd on the
# gateway), hands out an address and DNS servers from its pool, and the
# kernel module carries the traffic.  The client then reaches a host
# behind the gateway.
#
#   ns lac: charon, xl2tpd, pppd   ns lns: charon, l2tpgwd, l2tpgw.ko   ns host
#   ppp0 10.20.0.x ════ L2TP/PPP over ESP ════ ra0 10.20.0.1
#   va 10.2.1.2 ─────────────────────────── vb1 10.2.1.1   vh 10.3.0.1 ── 10.3.0.2
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

say() { printf '\n== %s\n' "$*"; }
CTL=$L2TPCTL

say "l2tpgw demo on $(uname -sr), module l2tpgw $(</sys/module/l2tpgw/version)"
say "programs: $L2TPGWD, $CTL"
check "l2tpgw.ko is loaded" test -d /sys/module/l2tpgw

peers_init
say "starting charon and l2tpgwd as LNS (MS-CHAPv2, pool 10.20.0.10-10.20.0.250, [ipsec] psk)"
ipsec_lns
pp grep -A3 '^\[ipsec\]' "$PEERS_TMP/lns/l2tpgwd.conf"
swan lns --list-conns 2>/dev/null

say "the client: IKEv1 with a pre-shared key, then xl2tpd + pppd as LAC, user alice"
topo_lac lac 1
ipsec_client lac 10.2.1.1
wait_for "the client's ppp0 to come up" 90 ppp_up lac ppp0

say "IKE and the CHILD_SA, as the gateway's charon sees them"
swan lns --list-sas 2>/dev/null

say "what l2tpgwd logged"
grep -E 'ipsec: (CHILD|IKE)_SA|tunnel .* (up|established)|session .* up' "$L2TPGW_OUT/l2tpgwd-lns.log" | tail -8

say "client side (ns lac)"
pp ip -n lac -brief addr show dev ppp0
say "gateway side (ns lns): the session's net device"
pp ip -n lns -brief addr show dev ra0
pp ip -n lns route show dev ra0

say "kernel tunnels and sessions on the gateway"
pp n lns "$CTL" kernel tunnel list
pp n lns "$CTL" kernel session list

say "traffic through the session"
a=$(ppp_addr lac ppp0)
ip -n lac route add 10.3.0.0/24 dev ppp0
check "client $a pings the gateway 10.20.0.1" n lac ping -c 3 -i 0.2 -W 2 10.20.0.1
check "client $a pings 10.3.0.2, a host behind the gateway" \
	n lac ping -c 3 -i 0.2 -W 2 10.3.0.2
pp n lac ping -c 3 -i 0.2 -W 2 10.3.0.2

say "counters of the session on the gateway"
pp n lns "$CTL" -p kernel session list
check "the kernel counted the pings (rx_packets >= 6)" \
	test "$(kernel_session_stat lns rx_packets)" -ge 6

say "only IKE and ESP on the wire: the gateway's IPsec counters and l2tpgwd's"
pp n lns ip -s xfrm state | grep -E '^src|lifetime current' -A1 | head -12
pp n lns "$CTL" -s "$PEERS_TMP/lns/control.sock" stats

say "hang-up: the client disconnects"
xl2tpd_ctl lac "d lns"
wait_for "the gateway to remove the session" 60 kernel_count_is lns session 0
pp n lns "$CTL" kernel session list
echo
echo "demo complete: IKE, ESP, tunnel bound to its SA, session, PPP (MS-CHAPv2, IPCP), addresses, traffic, counters, teardown"
