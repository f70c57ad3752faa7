#!/bin/bash
# timeout: 420
#
# `make bench` cannot rot: its guest code (tests/bench/guest.sh) runs every
# setup (veth, in-tree PPP, in-tree L2TPv3, l2tpgw; without and with ESP)
# once, on tiny transfers, then session setup (tests/bench/sessions.sh)
# with 50 sessions instead of 1,000 and 10,000, and its parser
# (tests/bench/report.py) must get a number out of every row (TCP 1 and 8
# streams, UDP 64 B, RTT) and read the l2tpgw sessions' offload counters;
# the link between the namespaces must have UDP-tunnel segmentation off
# and GRO on (tests/bench/lib.sh: bench_link); all 50 sessions must come
# up and go.  How fast anything went is not checked
# here: the host is shared and the guest runs under TCG.
#
#   ns a: iperf3 -c, ping  ── va 10.9.0.1 ── vb 10.9.0.2 ──  ns b: iperf3 -s
#   (through veth / ppp0 / l2tpeth0 / l2g0; see tests/bench/setup.sh)
#   ns lac: l2tpgwd, 10 [lac] x 5 calls ── UDP 1701 ──  ns lns: l2tpgwd
set -u
export BENCH_REPS=1 BENCH_PING_COUNT=5
export BENCH_TCP_LIMIT="-n 256K" BENCH_UDP_LIMIT="-k 300"
export BENCH_SESSIONS=50 BENCH_SESSIONS_PER_TUNNEL=5
bash tests/bench/guest.sh
rc=$?
/usr/bin/python3 tests/bench/report.py check "$L2TPGW_OUT" || exit 1
exit "$rc"
