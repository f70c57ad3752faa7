# shellcheck shell=bash
# Helpers for scenarios that drive l2tpgw.ko without the daemon, sourced
# after netns.sh as ". tests/vm/lib/kernel_objects.sh".
#
#   kctl NS ARGS...                  l2tpctl kernel ARGS in namespace NS;
#                                    "kctl NS batch <<EOF" runs many
#                                    commands in one process
#   nl NS ARGS...                    $NL (tests/vm/helper/l2tpgw-nltest) in
#                                    NS: what an operator's tool should not
#                                    offer (malformed requests, marked
#                                    sends, a held socket, a PPP peer, bulk
#                                    adds, dump checks)
#   stat_of NS NAME OBJ...           one counter of OBJ: net, socket ID,
#                                    tunnel T or session T S
#   count_of NS KIND [tunnel T]      how many sockets, tunnels or sessions
#                                    (KIND socket, tunnel, session) a dump
#                                    lists
#
# Every program started costs tens of milliseconds under TCG: read many
# counters with one "l2tpctl -j kernel batch" (jq -s reads its documents).

NL=$L2TPGW_SRC/tests/vm/helper/l2tpgw-nltest
[[ -x $NL ]] || { echo "  FAIL: $NL not built (make all)"; exit 1; }

kctl() { local ns=$1; shift; n "$ns" l2tpctl kernel "$@"; }
nl() { local ns=$1; shift; n "$ns" "$NL" "$@"; }

stat_of() {
	local ns=$1 name=$2
	case $3 in
	net) n "$ns" l2tpctl -j kernel stats ;;
	socket) n "$ns" l2tpctl -j kernel socket show id "$4" ;;
	tunnel) n "$ns" l2tpctl -j kernel tunnel show id "$4" ;;
	session) n "$ns" l2tpctl -j kernel session show tunnel "$4" id "$5" ;;
	*) echo "stat_of: unknown object $3" >&2; return 1 ;;
	esac | jq -e "(.stats // .).$name"
}

count_of() { n "$1" l2tpctl -j kernel "$2" list "${@:3}" | jq length; }
