#!/bin/bash
# timeout: 120
#
# Two addresses whose new-tunnel buckets collided (issue 13, item 2) keep
# their own limits.  192.0.2.25 and 198.51.41.177 fell in the same slot of
# the old per-address limiter (unkeyed FNV-1a of the address, 12 bits:
# both 1484), which reset the slot whenever the other address came: the
# two alternating got a tunnel for every SCCRQ.  Here they alternate 100
# SCCRQs a second for 10 s, each with a new tunnel id, and complete every
# tunnel they are answered (SCCCN), so that only the rate limiter, not the
# unverified budget, decides.  With peer_tunnel_rate = 5, burst 10 and
# source_prefix4 = 32 (each address its own source), each may get at most
# rate x seconds + burst = 5 x 10 + 10 = 60 (plus one per started second
# of lateness); the old code gave each about 500.
#
#   ns cl: client (python)  va 10.2.1.2/24 ---- vb1 10.2.1.1/24  ns lns
#          192.0.2.25/32, 198.51.41.177/32 (routed via 10.2.1.2)
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

SOCK=$PEERS_TMP/lns/control.sock

peers_init
ns_add lns
topo_lac cl 1
for a in 192.0.2.25 198.51.41.177; do
	ip -n cl addr add "$a/32" dev va
	ip -n lns route add "$a/32" via 10.2.1.2
done
gw_lns_std lns pap 10.20.0.10-10.20.0.250 peer_tunnel_rate=5 \
	peer_tunnel_burst=10 source_prefix4=32
gw_start lns
wait_for "l2tpgwd listening on 1701" 20 sh -c "ip netns exec lns ss -lun | grep -q ':1701 '"

n cl /usr/bin/python3 - >"$L2TPGW_OUT/collide.txt" <<'PY'
import select, socket, struct, time

LNS = ("10.2.1.1", 1701)
ADDRS = ["192.0.2.25", "198.51.41.177"]

def avp(t, v):
    return struct.pack("!HHH", 0x8000 | (6 + len(v)), 0, t) + v

def ctl(tid, ns, nr, body):
    return struct.pack("!HHHHHH", 0xC802, 12 + len(body), tid, 0, ns, nr) + body

def sccrq(ptid):
    return ctl(0, 0, 0, avp(0, b"\0\1") + avp(2, b"\1\0") +
               avp(3, b"\0\0\0\3") + avp(7, b"colliding-client-%05d" % ptid) +
               avp(9, struct.pack("!H", ptid)))

def assigned_tid(buf):
    """Our tunnel id in the LNS's SCCRP, or None for anything else."""
    if len(buf) < 20 or not buf[0] & 0x80 or buf[18:20] != b"\0\2":
        return None
    # Message Type (the first AVP) says SCCRP: find Assigned Tunnel ID.
    off = 12
    while off + 8 <= len(buf):
        size = struct.unpack_from("!H", buf, off)[0] & 0x3FF
        if size < 6:
            return None
        if buf[off + 2:off + 6] == b"\0\0\0\x09":
            return struct.unpack_from("!H", buf, off + 6)[0]
        off += size
    return None

socks = []
for a in ADDRS:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a, 1701))
    s.setblocking(False)
    socks.append(s)
got = [set(), set()]

def drain(timeout):
    r, _, _ = select.select(socks, [], [], timeout)
    for i, s in enumerate(socks):
        if s not in r:
            continue
        while True:
            try:
                buf = s.recv(4096)
            except BlockingIOError:
                break
            tid = assigned_tid(buf)
            if tid is not None and tid not in got[i]:
                got[i].add(tid)
                s.sendto(ctl(tid, 1, 1, avp(0, b"\0\3")), LNS)

start = time.monotonic()
for k in range(1000):
    due = start + k / 100.0
    while time.monotonic() < due:
        drain(max(0.0, due - time.monotonic()))
    socks[k % 2].sendto(sccrq(k + 1), LNS)
elapsed = time.monotonic() - start
end = time.monotonic() + 2
while time.monotonic() < end:
    drain(0.1)
print("elapsed %.2f" % elapsed)
for a, g in zip(ADDRS, got):
    print("%s %d" % (a, len(g)))
PY
cat "$L2TPGW_OUT/collide.txt"
ELAPSED=$(sed -n 's/^elapsed \([0-9]*\)\..*/\1/p' "$L2TPGW_OUT/collide.txt")
check "client ran 10 s ($ELAPSED)" test "$ELAPSED" -ge 9
# rate x (whole seconds, rounded up) + burst
MAX=$((5 * (ELAPSED + 1) + 10))
for a in 192.0.2.25 198.51.41.177; do
	N=$(sed -n "s/^$a \([0-9]*\)$/\1/p" "$L2TPGW_OUT/collide.txt")
	check "$a: $N tunnels <= $MAX" test "$N" -le "$MAX"
	check "$a: $N tunnels >= 40 (its own rate, not starved)" test "$N" -ge 40
done
n lns "$L2TPCTL" -s "$SOCK" -j stats >"$L2TPGW_OUT/stats.json"
cat "$L2TPGW_OUT/stats.json"
check "the limiter refused the rest" /usr/bin/python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["sccrq_rate_limited"] < 800)' "$L2TPGW_OUT/stats.json"
check "no per-source unverified refusals (every tunnel was completed)" /usr/bin/python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["sccrq_unverified_source_full"] != 0)' "$L2TPGW_OUT/stats.json"
