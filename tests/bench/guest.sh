#!/bin/bash
# The guest half of `make bench` (and of the bench-smoke scenario): every
# setup of tests/bench/setup.sh, without and with ESP, each in fresh
# namespaces, one after the other in this one VM.  Raw tool output lands in
# $L2TPGW_OUT/raw, facts about the machine in $L2TPGW_OUT/meta.env, and one
# line per setup run in $L2TPGW_OUT/status ("SETUP ESP ok|failed RC").
#
# Then session setup (tests/bench/sessions.sh) for each N of
# BENCH_SESSIONS (default "1000 10000"; "" for none), status lines
# "sessions N ok|failed RC".
#
# Knobs: BENCH_SETUPS (default "veth ppp l2tpv3 l2tpgw"), BENCH_ESP
# (default "off on"), BENCH_REPS, BENCH_SESSIONS and those of
# tests/bench/lib.sh and tests/bench/sessions.sh.
#
# A setup that fails is recorded and the others still run; the exit
# status is 1 if any failed.
set -u
cd "${L2TPGW_SRC:-.}" || exit 1
out=${L2TPGW_OUT:?L2TPGW_OUT is not set}
mkdir -p "$out/raw"
: >"$out/status"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
	printf 'kernel=%q\n' "$(uname -r)"
	printf 'kernel_build=%q\n' "$(uname -v)"
	printf 'cpu=%q\n' "$cpu"
	printf 'vcpus=%q\n' "$(grep -c '^processor' /proc/cpuinfo)"
	printf 'clocksource=%q\n' "$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
	printf 'mem_kb=%q\n' "$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
	printf 'reps=%q\n' "${BENCH_REPS:-3}"
	printf 'tcp_secs=%q\n' "${BENCH_TCP_SECS:-4}"
	printf 'udp_secs=%q\n' "${BENCH_UDP_SECS:-4}"
	printf 'ping_count=%q\n' "${BENCH_PING_COUNT:-200}"
	printf 'link=%q\n' "veth, MTU 1500; TSO, tx-udp_tnl-segmentation and tx-udp_tnl-csum-segmentation off, GRO on (both ends)"
	printf 'l2tpgw_mode=%q\n' "static (l2tpctl kernel socket/tunnel/session)"
	printf 'iperf3=%q\n' "$(iperf3 --version | head -n 1)"
	printf 'sessions_per_tunnel=%q\n' "${BENCH_SESSIONS_PER_TUNNEL:-100}"
} >"$out/meta.env"

failed=0
for setup in ${BENCH_SETUPS:-veth ppp l2tpv3 l2tpgw}; do
	for esp in ${BENCH_ESP:-off on}; do
		t0=$SECONDS
		echo "== $setup, ESP $esp"
		bash tests/bench/setup.sh "$setup" "$esp"
		rc=$?
		echo "== $setup, ESP $esp: $((SECONDS - t0))s"
		if ((rc == 0)); then
			echo "$setup $esp ok 0" >>"$out/status"
		else
			echo "$setup $esp failed $rc" >>"$out/status"
			echo "== $setup, ESP $esp FAILED (exit status $rc)"
			failed=1
		fi
	done
done
for total in ${BENCH_SESSIONS-1000 10000}; do
	t0=$SECONDS
	echo "== sessions, N=$total"
	bash tests/bench/sessions.sh "$total"
	rc=$?
	echo "== sessions, N=$total: $((SECONDS - t0))s"
	if ((rc == 0)); then
		echo "sessions $total ok 0" >>"$out/status"
	else
		echo "sessions $total failed $rc" >>"$out/status"
		echo "== sessions, N=$total FAILED (exit status $rc)"
		failed=1
	fi
done
exit "$failed"
