#!/bin/bash
# timeout: 1800
#
# Where the guest's CPU goes while sessions are set up: runs
# tests/bench/sessions.sh N under `perf record -a -g` (cpu-clock: TCG has
# no PMU) and writes reports by process, by object and by symbol, plus
# the callers of the top kernel symbols, to $L2TPGW_OUT.  A one-off, not a
# test:
#
#   L2TPGW_KEEP_LOGS=1 L2TPGW_VM_MEM=2048M BENCH_PROFILE_SESSIONS=3000 \
#       tests/vm/run tests/bench/profile-sessions.sh
#
# The reports land in tests/vm/logs/RUN/boot-1/profile-sessions/.
set -u
cd "${L2TPGW_SRC:-.}" || exit 1
out=${L2TPGW_OUT:?L2TPGW_OUT is not set}
n=${BENCH_PROFILE_SESSIONS:-3000}
command -v perf >/dev/null || { echo "profile: perf not found" >&2; exit 1; }
export BENCH_RAW=$out
data=$out/sessions.data

perf record -a -g -F 99 -o "$data" -- sleep 100000 >"$out/perf-record.log" 2>&1 &
perf_pid=$!
sleep 2
bash tests/bench/sessions.sh "$n" >"$out/sessions.log" 2>&1
rc=$?
kill -INT "$perf_pid"
wait "$perf_pid"
cat "$out/sessions.log"
python3 tests/bench/report.py sessions "$out/sessions.$n.txt" ||
	grep -E '^(t_|sessions_up|lns_rss)' "$out/sessions.$n.txt"

report() {
	perf report -i "$data" --stdio --no-children -g none "$@" 2>/dev/null |
		grep -v '^#' | grep -v '^$'
}
report --sort comm >"$out/perf-comm.txt"
report --sort dso >"$out/perf-dso.txt"
report --sort comm,sym --percent-limit 0.3 >"$out/perf-sym.txt"
perf report -i "$data" --stdio --no-children -G --percent-limit 2 \
	--sort sym 2>/dev/null >"$out/perf-callers.txt"
echo "== by process"; head -n 10 "$out/perf-comm.txt"
echo "== by object"; head -n 8 "$out/perf-dso.txt"
echo "== top symbols"; head -n 40 "$out/perf-sym.txt"
exit "$rc"
