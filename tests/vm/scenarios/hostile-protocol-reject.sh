#!/bin/bash
# timeout: 150
#
# l2tpgwd is no Protocol-Reject reflector.  With a session up (xl2tpd and
# pppd as LAC), 2000 L2TP data messages carrying a junk PPP protocol
# (0x0e05) and the session's ids are sent from the LAC's address and port,
# in bursts of 100 over about 4 s, below the IP stack (lib/rawudp.py).
# Each one reaches l2tpgwd (the module passes PPP control frames up); it
# answers with an LCP Protocol-Reject (RFC 1661) only within the session's
# bucket: 10 at once, then 5 a second.  tshark's L2TP/PPP dissectors
# count the Protocol-Rejects on the LAC's wire: at least one, and at most
# 10 + 5 per second between the first and the last.  Every junk frame
# the daemon received is either answered or counted in `l2tpctl stats`'s
# ppp_protocol_rejects_withheld, and the session keeps passing pings.
# Before the bound, every one of the 2000 was answered.
#
#   ns lac: xl2tpd, pppd, rawudp.py         ns lns: l2tpgwd
#   va 10.2.1.2/24 ------ UDP 1701 ----- vb1 10.2.1.1/24
#   ppp0 10.20.0.x  ================  ra0 10.20.0.1
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

JUNK=0e05
SENT=2000
BURST=10	# ppp/replies.c, Protocol-Reject
PER_S=5
SOCK=$PEERS_TMP/lns/control.sock

# UDP datagrams the LNS's sockets dropped for want of buffer space.
lns_rcvbuf_errors() {
	n lns awk '/^Udp:/ && !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		/^Udp:/ { print $c["RcvbufErrors"] }' /proc/net/snmp
}

peers_lns_lac pap 10.20.0.10-10.20.0.20
lac_up
check "the session passes pings before" n lac ping -c 2 -i 0.2 -W 2 -q 10.20.0.1

read -r tid sid < <(n lns "$L2TPCTL" -s "$SOCK" -j session list |
	/usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)
assert len(s) == 1, s
print(s[0]["tunnel_id"], s[0]["session_id"])')
echo "  the LNS's ids: tunnel $tid session $sid"
# L2TP data, no L/S/O bits, version 2; HDLC FF 03, the junk protocol.
hex=$(printf '0002%04x%04xff03%s6a756e6b' "$tid" "$sid" "$JUNK")
mac=$(n lns cat /sys/class/net/vb1/address)

withheld0=$(gw_stat lns ppp_protocol_rejects_withheld)
is "nothing withheld before" "$withheld0" 0
drops0=$(lns_rcvbuf_errors)
capture_start lac va rejects "udp and src host 10.2.1.1 and src port 1701"
# 20 bursts of 100, 0.2 s apart: the socket buffer never overflows.
n lac /usr/bin/python3 -c '
import sys, time
sys.path.insert(0, sys.argv[1])
import rawudp
args = sys.argv[2:]
for _ in range(20):
    sys.argv = ["rawudp.py"] + args + ["100"]
    rawudp.main()
    time.sleep(0.2)' "$L2TPGW_SRC/tests/vm/lib" va "$mac" 10.2.1.2:1701 \
	10.2.1.1:1701 "$hex" >"$L2TPGW_OUT/rawudp.out"
check "$SENT junk frames sent" test "$(grep -c '^100$' "$L2TPGW_OUT/rawudp.out")" = 20
# Until the daemon has dealt with all of them: nothing more withheld in 1 s.
settled() {
	local a b
	a=$(gw_stat lns ppp_protocol_rejects_withheld) || return 1
	sleep 1
	b=$(gw_stat lns ppp_protocol_rejects_withheld) || return 1
	[[ $a == "$b" ]]
}
wait_for "the daemon worked through the junk" 60 settled
capture_stop rejects

# The oracle: tshark's dissectors.  Times of the Protocol-Rejects of 0x0e05.
tshark -n -r "$L2TPGW_OUT/rejects.pcap" -Y "lcp.rej_proto == 0x$JUNK" \
	-T fields -e frame.time_epoch >"$L2TPGW_OUT/rejects.times" 2>"$L2TPGW_OUT/rejects.tshark.err"
mapfile -t times <"$L2TPGW_OUT/rejects.times"
rejects=${#times[@]}
withheld=$(gw_stat lns ppp_protocol_rejects_withheld)
drops=$(($(lns_rcvbuf_errors) - drops0))
span=0
((rejects < 2)) || span=$(/usr/bin/python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "${times[0]}" "${times[-1]}")
# One more for the token earned while the first reject was on its way,
# one for the capture's clock against the daemon's.
allowed=$(/usr/bin/python3 -c 'import math, sys; print(int(sys.argv[1]) + math.floor(float(sys.argv[2]) * int(sys.argv[3])) + 2)' "$BURST" "$span" "$PER_S")
echo "  sent $SENT, Protocol-Rejects on the wire $rejects over ${span}s (allowed $allowed), withheld $withheld, dropped by the socket $drops"

check "the first junk frames were answered (RFC 1661)" test "$rejects" -ge "$BURST"
check "at most $BURST + $PER_S/s Protocol-Rejects: $rejects <= $allowed" test "$rejects" -le "$allowed"
check "fewer than a tenth of the junk answered" test $((rejects * 10)) -lt "$SENT"
check "each junk frame answered or counted withheld: $rejects + $withheld = $SENT - $drops" \
	test $((rejects + withheld)) = $((SENT - drops))
check "l2tpgwd logged the withheld Protocol-Rejects" \
	log_hasi "$L2TPGW_OUT/l2tpgwd-lns.log" "LCP Protocol-Reject withheld: more than 10 at once"
check "the session is still up" ppp_up lac ppp0
check "one kernel session at the LNS" kernel_count_is lns session 1
check "the session passes pings after" n lac ping -c 3 -i 0.2 -W 2 -q 10.20.0.1
check "l2tpgwd still running" alive "$(gw_pid lns)"
