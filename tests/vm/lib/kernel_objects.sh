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

# kmod_pair [OPTION...]: the two-host set-up of the data-plane scenarios.
# Namespaces a (va 10.9.0.1) and b (vb 10.9.0.2) over a veth, each with a
# module socket on port 1701, tunnel 10 <-> 20 and session 100 <-> 200
# carrying IPv4 (OPTIONs go to b's session add), and l2tp0 on both sides,
# up, 192.168.7.1 <-> 192.168.7.2.
kmod_pair() {
	ns_add a; ns_add b
	veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24
	kctl a batch <<-END
	socket add local 10.9.0.1 port 1701
	tunnel add id 10 peer-id 20 socket 1 peer 10.9.0.2 peer-port 1701
	session add tunnel 10 id 100 peer-id 200 protocols ipv4
	END
	kctl b batch <<-END
	socket add local 10.9.0.2 port 1701
	tunnel add id 20 peer-id 10 socket 1 peer 10.9.0.1 peer-port 1701
	session add tunnel 20 id 200 peer-id 100 protocols ipv4 $*
	END
	n a ip addr add 192.168.7.1 peer 192.168.7.2 dev l2tp0
	n b ip addr add 192.168.7.2 peer 192.168.7.1 dev l2tp0
	n a ip link set l2tp0 up; n b ip link set l2tp0 up
}
