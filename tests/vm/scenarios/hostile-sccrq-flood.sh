#!/bin/bash
# timeout: 240
#
# A spoofed SCCRQ flood neither locks real clients out nor makes l2tpgwd a
# reflector (issue 13, items 1 and 3).  An attacker namespace sends
# SCCRQs for 100 s from 6000 distinct addresses of 10.200.0.0/16 (all 256
# /24s, each a different Assigned Tunnel ID); the LNS routes 10.200/16 back
# to the attacker, so its replies really leave.  Meanwhile xl2tpd and
# l2tpgwd, both as LAC, dial three times each.
#
# Rate: max_tunnels = 512.  Before the unverified budget, each answered
# SCCRQ held a slot for about 31 s (SCCRP and 5 retransmissions, 1+2+4+8+8+8
# s), so 512 / 31 = 16.5 spoofed SCCRQs a second kept the table full; the
# flood runs at 60/s, over 3x that (and the sources are spread so that the
# per-/24 rate limit, 5/s, never stops it: 60 / 256 /24s = 0.23/s each).
# On that code every dial below is refused ("max_tunnels (512) reached")
# and the LNS sends each spoofed source its SCCRP 6 times.
#
# Checks: every dial is up (xl2tpd: ppp0 has its address; l2tpgwd: "user
# alice up") within 10 s; l2tpgwd's VmRSS stays within 16 MiB, plus 8 KiB
# per max_tunnels slot, of what it was before the flood (at most
# max_tunnels tunnels exist, each a few KiB with its transport: about 2 MiB
# for 512; growth beyond that would mean per-SCCRQ state that is never
# freed); bytes the LNS sent to 10.200/16 are
# at most the bytes it got from there, counted by nftables in the LNS
# namespace (input saddr, output daddr: IP headers included), and the
# daemon's own counters (l2tpctl stats: unverified_rx_bytes,
# unverified_tx_bytes) agree, within what the real dials add.
#
#   ns lac:  xl2tpd   va 10.2.1.2 ---- vb1 10.2.1.1 \
#   ns lac2: l2tpgwd  va 10.2.2.2 ---- vb2 10.2.2.1  ns lns: l2tpgwd
#   ns atk:  flood    va 10.2.3.2 ---- vb3 10.2.3.1 /  (10.200/16 via .3.2)
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

NLTEST=$L2TPGW_SRC/tests/vm/helper/l2tpgw-nltest
# make check-long runs this at full size (tests/vm/long/): these three set.
RATE=${FLOOD_RATE:-60}
DURATION=${FLOOD_SECONDS:-100}
MAXT=${FLOOD_MAX_TUNNELS:-512}
OUT=$L2TPGW_OUT
SOCK=$PEERS_TMP/lns/control.sock
UPTIMES=()

peers_init
ns_add lns
topo_lac lac 1
topo_lac lac2 2
topo_lac atk 3
ip -n lns route add 10.200.0.0/16 via 10.2.3.2
ppp_secret alice alice-secret
gw_lns_std lns pap 10.20.0.10-10.20.0.250 max_tunnels=$MAXT
n lns nft -f - <<'EOF'
table ip flood {
	chain in {
		type filter hook input priority 0;
		ip saddr 10.200.0.0/16 counter
	}
	chain out {
		type filter hook output priority 0;
		ip daddr 10.200.0.0/16 counter
	}
}
EOF
gw_start lns
LNS_PID=$(gw_pid lns)
wait_for "l2tpgwd listening on 1701" 20 sh -c "ip netns exec lns ss -lun | grep -q ':1701 '"

gw_config lac2 <<EOF
[global]
log_level = debug
[lac up]
peer = 10.2.2.1
$(gw_lac_ppp_keys pap alice alice-secret)
EOF
xl2tpd_conf lac
xl2tpd_lac lac lns 10.2.1.1 alice pap
xl2tpd_start lac

rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$LNS_PID/status"; }
RSS0=$(rss_kib)
(
	while alive "$LNS_PID"; do
		rss_kib
		sleep 1
	done
) >"$OUT/rss.log" 2>/dev/null &
NETNS_BG_PIDS+=($!)

spawn flood n atk "$NLTEST" sccrq-flood --to 10.2.3.1:1701 \
	--prefix 10.200.0.0/16 --rate "$RATE" --duration "$DURATION" \
	--host flood-client.example.net
FLOOD_PID=${NETNS_BG_PIDS[-1]}

# up_within WHAT T0 CMD...: CMD succeeds within 10 s of T0 (microseconds).
up_within() {
	local what=$1 t0=$2 now ms
	shift 2
	until "$@"; do
		now=${EPOCHREALTIME/./}
		((10#$now - t0 < 10000000)) || fail "$what: not up within 10 s of dialling"
		sleep 0.1
	done
	now=${EPOCHREALTIME/./}
	ms=$(((10#$now - t0) / 1000))
	UPTIMES+=("$what ${ms}ms")
	printf '  ok: %s up %d ms after dialling\n' "$what" "$ms"
}
ppp0_gone() { ! ip -n lac link show ppp0 >/dev/null 2>&1; }
lac2_up() { grep -q "user alice up" "$OUT/l2tpgwd-lac2.log"; }
flooding() { alive "$FLOOD_PID"; }

# The old table would be full MAXT / RATE (512 / 60 = 9) s into the flood.
sleep $((MAXT / RATE + 6))
for round in 1 2 3; do
	check "flood still running (round $round)" flooding
	t0=${EPOCHREALTIME/./}
	xl2tpd_ctl lac "c lns"
	up_within "xl2tpd dial $round" "$t0" ppp_up lac ppp0
	t0=${EPOCHREALTIME/./}
	gw_start lac2
	up_within "l2tpgwd LAC dial $round" "$t0" lac2_up
	check "xl2tpd's session passes traffic" n lac ping -c 1 -W 3 10.20.0.1
	xl2tpd_ctl lac "d lns"
	wait_for "xl2tpd hung up" 20 ppp0_gone
	lac2_pid=$(gw_pid lac2)
	kill -TERM "$lac2_pid"
	wait_for "l2tpgwd LAC stopped" 20 gone "$lac2_pid"
	sleep 10
done

wait_for "flood finished" $((DURATION + 30)) gone "$FLOOD_PID"
sleep 3
cat "$OUT/flood.log"
read -r D B S T < <(sed -n 's/^sccrq-flood: sent \([0-9]*\) datagrams \([0-9]*\) bytes (IP) from \([0-9]*\) sources in \([0-9]*\) ms$/\1 \2 \3 \4/p' "$OUT/flood.log")
check "flood report read" test -n "$T"
check "flood lasted >= 90 s ($T ms)" test "$T" -ge 90000
check "flood rate >= 3x $MAXT/31 ($D in $T ms)" test $((D * 1000 * 31 / T)) -ge $((3 * MAXT))
check "thousands of distinct sources ($S)" test "$S" -ge 5000

n lns nft list table ip flood | tee "$OUT/nft.txt"
IN=$(sed -n '/chain in/,/}/s/.*counter packets [0-9]* bytes \([0-9]*\).*/\1/p' "$OUT/nft.txt")
OUTB=$(sed -n '/chain out/,/}/s/.*counter packets [0-9]* bytes \([0-9]*\).*/\1/p' "$OUT/nft.txt")
check "the flood reached the LNS ($IN of $B bytes)" test "$IN" -ge $((B * 9 / 10))
check "LNS sent the spoofed sources some bytes ($OUTB)" test "$OUTB" -gt 0
check "bytes to spoofed sources <= bytes from them ($OUTB <= $IN)" test "$OUTB" -le "$IN"

n lns "$L2TPCTL" -s "$SOCK" -j stats >"$OUT/stats.json"
cat "$OUT/stats.json"
st() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$OUT/stats.json" "$1"; }
RX=$(st unverified_rx_bytes)
TX=$(st unverified_tx_bytes)
check "daemon: unverified tx <= rx ($TX <= $RX)" test "$TX" -le "$RX"
# The daemon counts every unverified peer: the spoofed ones, and the six
# real dials until their SCCCN (an SCCRQ and an SCCRP each, < 1 KiB).
check "daemon's tx bytes: nftables' + the real dials' ($TX - $OUTB < 6 KiB)" \
	test "$TX" -ge "$OUTB" -a $((TX - OUTB)) -lt 6144
check "daemon's rx bytes: nftables' + the real dials' ($RX - $IN < 6 KiB)" \
	test "$RX" -ge "$IN" -a $((RX - IN)) -lt 6144
check "oldest unverified tunnels were evicted ($(st unverified_evicted))" test "$(st unverified_evicted)" -gt 0
check "no SCCRQ met a full table" test "$(st sccrq_table_full)" -eq 0
check "replies were held back for lack of credit" test "$(st tx_withheld_unverified)" -gt 0

PEAK=$(sort -n "$OUT/rss.log" | tail -1)
check "VmRSS samples taken ($(wc -l <"$OUT/rss.log"))" test "$(wc -l <"$OUT/rss.log")" -ge 60
# 16 MiB, and 8 KiB per tunnel slot (a few KiB each at most).
check "VmRSS bounded: peak $PEAK KiB <= $RSS0 + 16384 + 8 x $MAXT KiB" \
	test "$PEAK" -le $((RSS0 + 16384 + 8 * MAXT))
printf '  measured: flood %d SCCRQs in %d ms from %d sources (%d B); LNS in %d B out %d B; daemon rx %d tx %d; RSS %d -> peak %d KiB\n' \
	"$D" "$T" "$S" "$B" "$IN" "$OUTB" "$RX" "$TX" "$RSS0" "$PEAK"
printf '  measured: %s\n' "${UPTIMES[@]}"
