#!/bin/bash
# timeout: 200
#
# l2tpgwd's /metrics (docs/metrics.md) with real clients: two xl2tpd+pppd
# sessions (PAP, MS-CHAPv2) and one that fails CHAP (unknown user).
# The scrape parses with python3-prometheus-client's parser, and its
# numbers are l2tpctl's: tunnels and sessions by state against `-j stats`
# and the tunnel and session lists, setups and the setup-latency
# histogram's count (2), authentications by method and result, every
# rejected-input class, and the module's counters (namespace ones equal to
# `l2tpctl -j kernel stats`, session sums between two `kernel session
# list` readings).  Other paths are 404, other methods 405; the endpoint
# listens on 127.0.0.1 only; idle HTTP clients that hold connections open
# neither stop the sessions from coming up nor stay past the timeout; a
# reload that changes metrics_listen moves the endpoint.
#
#   ns lac: xl2tpd, pppd x3            ns lns: l2tpgwd, metrics 127.0.0.1:9595
#   va 10.2.1.2/24 ------ UDP 1701 ----- vb1 10.2.1.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
ns_add lns
topo_lac lac 1
ppp_secret alice alice-secret
ppp_secret mallory not-a-user
n lns ip link set lo up
gw_lns_std lns "pap chap mschapv2" 10.20.0.10-10.20.0.20
gw_start lns
GL=$L2TPGW_OUT/l2tpgwd-lns.log
wait_for "l2tpgwd serves /metrics" 20 log_has "$GL" 'metrics: http://127.0.0.1:9595/metrics'

PY=/usr/bin/python3
T=$PEERS_TMP/metrics
mkdir -p "$T"

# Two clients that connect and say nothing (one sends half a request
# line) and wait for the server to close; each writes how long it took.
cat >"$T/idle.py" <<'PYEOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", 9595))
if sys.argv[2] == "half":
    s.sendall(b"GET /met")
t0 = time.monotonic()
s.settimeout(60)
try:
    while s.recv(4096):
        pass
except OSError:
    pass
open(sys.argv[1], "w").write("%.1f\n" % (time.monotonic() - t0))
PYEOF
spawn idle1 n lns $PY "$T/idle.py" "$T/idle1" silent
spawn idle2 n lns $PY "$T/idle.py" "$T/idle2" half
sleep 0.5

xl2tpd_conf lac
xl2tpd_lac lac a 10.2.1.1 alice pap
xl2tpd_lac lac b 10.2.1.1 alice mschapv2
xl2tpd_lac lac bad 10.2.1.1 mallory chap
xl2tpd_start lac
xl2tpd_ctl lac "c a"
wait_for "ppp0 up (PAP) while idle HTTP clients hold connections" 90 ppp_up lac ppp0
xl2tpd_ctl lac "c b"
wait_for "ppp1 up (MS-CHAPv2)" 90 ppp_up lac ppp1
xl2tpd_ctl lac "c bad"
wait_for "bad: pppd reports the CHAP failure" 60 log_has "$L2TPGW_OUT/pppd-lac-bad.log" 'CHAP authentication failed'
wait_for "bad: its session is gone" 30 kernel_count_is lns session 2
# The failed call's tunnel may close: wait until no tunnel changes state.
tunnels_settled() {
	local t e
	t=$(gw_stat lns tunnels) && e=$(gw_stat lns tunnels_established) && [[ $t == "$e" ]]
}
wait_for "every tunnel established, none closing" 60 tunnels_settled
wait_for "idle HTTP clients dropped at the timeout" 30 test -s "$T/idle1" -a -s "$T/idle2"
check "idle clients held for 10..20 s ($(cat "$T/idle1") s, $(cat "$T/idle2") s)" \
	$PY -c 'import sys; sys.exit(not all(9 <= float(open(f).read()) <= 20 for f in sys.argv[1:]))' "$T/idle1" "$T/idle2"

# One reading of everything: kernel sessions before and after the scrape.
kernel_sessions lns >"$T/ksess0.json"
n lns curl -s -o "$T/metrics.txt" -w '%{http_code} %{content_type}\n' http://127.0.0.1:9595/metrics >"$T/code"
kernel_sessions lns >"$T/ksess1.json"
gw_ctl lns -j stats >"$T/stats.json"
gw_ctl lns -j tunnel list >"$T/tunnels.json"
gw_ctl lns -j session list >"$T/sessions.json"
n lns "$L2TPCTL" -j kernel stats >"$T/kstats.json"
check "GET /metrics: 200, text format 0.0.4 ($(cat "$T/code"))" grep -q '^200 text/plain; version=0.0.4' "$T/code"

# The checks, each printed "ok WHAT" or "FAIL WHAT", in one python run.
cat >"$T/check.py" <<'PYEOF'
import json, sys
from prometheus_client.parser import text_string_to_metric_families

d = sys.argv[1]
def load(name):
    return json.load(open(d + "/" + name))
stats, tunnels, sessions = load("stats.json"), load("tunnels.json"), load("sessions.json")
kstats, ks0, ks1 = load("kstats.json"), load("ksess0.json"), load("ksess1.json")
fams = {f.name: f for f in text_string_to_metric_families(open(d + "/metrics.txt").read())}
m = {}
for f in fams.values():
    for s in f.samples:
        m[(s.name, tuple(sorted(s.labels.items())))] = s.value

def v(name, **labels):
    return m.get((name, tuple(sorted(labels.items()))))

def check(what, ok):
    print(("ok " if ok else "FAIL ") + what)

check("parsed: %d families" % len(fams), len(fams) > 40)
check("every family has HELP text", all(f.documentation for f in fams.values()))
for st in ("established", "negotiating", "closing"):
    check("tunnels{state=%s} %s == stats %s" % (st, v("l2tpgw_tunnels", state=st), stats["tunnels_" + st]),
          v("l2tpgw_tunnels", state=st) == stats["tunnels_" + st])
tsum = sum(s.value for s in fams["l2tpgw_tunnels"].samples)
check("tunnels by state sum %s == tunnel list %d == stats tunnels %d" % (tsum, len(tunnels), stats["tunnels"]),
      tsum == len(tunnels) == stats["tunnels"])
check("established tunnels %s == in tunnel list" % v("l2tpgw_tunnels", state="established"),
      v("l2tpgw_tunnels", state="established") == sum(t["state"] == "established" for t in tunnels))
up, setup = v("l2tpgw_sessions", state="up"), v("l2tpgw_sessions", state="setup")
check("sessions up %s == stats sessions_up %d == 2" % (up, stats["sessions_up"]), up == stats["sessions_up"] == 2)
check("sessions up+setup %s == session list %d == stats sessions %d" % (up + setup, len(sessions), stats["sessions"]),
      up + setup == len(sessions) == stats["sessions"])
check("setups_total %s == stats sessions_set_up == 2" % v("l2tpgw_session_setups_total"),
      v("l2tpgw_session_setups_total") == stats["sessions_set_up"] == 2)
check("setup_failures_total %s == stats session_setups_failed >= 1" % v("l2tpgw_session_setup_failures_total"),
      v("l2tpgw_session_setup_failures_total") == stats["session_setups_failed"] >= 1)
check("teardowns_total %s == stats sessions_torn_down" % v("l2tpgw_session_teardowns_total"),
      v("l2tpgw_session_teardowns_total") == stats["sessions_torn_down"] == 0)
h = "l2tpgw_session_setup_seconds"
buckets = sorted((float(s.labels["le"]), s.value) for s in fams[h].samples if s.name == h + "_bucket")
check("histogram count %s == sessions set up (2)" % v(h + "_count"), v(h + "_count") == 2)
check("histogram buckets cumulative, +Inf == count", all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:]))
      and buckets[-1] == (float("inf"), 2) and len(buckets) == 10)
check("histogram sum %s s == stats session_setup_ms_total / 1000" % v(h + "_sum"),
      abs(v(h + "_sum") - stats["session_setup_ms_total"] / 1000) < 1e-9 and v(h + "_sum") > 0)
for meth, res, want in (("pap", "success", 1), ("mschapv2", "success", 1), ("chap", "success", 0),
                        ("chap", "failure", None), ("pap", "failure", 0), ("mschapv2", "failure", 0)):
    key = "auth_%s_%s" % (meth, "succeeded" if res == "success" else "failed")
    got = v("l2tpgw_auth_total", method=meth, result=res)
    check("auth %s %s: %s == stats %s%s" % (meth, res, got, stats[key], "" if want is None else " == %d" % want),
          got == stats[key] and (got >= 1 if want is None else got == want))
for fam, label in (("l2tpgw_control_rejected_total", "class"),):
    bad = [(s.labels[label], s.value, stats.get(s.labels[label])) for s in fams[fam.replace("_total", "")].samples
           if s.value != stats.get(s.labels[label])]
    check("%s: every class (%d) equals its stat %s" % (fam, len(fams[fam.replace("_total", "")].samples), bad), not bad)
check("module up", v("l2tpgw_module_up") == 1)
check("module objects: 2 sessions", v("l2tpgw_module_objects", scope="sessions") == 2)
names = [n for n in kstats if ("l2tpgw_module_" + n) in fams]
bad = [n for n in names if v("l2tpgw_module_%s_total" % n, scope="namespace") != kstats[n]]
check("module namespace counters (%d) == l2tpctl kernel stats %s" % (len(names), bad), len(names) > 10 and not bad)
for k in ("rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_ctrl_packets", "tx_ctrl_packets"):
    a = sum(s.get("stats", {}).get(k, 0) for s in ks0)
    b = sum(s.get("stats", {}).get(k, 0) for s in ks1)
    got = v("l2tpgw_module_%s_total" % k, scope="sessions")
    check("module sessions %s: %s <= %s <= %s" % (k, a, got, b), got is not None and a <= got <= b)
PYEOF
n lns $PY "$T/check.py" "$T" >"$T/check.out" 2>&1
cat "$T/check.out"
while read -r verdict what; do
	check "$what" test "$verdict" = ok
done <"$T/check.out"
check "check.py ran to the end" grep -q 'module sessions tx_ctrl_packets' "$T/check.out"

code() {	# ARGS...: the status curl gets
	n lns curl -s -o /dev/null -w '%{http_code}' "$@"
}
check "GET /other: 404" test "$(code http://127.0.0.1:9595/other)" = 404
check "GET /: 404" test "$(code http://127.0.0.1:9595/)" = 404
check "POST /metrics: 405" test "$(code -X POST -d x http://127.0.0.1:9595/metrics)" = 405
check "not listening on 10.2.1.1 (from lns)" sh -c "! ip netns exec lns curl -s -m 3 http://10.2.1.1:9595/metrics"
check "not reachable from lac" sh -c "! ip netns exec lac curl -s -m 3 http://10.2.1.1:9595/metrics"
check "listening socket is 127.0.0.1:9595 only" sh -c "ip netns exec lns ss -Hltn 'sport = :9595' | awk '{print \$4}' | grep -qx 127.0.0.1:9595"

# A reload that changes metrics_listen moves the endpoint; sessions stay.
sed -i 's|^\[global\]$|[global]\nmetrics_listen = 127.0.0.1:9596|' "$PEERS_TMP/lns/l2tpgwd.conf"
check "l2tpctl reload with metrics_listen = 127.0.0.1:9596" gw_ctl lns reload
check "after the reload, 9596 serves /metrics" test "$(code http://127.0.0.1:9596/metrics)" = 200
check "after the reload, nothing on 9595" sh -c "! ip netns exec lns curl -s -m 3 http://127.0.0.1:9595/metrics"
check "both sessions still up" gw_stat_is lns sessions_up 2
check "l2tpgwd still running" alive "$(gw_pid lns)"
