#!/bin/bash
# timeout: 150
#
# The module unloaded and loaded again under a running l2tpgwd (issue 13,
# "blind daemon").  rmmod succeeds: the module holds no reference for the
# daemon's UDP sockets (it gives them back as plain UDP sockets) nor for
# its netlink sockets (docs/netlink.md, "The module going away").  The
# daemon hears the family leave (the controller's notify group), closes
# every tunnel with a StopCCN from its sockets, which still send (xl2tpd
# logs it), logs it once and keeps running without spinning: the control
# socket answers, status says the data plane is gone and holds no session.
# When the module is loaded again the daemon resolves the family anew,
# attaches its sockets again (logged) and a new client connects and passes
# traffic; the daemon follows the new module's events (a device deleted
# then is noticed: CDN).  `l2tpctl kernel monitor` reports the module
# leaving and returning, and the new module's events after it.
#
#   ns lac: xl2tpd, pppd (alice)          ns lns: l2tpgwd
#   va 10.2.1.2/24 ------ UDP 1701 ------- vb1 10.2.1.1/24
#   ns lac2: xl2tpd, pppd (alice), dialling after the reload
#   va 10.2.2.2/24 ----------------------- vb2 10.2.2.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

SOCK=$PEERS_TMP/lns/control.sock
GWLOG=$L2TPGW_OUT/l2tpgwd-lns.log
XL=$L2TPGW_OUT/xl2tpd-lac.log
ctl() { gw_ctl lns "$@"; }
module_loaded() { [[ -d /sys/module/l2tpgw ]]; }
# CPU ticks (user + system) the process has used.
cpu_ticks() {
	local st
	read -r st <"/proc/$1/stat"
	st=${st##*) }
	read -r -a f <<<"$st"
	echo $((f[11] + f[12]))
}

peers_lns_lac pap 10.20.0.10-10.20.0.250 hello_interval=60s
lac_up
wait_for "control socket" 20 test -S "$SOCK"
check "one session in l2tpgwd" test "$(ctl -j status | json_eval 'd["sessions"]')" = 1
check "status: data plane up" test "$(ctl -j status | json_eval 'd["dataplane"]')" = up

spawn kmonitor ip netns exec lns "$L2TPCTL" -j kernel monitor
KMON=$L2TPGW_OUT/kmonitor.log
wait_for "kernel monitor listening" 10 log_has "$KMON" 'listening for kernel events'

echo "# rmmod under the running daemon"
pp rmmod l2tpgw
check_not "rmmod unloaded l2tpgw (no reference held for the daemon)" module_loaded
wait_for "l2tpgwd logged the module leaving" 20 log_hasi "$GWLOG" 'module was unloaded: 1 tunnel\(s\) and 1 session\(s\) dropped'
wait_for "xl2tpd received the StopCCN" 30 log_has "$XL" 'message type is Stop-Control-Connection-Notification'
wait_for "the LAC's pppd ended" 30 no_pppd lac
check "l2tpgwd still running" alive "$(gw_pid lns)"
S=$(ctl -j status)
check "status answers: data plane gone, no session, no established tunnel" test "$(json_eval '(d["dataplane"], d["sessions"], d["tunnels_established"])' <<<"$S")" = "('gone', 0, 0)"
check "session list is empty" test "$(ctl -j session list | json_eval 'len(d)')" = 0
check "status (text) says so" gw_ctl_has lns 'data plane: gone' status
check "logged once" test "$(grep -ciE 'kernel: the l2tpgw kernel module was unloaded' "$GWLOG")" = 1
t0=$(cpu_ticks "$(gw_pid lns)")
sleep 3
t1=$(cpu_ticks "$(gw_pid lns)")
check "no busy loop while the module is away ($((t1 - t0)) ticks in 3 s)" test $((t1 - t0)) -lt 60

echo "# the module returns"
pp modprobe l2tpgw
check "l2tpgw is loaded again" module_loaded
wait_for "l2tpgwd logged the module's return" 20 log_hasi "$GWLOG" 'module is back: sockets attached again'
wait_for "status: data plane up" 10 gw_ctl_has lns 'data plane: up' status
check "the daemon's sockets are attached to the new module" test "$(n lns "$L2TPCTL" -j kernel socket list | json_eval 'len(d)')" -ge 1

topo_lac lac2 2
xl2tpd_conf lac2
xl2tpd_lac lac2 lns 10.2.2.1 alice pap
xl2tpd_start lac2
xl2tpd_ctl lac2 "c lns"
wait_for "a new client is up (ppp0 in lac2)" 90 ppp_up lac2 ppp0
check "it passes traffic" n lac2 ping -c 2 -W 5 -I ppp0 10.20.0.1
check "one kernel session in the new module" kernel_count_is lns session 1
check "status: one session" test "$(ctl -j status | json_eval 'd["sessions"]')" = 1

echo "# the new module's events reach the daemon"
dev=$(ctl -j session list | json_eval "d[0]['ifname']")
pp ip -n lns link del "$dev"
wait_for "the client's pppd ended (CDN)" 30 no_pppd lac2
check "l2tpgwd logged it" log_hasi "$GWLOG" "dev $dev: session device deleted: closing it \\(CDN\\)"
check "status: no session" test "$(ctl -j status | json_eval 'd["sessions"]')" = 0
wait_for "kernel monitor: module gone, back, then the device" 10 count_at_least 1 '"cause": *"dev_del"' "$KMON"
check "kernel monitor saw the module go and return, in order" test "$(grep -oE 'module_(gone|back)' "$KMON" | tr '\n' ' ')" = "module_gone module_back "
check "l2tpgwd still running" alive "$(gw_pid lns)"
