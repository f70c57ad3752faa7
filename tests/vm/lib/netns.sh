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
#   spawn NAME CMD...                start CMD in the background, its output
#                                    in $L2TPGW_OUT/NAME.log ($NETNS_LOG_DIR
#                                    instead if set); killed by the cleanup
#                                    trap
#   at_exit CMD...                   run CMD (a string) at exit, newest first
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

netns_cleanup() {
	local rc=$? cmd pid ns
	set +e
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
