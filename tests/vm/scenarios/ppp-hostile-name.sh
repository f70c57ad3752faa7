#!/bin/bash
# timeout: 150
#
# A user name with an escape sequence in it (ESC [31m) authenticates with
# PAP: l2tpgwd's log and l2tpctl's text output show it escaped (\x1b) and
# never carry the raw byte; l2tpctl -j gives the exact name as a JSON
# string.
#
#   ns lac: xl2tpd, pppd (eve ESC[31m x)     ns lns: l2tpgwd
#   va 10.2.1.2/24 ------ UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

EVE=$'eve\e[31mx'
SOCK=$PEERS_TMP/lns/control.sock
no_raw_esc() { ! grep -q $'\e' "$1"; }

peers_init
ns_add lns
topo_lac lac 1
ppp_secret "$EVE" eve-secret
gw_lns_std lns pap 10.20.0.10-10.20.0.20
printf '"%s" "eve-secret"\n' "$EVE" | gw_users lns >/dev/null
gw_start lns
xl2tpd_conf lac
xl2tpd_lac lac eve 10.2.1.1 "$EVE" pap
xl2tpd_start lac
xl2tpd_ctl lac "c eve"
GL=$L2TPGW_OUT/l2tpgwd-lns.log

wait_for "ppp0 up" 90 ppp_up lac ppp0
check "l2tpgwd logged the name escaped" grep -qF 'user eve\x1b[31mx up' "$GL"
check "no raw ESC in l2tpgwd's log" no_raw_esc "$GL"

n lns "$L2TPCTL" -s "$SOCK" session list >"$L2TPGW_OUT/list.txt"
n lns "$L2TPCTL" -j -s "$SOCK" session list >"$L2TPGW_OUT/list.json"
check "l2tpctl shows the name escaped" grep -qF ' eve\x1b[31mx ' "$L2TPGW_OUT/list.txt"
check "no raw ESC in l2tpctl's text" no_raw_esc "$L2TPGW_OUT/list.txt"
check "l2tpctl -j gives the exact name" /usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
sys.exit(0 if [x["user"] for x in s] == [sys.argv[2]] else 1)' \
	"$L2TPGW_OUT/list.json" "$EVE"
check "l2tpgwd still running" alive "$(gw_pid lns)"
