#!/bin/bash
# l2tpctl against the module: a socket, a tunnel and a session on each
# side of a veth pair, their text and JSON output checked field by field,
# modify keeping unnamed flags, PPP traffic and a control frame counted,
# events, argument errors, and removal of everything.
#
#   ns1                                           ns2
#   veth1 10.0.0.1/24 ───────────────────── veth2 10.0.0.2/24
#   socket 10.0.0.1:1701                    socket 10.0.0.2:1701
#   tunnel 10 (peer 20, mark 0x10) ──────── tunnel 20 (peer 10)
#   session 100 ctla0 192.168.7.1 ───────── session 200 l2tpN 192.168.7.2
#
# timeout: 600
set -u
. tests/vm/lib/netns.sh

CTL=$PWD/tools/l2tpctl/l2tpctl
PY=/usr/bin/python3

n1() { n ns1 "$@"; }
n2() { n ns2 "$@"; }
c1() { n ns1 "$CTL" "$@"; }
c2() { n ns2 "$CTL" "$@"; }
# js EXPR: evaluate a Python expression over the JSON document d on stdin;
# strings print bare, everything else as JSON.
js() {
	$PY -c 'import json, sys
d = json.load(sys.stdin)
v = eval(sys.argv[1])
print(v if isinstance(v, str) else json.dumps(v))' "$1"
}
# err RC MESSAGE CMD...: CMD fails with exit RC and exactly MESSAGE on
# stderr, or a message that starts with MESSAGE if it ends in '...'.
err() {
	local rc=$1 msg=$2 out got
	shift 2
	out=$("$@" 2>&1 >/dev/null) && got=0 || got=$?
	is "exit status of '$*'" "$got" "$rc"
	if [[ $msg == *... ]]; then
		[[ $out == "${msg%...}"* ]] || fail "error of '$*': got '$out', want '$msg'"
		printf '  ok: error of %s: %s\n' "'$*'" "$out"
	else
		is "error of '$*'" "$out" "$msg"
	fi
}

ns_add ns1
ns_add ns2
veth_pair ns1 veth1 10.0.0.1/24 ns2 veth2 10.0.0.2/24
netns_addr ns1 veth1 fd00::1/64
netns_addr ns2 veth2 fd00::2/64

echo "# sockets"
S1=$(c1 kernel socket add local 10.0.0.1 port 1701)
[[ $S1 =~ ^[0-9]+$ ]] || fail "socket add printed '$S1', not an id"
J=$(c2 -j kernel socket add local 10.0.0.2 port 1701)
S2=$(js 'd["sock_id"]' <<<"$J")
is "socket add -j" "$J" "{\"sock_id\":$S2,\"local\":\"10.0.0.2\",\"local_port\":1701,\"owned\":true,\"ipsec\":false,\"stats\":$(js 'json.dumps(d["stats"], separators=(",", ":"))' <<<"$J")}"
S6=$(c1 kernel socket add local ::1 port 1702)
J=$(c1 -j kernel socket list)
is "socket list -j" "$(js 'sorted([s["sock_id"], s["local"], s["local_port"], s["owned"]]
	for s in d)' <<<"$J")" "[[$S1, \"10.0.0.1\", 1701, true], [$S6, \"::1\", 1702, true]]"
L=$(c1 kernel socket list)
is "socket list header" "$(head -1 <<<"$L" | tr -s ' ')" "SOCKET LOCAL PORT OWNER"
grep -qE "^$S1 +10\.0\.0\.1 +1701 +module$" <<<"$L" || fail "socket list row: $L"
c1 kernel socket del id "$S6"
is "socket count after del" "$(c1 -j kernel socket list | js 'len(d)')" 1

# libl2tpctl.so through its C ABI: a process's own socket, attached by fd,
# is listed as not owned by the module and goes away when it is closed.
n1 $PY - "$CTL" <<'PYEOF' || fail "attach by fd"
import ctypes, json, socket, subprocess, sys
lib = ctypes.CDLL("libl2tpctl/libl2tpctl.so.1")
lib.l2tpctl_open.restype = ctypes.c_void_p
lib.l2tpctl_errmsg.restype = ctypes.c_char_p
lib.l2tpctl_errmsg.argtypes = [ctypes.c_void_p]
lib.l2tpctl_kernel_connect.argtypes = [ctypes.c_void_p]
lib.l2tpctl_kernel_sock_attach_fd.argtypes = [
    ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_uint32)]
lib.l2tpctl_close.argtypes = [ctypes.c_void_p]
h = lib.l2tpctl_open()
assert lib.l2tpctl_kernel_connect(h) == 0, lib.l2tpctl_errmsg(h)
def socks():
    out = subprocess.run([sys.argv[1], "-j", "kernel", "socket", "list"],
                         check=True, capture_output=True, text=True).stdout
    return {s["sock_id"]: s for s in json.loads(out)}
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("10.0.0.1", 1703))
sid = ctypes.c_uint32()
rc = lib.l2tpctl_kernel_sock_attach_fd(h, udp.fileno(), ctypes.byref(sid))
assert rc == 0, lib.l2tpctl_errmsg(h)
s = socks()[sid.value]
assert (s["owned"], s["local"], s["local_port"]) == (False, "10.0.0.1", 1703), s
udp.close()
assert sid.value not in socks(), "closed socket still attached"
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
rc = lib.l2tpctl_kernel_sock_attach_fd(h, tcp.fileno(), ctypes.byref(sid))
msg = lib.l2tpctl_errmsg(h).decode()
print("  attach TCP fd: %d %s" % (rc, msg))
assert rc < 0 and msg.startswith("attach socket fd %d: " % tcp.fileno()), msg
lib.l2tpctl_close(h)
PYEOF

echo "# tunnels"
c1 kernel tunnel add id 10 peer-id 20 socket "$S1" peer 10.0.0.2 mark 0x10 udp-csum on
c2 kernel tunnel add id 20 peer-id 10 socket "$S2" peer 10.0.0.1 peer-port 1701
J=$(c1 -j kernel tunnel list)
# One Python start per document: under TCG each costs a lot.
is "tunnel list -j" "$(js '[len(d)] + [d[0][k] for k in ("tunnel_id",
	"peer_tunnel_id", "sock_id", "peer", "peer_port", "mark", "udp_csum",
	"send_length")]' <<<"$J")" "[1, 10, 20, $S1, \"10.0.0.2\", 1701, 16, true, false]"
L=$(c1 kernel tunnel list)
grep -qE '^10 +20 +'"$S1"' +10\.0\.0\.2 +1701 +.* 0x10 +udp-csum$' <<<"$L" ||
	fail "tunnel list row: $L"
L=$(c1 kernel tunnel show id 10)
check "tunnel show: tunnel 10" has_line "$L" "tunnel 10"
check "tunnel show: peer tunnel id: 20" has_line "$L" "  peer tunnel id: 20"
check "tunnel show: peer: 10.0.0.2" has_line "$L" "  peer: 10.0.0.2"
check "tunnel show: peer port: 1701" has_line "$L" "  peer port: 1701"
check "tunnel show: mark: 0x10" has_line "$L" "  mark: 0x10"
check "tunnel show: udp-csum: on" has_line "$L" "  udp-csum: on"
check "tunnel show: statistics:" has_line "$L" "  statistics:"
check "tunnel show: rx_packets: 0" has_line "$L" "    rx_packets: 0"

# modify changes the named flag only: udp-csum stays on.
c1 kernel tunnel modify id 10 mark 32 send-length on
is "tunnel after modify" "$(c1 -j kernel tunnel show id 10 | js '[d[k] for k in
	("mark", "send_length", "udp_csum")] + [len(d["stats"]), "tx_no_sa" in d["stats"]]')" "[32, true, true, 28, true]"

echo "# events"
EVENTS=$L2TPGW_OUT/monitor.log
# Its JSON documents alone in $EVENTS: the "listening" note on stderr
# goes to a file of its own.
monitor_json() { n ns1 "$CTL" -j kernel monitor 2>"$L2TPGW_OUT/monitor.err"; }
spawn monitor monitor_json
# It prints nothing until the first event: subscribed once it reports a
# probe tunnel's removal.
monitor_sees_probe() {
	c1 kernel tunnel add id 99 peer-id 99 socket "$S1" peer 10.0.0.2
	c1 kernel tunnel del id 99
	grep -q '"tunnel_id":99[,}]' "$EVENTS"
}
wait_for "the monitor receives events" 30 monitor_sees_probe

echo "# sessions"
IF1=$(c1 kernel session add tunnel 10 id 100 peer-id 200 name ctla0 protocols ipv4 lns on)
is "session add ifname" "$IF1" ctla0
IF2=$(c2 -j kernel session add tunnel 20 id 200 peer-id 100 protocols ipv4 mtu 1400 |
	js 'd["ifname"]')
[[ $IF2 =~ ^l2tp[0-9]+$ ]] || fail "default interface name '$IF2'"
n2 ip link show dev "$IF2" >/dev/null
J=$(c1 -j kernel session list tunnel 10)
is "session list -j" "$(js '[len(d)] + [d[0][k] for k in ("tunnel_id",
	"session_id", "peer_session_id", "ifname", "ifindex", "lns", "seq",
	"protocols")]' <<<"$J")" \
	"[1, 10, 100, 200, \"ctla0\", $(n1 cat /sys/class/net/ctla0/ifindex), true, \"off\", [\"ipv4\"]]"
is "session list of another tunnel" "$(c1 -j kernel session list tunnel 11)" "[]"
L=$(c2 kernel session list)
grep -qE "^20 +200 +100 +$IF2 +1400 +off +ipv4$" <<<"$L" || fail "session list row: $L"

# The pyroute2 example of docs/netlink.md sees the same session.
J=$(n1 $PY tools/examples/l2tpgw-sessions.py --json 10)
is "example session" "$(js '[d[0]["session_id"], d[0]["peer_session_id"], d[0]["ifname"]]' <<<"$J")" '[100, 200, "ctla0"]'

c1 kernel session modify tunnel 10 id 100 seq both
L=$(c1 kernel session show tunnel 10 id 100)
check "session show: tunnel 10 session 100" has_line "$L" "tunnel 10 session 100"
check "session show: peer session id: 200" has_line "$L" "  peer session id: 200"
check "session show: interface: ctla0" has_line "$L" "  interface: ctla0"
check "session show: seq: both" has_line "$L" "  seq: both"
check "session show: lns: on" has_line "$L" "  lns: on"
check "session show: protocols: ipv4" has_line "$L" "  protocols: ipv4"
check "session show: tcp mss clamp: auto (the default)" has_line "$L" "  tcp mss clamp: auto"
c1 kernel session modify tunnel 10 id 100 seq off tcp-mss 1300
is "session tcp_mss 1300" "$(c1 -j kernel session show tunnel 10 id 100 | js 'd["tcp_mss"]')" 1300
c1 kernel session modify tunnel 10 id 100 tcp-mss off
is "session tcp_mss off" "$(c1 -j kernel session show tunnel 10 id 100 | js 'd["tcp_mss"]')" off
c1 kernel session modify tunnel 10 id 100 tcp-mss auto

echo "# traffic"
n1 ip addr add 192.168.7.1 peer 192.168.7.2 dev ctla0
n2 ip addr add 192.168.7.2 peer 192.168.7.1 dev "$IF2"
n1 ip link set ctla0 up
n2 ip link set "$IF2" up
n1 ping -c 3 -i 0.2 -W 2 192.168.7.2 >/dev/null || fail "no PPP traffic through the sessions"
J=$(c2 -j kernel session show tunnel 20 id 200)
is "traffic counted" "$(js 'd["stats"]["rx_packets"] >= 3 and d["stats"]["tx_packets"] >= 3' <<<"$J")" true

# An LCP Echo-Request through ppp-send: sent as a control frame, and on the
# module-owned socket of ns2, which nobody reads, counted as not read.
c1 kernel ppp-send tunnel 10 id 100 c02109010008000000
is "tx_ctrl_packets" "$(c1 -j kernel session show tunnel 10 id 100 | js 'd["stats"]["tx_ctrl_packets"]')" 1
rx_not_read_is() {
	[[ $(c2 -j kernel session show tunnel 20 id 200 | js 'd["stats"]["rx_not_read"]') == "$1" ]]
}
wait_for "rx_not_read 1" 10 rx_not_read_is 1

echo "# ipv6"
V1=$(c1 kernel socket add local fd00::1 port 1701)
V2=$(c2 kernel socket add local fd00::2 port 1701)
c1 kernel tunnel add id 30 peer-id 40 socket "$V1" peer fd00::2 local fd00::1
c2 kernel tunnel add id 40 peer-id 30 socket "$V2" peer fd00::1
c2 kernel session add tunnel 40 id 1 peer-id 2 protocols ipv6 name ctlv0 >/dev/null
is "ipv6 tunnel" "$(c1 -j kernel tunnel show id 30 | js '[d["peer"], d["local"], d["sock_id"]]')" \
	"[\"fd00::2\", \"fd00::1\", $V1]"
L=$(c1 kernel tunnel list)
grep -qE '^30 +40 +'"$V1"' +fd00::2 +1701 +fd00::1 +0x0 +-$' <<<"$L" || fail "ipv6 tunnel row: $L"
check "ipv6 session show: protocols: ipv6" has_line "$(c2 kernel session show tunnel 40 id 1)" "  protocols: ipv6"
err 1 'l2tpctl: invalid local address: its family differs from the peer address'"'"'s' \
	c1 kernel tunnel add id 31 peer-id 41 socket "$V1" peer fd00::2 local 10.0.0.1
c1 kernel socket del id "$V1"
c2 kernel socket del id "$V2"
is "ipv6 tunnel gone" "$(c2 -j kernel tunnel list | js '[t["tunnel_id"] for t in d]')" "[20]"

echo "# errors"
err 1 'l2tpctl: invalid tunnel id "abc": must be 1..65535' c1 kernel tunnel show id abc
err 1 'l2tpctl: invalid tcp mss "50": must be auto, off or 88..65534' \
	c1 kernel session modify tunnel 10 id 100 tcp-mss 50
err 2 'l2tpctl: kernel tunnel add: unknown argument "peerid"' \
	c1 kernel tunnel add id 11 peerid 20 socket "$S1" peer 10.0.0.2
err 2 'l2tpctl: kernel session add: missing required argument "peer-id"' \
	c1 kernel session add tunnel 10 id 101
err 1 'l2tpctl: invalid PPP frame "c02": odd number of hex digits' \
	c1 kernel ppp-send tunnel 10 id 100 c02
err 1 'l2tpctl: add tunnel 10: File exists...' \
	c1 kernel tunnel add id 10 peer-id 20 socket "$S1" peer 10.0.0.2
err 1 'l2tpctl: get tunnel 99: ...' c1 kernel tunnel show id 99
err 1 'l2tpctl: add session 102 in tunnel 10: ...' \
	c1 kernel session add tunnel 10 id 102 peer-id 5 name ctla0
# A failed add leaves nothing behind.
is "sessions after failed add" "$(c1 -j kernel session list | js 'len(d)')" 1

echo "# removal"
c1 kernel session del tunnel 10 id 100
n1 ip link show dev ctla0 >/dev/null 2>&1 && fail "ctla0 still exists"
c1 kernel tunnel del id 10
c1 kernel socket del id "$S1"
c2 kernel socket del id "$S2"		# removes tunnel 20 and session 200
is "tunnels ns1" "$(c1 -j kernel tunnel list)" "[]"
is "tunnels ns2" "$(c2 -j kernel tunnel list)" "[]"
is "sessions ns2" "$(c2 -j kernel session list)" "[]"
is "sockets ns2" "$(c2 -j kernel socket list)" "[]"
n2 ip link show dev "$IF2" >/dev/null 2>&1 && fail "$IF2 still exists"
is "namespace stats keys (counters, limits)" "$(c1 -j kernel stats | js '[len(d), "tx_no_sa" in d]')" "[40, true]"

# The last event of ns1: once it is in, so are the others.
wait_for "the monitor reports socket $S1 detached" 10 \
	grep -qE '"event":"sock_detach","sock_id":'"$S1"'[,}]' "$EVENTS"
cat "$EVENTS"
$PY - "$EVENTS" "$S1" "$V1" <<'PYEOF' || fail "events"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
want = [("session_del", {"tunnel_id": 10, "session_id": 100, "cause": "user"}),
        ("tunnel_del", {"tunnel_id": 10, "cause": "user"}),
        ("tunnel_del", {"tunnel_id": 30, "sock_id": int(sys.argv[3]),
                        "cause": "user"}),
        ("sock_detach", {"sock_id": int(sys.argv[3]), "cause": "user"}),
        ("sock_detach", {"sock_id": int(sys.argv[2]), "cause": "user"})]
for name, fields in want:
    match = [e for e in lines if e.get("event") == name and
             all(e.get(k) == v for k, v in fields.items())]
    if not match:
        sys.exit("no %s event with %s in %s" % (name, fields, lines))
PYEOF
echo "ctl-kernel: all checks passed"
