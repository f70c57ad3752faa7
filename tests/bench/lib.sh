# shellcheck shell=bash
# Guest-side measurement primitives for tests/bench, sourced after
# tests/vm/lib/netns.sh.  Every measurement stores the tool's raw output
# in $BENCH_RAW/SETUP.ESP.ROW.REP.{json,txt}; tests/bench/report.py turns
# those into numbers on the host (one parser, used by `make bench` and by
# the bench-smoke scenario alike), so nothing here does arithmetic.
#
#   bench_xfrm NS_A ADDR_A NS_B ADDR_B [PROTO]
#                       ESP transport mode between two addresses, manually
#                       keyed AES-GCM (rfc4106), both directions, both ends;
#                       PROTO ("udp") limits it to the L2TP carrier
#   bench_esp_used NS SRC DST SPI
#                       the SA SRC->DST (SPI 0x1001 for ADDR_A->ADDR_B,
#                       0x1002 back) carried packets
#   bench_link NS DEV      the link's offloads (docs/PERFORMANCE.md,
#                          "The link"): no TSO, no UDP-tunnel
#                          segmentation, GRO on
#   bench_iperf_server NS
#   bench_tcp TAG TARGET   iperf3 TCP from ns a to TARGET (in ns b)
#   bench_tcp8 TAG TARGET  the same with 8 parallel streams (-P 8)
#   bench_udp TAG TARGET   iperf3 UDP, 64-byte payloads, unlimited rate;
#                          with BENCH_PERF_DIR set, under `perf record -a`
#                          (cpu-clock) into BENCH_PERF_DIR/TAG.data
#   bench_rtt TAG TARGET   ping -i 0.01, per-packet times
#
# Knobs (environment): BENCH_TCP_SECS, BENCH_UDP_SECS, BENCH_PING_COUNT;
# BENCH_TCP_LIMIT / BENCH_UDP_LIMIT replace iperf3's "-t SECS" (the smoke
# scenario sends a fixed amount instead: "-n 256K", "-k 300").

BENCH_TCP_SECS=${BENCH_TCP_SECS:-4}
BENCH_UDP_SECS=${BENCH_UDP_SECS:-4}
BENCH_PING_COUNT=${BENCH_PING_COUNT:-200}
BENCH_TCP_LIMIT=${BENCH_TCP_LIMIT:--t $BENCH_TCP_SECS}
BENCH_UDP_LIMIT=${BENCH_UDP_LIMIT:--t $BENCH_UDP_SECS}
BENCH_RAW=${BENCH_RAW:-$L2TPGW_OUT/raw}
mkdir -p "$BENCH_RAW"
# Fixed, public test key: these SAs protect nothing but benchmark traffic.
BENCH_ESP_KEY=0x6c32747067772d62656e63682d6b65792d303030

# No udev in the guest: load what the SAs need by hand, in one modprobe
# (each program start costs up to a second under TCG).  All are modules in
# Debian's 6.1; one that is missing makes "ip xfrm state add" fail below,
# naming the algorithm.
bench_esp_modules() {
	[[ -d /sys/module/esp4 && -d /sys/module/esp6 && -d /sys/module/gcm ]] && return 0
	modprobe -a esp4 esp6 xfrm_user xfrm_algo aesni_intel gcm ghash_clmulni_intel \
		ghash_generic ctr seqiv echainiv authenc cryptd crypto_simd ||
		echo "bench: some ESP/crypto modules did not load" >&2
}

# bench_xfrm NS_A ADDR_A NS_B ADDR_B [PROTO]
bench_xfrm() {
	local na=$1 aa=$2 nb=$3 ab=$4 proto=${5:-} sel=() ns src dst spi
	[[ -z $proto ]] || sel=(proto "$proto")
	bench_esp_modules
	for ns in "$na" "$nb"; do
		# Not split on ':': the addresses may be IPv6.
		for spi in "0x1001 $aa $ab" "0x1002 $ab $aa"; do
			read -r spi src dst <<<"$spi"
			ip -n "$ns" xfrm state add src "$src" dst "$dst" proto esp \
				spi "$spi" reqid 7 mode transport replay-window 4096 \
				aead 'rfc4106(gcm(aes))' "$BENCH_ESP_KEY" 128 \
				sel src "$src" dst "$dst" "${sel[@]}"
		done
	done
	ip -n "$na" xfrm policy add src "$aa" dst "$ab" "${sel[@]}" dir out \
		tmpl src "$aa" dst "$ab" proto esp reqid 7 mode transport
	ip -n "$na" xfrm policy add src "$ab" dst "$aa" "${sel[@]}" dir in \
		tmpl src "$ab" dst "$aa" proto esp reqid 7 mode transport
	ip -n "$nb" xfrm policy add src "$ab" dst "$aa" "${sel[@]}" dir out \
		tmpl src "$ab" dst "$aa" proto esp reqid 7 mode transport
	ip -n "$nb" xfrm policy add src "$aa" dst "$ab" "${sel[@]}" dir in \
		tmpl src "$aa" dst "$ab" proto esp reqid 7 mode transport
}

# bench_esp_used NS SRC DST SPI: the SA SRC->DST in NS counted packets; a
# benchmark "with ESP" whose traffic bypassed the SA would be a lie.
bench_esp_used() {
	local pkts
	pkts=$(ip -n "$1" -s xfrm state get src "$2" dst "$3" proto esp spi "$4" 2>/dev/null |
		sed -n 's/.*[ ,]\([0-9][0-9]*\)(packets).*/\1/p' | head -n 1)
	[[ ${pkts:-0} -gt 0 ]]
}

# bench_link NS DEV: DEV carries only what a wire could.  A super-packet
# handed to DEV, TCP (TSO) or UDP-tunnel (SKB_GSO_UDP_TUNNEL[_CSUM]), is
# cut into wire-sized frames in software before it, as for a NIC without
# those offloads, and the receiving end merges with GRO in NAPI like a
# real NIC's driver (on a veth, GRO on its receiving side turns NAPI on).
# TSO must be off for that too: a veth hands what a TSO-capable veth sent
# straight to the peer's stack, past its NAPI and GRO
# (veth_skb_is_eligible_for_gro()).  The same for every column.
bench_link() {
	local out
	n "$1" ethtool -K "$2" tso off tx-udp_tnl-segmentation off \
		tx-udp_tnl-csum-segmentation off gro on
	out=$(n "$1" ethtool -k "$2")
	grep -q '^tcp-segmentation-offload: off' <<<"$out" &&
		grep -q '^tx-udp_tnl-segmentation: off' <<<"$out" &&
		grep -q '^tx-udp_tnl-csum-segmentation: off' <<<"$out" &&
		grep -q '^generic-receive-offload: on' <<<"$out"
}

bench_iperf_server() {
	spawn "iperf3-$1" ip netns exec "$1" iperf3 -s
	wait_for "iperf3 listening in $1" 30 bench_listening "$1"
}

bench_listening() {
	ip netns exec "$1" ss -Hltn 'sport = :5201' | grep -q .
}

# The first packets of a run resolve neighbours and, with ESP, set up the
# SA's state: not part of any measurement.
bench_warm() {
	n a ping -c 3 -i 0.2 -W 2 "$1" >/dev/null
}

bench_tcp() {
	# shellcheck disable=SC2086 # option and value
	n a iperf3 -c "$2" $BENCH_TCP_LIMIT -J >"$BENCH_RAW/$1.tcp.json"
}

bench_tcp8() {
	# shellcheck disable=SC2086 # option and value
	n a iperf3 -c "$2" -P 8 $BENCH_TCP_LIMIT -J >"$BENCH_RAW/$1.tcp8.json"
}

bench_udp() {
	local perf=()
	[[ -z ${BENCH_PERF_DIR:-} ]] ||
		perf=(perf record -q -a -g -e cpu-clock -o "$BENCH_PERF_DIR/$1.data" --)
	# shellcheck disable=SC2086 # option and value
	"${perf[@]}" ip netns exec a iperf3 -c "$2" -u -l 64 -b 0 $BENCH_UDP_LIMIT -J \
		>"$BENCH_RAW/$1.udp64.json"
}

bench_rtt() {
	# Exit status 1 is "some replies missing": the parser uses the others.
	n a ping -i 0.01 -W 2 -c "$BENCH_PING_COUNT" "$2" >"$BENCH_RAW/$1.rtt.txt" ||
		[[ $? == 1 ]]
}
