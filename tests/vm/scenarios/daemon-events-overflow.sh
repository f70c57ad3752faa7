#!/bin/bash
# timeout: 200
#
# The module's events lost (issue 13, "blind daemon"): while l2tpgwd is
# stopped (SIGSTOP), a static tunnel of another program is added and
# deleted 20,000 times in its namespace (one "l2tpctl kernel batch"):
# 20,000 events that overflow the daemon's event socket (its 8 MiB of
# buffer; the kernel then drops events and reports ENOBUFS), and only
# then the device of l2tpgwd's one session is deleted: that event is lost.  Once
# continued, l2tpgwd logs the loss, reads the module's tunnels and
# sessions again, finds its session missing and closes it with a CDN (the
# LAC's pppd ends); its tunnel stays up.
#
#   ns lac: xl2tpd, pppd (alice)          ns lns: l2tpgwd; a module socket
#   va 10.2.1.2/24 ------ UDP 1701 ------- vb1 10.2.1.1/24  on port 1702
#                                          for tunnel X, added and deleted
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

ROUNDS=20000
GWLOG=$L2TPGW_OUT/l2tpgwd-lns.log
ctl() { gw_ctl lns "$@"; }

peers_lns_lac pap 10.20.0.10-10.20.0.250 hello_interval=60s
lac_up
wait_for "control socket" 20 test -S "$PEERS_TMP/lns/control.sock"
dev=$(ctl -j session list | json_eval "d[0]['ifname']")
T=$(ctl -j tunnel list | json_eval "d[0]['tunnel_id']")
X=$((T == 4000 ? 4001 : 4000))
check "l2tpgwd holds one session ($dev) in tunnel $T" test -n "$dev" -a -n "$T"

S=$(n lns "$L2TPCTL" kernel socket add local 10.2.1.1 port 1702)
for ((i = 0; i < ROUNDS; i++)); do
	echo "tunnel add id $X peer-id 1 socket $S peer 10.2.1.2"
	echo "tunnel del id $X"
done >"$L2TPGW_OUT/churn.batch"

pid=$(gw_pid lns)
pp kill -STOP "$pid"
check "tunnel $X added and deleted $ROUNDS times" n lns "$L2TPCTL" kernel batch <"$L2TPGW_OUT/churn.batch"
pp ip -n lns link del "$dev"
pp kill -CONT "$pid"

wait_for "l2tpgwd logged the lost events" 30 log_hasi "$GWLOG" 'events lost'
wait_for "the LAC's pppd ended (CDN)" 30 no_pppd lac
check "l2tpgwd found the session missing and closed it" log_hasi "$GWLOG" "dev $dev: missing from the kernel after lost events: closing it \\(CDN\\)"
check "l2tpgwd logged the state it read again" log_hasi "$GWLOG" 'state read again: 1 tunnel\(s\) and 0 session\(s\) in the module, 1 of ours missing'
check "status: no session" test "$(ctl -j status | json_eval 'd["sessions"]')" = 0
check "its tunnel is still established" test "$(ctl -j tunnel list | json_eval "[t['state'] for t in d]")" = "['established']"
check "l2tpgwd still running" alive "$pid"
