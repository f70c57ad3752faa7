#!/bin/bash
# timeout: 240
#
# l2tpgwd without root (docs/l2tpgwd.md, "Privileges"): started by root
# with user = l2tpgw, it refuses secrets files others may read, then runs
# as l2tpgw:l2tpgw with CAP_NET_ADMIN alone (/proc/PID/status: ids, no
# supplementary group, CapEff = CapPrm = cap_net_admin, empty bounding
# set).  As such it serves an L2TP/IPsec client (charon's VICI, the
# module, rtnetlink, Router Advertisements for SLAAC), re-reads its root:l2tpgw 0640 files on reload
# (and refuses one readable by others, keeping the running settings),
# deletes a session's device for an admin, reconnects to a restarted
# charon whose group is l2tpgw, and cleans up on SIGTERM.  Its control
# socket answers by SO_PEERCRED: a monitor_group member may read but not
# change, a stranger neither, an admin_group member both.
#
#   ns win: charon, xl2tpd, pppd   va 10.2.1.2 -- vb1 10.2.1.1
#   ns lns: charon (group l2tpgw), l2tpgwd (user l2tpgw)   vh -- ns host
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh
. tests/vm/lib/ipsec.sh

# Users and groups of the guest only: its /etc is an overlay on tmpfs.
getent group l2tpgw >/dev/null || groupadd -r l2tpgw
id l2tpgw >/dev/null 2>&1 || useradd -r -g l2tpgw -M -d /nonexistent -s /usr/sbin/nologin l2tpgw
for g in l2tpgw-admin l2tpgw-mon; do
	getent group "$g" >/dev/null || groupadd "$g"
done
# useradd_once NAME [USERADD_ARGS...]: a user of group nogroup.
useradd_once() {
	id "$1" >/dev/null 2>&1 || useradd -M -N -g nogroup "${@:2}" "$1"
}
useradd_once adm1 -G l2tpgw-admin
useradd_once mon1 -G l2tpgw-mon
useradd_once stranger
UID_GW=$(id -u l2tpgw)
GID_GW=$(getent group l2tpgw | cut -d: -f3)
SOCK=/run/l2tpgw-unpriv/control.sock
GL=$L2TPGW_OUT/l2tpgwd-lns.log
CONF=$PEERS_TMP/lns/l2tpgwd.conf
USERS=$PEERS_TMP/lns/users
# l2tpctl as another user (its own copy: the source tree's path may be
# closed to other users on the host).
CTL=/tmp/l2tpctl-unpriv
install -m 755 "$L2TPCTL" "$CTL"
ctl_as() {
	local who=$1
	shift
	setpriv --reuid="$who" --regid=nogroup --init-groups "$CTL" -s "$SOCK" "$@"
}

PREFIX=2001:db8:100
peers_init
topo_lns_host
CHARON_GROUP=l2tpgw charon_start lns
gw_lns_std lns mschapv2 10.20.0.10-10.20.0.250 user=l2tpgw group=l2tpgw \
	admin_group=l2tpgw-admin monitor_group=l2tpgw-mon control_socket=$SOCK \
	-- ipv6=yes "ipv6_prefix_pool=$PREFIX::/64" ipv6_ra_interval=4s
gw_ipsec_psk lns "$IPSEC_PSK"
ppp_secret alice alice-secret
check "vici socket is charon's group's" test "$(stat -c %G "$(charon_vici lns)")" = l2tpgw

# --- secrets files: refused when others may read them ------------------------
chgrp l2tpgw "$CONF" "$USERS"
chmod 0644 "$USERS"
check_not "start with a world-readable users file" \
	ip netns exec lns "$L2TPGWD" -f -c "$CONF" 2>"$L2TPGW_OUT/refused.log"
check "it says which file, its mode and what is allowed" grep -qF \
	"users file $USERS: mode 0644 is accessible to others; it holds secrets: chown root:l2tpgw and chmod 0640, or chmod 0600" \
	"$L2TPGW_OUT/refused.log"
chmod 0640 "$USERS"
chmod 0604 "$CONF"
check_not "start with a PSK readable by others" \
	ip netns exec lns "$L2TPGWD" -f -c "$CONF" 2>"$L2TPGW_OUT/refused.log"
check "it names the configuration" grep -qF "configuration $CONF: mode 0604 is accessible to others" \
	"$L2TPGW_OUT/refused.log"
chmod 0640 "$CONF"
check "root:l2tpgw 0640 files are valid" "$L2TPGWD" -n -c "$CONF"

# --- as l2tpgw with CAP_NET_ADMIN ------------------------------------------------
gw_start lns
PID=$(gw_pid lns)
wait_for "l2tpgwd left root" 30 log_has "$GL" "running as user l2tpgw \($UID_GW\) group l2tpgw \($GID_GW\) with cap_net_admin$"
wait_for "l2tpgwd loaded its connection into charon" 60 lns_conn_loaded
ST=/proc/$PID/status
check "Uid: l2tpgw, all four" grep -qP "^Uid:\t$UID_GW\t$UID_GW\t$UID_GW\t$UID_GW$" "$ST"
check "Gid: l2tpgw, all four" grep -qP "^Gid:\t$GID_GW\t$GID_GW\t$GID_GW\t$GID_GW$" "$ST"
check "no supplementary group" grep -qP '^Groups:\s*$' "$ST"
check "CapEff: cap_net_admin only" grep -qx $'CapEff:\t0000000000001000' "$ST"
check "CapPrm: cap_net_admin only" grep -qx $'CapPrm:\t0000000000001000' "$ST"
check "CapInh: none" grep -qx $'CapInh:\t0000000000000000' "$ST"
check "CapBnd: empty" grep -qx $'CapBnd:\t0000000000000000' "$ST"
check "CapAmb: none" grep -qx $'CapAmb:\t0000000000000000' "$ST"
check "control socket is l2tpgw's" test "$(stat -c %U "$SOCK")" = l2tpgw

# The client (ipsec_client's steps, with IPv6): a host taking RAs.
topo_lac win 1
n win sysctl -qw net.ipv6.conf.all.forwarding=0
n win sysctl -qw net.ipv6.conf.default.accept_ra=1
n win sysctl -qw net.ipv6.conf.default.autoconf=1
charon_start win
swan_client win lns 10.2.1.1 1 "$IPSEC_WIN_IKE" "$IPSEC_WIN_ESP" "$IPSEC_PSK"
swan win --initiate --child lns --timeout 60 >"$L2TPGW_OUT/swanctl-win-initiate.log" 2>&1 || true
wait_for "win: CHILD_SA installed" 30 swan_child_up win lns
xl2tpd_conf win
xl2tpd_lac win lns 10.2.1.1 alice mschapv2 +ipv6
xl2tpd_start win
xl2tpd_ctl win "c lns"
wait_for "win: ppp0 up" 90 ppp_up win ppp0
check "ping through the session" n win ping -c 3 -i 0.2 -W 2 -q 10.20.0.1
# The raw ICMPv6 socket, opened as root, advertises as l2tpgw.
win_global() {
	ip -n win -6 addr show dev ppp0 scope global 2>/dev/null |
		grep -qE "inet6 $PREFIX:0?:[0-9a-f:]+/64"
}
wait_for "a global address in $PREFIX::/64 by SLAAC (an RA from l2tpgwd)" 40 win_global
check "RAs counted" sh -c "'$CTL' -s '$SOCK' -j stats | grep -qE '\"ra_sent\": *[1-9]'"
check "one kernel session in lns" kernel_count_is lns session 1

# --- the control socket by SO_PEERCRED -------------------------------------------
mon1_sees_alice() { ctl_as mon1 session list | grep -q alice; }
check "monitor_group member lists sessions" mon1_sees_alice
check "monitor_group member reads stats" ctl_as mon1 -j stats
check_not "monitor_group member may not delete a session" \
	ctl_as mon1 session delete user alice 2>"$L2TPGW_OUT/mon1.err"
check "mon1 is told why" grep -qF "permission denied: 'session.delete' needs root or group l2tpgw-admin" "$L2TPGW_OUT/mon1.err"
check_not "a stranger may not read" ctl_as stranger session list 2>"$L2TPGW_OUT/stranger.err"
check "the stranger is told why" grep -qF "permission denied: 'session.list' needs root, group l2tpgw-admin or group l2tpgw-mon" "$L2TPGW_OUT/stranger.err"
check_not "a stranger may not reload" ctl_as stranger reload
check "the refusal is logged with uid and pid" log_has "$GL" \
	"control client [0-9]+ \(uid $(id -u mon1) gid [0-9]+ pid [0-9]+\): session.delete refused"
check "the session is still up" kernel_count_is lns session 1

# --- reload as l2tpgw ---------------------------------------------------------------
sed -i "s/^dns = .*/dns = $PEERS_DNS1/" "$CONF"
check "root reloads" n lns "$L2TPCTL" -s "$SOCK" reload
check "the reload was applied" log_has "$GL" "reloaded $CONF: "
check "an admin_group member reloads" ctl_as adm1 reload
chmod 0644 "$USERS"
check_not "a reload with a world-readable users file is refused" n lns "$L2TPCTL" -s "$SOCK" reload
check "l2tpgwd says why" log_has "$GL" "reload refused: users file $USERS: mode 0644"
chmod 0640 "$USERS"
check "the session survived the refused reload" kernel_count_is lns session 1
check "l2tpgwd still runs as l2tpgw" grep -qP "^Uid:\t$UID_GW\t" "$ST"

# --- an admin deletes the session: its device goes (rtnetlink, the module) ------
dev=$(ip -n lns -o link show | sed -n 's/^[0-9]*: \(ra[0-9]*\)[:@].*/\1/p' | head -1)
check "the session has a device ($dev)" test -n "$dev"
check "an admin_group member deletes the session" ctl_as adm1 session delete user alice
wait_for "no kernel session left" 30 kernel_count_is lns session 0
wait_for "device $dev deleted" 30 sh -c "! ip -n lns link show '$dev' 2>/dev/null"

# --- charon restarts: VICI reconnects without root --------------------------------
charon_stop lns
wait_for "l2tpgwd noticed charon left" 30 log_has "$GL" 'ipsec: .*installed SAs keep working'
CHARON_GROUP=l2tpgw charon_start lns
wait_for "l2tpgwd reconnected to charon as l2tpgw" 60 count_at_least 2 'vici: connected to charon' "$GL"
wait_for "its connection is back in charon" 30 lns_conn_loaded
check_not "no permission error on VICI" log_has "$GL" 'charon not reachable.*Permission denied'

# --- SIGTERM ----------------------------------------------------------------------
kill -TERM "$PID"
wait_for "l2tpgwd exited" 30 gone "$PID"
check "it said so" log_has "$GL" 'notice: stopped$'
check "no kernel tunnel left" kernel_count_is lns tunnel 0
check "no session device left" sh -c "! ip -n lns -o link show | grep -q ': ra[0-9]'"
check "control socket removed" test ! -e "$SOCK"
