# shellcheck shell=bash
# l2tpgwd's control socket from scenarios.  Sourced after lib/peers.sh:
#
#   gw_ctl NS ARGS...        l2tpctl ARGS against NS's l2tpgwd (the socket
#                            gw_config gives it)
#   gw_ctl_has NS REGEX ARGS...
#                            gw_ctl NS ARGS prints a line matching REGEX
#                            (ERE; for check and wait_for)
#   json_eval EXPR           EXPR, a Python expression of the JSON document
#                            on standard input (named d), printed

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

json_eval() {
	/usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}
