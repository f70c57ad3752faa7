# shellcheck shell=bash
# For the hostile-* scenarios, sourced after lib/netns.sh and lib/peers.sh:
#
#   "${PEER[@]}" STEP...             tests/vm/lib/l2tp_peer.py, a scripted
#                                    L2TP control peer (its --help)
#   "${RAW[@]}" IF MAC SRC DST HEX [N]
#                                    tests/vm/lib/rawudp.py: a datagram from
#                                    any source, below the IP stack
#   gw_stat NS NAME                  l2tpgwd's counter NAME (l2tpctl -j
#                                    stats) in NS; fails if it does not exist
#   gw_tunnels NS [JQ]               `l2tpctl -j tunnel list` in NS, through
#                                    the jq filter JQ if given
#   gw_rss_kb NS                     l2tpgwd's resident memory in NS, KiB

# shellcheck disable=SC2034 # for the scenarios
PEER=(/usr/bin/python3 "$L2TPGW_SRC/tests/vm/lib/l2tp_peer.py")
# shellcheck disable=SC2034 # for the scenarios
RAW=(/usr/bin/python3 "$L2TPGW_SRC/tests/vm/lib/rawudp.py")

gw_stat() {
	n "$1" "$L2TPCTL" -s "$PEERS_TMP/$1/control.sock" -j stats |
		jq -e --arg k "$2" '.[$k]'
}

gw_tunnels() {
	n "$1" "$L2TPCTL" -s "$PEERS_TMP/$1/control.sock" -j tunnel list |
		jq -r "${2:-.}"
}

gw_rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$(gw_pid "$1")/status"
}
