#!/bin/bash
# timeout: 180
#
# l2tpgwd under systemd's notify protocol (sd_notify(3), Type=notify),
# with a python3 listener standing in for systemd on $NOTIFY_SOCKET and
# a watchdog of 2 s asked for (WATCHDOG_USEC, WATCHDOG_PID):
#   1. READY=1 comes first, once l2tpctl gets answers (the listener asks
#      l2tpctl the moment READY=1 arrives);
#   2. WATCHDOG=1 about every second (half the watchdog), never a gap
#      near 2 s;
#   3. an xl2tpd/pppd client connects: a STATUS= line with 1 tunnel and
#      1 session up, as l2tpctl -j stats counts them; STATUS= lines at
#      most once a second;
#   4. l2tpctl reload: RELOADING=1 (with MONOTONIC_USEC=), then READY=1;
#      a refused reload too, the daemon running on;
#   5. SIGTERM: STOPPING=1, then the daemon exits.
#
#   ns lac: xl2tpd, pppd          ns lns: l2tpgwd ---> notify.sock (listener)
#   va 10.2.1.2/24 ------ UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
ns_add lns
topo_lac lac 1
ppp_secret alice alice-secret
gw_lns_std lns pap 10.20.0.10-10.20.0.250
xl2tpd_conf lac

sock=$PEERS_TMP/notify.sock
ctl=$PEERS_TMP/lns/control.sock
log=$L2TPGW_OUT/notify.log
: >"$log"
# One line per datagram: "MONOTONIC_SECONDS MESSAGE" (newlines inside a
# message as '|'); after the first READY=1, "... CTL rc=N" of l2tpctl.
cat >"$PEERS_TMP/notify-listener.py" <<'EOF'
import socket, subprocess, sys, time
path, log, l2tpctl, ctl = sys.argv[1:5]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
ready = False
with open(log, "a", buffering=1) as f:
    while True:
        msg = s.recv(4096).decode(errors="replace")
        f.write("%.3f %s\n" % (time.monotonic(), msg.replace("\n", "|")))
        if "READY=1" in msg.split("\n") and not ready:
            ready = True
            rc = subprocess.run([l2tpctl, "-s", ctl, "-j", "stats"],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL,
                                timeout=20).returncode
            f.write("%.3f CTL rc=%d\n" % (time.monotonic(), rc))
EOF
spawn notify-listener /usr/bin/python3 "$PEERS_TMP/notify-listener.py" \
	"$sock" "$log" "$L2TPCTL" "$ctl"
wait_for "the listener bound $sock" 20 test -S "$sock"

# WATCHDOG_PID is the shell's, which becomes ip, which becomes l2tpgwd.
spawn l2tpgwd-lns env NOTIFY_SOCKET="$sock" WATCHDOG_USEC=2000000 \
	sh -c 'export WATCHDOG_PID=$$; exec ip netns exec lns "$0" -f -c "$1"' \
	"$L2TPGWD" "$PEERS_TMP/lns/l2tpgwd.conf"
gwpid=${NETNS_BG_PIDS[-1]}

msgs() { cut -d' ' -f2- "$log"; }
# notify_has REGEX: a message matches (ERE on the whole message).
notify_has() { msgs | grep -qxE -- "$1"; }
# Seconds of the messages matching REGEX, one a line.
times_of() { grep -E -- "^[0-9.]+ ($1)\$" "$log" | cut -d' ' -f1; }
# The largest and smallest gap between the times on standard input.
gaps() {
	awk 'NR > 1 { g = $1 - t; if (g > max) max = g
		      if (min == "" || g < min) min = g } { t = $1 }
	     END { printf "%.3f %.3f\n", min, max }'
}

echo "# 1. READY=1 once l2tpctl is answered"
wait_for "READY=1 arrived" 30 notify_has 'READY=1'
is "the first message" "$(msgs | head -1)" "READY=1"
wait_for "the listener asked l2tpctl" 30 notify_has 'CTL rc=[0-9]+'
is "l2tpctl answered at READY=1" "$(msgs | grep -m1 '^CTL')" "CTL rc=0"
check "the daemon saw the watchdog" log_has "$L2TPGW_OUT/l2tpgwd-lns.log" \
	'systemd watchdog: every 1000 ms'
check "a STATUS= line with no tunnel" notify_has \
	'STATUS=0 tunnels, 0 sessions \(0 up, 0 negotiating\)'

echo "# 2. WATCHDOG=1 every second"
sleep 5
n=$(times_of 'WATCHDOG=1' | wc -l)
# The first may have waited in the socket while the listener ran l2tpctl.
read -r min max < <(times_of 'WATCHDOG=1' | tail -n +2 | gaps)
echo "  $n WATCHDOG=1 so far, gaps ${min}..${max} s"
check "at least 5 WATCHDOG=1 in the first 5 s" test "$n" -ge 5
check "no gap between them above 1.6 s ($max)" \
	awk -v g="$max" 'BEGIN { exit !(g <= 1.6) }'
check "none sent in a burst ($min)" awk -v g="$min" 'BEGIN { exit !(g >= 0.5) }'

echo "# 3. STATUS= after a client connects"
lac_up
wait_for "l2tpctl counts one session up" 30 gw_stat_is lns sessions_up 1
t=$(gw_stat lns tunnels)
s=$(gw_stat lns sessions)
is "l2tpctl: tunnels" "$t" 1
is "l2tpctl: sessions" "$s" 1
wait_for "STATUS= says what l2tpctl says" 10 notify_has \
	"STATUS=$t tunnel, $s session \(1 up, 0 negotiating\)"
read -r min max < <(times_of 'STATUS=.*' | gaps)
check "STATUS= at most once a second (closest ${min} s)" \
	awk -v g="$min" 'BEGIN { exit !(g >= 0.9) }'

echo "# 4. reload: RELOADING=1, then READY=1"
# The state messages since line $before of the log, on one line.
since() {
	tail -n +"$((before + 1))" "$log" | cut -d' ' -f2- |
		grep -E '^(RELOADING|READY|STOPPING)=' | tr '\n' ' '
}
reload_seen() {
	since | grep -qxE 'RELOADING=1\|MONOTONIC_USEC=[0-9]+ READY=1 '
}
before=$(wc -l <"$log")
check "l2tpctl reload" gw_ctl lns reload
wait_for "RELOADING=1 (MONOTONIC_USEC=) then READY=1" 10 reload_seen
check "the session survived the reload" gw_stat_is lns sessions_up 1

before=$(wc -l <"$log")
echo "no_such_key = 1" >>"$PEERS_TMP/lns/l2tpgwd.conf"
check_not "a broken configuration is refused" gw_ctl lns reload
wait_for "refused: RELOADING=1 then READY=1 all the same" 10 reload_seen
check "l2tpgwd runs on" alive "$gwpid"

echo "# 5. SIGTERM: STOPPING=1"
before=$(wc -l <"$log")
kill -TERM "$gwpid"
wait_for "STOPPING=1" 10 notify_has 'STOPPING=1'
wait_for "l2tpgwd exited" 30 gone "$gwpid"
is "STOPPING=1 and nothing else of state since SIGTERM" "$(since)" \
	"STOPPING=1 "
