#!/bin/bash
# Session setup against l2tpgwd as LNS, built from scratch in fresh
# namespaces (torn down by lib/netns.sh's exit trap):
#
#   bash tests/bench/sessions.sh N
#
# The load generator is l2tpgwd too, as LAC: N / BENCH_SESSIONS_PER_TUNNEL
# (100) [lac] sections, that many calls each, all placed as soon as its
# tunnel is up (the LAC sends them as its control queue drains).
# Tunnels are dialled (`l2tpctl lac connect`) so that at most
# BENCH_SESSION_WINDOW (1000) calls are
# outstanding, like a LAC whose subscribers keep arriving: 10,000 calls
# at once starved both daemons on the one vCPU until their tunnels timed
# out with no session up.  Every call is a whole PPP session: LCP, PAP (alice), IPCP with
# an address from the LNS's pool, a kernel session and a netdevice at each
# end.  pppd per session would need N processes: impossible at 10,000 in
# this VM, so the in-tree column has no such row (docs/PERFORMANCE.md).
#
#   ns lac: l2tpgwd (LAC x N/100)                ns lns: l2tpgwd (LNS)
#   N devices l2tp*, 10.20.x.y   ===========   N devices ra*, 10.20.0.1
#   va 10.2.1.2/24 ---------- UDP 1701 ---------- vb1 10.2.1.1/24
#
# It only records; tests/bench/report.py does the arithmetic.  Raw
# observations go to $BENCH_RAW/sessions.N.txt, one per line:
#   KEY=VALUE          facts: counts, VmRSS, /proc/meminfo, EPOCHREALTIME
#   up T SESSIONS_UP   the LNS's sessions_up (l2tpctl stats) at time T
# Exit status 0 iff every step ran (the LAC dialled, the LNS answered, the
# teardown finished); sessions that did not come up are a figure, not a
# failure of the benchmark.
set -u
total=${1:?usage: sessions.sh N}
per_tunnel=${BENCH_SESSIONS_PER_TUNNEL:-100}
# No progress for this long ends the wait: what is not up by then failed.
stall_secs=${BENCH_SESSION_STALL:-60}
window=${BENCH_SESSION_WINDOW:-1000}
# The poller shares the guest's CPUs with both daemons: a profile of a
# 3,000-session run at 0.25 s gave bash, l2tpctl and ip ~30% of the CPU.
poll_secs=${BENCH_SESSION_POLL:-0.5}
cd "${L2TPGW_SRC:-.}" || exit 1
# shellcheck source=tests/vm/lib/netns.sh
. tests/vm/lib/netns.sh
# shellcheck source=tests/vm/lib/peers.sh
. tests/vm/lib/peers.sh
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh

[[ $total =~ ^[1-9][0-9]*$ ]] && ((total % per_tunnel == 0)) || {
	echo "sessions.sh: N must be a positive multiple of $per_tunnel, not '$total'" >&2
	exit 2
}
tunnels=$((total / per_tunnel))
raw=$BENCH_RAW/sessions.$total.txt
: >"$raw"

record() {
	printf '%s\n' "$@" >>"$raw"
}

# The kernel-side figures: slab (netdevices, sysfs nodes, sk_buffs, the
# module's sessions), per-CPU counters and vmalloc, all in kB.
record_meminfo() {
	local key val _
	while read -r key val _; do
		case $key in
		Slab: | Percpu: | VmallocUsed: | MemAvailable:)
			record "$1_${key%:}_kb=$val" ;;
		esac
	done </proc/meminfo
}

record_rss() {
	local key val _
	while read -r key val _; do
		if [[ $key == VmRSS: ]]; then
			record "$1_kb=$val"
		fi
	done <"/proc/$2/status"
}

sessions_up=0
read_sessions_up() {
	local out
	# The control socket is a path: no `ip netns exec` (a process more
	# per poll, which the guest's CPUs would take from the daemons).
	out=$("$L2TPCTL" -s "$PEERS_TMP/lns/control.sock" -j stats) || return 1
	[[ $out =~ \"sessions_up\":\ *([0-9]+) ]] || return 1
	sessions_up=${BASH_REMATCH[1]}
}

lns_kernel_sessions_gone() {
	local out
	out=$(n lns "$L2TPCTL" -j kernel session list) || return 1
	[[ ${out//[[:space:]]/} == "[]" ]]
}

peers_init
# The daemons log to tmpfs, copied out at the end: $L2TPGW_OUT is the
# host's directory over 9p, where every log line would be a synchronous
# round trip to the host (10% of the guest's CPU in a profile, and a stall
# of the daemon's event loop per line).  A gateway logs to local storage
# or syslog, so the bench does too.
NETNS_LOG_DIR=$PEERS_TMP/logs
mkdir -p "$NETNS_LOG_DIR"
at_exit "cp $NETNS_LOG_DIR/*.log $L2TPGW_OUT/ 2>/dev/null"
ns_add lns
topo_lac lac 1
# Room for 10,000 sessions: 10.20.1.0 - 10.20.63.255 (16,128 addresses).
# Log level notice: a debug line per PPP packet would measure the log.
# Keepalives off at both ends: this measures setup, and the LAC's echoes
# would be the load generator's cost charged to the single vCPU.  A call
# has hello_interval to connect; 120 s, not the default 60 s, because the
# 10,000 calls of one run queue behind each other on one vCPU.  All
# tunnels come from one address: the per-address limit of new tunnels
# (default 10 at once, then 5/s) would measure the rate limiter; and the
# limit of calls in negotiation (max_negotiating, default 1000) sits above
# the pacing window, so no call is refused by it.
users=$(gw_users lns <<<'alice "alice-secret"')
gw_config lns <<EOF
[global]
log_level = notice
hello_interval = 120s
peer_tunnel_burst = $tunnels
max_negotiating = $((2 * window))
[lns ra]
ifname = ra%d
mtu = 1400
echo_interval = 0
$(gw_lns_ppp_keys pap -- "$users" 10.20.1.0-10.20.63.255 10.20.0.1 "$PEERS_DNS1")
EOF
{
	printf '[global]\nlog_level = notice\nhello_interval = 120s\n'
	for ((t = 1; t <= tunnels; t++)); do
		printf '[lac up%d]\npeer = 10.2.1.1:1701\nautostart = no\n' "$t"
		printf 'sessions = %d\necho_interval = 0\n' "$per_tunnel"
		gw_lac_ppp_keys pap alice alice-secret
	done
} | gw_config lac

gw_start lns
lns_pid=$(gw_pid lns)
wait_for "LNS l2tpgwd answers on its control socket" 30 read_sessions_up
record "sessions=$total" "tunnels=$tunnels" "auth=pap" "stall_secs=$stall_secs" \
	"window=$window"
record_rss lns_rss_before "$lns_pid"
record_meminfo before

gw_start lac
lac_pid=$(gw_pid lac)
lac_ctl() {
	"$L2TPCTL" -s "$PEERS_TMP/lac/control.sock" "$@"
}
wait_for "LAC l2tpgwd answers on its control socket" 30 lac_ctl status
# Setup time starts at the first dial, not at the LAC's own start.
record "t_start=$EPOCHREALTIME"
dialled=0
last=-1
last_change=$SECONDS
while :; do
	read_sessions_up || { echo "  FAIL: cannot read the LNS's stats" >&2; exit 1; }
	record "up $EPOCHREALTIME $sessions_up"
	((sessions_up >= total)) && break
	while ((dialled < tunnels && (dialled + 1) * per_tunnel - sessions_up <= window)); do
		dialled=$((dialled + 1))
		lac_ctl lac connect "up$dialled" >/dev/null
	done
	if ((sessions_up != last)); then
		last=$sessions_up
		last_change=$SECONDS
	elif ((SECONDS - last_change >= stall_secs)); then
		echo "  note: stuck at $sessions_up of $total sessions for ${stall_secs}s"
		break
	fi
	alive "$lac_pid" || { echo "  FAIL: the LAC l2tpgwd died" >&2; exit 1; }
	sleep "$poll_secs"
done
record "t_up=$EPOCHREALTIME" "sessions_up=$sessions_up"
echo "  $sessions_up of $total sessions up"
record "lns_kernel_sessions=$(kernel_count lns session)"
record "lac_devices=$(ip -n lac -o link show | grep -c ': l2tp[0-9]*:')"
record_rss lns_rss_after "$lns_pid"
record_meminfo after

# Teardown: the LAC's SIGTERM sends StopCCN on every tunnel; done when
# the LNS's kernel holds no session.
record "t_stop=$EPOCHREALTIME"
kill -TERM "$lac_pid"
# Generous: 1,000 sessions took 46 s under TCG on a shared host.
# Polled every poll_secs, not wait_for's 0.1 s: each poll dumps every
# session left, and the dumps would slow the teardown they measure.
deadline=$((SECONDS + 120 + total / 10))
until lns_kernel_sessions_gone; do
	((SECONDS < deadline)) ||
		{ echo "  FAIL: the LNS's kernel sessions are not gone after $((120 + total / 10))s" >&2; exit 1; }
	sleep "$poll_secs"
done
echo "  ok: the LNS's kernel sessions are gone"
record "t_gone=$EPOCHREALTIME"
wait_for "the LAC l2tpgwd exited" $((60 + total / 10)) gone "$lac_pid"
record_rss lns_rss_end "$lns_pid"
check "the LNS l2tpgwd survived" alive "$lns_pid"
