# shellcheck shell=bash
# Verified TCP transfers and offload counter checks for the GSO/GRO
# scenarios, sourced after netns.sh as ". tests/vm/lib/xfer.sh".
#
#   xfer_init NS...          a 2 MiB random file per NS (/tmp/xfer-NS.bin,
#                            its SHA-256 in XFER_SUM[NS]) and a sink
#                            (tests/vm/lib/tcp_sink.py, port XFER_PORT) in
#                            each NS, listening when it returns
#   xfer_send FROM TO ADDR   FROM's file over TCP to ADDR (an address of
#                            namespace TO); TO's sink must report exactly
#                            its bytes and SHA-256 on ADDR within 60 s
#   offload WHAT WANT PKTS SEGS
#                            the check of an offload counter's change:
#                            WANT yes: PKTS super-packets > 0 and SEGS at
#                            least 2 each; no: both 0

XFER_PORT=5300
XFER_SIZE=$((2 << 20))
declare -A XFER_SUM=()

xfer_init() {
	local ns sum logs=()
	for ns in "$@"; do
		head -c "$XFER_SIZE" /dev/urandom >"/tmp/xfer-$ns.bin"
		sum=$(sha256sum <"/tmp/xfer-$ns.bin")
		XFER_SUM[$ns]=${sum%% *}
		spawn "sink-$ns" ip netns exec "$ns" /usr/bin/python3 \
			tests/vm/lib/tcp_sink.py "$XFER_PORT"
		logs+=("$L2TPGW_OUT/sink-$ns.log")
	done
	wait_for "sinks listening in $*" 60 xfer_listening "${logs[@]}"
}

xfer_listening() {
	local log
	for log in "$@"; do
		grep -q '^listening$' "$log" || return 1
	done
}

xfer_send() {
	local from=$1 to=$2 addr=$3 sum=${XFER_SUM[$1]}
	# shellcheck disable=SC2016 # expanded by the inner bash
	n "$from" timeout 60 bash -c 'cat "$1" >"/dev/tcp/$2/$3"' _ \
		"/tmp/xfer-$from.bin" "$addr" "$XFER_PORT" ||
		fail "sending /tmp/xfer-$from.bin from $from to $addr"
	wait_for "$from -> $addr: $XFER_SIZE bytes, sha256 ${sum:0:12}..." 60 \
		grep -qxF "$addr $XFER_SIZE $sum" "$L2TPGW_OUT/sink-$to.log"
}

offload() {
	local what=$1 want=$2 pkts=$3 segs=$4
	if [[ $want == yes ]]; then
		check "$what: $pkts super-packets, $segs frames" \
			test "$pkts" -gt 0 -a "$segs" -ge $((2 * pkts))
	else
		check "$what: none ($pkts, $segs)" test "$pkts" -eq 0 -a "$segs" -eq 0
	fi
}
