# shellcheck shell=bash
# Real L2TP/PPP peers for VM scenarios: xl2tpd + pppd (Debian's) and
# l2tpgwd, each in a network namespace.  Sourced after lib/netns.sh:
#
#   . tests/vm/lib/netns.sh
#   . tests/vm/lib/peers.sh
#
# Set-up
#   peers_init                       load l2tp_ppp & co. (before any xl2tpd:
#                                    it picks the kernel data path only if
#                                    l2tp_ppp is loaded when it starts), give
#                                    pppd an empty /etc/ppp/options and
#                                    ip-up/ip-down scripts that record to
#                                    $PEERS_EVENTS
#   ppp_secret USER PASSWORD         add USER to chap-secrets and pap-secrets
#                                    (pppd has no option for another file; the
#                                    guest's /etc is a tmpfs overlay)
#
# xl2tpd (one per namespace; files in $PEERS_TMP/NS, logs in $L2TPGW_OUT)
#   xl2tpd_conf NS [LISTEN_ADDR]     start NS's xl2tpd.conf ([global])
#   xl2tpd_lns NS AUTH LOCAL_IP RANGE [PPPOPT...]
#                                    an [lns default] section; AUTH is pap,
#                                    chap, mschapv2, any (the client picks)
#                                    or none; pppd gives itself LOCAL_IP, the
#                                    peer one of RANGE (A.B.C.D-E.F.G.H) and
#                                    DNS $PEERS_DNS1 $PEERS_DNS2
#   xl2tpd_lac NS NAME LNS_ADDR USER AUTH [PPPOPT...]
#                                    a [lac NAME] section; pppd logs in as
#                                    USER with AUTH only (the others refused;
#                                    "any" refuses none), asks for DNS
#   xl2tpd_start NS                  run it (foreground, output in
#                                    $L2TPGW_OUT/xl2tpd-NS.log)
#   xl2tpd_ctl NS CMD                write CMD to its control FIFO and wait
#                                    until xl2tpd reacts: "c NAME" dials,
#                                    "d NAME" closes the tunnel (StopCCN),
#                                    "h LOCAL_CALL_ID" hangs up one call
#   xl2tpd_pid NS                    its PID
#   pppd_pids NS                     the pppds running in NS
#   alive PID / gone PID             (lib/netns.sh) running (not a zombie)
#                                    or not
#
# l2tpgwd
#   gw_config NS < TEXT              write $PEERS_TMP/NS/l2tpgwd.conf
#   gw_users NS < TEXT               write $PEERS_TMP/NS/users; prints path
#   gw_lns_ppp_keys AUTH... -- USERS POOL LOCAL_IP DNS...
#   gw_lac_ppp_keys AUTH USER PASSWORD
#                                    the PPP keys of an [lns]/[lac] section
#                                    (kept here so that a renamed key is
#                                    changed in one place)
#   gw_lns_std NS "AUTH..." POOL [GKEY=VAL...] [-- LNSKEY=VAL...]
#                                    the usual LNS config (see below)
#   topo_lns_host / topo_lac NS I    the usual namespaces (see below)
#   peers_lns_lac "AUTH..." POOL [GKEY=VAL...] [-- LNSKEY=VAL...]
#                                    the usual pair: peers_init, l2tpgwd as
#                                    LNS in ns lns (gw_lns_std with these
#                                    arguments, started), ns lac linked to
#                                    it (topo_lac lac 1) with alice's
#                                    secret, lac's xl2tpd.conf begun
#   lac_up [PPPOPT...]               then: lac's xl2tpd dials lns as alice
#                                    (PAP, section "lns"), waits for ppp0
#   gw_start NS                      l2tpgwd -f -c CONF, output in
#                                    $L2TPGW_OUT/l2tpgwd-NS.log
#   gw_pid NS
#   gw_stat NS NAME                  a counter of `l2tpctl -j stats` of NS's
#                                    l2tpgwd (fails if it has none)
#   gw_stat_is NS NAME N / gw_stat_ge NS NAME N
#   gw_ctl NS ARGS...                l2tpctl ARGS against NS's l2tpgwd
#   gw_ctl_has NS REGEX ARGS...      gw_ctl NS ARGS prints a line matching
#                                    REGEX (ERE; for check and wait_for)
#   gw_tunnels NS [JQ]               `l2tpctl -j tunnel list` in NS, through
#                                    the jq filter JQ if given
#   gw_rss_kb NS                     l2tpgwd's resident memory in NS, KiB
#   json_eval EXPR                   EXPR, a Python expression of the JSON
#                                    document on standard input (named d)
#
# Observing
#   ppp_up NS IFACE                  IFACE exists in NS with an IPv4 address
#   ppp_addr NS IFACE                its IPv4 address (local side)
#   ppp_peer NS IFACE                its peer address
#   kernel_sessions NS               `l2tpctl -j kernel session list` in NS
#   kernel_count NS tunnel|session   how many l2tpgw objects NS holds
#   kernel_count_is NS tunnel|session N
#   kernel_session_stat NS COUNTER   a counter summed over NS's sessions
#   kernel_tunnel_stat NS COUNTER    one summed over its tunnels (must exist)
#   log_has FILE REGEX               grep -qE in a log (FILE may not exist yet)
#   log_hasi FILE REGEX              the same, ignoring case
#   ppp_event REGEX                  a line of pppd's ip-up/ip-down/ipv6-up
#                                    record matches ("ip-up IFACE local=A
#                                    remote=B dns1=C dns2=D")
#   capture_check_clean NAME PROTO...
#                                    one tshark pass: every PROTO layer seen,
#                                    no malformed frame, no expert warning
#                                    (of a capture_start of lib/netns.sh)

PEERS_TMP=/tmp/l2tpgw-peers
PEERS_EVENTS=$PEERS_TMP/ppp-events.log
L2TPGW_OUT=${L2TPGW_OUT:-/tmp}
L2TPGW_SRC=${L2TPGW_SRC:-$PWD}
# The tree's programs, unless a scenario names installed ones
# (pkg-install-demo.sh).
L2TPCTL=${L2TPCTL:-$L2TPGW_SRC/tools/l2tpctl/l2tpctl}
L2TPGWD=${L2TPGWD:-$L2TPGW_SRC/daemon/l2tpgwd}
# The DNS servers every LNS in these scenarios hands out.
PEERS_DNS1=10.53.0.1
PEERS_DNS2=10.53.0.2

declare -A PEERS_PID=()

peers_init() {
	modprobe -a l2tp_core l2tp_netlink l2tp_ppp ppp_generic pppox
	mkdir -p "$PEERS_TMP"
	: >"$PEERS_EVENTS"
	# Debian's options file says "auth", "lock", "modem", "crtscts":
	# wrong for an L2TP client and slow under TCG.
	: >/etc/ppp/options
	: >/etc/ppp/chap-secrets
	: >/etc/ppp/pap-secrets
	chmod 600 /etc/ppp/chap-secrets /etc/ppp/pap-secrets
	# pppd runs these with an empty environment: the log path is baked
	# in.  One line per event, read by ppp_event.
	local s
	for s in ip-up ip-down ipv6-up ipv6-down; do
		rm -rf "/etc/ppp/$s.d"
		cat >"/etc/ppp/$s" <<EOF
#!/bin/sh
# \$1 iface, \$4 local, \$5 remote, \$6 ipparam; DNS1/DNS2 with usepeerdns.
echo "$s \$1 local=\$4 remote=\$5 dns1=\${DNS1:-} dns2=\${DNS2:-}" >>$PEERS_EVENTS
EOF
		chmod 755 "/etc/ppp/$s"
	done
	at_exit peers_stop_all
}

ppp_secret() {
	printf '"%s" * "%s" *\n' "$1" "$2" >>/etc/ppp/chap-secrets
	printf '"%s" * "%s" *\n' "$1" "$2" >>/etc/ppp/pap-secrets
}

# The options both ends use: no compression (l2tpgw does none), no
# serial-line options, a log per pppd.
ppp_common_opts() {
	cat <<EOF
noccp
novj
novjccomp
nobsdcomp
nodeflate
nodefaultroute
noproxyarp
mtu 1400
mru 1400
debug
logfile $1
EOF
}

xl2tpd_conf() {
	local ns=$1 listen=${2:-}
	mkdir -p "$PEERS_TMP/$ns"
	{
		echo "[global]"
		[[ -z $listen ]] || echo "listen-addr = $listen"
		echo "port = 1701"
		echo "access control = no"
		echo "auth file = $PEERS_TMP/$ns/l2tp-secrets"
		echo "debug tunnel = yes"
		echo "debug state = yes"
	} >"$PEERS_TMP/$ns/xl2tpd.conf"
	: >"$PEERS_TMP/$ns/l2tp-secrets"
	chmod 600 "$PEERS_TMP/$ns/l2tp-secrets"
}

# xl2tpd_lns NS AUTH LOCAL_IP RANGE [PPPOPT...]
xl2tpd_lns() {
	local ns=$1 auth=$2 local_ip=$3 range=$4 opts=$PEERS_TMP/$1/options.lns
	shift 4
	cat >>"$PEERS_TMP/$ns/xl2tpd.conf" <<EOF
[lns default]
ip range = ${range/-/ - }
local ip = $local_ip
require authentication = $([[ $auth == none ]] && echo no || echo yes)
name = lns-$ns
ppp debug = yes
pppoptfile = $opts
length bit = yes
EOF
	{
		ppp_common_opts "$L2TPGW_OUT/pppd-$ns-lns.log"
		echo "name lns-$ns"
		echo "ms-dns $PEERS_DNS1"
		echo "ms-dns $PEERS_DNS2"
		case $auth in
		pap) echo "auth"; echo "require-pap" ;;
		chap) echo "auth"; echo "require-chap" ;;
		mschapv2) echo "auth"; echo "require-mschap-v2" ;;
		any) printf '%s\n' auth require-pap require-chap require-mschap-v2 ;;
		none) echo "noauth" ;;
		*) echo "xl2tpd_lns: unknown auth '$auth'" >&2; return 1 ;;
		esac
		printf '%s\n' "$@"
	} >"$opts"
}

# xl2tpd_lac NS NAME LNS_ADDR USER AUTH [PPPOPT...]
xl2tpd_lac() {
	local ns=$1 name=$2 lns=$3 user=$4 auth=$5 opts=$PEERS_TMP/$1/options.$2
	shift 5
	cat >>"$PEERS_TMP/$ns/xl2tpd.conf" <<EOF
[lac $name]
lns = $lns
require authentication = no
refuse authentication = no
ppp debug = yes
pppoptfile = $opts
length bit = yes
EOF
	{
		ppp_common_opts "$L2TPGW_OUT/pppd-$ns-$name.log"
		echo "noauth"
		echo "name $user"
		echo "user $user"
		echo "noipdefault"
		echo "usepeerdns"
		echo "ipcp-accept-local"
		echo "ipcp-accept-remote"
		# Only the method under test may succeed.
		case $auth in
		pap) printf '%s\n' refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap ;;
		chap) printf '%s\n' refuse-pap refuse-mschap refuse-mschap-v2 refuse-eap ;;
		mschapv2) printf '%s\n' refuse-pap refuse-chap refuse-mschap refuse-eap ;;
		any) ;;
		*) echo "xl2tpd_lac: unknown auth '$auth'" >&2; return 1 ;;
		esac
		printf '%s\n' "$@"
	} >"$opts"
}

xl2tpd_start() {
	local ns=$1 d=$PEERS_TMP/$1
	rm -f "$d/control" "$d/pid"
	# Not through n(): a function would leave a subshell between $! and
	# xl2tpd; ip netns exec execs it, so $! is xl2tpd itself.
	spawn "xl2tpd-$ns" ip netns exec "$ns" xl2tpd -D -c "$d/xl2tpd.conf" -p "$d/pid" -C "$d/control"
	PEERS_PID[xl2tpd-$ns]=${NETNS_BG_PIDS[-1]}
	wait_for "xl2tpd in $ns listening" 20 test -p "$d/control"
}

# xl2tpd handles one command per read() of its FIFO and takes the rest of
# the buffer as the argument ("No such tunnel 'b\nc c'"): after each write,
# wait until its log grows (it logs every command), at most 5 s.
xl2tpd_ctl() {
	local ns=$1 log=$L2TPGW_OUT/xl2tpd-$1.log before lines i
	shift
	mapfile -t lines <"$log"
	before=${#lines[@]}
	echo "$*" >"$PEERS_TMP/$ns/control"
	for ((i = 0; i < 50; i++)); do
		mapfile -t lines <"$log"
		((${#lines[@]} > before)) && break
		sleep 0.1
	done
	sleep 0.1
}

xl2tpd_pid() {
	echo "${PEERS_PID[xl2tpd-$1]}"
}

# gw_config NS <TEXT: l2tpgwd's config for NS.  Unless TEXT sets its own,
# the daemon gets a control socket of its own in NS's directory: daemons of
# several namespaces share the VM's /run, and a second daemon on the
# default path is refused (as on a real host).
gw_config() {
	local conf=$PEERS_TMP/$1/l2tpgwd.conf line
	mkdir -p "$PEERS_TMP/$1"
	# It may hold secrets: l2tpgwd refuses it readable by others.
	install -m 600 /dev/null "$conf"
	cat >"$conf"
	grep -q '^[[:space:]]*control_socket' "$conf" && return
	while IFS= read -r line; do
		printf '%s\n' "$line"
		[[ $line == '[global]' ]] &&
			printf 'control_socket = %s\n' "$PEERS_TMP/$1/control.sock"
	done <"$conf" >"$conf.new"
	grep -q '^control_socket' "$conf.new" ||
		printf '[global]\ncontrol_socket = %s\n' "$PEERS_TMP/$1/control.sock" >>"$conf.new"
	chmod 600 "$conf.new"
	mv "$conf.new" "$conf"
}

gw_users() {
	mkdir -p "$PEERS_TMP/$1"
	install -m 600 /dev/null "$PEERS_TMP/$1/users"
	cat >"$PEERS_TMP/$1/users"
	echo "$PEERS_TMP/$1/users"
}

# gw_lns_ppp_keys AUTH... -- USERS POOL LOCAL_IP DNS...
# The PPP server keys of an [lns] section.  AUTH: pap chap mschapv2, in the
# order offered.
gw_lns_ppp_keys() {
	local auth=()
	while [[ $1 != -- ]]; do
		auth+=("$1")
		shift
	done
	shift
	local users=$1 pool=$2 local_ip=$3
	shift 3
	cat <<EOF
auth = ${auth[*]}
users = $users
pool = $pool
local_ip = $local_ip
dns = $*
EOF
}

# gw_lac_ppp_keys AUTH USER PASSWORD: the PPP client keys of a [lac].
gw_lac_ppp_keys() {
	cat <<EOF
auth = $1
user = $2
password = "$3"
want_dns = yes
EOF
}

# gw_lns_std NS "AUTH..." POOL [GLOBAL_KEY=VALUE...] [-- LNS_KEY=VALUE...]
# A whole LNS configuration as most scenarios want it: [global] with
# log_level debug and the given keys; [lns ra] for any peer, devices ra%d,
# users file with alice/alice-secret, addresses from POOL, ours 10.20.0.1,
# DNS $PEERS_DNS1 $PEERS_DNS2, and the given [lns] keys.
gw_lns_std() {
	local ns=$1 auths=$2 pool=$3 users glob="" lns="" kv
	shift 3
	while (($#)) && [[ $1 != -- ]]; do
		glob+="${1%%=*} = ${1#*=}"$'\n'
		shift
	done
	(($#)) && shift
	for kv in "$@"; do
		lns+="${kv%%=*} = ${kv#*=}"$'\n'
	done
	users=$(gw_users "$ns" <<<'alice "alice-secret"')
	# shellcheck disable=SC2086 # auths is a list
	gw_config "$ns" <<EOF
[global]
log_level = debug
$glob
[lns ra]
ifname = ra%d
mtu = 1400
$(gw_lns_ppp_keys $auths -- "$users" "$pool" 10.20.0.1 "$PEERS_DNS1" "$PEERS_DNS2")
$lns
EOF
}

# topo_lns_host: namespaces lns and host, host reaching the LNS's PPP
# clients (10.20.0.0/24) through it.
#   ns lns  vh 10.3.0.1/24 ---- vh 10.3.0.2/24  ns host
topo_lns_host() {
	ns_add lns
	ns_add host
	veth_pair lns vh 10.3.0.1/24 host vh 10.3.0.2/24
	n lns sysctl -qw net.ipv4.ip_forward=1
	ip -n host route add 10.20.0.0/24 via 10.3.0.1
}

# topo_lac NS I: a LAC namespace NS linked to lns.
#   ns NS  va 10.2.I.2/24 ---- vbI 10.2.I.1/24  ns lns
topo_lac() {
	ns_add "$1"
	veth_pair "$1" va "10.2.$2.2/24" lns "vb$2" "10.2.$2.1/24"
}

peers_lns_lac() {
	peers_init
	ns_add lns
	topo_lac lac 1
	ppp_secret alice alice-secret
	gw_lns_std lns "$@"
	gw_start lns
	xl2tpd_conf lac
}

lac_up() {
	xl2tpd_lac lac lns 10.2.1.1 alice pap "$@"
	xl2tpd_start lac
	xl2tpd_ctl lac "c lns"
	wait_for "ppp0 up in lac" 90 ppp_up lac ppp0
}

gw_start() {
	local ns=$1
	[[ -x $L2TPGWD ]] || {
		echo "  FAIL: $L2TPGWD not built (make daemon/l2tpgwd)"
		exit 1
	}
	spawn "l2tpgwd-$ns" ip netns exec "$ns" "$L2TPGWD" -f -c "$PEERS_TMP/$ns/l2tpgwd.conf"
	PEERS_PID[l2tpgwd-$ns]=${NETNS_BG_PIDS[-1]}
}

gw_pid() {
	echo "${PEERS_PID[l2tpgwd-$1]}"
}

gw_ctl() {
	local ns=$1
	shift
	n "$ns" "$L2TPCTL" -s "$PEERS_TMP/$ns/control.sock" "$@"
}

gw_ctl_has() {
	local ns=$1 re=$2 out
	shift 2
	out=$(gw_ctl "$ns" "$@") || return 1
	grep -qE -- "$re" <<<"$out"
}

gw_tunnels() {
	gw_ctl "$1" -j tunnel list | jq -r "${2:-.}"
}

gw_rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$(gw_pid "$1")/status"
}

json_eval() {
	/usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

gw_stat() {
	local out
	out=$(gw_ctl "$1" -j stats) || return 1
	[[ $out =~ \"$2\":\ *([0-9]+) ]] || return 1
	echo "${BASH_REMATCH[1]}"
}

gw_stat_is() {
	[[ $(gw_stat "$1" "$2") == "$3" ]]
}

gw_stat_ge() {
	local v
	v=$(gw_stat "$1" "$2") || return 1
	((v >= $3))
}

peers_stop_all() {
	local p
	capture_stop_all
	# xl2tpd leaves its pppds running when it is killed; they would keep
	# ppp devices (and kernel sessions) alive.  Stopped ones need CONT.
	for p in $(procs_in_ns xl2tpd pppd l2tpgwd tcpdump iperf3 charon); do
		kill -TERM "$p" 2>/dev/null
		kill -CONT "$p" 2>/dev/null
	done
	return 0
}

# procs_in_ns COMM...: PIDs of processes named COMM whose network
# namespace is one this scenario created (pppd and friends have no other
# handle: they are xl2tpd's children, not ours).
procs_in_ns() {
	local p ns ino comm
	local -A ours=() want=()
	for comm in "$@"; do
		want[$comm]=1
	done
	for ns in "${NETNS_CREATED[@]}"; do
		ino=$(stat -Lc %i "/run/netns/$ns" 2>/dev/null) || continue
		ours[$ino]=1
	done
	for p in /proc/[0-9]*; do
		read -r comm 2>/dev/null <"$p/comm" || continue
		[[ -n ${want[$comm]:-} ]] || continue
		ino=$(stat -Lc %i "$p/ns/net" 2>/dev/null) || continue
		[[ -n ${ours[$ino]:-} ]] && echo "${p#/proc/}"
	done
	return 0
}

# pppd_pids NS: pppd processes in NS, one per line.
pppd_pids() {
	local p ino want comm
	want=$(stat -Lc %i "/run/netns/$1")
	for p in /proc/[0-9]*; do
		read -r comm 2>/dev/null <"$p/comm" || continue
		[[ $comm == pppd ]] || continue
		ino=$(stat -Lc %i "$p/ns/net" 2>/dev/null) || continue
		[[ $ino == "$want" ]] && echo "${p#/proc/}"
	done
	return 0
}

# no_pppd NS: no pppd runs in namespace NS (for wait_for).
no_pppd() {
	test -z "$(pppd_pids "$1")"
}

ppp_up() {
	local out
	out=$(ip -n "$1" -4 addr show dev "$2" 2>/dev/null) || return 1
	# pppd sets the address a moment before it brings the link up, and
	# routes through a link that is not up are refused.
	[[ $out == *'inet '* && $out == *'<'*UP*'>'* ]]
}

ppp_addr() {
	ip -n "$1" -4 -o addr show dev "$2" | sed -n 's/.* inet \([0-9.]*\).*/\1/p'
}

ppp_peer() {
	ip -n "$1" -4 -o addr show dev "$2" | sed -n 's/.* peer \([0-9.]*\).*/\1/p'
}

log_has() {
	[[ -f $1 ]] && grep -qE -- "$2" "$1"
}

# The same, ignoring case: for l2tpgwd's own messages, whose wording may
# change.
log_hasi() {
	[[ -f $1 ]] && grep -qiE -- "$2" "$1"
}

kernel_sessions() {
	n "$1" "$L2TPCTL" -j kernel session list
}

kernel_count() {
	local out
	out=$(n "$1" "$L2TPCTL" -j kernel "$2" list) || return 1
	/usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$out"
}

# kernel_count_is NS tunnel|session N
kernel_count_is() {
	[[ $(kernel_count "$1" "$2") == "$3" ]]
}

# Sum of one counter over NS's kernel sessions.
# kernel_tunnel_stat NS COUNTER: a counter summed over NS's tunnels; fails
# (prints nothing) if the module does not report that counter.
kernel_tunnel_stat() {
	n "$1" "$L2TPCTL" -j kernel tunnel list | /usr/bin/python3 -c '
import json, sys
k = sys.argv[1]
print(sum(t["stats"][k] for t in json.load(sys.stdin)))' "$2"
}

kernel_session_stat() {
	kernel_sessions "$1" | /usr/bin/python3 -c '
import json, sys
k = sys.argv[1]
print(sum(s.get("stats", {}).get(k, 0) for s in json.load(sys.stdin)))' "$2"
}

# capture_check_clean NAME PROTO...: every PROTO (a layer name as in
# tshark's frame.protocols: l2tp, ppp, lcp, pap, chap, ipcp, icmp...)
# occurs in some frame, and no frame is malformed or carries an expert
# item of severity warning or error.  One tshark run (each costs half a
# minute under TCG); its output stays in $L2TPGW_OUT/NAME.fields.
capture_check_clean() {
	local name=$1 f=$L2TPGW_OUT/$1.pcap out=$L2TPGW_OUT/$1.fields p
	local num protos sev msg bad=0 frames=0
	local -A have=()
	shift
	[[ -s $f ]] || { echo "  FAIL: capture $name is empty or missing"; return 1; }
	tshark -n -r "$f" -T fields -E separator='|' -E occurrence=a -E aggregator=, \
		-e frame.number -e frame.protocols -e _ws.expert.severity \
		-e _ws.expert.message >"$out" 2>"$out.err" ||
		{ echo "  FAIL: tshark cannot read $f: $(head -c 300 "$out.err")"; return 1; }
	while IFS='|' read -r num protos sev msg; do
		frames=$((frames + 1))
		for p in ${protos//:/ }; do
			have[$p]=1
		done
		# Expert severities: 0x00600000 warning, 0x00800000 error.
		for p in ${sev//,/ }; do
			if ((p >= 0x00600000)); then
				((++bad > 10)) ||
					echo "  FAIL: capture $name frame $num ($protos): $msg"
				break
			fi
		done
		if [[ $protos == *_ws.malformed* ]]; then
			((++bad > 10)) ||
				echo "  FAIL: capture $name frame $num is malformed ($protos)"
		fi
	done <"$out"
	for p in "$@"; do
		[[ -n ${have[$p]:-} ]] || { echo "  FAIL: capture $name ($frames frames) has no $p"; bad=1; }
	done
	((bad == 0)) || { echo "  FAIL: capture $name: $bad bad frame(s) of $frames"; return 1; }
	echo "  ok: capture $name: $frames frames with $*, none malformed or flagged"
}

# ppp_event REGEX: a line of the ip-up/ip-down log matches.
ppp_event() {
	grep -qE -- "$1" "$PEERS_EVENTS"
}
