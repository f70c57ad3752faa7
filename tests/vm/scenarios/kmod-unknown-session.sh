#!/bin/bash
# timeout: 120
#
# A data frame for a session the module does not have (yet): the peer's
# first PPP frame racing the control plane's session add.  It is dropped
# and counted once, in its tunnel's rx_unknown_session, and in no other
# disposition counter; once the session exists the same frame reaches it.
# The daemon adds its sessions before the peer may send (see
# daemon-first-frame), so this counter stays 0 for its calls.
#
#   ns a                                      ns b
#   tunnel 10, session 101 (peer 201) ------> tunnel 20: no session 201,
#     ppp-send an LCP Configure-Request         then one
#   UDP 10.9.0.1:1701 ----------------------- UDP 10.9.0.2:1701
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
# LCP Configure-Request, Identifier 1, no options.
LCP_CR=c02101010004
# Where a datagram to b's tunnel 20 can end (kmod/rx.c: one counter each).
FINAL="rx_packets rx_ctrl_packets rx_passed_up rx_bad_header rx_bad_length
rx_unknown_session rx_wrong_peer rx_seq_missing rx_seq_discard
rx_proto_disabled rx_bad_ppp rx_not_read rx_dropped"
total() { # total: the disposition counters of b's namespace and objects
	printf '%s\n' stats "socket show id 1" "tunnel show id 20" \
		"session show tunnel 20 id 200" |
		n b l2tpctl -j kernel batch | jq -s --arg f "$FINAL" '[$f | splits("\\s+")] as $want | [.[] | (.stats // .) | to_entries[] | select(.key | IN($want[])) | .value] | add // 0'
}
unknown_is() { [[ $(stat_of b rx_unknown_session tunnel 20) == "$1" ]]; }
ctrl_is() { [[ $(stat_of b rx_not_read session 20 201) == "$1" ]]; }

kmod_pair
kctl a session add tunnel 10 id 101 peer-id 201 name early0
check "b's tunnel 20 counts no unknown session yet" unknown_is 0
before=$(total)

kctl a ppp-send tunnel 10 id 101 $LCP_CR
wait_for "the frame for b's missing session 201 is counted on tunnel 20" 10 unknown_is 1
is "and in nothing else of b" "$(total)" "$((before + 1))"

kctl b session add tunnel 20 id 201 peer-id 101 name early0
kctl a ppp-send tunnel 10 id 101 $LCP_CR
wait_for "once added, session 201 gets the same frame (up to b's socket)" 10 ctrl_is 1
check "rx_unknown_session did not move again" unknown_is 1
