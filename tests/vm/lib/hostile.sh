# shellcheck shell=bash
# For the hostile-* scenarios, sourced after lib/netns.sh and lib/peers.sh:
#
#   "${PEER[@]}" STEP...             tests/vm/lib/l2tp_peer.py, a scripted
#                                    L2TP control peer (its --help)
#   "${RAW[@]}" IF MAC SRC DST HEX [N]
#                                    tests/vm/lib/rawudp.py: a datagram from
#                                    any source, below the IP stack

# shellcheck disable=SC2034 # for the scenarios
PEER=(/usr/bin/python3 "$L2TPGW_SRC/tests/vm/lib/l2tp_peer.py")
# shellcheck disable=SC2034 # for the scenarios
RAW=(/usr/bin/python3 "$L2TPGW_SRC/tests/vm/lib/rawudp.py")
