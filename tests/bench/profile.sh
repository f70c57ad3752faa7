#!/bin/bash
# timeout: 600
#
# Where the guest's CPU goes while UDP 64-byte packets cross a static
# l2tpgw session, and the in-tree PPP path for comparison: tests/bench/
# setup.sh runs with BENCH_PERF_DIR set, so its UDP measurement runs under
# `perf record -a` (cpu-clock: TCG has no PMU); the reports go to
# $L2TPGW_OUT/perf-SETUP-{dso,sym}.txt.  A one-off, not a test:
#
#   L2TPGW_KEEP_LOGS=1 tests/vm/run tests/bench/profile.sh
#
# BENCH_PROFILE_SETUPS (default "l2tpgw ppp") picks what to profile.  The
# guest's clock is jiffies under TCG, so samples come at the tick rate: the
# shares are coarse, the ranking is what to read.
set -u
cd "${L2TPGW_SRC:-.}" || exit 1
out=${L2TPGW_OUT:?L2TPGW_OUT is not set}
command -v perf >/dev/null || { echo "profile: perf not found" >&2; exit 1; }
export BENCH_REPS=1 BENCH_UDP_SECS=15 BENCH_PING_COUNT=5 BENCH_TCP_LIMIT="-n 64K"
export BENCH_PERF_DIR=$out

# module_share MODULE REPORT: the summed share of MODULE's functions (from
# /proc/kallsyms, which tags each with [MODULE]) in a --sort sym report.
# perf itself files them all under [kernel.kallsyms].
module_share() {
	awk -v m="[$1]" '
		FNR == NR { if ($4 == m) own[$3] = 1; next }
		/^#/ || NF < 3 { next }
		($NF in own) { sub("%", "", $1); sum += $1; n++ }
		END { if (n) printf "  %-12s %5.2f%% (%d symbols)\n", substr(m, 2, length(m) - 2), sum, n }
	' /proc/kallsyms "$2"
}
for setup in ${BENCH_PROFILE_SETUPS:-l2tpgw ppp}; do
	bash tests/bench/setup.sh "$setup" off >"$out/setup-$setup.log" 2>&1 ||
		{ echo "profile: $setup failed (see setup-$setup.log)" >&2; exit 1; }
	data=$out/$setup.off.1.data
	perf report -i "$data" --stdio --no-children -g none --sort dso \
		>"$out/perf-$setup-dso.txt" 2>/dev/null
	perf report -i "$data" --stdio --no-children -g none --sort dso,sym \
		--percent-limit 0.3 >"$out/perf-$setup-sym.txt" 2>/dev/null
	echo "== $setup: samples"
	grep -m1 '^# Samples' "$out/perf-$setup-sym.txt"
	echo "== $setup: by object"
	grep -v '^#' "$out/perf-$setup-dso.txt" | grep -v '^$' | head -n 8
	echo "== $setup: top symbols"
	grep -v '^#' "$out/perf-$setup-sym.txt" | grep -v '^$' | head -n 30
	echo "== $setup: share of the tunnel's modules (all their symbols)"
	perf report -i "$data" --stdio --no-children -g none --sort sym \
		>"$out/perf-$setup-all.txt" 2>/dev/null
	for mod in l2tpgw l2tp_core l2tp_ppp ppp_generic pppox udp_tunnel; do
		module_share "$mod" "$out/perf-$setup-all.txt"
	done
done
