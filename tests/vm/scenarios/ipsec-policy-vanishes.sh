#!/bin/bash
# timeout: 240
#
# charon's outbound policy for a client vanishes while l2tpgwd still
# believes the client's CHILD_SA exists (as when charon replaces the SA
# for a new peer address without a word l2tpgwd understands): nothing of
# the bound tunnel leaves in the clear.  l2tpgwd's guard, a block policy
# for the SA's mark below charon's, refuses the daemon's HELLOs (sendmsg:
# EPERM, counted in ipsec_tx_no_sa) and the module's data (route lookup
# fails, counted in the session's tx_no_sa).  A capture on the gateway's
# outer link for the whole scenario holds no cleartext L2TP from it.
#
#   ns win: charon, xl2tpd, pppd  va 10.2.1.2 -- vb1 10.2.1.1  ns lns: charon, l2tpgwd -- ns host
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

GUARD_PRIO=2130712321	# XFRM_GUARD_PRIORITY, daemon/ipsec/xfrm_guard.h
GL=$L2TPGW_OUT/l2tpgwd-lns.log
POL=$L2TPGW_OUT/xfrm-policies

# A HELLO every 2 s, so that l2tpgwd sends control.
IPSEC_LNS_GLOBAL=hello_interval=2s ipsec_setup win
capture_start lns vb1 outer "udp or esp"

ipsec_client win 10.2.1.1
ip -n win route add 10.3.0.0/24 dev ppp0
client=$(ppp_addr win ppp0)
check "ping through the protected session" n win ping -c 2 -i 0.2 -W 2 -q 10.3.0.2

mark=$(sed -nE 's/.*CHILD_SA l2tpgw #[0-9]+ [a-z]+: .* marks in 0x[0-9a-f]+ out (0x[0-9a-f]+).*/\1/p' "$GL" | tail -1)
check "l2tpgwd logged the CHILD_SA's outbound mark ($mark)" test -n "$mark"
ip -n lns xfrm policy >"$POL-before"
# policy_lines FILE: one line per outbound policy, "MARK PRIORITY ACTION SELECTOR"
policy_lines() {
	/usr/bin/python3 -c '
import re, sys
text = open(sys.argv[1]).read()
for block in re.split(r"\n(?=\S)", text):
    if "dir out" not in block:
        continue
    m = re.search(r"mark (0x[0-9a-f]+)/0xffffffff", block)
    prio = re.search(r"priority (\d+)", block)
    action = "block" if "action block" in block else "allow"
    print(m.group(1) if m else "-", prio.group(1), action,
          block.split("\n")[0].strip())' "$1"
}
policy_lines "$POL-before" >"$POL-out-before"
cat "$POL-out-before"
guarded() { grep -q "^$mark $GUARD_PRIO block src 0.0.0.0/0 dst 0.0.0.0/0" "$POL-out-before"; }
check "l2tpgwd guards mark $mark with a block policy" guarded
charon_below_guard() {
	awk -v g="$GUARD_PRIO" '$3 == "allow" && $2 >= g { bad = 1 } END { exit bad }' "$POL-out-before"
}
check "every charon policy has precedence over the guard" charon_below_guard

# charon's outbound policy for the client goes; l2tpgwd is not told.
sel=$(awk -v m="$mark" '$1 == m && $3 == "allow" { $1 = $2 = $3 = ""; print; exit }' "$POL-out-before")
check "charon has an outbound policy for mark $mark ($sel)" test -n "$sel"
# shellcheck disable=SC2086 # the selector is words for ip
n lns ip xfrm policy delete $sel dir out mark "$mark" mask 0xffffffff
ip -n lns xfrm policy >"$POL-after"

# Data toward the client: the module's lookup meets the guard.
check_not "no ping reaches the client without charon's policy" \
	n host ping -c 3 -i 0.3 -W 1 -q "$client"
check "the module counted its refused data (session tx_no_sa)" \
	test "$(kernel_session_stat lns tx_no_sa)" -ge 1
check "not as no route" test "$(kernel_session_stat lns tx_no_route)" -eq 0
# Control: the next HELLO (2 s) and its retransmissions are refused.
wait_for "l2tpgwd's HELLO refused and counted (ipsec_tx_no_sa)" 20 gw_stat_ge lns ipsec_tx_no_sa 1
wait_for "l2tpgwd logged it" 10 log_has "$GL" "peer 10\.2\.1\.2[^ ]*: control not sent \(CHILD_SA [0-9]+, mark $mark\): no IPsec policy"
sleep 3
check "l2tpgwd is still running" alive "$(gw_pid lns)"

capture_stop outer
check "the capture saw the protected traffic (ESP)" capture_has outer 4 esp
is "cleartext L2TP from the gateway in the capture" \
	"$(capture_count outer "udp port 1701 and src host 10.2.1.1")" 0
