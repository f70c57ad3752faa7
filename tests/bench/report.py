#!/usr/bin/python3
"""Turn the raw output of tests/bench/guest.sh into numbers.

    report.py check DIR
        every setup run in DIR/status succeeded and every measurement of
        every repetition parses to a positive number (the bench-smoke
        scenario: it checks that the benchmark works, never how fast)
    report.py report DIR --accel TEXT --json FILE [--png FILE]
        the table on stdout, the JSON document, the chart

DIR is a guest's $L2TPGW_OUT: meta.env, status, raw/SETUP.ESP.REP.ROW.EXT,
raw/l2tpgw.ESP.counters.{a,b}.json (the l2tpgw sessions' counters after
all the rows) and raw/sessions.N.txt (tests/bench/sessions.sh).
Parsing is pure (text in, number or error out); the outputs are built from
what parsed and say what did not.
"""

import argparse
import datetime
import json
import math
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile

SETUPS = ("veth", "ppp", "l2tpv3", "l2tpgw")
SETUP_TITLES = {
    "veth": "veth",
    "ppp": "in-tree PPP",
    "l2tpv3": "in-tree L2TPv3",
    "l2tpgw": "l2tpgw",
}
ESPS = ("off", "on")
# row key -> (file extension, title, unit, bigger is better)
ROWS = {
    "tcp": ("json", "TCP throughput", "Mbit/s", True),
    "tcp8": ("json", "TCP 8 streams", "Mbit/s", True),
    "udp64": ("json", "UDP 64 B received", "kpps", True),
    "rtt": ("txt", "RTT mean", "us", False),
}
UDP_PAYLOAD = 64


class ParseError(Exception):
    pass


def parse_tcp(text):
    """iperf3 -J (TCP): receiver's bits per second, in Mbit/s."""
    doc = _iperf_doc(text)
    try:
        bps = doc["end"]["sum_received"]["bits_per_second"]
    except (KeyError, TypeError):
        raise ParseError("no end.sum_received.bits_per_second") from None
    return _positive(bps / 1e6, "TCP throughput")


def parse_udp64(text):
    """iperf3 -J -u -l 64: packets the receiver got per second, in kpps."""
    doc = _iperf_doc(text)
    try:
        recv = doc["end"]["sum_received"]
        pkts = recv["bytes"] / UDP_PAYLOAD
        secs = recv["seconds"]
    except (KeyError, TypeError):
        raise ParseError("no end.sum_received.bytes/seconds") from None
    if not secs or secs <= 0:
        raise ParseError("receiver reported %r seconds" % secs)
    return _positive(pkts / secs / 1e3, "UDP packet rate")


def parse_rtt(text):
    """ping output: the mean of the per-reply times, in microseconds.

    The mean, not the median: under TCG without ACPI the guest's clock is
    jiffies, so each time is a whole number of 4 ms ticks (mostly 0).  The
    median of such samples is 0; their mean still estimates the true mean,
    the ticks falling at random phases of the round trips."""
    times = [float(m) for m in re.findall(r" time=([0-9.]+) ms", text)]
    if not times:
        raise ParseError("no replies in the ping output")
    rtt = statistics.fmean(times) * 1e3
    if not (math.isfinite(rtt) and rtt >= 0):
        raise ParseError("RTT is %r" % rtt)
    return rtt


PARSERS = {"tcp": parse_tcp, "tcp8": parse_tcp, "udp64": parse_udp64,
           "rtt": parse_rtt}

# The l2tpgw column's offload counters (`l2tpctl -j kernel session show`
# "stats"), a the sender of TCP and UDP, b the receiver.
OFFLOAD_STATS = ("tx_packets", "tx_gso_packets", "tx_gso_segs",
                 "rx_packets", "rx_gro_packets", "rx_gro_segs")


def parse_counters(text):
    """l2tpctl -j kernel session show: the OFFLOAD_STATS of "stats"."""
    try:
        stats = json.loads(text)["stats"]
        out = {k: stats[k] for k in OFFLOAD_STATS}
    except ValueError as e:
        raise ParseError("not l2tpctl JSON: %s" % e) from None
    except (KeyError, TypeError) as e:
        raise ParseError("no stats.%s" % e) from None
    for k, v in out.items():
        if not isinstance(v, int) or v < 0:
            raise ParseError("stats.%s is %r" % (k, v))
    return out

# Session-setup rows: key -> (title, unit, format).  The in-tree column
# has none: pppd per session (xl2tpd's model) cannot reach these counts.
SESSION_ROWS = {
    "failed": ("sessions failed", "", "%d"),
    "setup_secs": ("setup time", "s", None),
    "rate": ("setup rate", "sessions/s", None),
    "first_up_secs": ("first session up after", "s", None),
    "daemon_per_session": ("LNS daemon memory per session", "KiB", None),
    "kernel_per_end": ("kernel memory per session end", "KiB", None),
    "teardown_secs": ("teardown time", "s", None),
}
SESSION_TARGETS = {
    "failed": ("= 0", lambda v: v == 0),
    "rate": (">= 500", lambda v: v >= 500),
    "daemon_per_session": ("<= 4", lambda v: v <= 4),
}
INTREE_SESSIONS = "n/a (pppd per session)"
KERNEL_MEMINFO = ("Slab", "Percpu", "VmallocUsed")


def parse_sessions(text):
    """tests/bench/sessions.sh's record: the session-setup figures.

    Setup time runs from starting the LAC l2tpgwd to the first poll that
    saw the LNS's final sessions_up; the rate is the sessions up over it.
    Both ends live in one kernel, so the kernel's growth is divided by 2N:
    a session end is one kernel session and one netdevice."""
    facts, progress = {}, []
    for n, line in enumerate(text.splitlines(), 1):
        w = line.split()
        if len(w) == 3 and w[0] == "up":
            try:
                progress.append((float(w[1]), int(w[2])))
            except ValueError:
                raise ParseError("line %d: bad sample %r" % (n, line)) from None
        elif len(w) == 1 and "=" in w[0]:
            k, v = w[0].split("=", 1)
            facts[k] = v
        else:
            raise ParseError("line %d: %r" % (n, line))

    def num(key, conv=float):
        try:
            return conv(facts[key])
        except KeyError:
            raise ParseError("no %s" % key) from None
        except ValueError:
            raise ParseError("%s=%r is not a number" % (key, facts[key])) \
                from None

    total = num("sessions", int)
    up = num("sessions_up", int)
    if total <= 0 or not 0 <= up <= total:
        raise ParseError("%d of %d sessions up" % (up, total))
    if not progress or progress[-1][1] != up:
        raise ParseError("the samples do not end at sessions_up=%d" % up)
    t_start = num("t_start")
    t_all = next(t for t, u in progress if u == up)
    t_first = next((t for t, u in progress if u > 0), None)
    setup = t_all - t_start
    if up and setup <= 0:
        raise ParseError("setup took %r s" % setup)
    teardown = num("t_gone") - num("t_stop")
    if teardown < 0:
        raise ParseError("teardown took %r s" % teardown)
    kernel = sum(num("after_%s_kb" % k) - num("before_%s_kb" % k)
                 for k in KERNEL_MEMINFO)
    daemon = num("lns_rss_after_kb") - num("lns_rss_before_kb")
    return {
        "sessions": total,
        "tunnels": num("tunnels", int),
        "auth": facts.get("auth"),
        "up": up,
        "failed": total - up,
        "lns_kernel_sessions": num("lns_kernel_sessions", int),
        "lac_devices": num("lac_devices", int),
        "setup_secs": setup,
        "rate": up / setup if up else 0.0,
        "first_up_secs": t_first - t_start if t_first is not None else None,
        "daemon_per_session": daemon / up if up else None,
        "lns_rss_kb": {k: num("lns_rss_%s_kb" % k)
                       for k in ("before", "after", "end")},
        "kernel_per_end": kernel / (2 * up) if up else None,
        "kernel_kb": {k: num("after_%s_kb" % k) - num("before_%s_kb" % k)
                      for k in KERNEL_MEMINFO + ("MemAvailable",)},
        "teardown_secs": teardown,
        "progress": [[round(t - t_start, 3), u] for t, u in progress],
    }


def _iperf_doc(text):
    try:
        doc = json.loads(text)
    except ValueError as e:
        raise ParseError("not iperf3 JSON: %s" % e) from None
    if not isinstance(doc, dict):
        raise ParseError("iperf3 JSON is not an object")
    if doc.get("error"):
        raise ParseError("iperf3: %s" % doc["error"])
    return doc


def _positive(v, what):
    if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
        raise ParseError("%s is %r, not a positive number" % (what, v))
    return v


def read_meta(d):
    meta = {}
    path = os.path.join(d, "meta.env")
    with open(path) as f:
        for n, line in enumerate(f, 1):
            words = shlex.split(line)
            if len(words) != 1 or "=" not in words[0]:
                raise SystemExit("%s:%d: not KEY=VALUE" % (path, n))
            k, v = words[0].split("=", 1)
            meta[k] = v
    try:
        meta["reps"] = int(meta["reps"])
    except (KeyError, ValueError):
        raise SystemExit("%s: no integer 'reps'" % path) from None
    return meta


def read_status(d):
    """[(setup, esp, ok, rc)] in the order they ran."""
    runs = []
    path = os.path.join(d, "status")
    with open(path) as f:
        for n, line in enumerate(f, 1):
            w = line.split()
            known = (w[0] in SETUPS and w[1] in ESPS) or \
                (w[0] == "sessions" and w[1].isdigit()) if len(w) == 4 \
                else False
            if not known or w[2] not in ("ok", "failed"):
                raise SystemExit("%s:%d: bad status line %r" % (path, n, line))
            runs.append((w[0], w[1], w[2] == "ok", w[3]))
    return runs


def collect(d):
    """meta, runs, results[setup][esp][row] = {"samples", "errors"},
    and results["sessions"][N] = parse_sessions() or {"errors"}."""
    meta = read_meta(d)
    runs = read_status(d)
    results = {}
    for setup, n, _ok, _rc in runs:
        if setup != "sessions":
            continue
        name = "sessions.%s.txt" % n
        try:
            with open(os.path.join(d, "raw", name)) as f:
                cell = parse_sessions(f.read())
            cell["errors"] = []
        except OSError:
            cell = {"errors": ["%s: missing" % name]}
        except ParseError as e:
            cell = {"errors": ["%s: %s" % (name, e)]}
        results.setdefault("sessions", {})[n] = cell
    for setup, esp, _ok, _rc in runs:
        if setup == "sessions":
            continue
        for row, (ext, _t, _u, _b) in ROWS.items():
            cell = {"samples": [], "errors": []}
            for rep in range(1, meta["reps"] + 1):
                name = "%s.%s.%d.%s.%s" % (setup, esp, rep, row, ext)
                path = os.path.join(d, "raw", name)
                try:
                    with open(path) as f:
                        cell["samples"].append(PARSERS[row](f.read()))
                except OSError:
                    cell["errors"].append("%s: missing" % name)
                except ParseError as e:
                    cell["errors"].append("%s: %s" % (name, e))
            if cell["samples"]:
                cell["median"] = statistics.median(cell["samples"])
            results.setdefault(setup, {}).setdefault(esp, {})[row] = cell
        if setup == "l2tpgw":
            results[setup][esp]["offload"] = read_counters(d, esp)
    return meta, runs, results


def read_counters(d, esp):
    """{"a": counters, "b": counters, "errors": [...]} of one l2tpgw run."""
    cell = {"errors": []}
    for end in ("a", "b"):
        name = "l2tpgw.%s.counters.%s.json" % (esp, end)
        try:
            with open(os.path.join(d, "raw", name)) as f:
                cell[end] = parse_counters(f.read())
        except OSError:
            cell["errors"].append("%s: missing" % name)
        except ParseError as e:
            cell["errors"].append("%s: %s" % (name, e))
    return cell


def cmd_check(args):
    meta, runs, results = collect(args.dir)
    bad = 0
    if not runs:
        print("  FAIL: no setup ran (empty status)")
        return 1
    for setup, esp, ok, rc in runs:
        if not ok:
            print("  FAIL: %s %s exited %s" % (
                setup, esp if setup == "sessions" else "with ESP " + esp, rc))
            bad += 1
        if setup == "sessions":
            bad += check_sessions(esp, results["sessions"][esp])
            continue
        for row in ROWS:
            cell = results[setup][esp][row]
            what = "%s/esp-%s/%s: %d of %d repetitions gave a number" % (
                setup, esp, row, len(cell["samples"]), meta["reps"])
            if cell["errors"] or len(cell["samples"]) != meta["reps"]:
                print("  FAIL: %s (%s)" % (what, "; ".join(cell["errors"])))
                bad += 1
            else:
                print("  ok: %s" % what)
        if setup == "l2tpgw":
            cell = results[setup][esp]["offload"]
            what = "l2tpgw/esp-%s: offload counters of both ends read" % esp
            if cell["errors"]:
                print("  FAIL: %s (%s)" % (what, "; ".join(cell["errors"])))
                bad += 1
            else:
                print("  ok: %s (%s)" % (what, offload_line(cell)))
    return 1 if bad else 0


def offload_line(cell):
    """The offload counters of one l2tpgw run, in one line."""
    if cell.get("errors"):
        return "not read: " + "; ".join(cell["errors"])
    a, b = cell["a"], cell["b"]
    return ("a sent %d (tx_gso_packets %d, tx_gso_segs %d),"
            " b got %d (rx_gro_packets %d, rx_gro_segs %d);"
            " b sent %d (tx_gso_packets %d), a got %d (rx_gro_packets %d)"
            % (a["tx_packets"], a["tx_gso_packets"], a["tx_gso_segs"],
               b["rx_packets"], b["rx_gro_packets"], b["rx_gro_segs"],
               b["tx_packets"], b["tx_gso_packets"],
               a["rx_packets"], a["rx_gro_packets"]))


def check_sessions(n, cell):
    """The session rows parsed, every session came up (50 sessions not
    all coming up is a bug, not a speed) and the teardown emptied the
    LNS's kernel; returns the number of failures."""
    if cell["errors"]:
        print("  FAIL: sessions N=%s: %s" % (n, "; ".join(cell["errors"])))
        return 1
    bad = 0
    for ok, what in (
            (cell["failed"] == 0, "%d of %s sessions up" % (cell["up"], n)),
            (cell["lns_kernel_sessions"] == cell["up"],
             "the LNS's kernel held %d sessions" % cell["lns_kernel_sessions"]),
            (all(cell[r] is not None for r in SESSION_ROWS),
             "every session row has a number")):
        print("  %s: sessions N=%s: %s" % ("ok" if ok else "FAIL", n, what))
        bad += not ok
    return bad


def fmt(v):
    if v is None:
        return "-"
    if v == 0:
        return "0"
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def median_of(results, setup, esp, row):
    return results.get(setup, {}).get(esp, {}).get(row, {}).get("median")


def ratio(a, b):
    return "%.2fx" % (a / b) if a is not None and b else "-"


def table(results):
    head = ["row", "veth", "in-tree PPP", "in-tree L2TPv3", "l2tpgw",
            "l2tpgw/PPP", "l2tpgw/veth"]
    lines = []
    for esp in ESPS:
        for row, (_e, title, unit, _b) in ROWS.items():
            label = "%s (%s)%s" % (title, unit, " +ESP" if esp == "on" else "")
            vals = [median_of(results, s, esp, row) for s in SETUPS]
            gw, ppp, veth = vals[3], vals[1], vals[0]
            r1 = ratio(gw, ppp)
            r2 = ratio(gw, veth)
            lines.append([label] + [fmt(v) for v in vals] + [r1, r2])
    widths = [max(len(r[i]) for r in [head] + lines) for i in range(len(head))]
    out = []
    for r in [head] + lines:
        out.append("  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                             for i, c in enumerate(r)))
        if r is head:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def session_table(sessions):
    """One row per figure and N: l2tpgw, the in-tree column, the target."""
    head = ["session setup (l2tpgwd LNS, l2tpgwd LAC load)", "l2tpgw",
            "in-tree PPP", "target", "met"]
    lines = []
    for n in sorted(sessions, key=int):
        cell = sessions[n]
        if cell["errors"]:
            lines.append(["N=%s: not measured" % n, "-", INTREE_SESSIONS,
                          "", ""])
            continue
        for row, (title, unit, form) in SESSION_ROWS.items():
            v = cell[row]
            label = "%s%s, N=%s" % (title, " (%s)" % unit if unit else "", n)
            text = "-" if v is None else (form % v if form else fmt(v))
            target, met = "", ""
            if row in SESSION_TARGETS and v is not None:
                target = SESSION_TARGETS[row][0]
                met = "yes" if SESSION_TARGETS[row][1](v) else "NO"
            lines.append([label, text, INTREE_SESSIONS, target, met])
    widths = [max(len(r[i]) for r in [head] + lines) for i in range(len(head))]
    out = []
    for r in [head] + lines:
        out.append("  ".join(c.ljust(widths[i]) if i in (0, 2, 4)
                             else c.rjust(widths[i]) for i, c in enumerate(r)))
        if r is head:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def chart(results, meta, accel, path):
    """Two panels, TCP and UDP 64 B, one group per setup, ESP off/on bars."""
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as f:
        dat = f.name
        for s in SETUPS:
            vals = [median_of(results, s, e, r) for r in ("tcp", "udp64")
                    for e in ESPS]
            f.write('"%s" %s\n' % (SETUP_TITLES[s], " ".join(
                "%.6g" % v if v is not None else "NaN" for v in vals)))
    title = "%s, %s, %s vCPU, %s, median of %d" % (
        meta.get("kernel", "?"), meta.get("cpu", "?"), meta.get("vcpus", "?"),
        accel, meta["reps"])
    script = """
set terminal pngcairo size 1100,520 font "sans,10"
set output '%(png)s'
set multiplot layout 1,2 title "%(title)s"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set yrange [0:*]
set key top right
set xtics nomirror
set title "TCP throughput (Mbit/s)"
plot '%(dat)s' using 2:xtic(1) title "plain" lc rgb "#3b6ea5", \\
     '' using 3 title "ESP" lc rgb "#d9822b"
set title "UDP 64-byte packets received (kpps)"
plot '%(dat)s' using 4:xtic(1) title "plain" lc rgb "#3b6ea5", \\
     '' using 5 title "ESP" lc rgb "#d9822b"
unset multiplot
""" % {"png": path.replace("'", ""), "dat": dat,
       "title": title.replace('"', "'")}
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
    finally:
        os.unlink(dat)


def cmd_report(args):
    meta, runs, results = collect(args.dir)
    failures = [("sessions N=%s exited %s" if s == "sessions" else
                 "%s/esp-%s exited %s") % ((e, rc) if s == "sessions" else
                                           (s, e, rc))
                for s, e, ok, rc in runs if not ok]
    for s in results:
        for e in results[s]:
            if s == "sessions":
                failures.extend(results[s][e]["errors"])
                continue
            for row, cell in results[s][e].items():
                failures.extend(cell["errors"])
    doc = {
        "date": args.date or datetime.datetime.now(
            datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "kernel": meta.get("kernel"),
        "kernel_build": meta.get("kernel_build"),
        "cpu": meta.get("cpu"),
        "vcpus": meta.get("vcpus"),
        "clocksource": meta.get("clocksource"),
        "accel": args.accel,
        "host_cpu": args.host_cpu,
        "reps": meta["reps"],
        "tcp_secs": meta.get("tcp_secs"),
        "udp_secs": meta.get("udp_secs"),
        "ping_count": meta.get("ping_count"),
        "l2tpgw_mode": meta.get("l2tpgw_mode"),
        "link": meta.get("link"),
        "iperf3": meta.get("iperf3"),
        "sessions_per_tunnel": meta.get("sessions_per_tunnel"),
        "units": dict({r: u for r, (_e, _t, u, _b) in ROWS.items()},
                      **{"sessions." + r: u or "sessions"
                         for r, (_t, u, _f) in SESSION_ROWS.items()}),
        "results": results,
        "failures": failures,
    }
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    print("bench: %s, guest CPU %s (%s vCPU, clock %s), %s on %s,"
          " median of %d; l2tpgw: %s" % (
              doc["kernel"], doc["cpu"], doc["vcpus"], doc["clocksource"],
              args.accel, args.host_cpu or "?", doc["reps"],
              doc["l2tpgw_mode"]))
    if any(s in results for s in SETUPS):
        print(table(results))
        print("RTT: smaller is better, so a ratio below 1 is l2tpgw ahead.")
        print("Link: %s." % meta.get("link", "?"))
        for e in ESPS:
            cell = results.get("l2tpgw", {}).get(e, {}).get("offload")
            if cell:
                print("l2tpgw offloads, ESP %s, all rows: %s" % (
                    e, offload_line(cell)))
    if results.get("sessions"):
        print()
        print(session_table(results["sessions"]))
        print("Session setup: one run per N, %s sessions per tunnel, PAP,"
              " LCP+auth+IPCP each; kernel memory per end = (Slab + Percpu +"
              " VmallocUsed growth) / 2N: both ends share the guest's"
              " kernel." % meta.get("sessions_per_tunnel", "?"))
    for msg in failures:
        print("bench: not measured: %s" % msg)
    if args.png:
        chart(results, meta, args.accel, args.png)
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("dir")
    r = sub.add_parser("report")
    r.add_argument("dir")
    r.add_argument("--accel", required=True)
    r.add_argument("--json", required=True)
    r.add_argument("--host-cpu")
    r.add_argument("--png")
    r.add_argument("--date")
    s = sub.add_parser("sessions",
                       help="the figures of one sessions.N.txt, as JSON")
    s.add_argument("file")
    args = p.parse_args()
    if args.cmd == "sessions":
        with open(args.file) as f:
            print(json.dumps(parse_sessions(f.read()), indent=1))
        return 0
    return cmd_check(args) if args.cmd == "check" else cmd_report(args)


if __name__ == "__main__":
    sys.exit(main())
