# shellcheck shell=bash
# Helpers for VM scenarios, sourced as ". tests/vm/lib/netns.sh".
#
#   ns_add NAME                      a network namespace with lo up
#   n NAME CMD...                    run CMD inside namespace NAME
#   veth_pair NS1 IF1 ADDR1 NS2 IF2 ADDR2
#                                    a veth between two namespaces, both ends
#                                    up, ADDRn as CIDR (IPv4 or IPv6), "" for none
#   netns_addr NS DEV ADDR           add ADDR (CIDR) to DEV; IPv6 without DAD
#   pp CMD...                        print CMD, then run it
# Checks: each prints "  ok: DESCRIPTION", or "  FAIL: DESCRIPTION (why)"
# and ends the scenario with exit 1 (through fail).
#   check DESCRIPTION CMD...         CMD succeeds
#   check_not DESCRIPTION CMD...     CMD fails
#   is DESCRIPTION GOT WANT          the strings GOT and WANT are equal
#   wait_for DESCRIPTION SECONDS CMD...
#                                    retry CMD every 0.1s until it succeeds
#                                    within SECONDS
#   fail DESCRIPTION                 a check that cannot hold
# Conditions for them:
#   count_at_least N REGEX FILE      FILE has N lines matching REGEX (ERE)
#   has_line TEXT LINE               TEXT has the line LINE
#   alive PID / gone PID             running (not a zombie) or not
# Processes and captures:
#   spawn NAME CMD...                start CMD in the background, its output
#                                    in $L2TPGW_OUT/NAME.log ($NETNS_LOG_DIR
#                                    instead if set); killed by the cleanup
#                                    trap
#   at_exit CMD...                   run CMD (a string) at exit, newest first
#   capture_start NS IFACE NAME [FILTER]
#                                    tcpdump on IFACE (FILTER: default UDP
#                                    1701, "" for all), returns once it
#                                    listens; the file is $L2TPGW_OUT/NAME.pcap
#                                    once stopped
#   capture_count NAME [FILTER]      how many packets (matching FILTER) it
#                                    holds so far
#   capture_has NAME N [FILTER]      (for wait_for) it holds at least N
#   capture_stop NAME                stop it, wait until it exited (the
#                                    file complete); at exit if not before
#
# Sourcing installs an EXIT trap that kills what spawn started, runs the
# at_exit commands and deletes the namespaces made by ns_add, and turns on
# errexit and pipefail.  Process starts cost tens of milliseconds under TCG,
# so the helpers use shell built-ins where they can.
#
#   . tests/vm/lib/netns.sh
#   ns_add lac; ns_add lns
#   veth_pair lac eth0 192.0.2.1/24 lns eth0 192.0.2.2/24
#   check "lac reaches lns" n lac ping -c1 -W1 192.0.2.2

set -e -o pipefail

NETNS_CREATED=()
NETNS_BG_PIDS=()
NETNS_AT_EXIT=()
declare -A NETNS_CAPTURE=()
# Captures are written here, then copied to $L2TPGW_OUT: a write per
# packet over 9p costs more than the copy.
NETNS_CAPTURE_DIR=/tmp/l2tpgw-capture

ns_add() {
	ip netns add "$1"
	NETNS_CREATED+=("$1")
	ip -n "$1" link set lo up
}

n() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# veth_pair NS1 IF1 ADDR1 NS2 IF2 ADDR2
veth_pair() {
	local ns1=$1 if1=$2 addr1=$3 ns2=$4 if2=$5 addr2=$6
	ip link add "$if1" netns "$ns1" type veth peer name "$if2" netns "$ns2"
	netns_addr "$ns1" "$if1" "$addr1"
	netns_addr "$ns2" "$if2" "$addr2"
	ip -n "$ns1" link set "$if1" up
	ip -n "$ns2" link set "$if2" up
}

# IPv6 addresses skip duplicate address detection, which would otherwise
# keep them tentative (unusable) for a second or more.
netns_addr() {
	local ns=$1 dev=$2 addr=$3
	[[ -n $addr ]] || return 0
	if [[ $addr == *:* ]]; then
		ip -n "$ns" addr add "$addr" dev "$dev" nodad
	else
		ip -n "$ns" addr add "$addr" dev "$dev"
	fi
}

pp() {
	printf '+ %s\n' "$*"
	"$@"
}

fail() {
	printf '  FAIL: %s\n' "$*"
	exit 1
}

check() {
	local what=$1
	shift
	"$@" || fail "$what ($*)"
	printf '  ok: %s\n' "$what"
}

check_not() {
	local what=$1
	shift
	! "$@" || fail "$what (succeeded: $*)"
	printf '  ok: %s\n' "$what"
}

# is WHAT GOT WANT
is() {
	[[ $2 == "$3" ]] || fail "$1: got '$2', want '$3'"
	printf '  ok: %s\n' "$1"
}

# wait_for WHAT SECONDS CMD...: runs CMD every 0.1 s until it succeeds.  CMD is
# run again each time, but its words were expanded once by the caller: to
# wait on a changing value, pass a function (see count_at_least), never
# "$(...)".
wait_for() {
	local what=$1 limit=$2 deadline now
	shift 2
	now=${EPOCHREALTIME/./}
	deadline=$((10#$now + limit * 1000000))
	until "$@"; do
		now=${EPOCHREALTIME/./}
		((10#$now < deadline)) || fail "$what (not within ${limit}s: $*)"
		sleep 0.1
	done
	printf '  ok: %s\n' "$what"
}

# count_at_least N REGEX FILE: FILE has at least N lines matching REGEX (ERE)
# (for wait_for).
count_at_least() {
	test "$(grep -cE -e "$2" "$3")" -ge "$1"
}

# Running (not gone, not a zombie)?  Built-ins only.
alive() {
	local st
	read -r st 2>/dev/null <"/proc/$1/stat" || return 1
	st=${st##*) }
	[[ ${st:0:1} != Z ]]
}

gone() {
	! alive "$1"
}

# has_line TEXT LINE: one of TEXT's lines is exactly LINE (for check).
has_line() {
	grep -qxF -- "$2" <<<"$1"
}

spawn() {
	local name=$1
	shift
	"$@" >"${NETNS_LOG_DIR:-${L2TPGW_OUT:-/tmp}}/$name.log" 2>&1 &
	NETNS_BG_PIDS+=($!)
}

at_exit() {
	NETNS_AT_EXIT=("$*" "${NETNS_AT_EXIT[@]}")
}

# tcpdump, not tshark: under TCG over the 9p root, tshark takes half a
# minute to start (it loads every dissector and probes every capture
# interface type); tcpdump starts at once.
capture_start() {
	local ns=$1 ifc=$2 name=$3 filter=${4-udp port 1701}
	local log=${NETNS_LOG_DIR:-${L2TPGW_OUT:-/tmp}}/$name.tcpdump.log
	mkdir -p "$NETNS_CAPTURE_DIR"
	rm -f "$NETNS_CAPTURE_DIR/$name.pcap"
	# shellcheck disable=SC2086 # the filter is words for tcpdump
	ip netns exec "$ns" tcpdump -U -n -i "$ifc" -w "$NETNS_CAPTURE_DIR/$name.pcap" \
		$filter >"$log" 2>&1 &
	NETNS_CAPTURE[$name]=$!
	wait_for "capture $name running" 30 count_at_least 1 "listening on $ifc" "$log"
}

# capture_count NAME [FILTER]: packets (matching FILTER) captured so far
capture_count() {
	# shellcheck disable=SC2086 # the filter is words for tcpdump
	tcpdump -n -r "$NETNS_CAPTURE_DIR/$1.pcap" ${2:-} 2>/dev/null | wc -l
}

# capture_has NAME N [FILTER]
capture_has() {
	(($(capture_count "$1" "${3:-}") >= $2))
}

capture_stop() {
	local name=$1 pid=${NETNS_CAPTURE[$1]:-} i
	[[ -n $pid ]] || return 0
	unset "NETNS_CAPTURE[$name]"
	kill -INT "$pid" 2>/dev/null || true
	# Never hang the cleanup on a capture that ignores SIGINT.
	for ((i = 0; i < 50; i++)); do
		alive "$pid" || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	cp "$NETNS_CAPTURE_DIR/$name.pcap" "${L2TPGW_OUT:-/tmp}/$name.pcap"
}

capture_stop_all() {
	local name
	for name in "${!NETNS_CAPTURE[@]}"; do
		capture_stop "$name"
	done
}

netns_cleanup() {
	local rc=$? cmd pid ns
	set +e
	capture_stop_all
	for pid in "${NETNS_BG_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${NETNS_BG_PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	for cmd in "${NETNS_AT_EXIT[@]}"; do
		eval "$cmd"
	done
	for ns in "${NETNS_CREATED[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	exit "$rc"
}
trap netns_cleanup EXIT
