#!/bin/bash
# timeout: 180
#
# 100 tunnels from 10 source addresses come up together.  A small L2TP
# client (Python, plain sockets: scapy's import alone costs many seconds
# under TCG) sends 10 SCCRQs from each address at once, answers each SCCRP
# with SCCCN, then places one ICRQ per tunnel: an ICRP proves that
# l2tpgwd holds the tunnel as established.  Finally it sends StopCCN for
# each and l2tpgwd must drop them all.  The client retransmits like a real
# peer (1 s, unacknowledged messages).  10 tunnels per address is exactly
# the per-address burst, so the rate limiter must not refuse any
# (source_prefix4 = 32: each address its own source, not the /24).
#
#   ns lac: client, va 10.2.1.2-11/24 ---- vb1 10.2.1.1/24  ns lns: l2tpgwd
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

peers_init
ns_add lns
topo_lac lac 1
for i in $(seq 3 11); do
	ip -n lac addr add "10.2.1.$i/24" dev va
done
gw_lns_std lns pap 10.20.0.10-10.20.0.250 peer_tunnel_burst=10 peer_tunnel_rate=5 \
	source_prefix4=32 hello_interval=60s
gw_start lns
wait_for "l2tpgwd listening on 1701" 20 sh -c "ip netns exec lns ss -lun | grep -q ':1701 '"

check "100 tunnels established, one call each, then stopped" n lac /usr/bin/python3 - <<'PY'
import select, socket, struct, sys, time

LNS = ("10.2.1.1", 1701)
PER_ADDR = 10

def avp(typ, value, m=True):
    return struct.pack("!HHH", (0x8000 if m else 0) | (6 + len(value)), 0, typ) + value

def msg(tid, ns, nr, mtype, *avps):
    body = avp(0, struct.pack("!H", mtype)) + b"".join(avps)
    return struct.pack("!HHHHHH", 0xC802, 12 + len(body), tid, 0, ns, nr) + body

def parse(buf):
    flags, length, tid, sid, ns, nr = struct.unpack_from("!HHHHHH", buf)
    avps, off = {}, 12
    while off + 6 <= length:
        fl, vendor, typ = struct.unpack_from("!HHH", buf, off)
        alen = fl & 0x3FF
        if alen < 6:
            break
        if vendor == 0:
            avps[typ] = buf[off + 6:off + alen]
        off += alen
    mtype = struct.unpack("!H", avps[0])[0] if 0 in avps else None  # None: ZLB
    return tid, ns, nr, mtype, avps

class Tunnel:
    def __init__(self, sock, local_id):
        self.sock, self.id, self.peer_id = sock, local_id, None
        self.ns, self.nr, self.state = 0, 0, "wait-sccrp"
        self.unacked = []  # [ns, bytes, last sent], oldest first

    def send(self, mtype, *avps):
        m = msg(self.peer_id or 0, self.ns, self.nr, mtype, *avps)
        self.sock.send(m)
        self.unacked.append([self.ns, m, time.time()])
        self.ns += 1

    def acked(self, nr):
        self.unacked = [u for u in self.unacked if ((nr - u[0]) & 0xFFFF) > 0x7FFF or u[0] == nr]

    # A real peer retransmits; so must we, or one lost datagram (l2tpgwd's
    # socket buffer overflows easily when 100 tunnels arrive at once under
    # TCG) would stall a tunnel for good.  The header's tunnel id is
    # refreshed once the peer's is known.
    def retransmit(self, now):
        for u in self.unacked:
            if now - u[2] >= 1.0:
                m = bytearray(u[1])
                struct.pack_into("!H", m, 4, self.peer_id or 0)
                struct.pack_into("!H", m, 10, self.nr)
                self.sock.send(bytes(m))
                u[2] = now

socks, tunnels = [], {}
for a in range(PER_ADDR):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.2.1.%d" % (2 + a), 0))
    s.connect(LNS)
    socks.append(s)
    for k in range(PER_ADDR):
        t = Tunnel(s, 1000 + a * 100 + k)
        tunnels[(s.fileno(), t.id)] = t
        t.send(1, avp(2, b"\x01\x00"), avp(7, b"client%d" % t.id),
               avp(3, struct.pack("!I", 3)), avp(9, struct.pack("!H", t.id)),
               avp(10, struct.pack("!H", 8), m=False))

deadline = time.time() + 90
def done(state):
    if state == "acked":
        return all(not t.unacked for t in tunnels.values())
    return all(t.state == state for t in tunnels.values())

def pump(until_state):
    while not done(until_state):
        if time.time() > deadline:
            left = [t.id for t in tunnels.values()
                    if (t.unacked if until_state == "acked" else t.state != until_state)]
            sys.exit("timeout waiting for %s: %d tunnels not there (e.g. %s)"
                     % (until_state, len(left), left[:5]))
        r, _, _ = select.select(socks, [], [], 0.2)
        now = time.time()
        for t in tunnels.values():
            t.retransmit(now)
        for s in r:
            buf = s.recv(4096)
            tid, ns, nr, mtype, avps = parse(buf)
            t = tunnels.get((s.fileno(), tid))
            if t is None:
                sys.exit("message for unknown tunnel %d" % tid)
            t.acked(nr)
            if mtype is None:
                continue
            if ns == t.nr:
                t.nr = (t.nr + 1) & 0xFFFF
            if mtype == 2 and t.state == "wait-sccrp":
                t.peer_id = struct.unpack("!H", avps[9])[0]
                t.send(3)
                t.state = "up"
            elif mtype == 11 and t.state == "wait-icrp":
                t.state = "call"
            elif mtype == 4:
                sys.exit("tunnel %d: StopCCN from l2tpgwd, result %s"
                         % (t.id, avps.get(1, b"").hex()))
            # Acknowledge at once (ZLB) what we do not answer otherwise.
            s.send(struct.pack("!HHHHHH", 0xC802, 12, t.peer_id, 0, t.ns, t.nr))

pump("up")
print("100 tunnels: SCCRP received, SCCCN sent", flush=True)
for t in tunnels.values():
    t.state = "wait-icrp"
    t.send(10, avp(14, struct.pack("!H", t.id & 0xFFFF)),
           avp(15, struct.pack("!I", t.id)))
pump("call")
print("100 tunnels: ICRP received (tunnels established)", flush=True)
for t in tunnels.values():
    t.state = "stopping"
    t.send(4, avp(1, struct.pack("!H", 1)), avp(9, struct.pack("!H", t.id)))
pump("acked")
print("100 tunnels: StopCCN acknowledged", flush=True)
PY
closed_all() {
	test "$(grep -cE 'peer client[0-9]+ closed the tunnel' "$L2TPGW_OUT/l2tpgwd-lns.log")" -eq 100
}
wait_for "l2tpgwd logged the StopCCN of all 100 tunnels" 30 closed_all
wait_for "no kernel tunnel left in lns" 60 kernel_count_is lns tunnel 0
check "l2tpgwd still running" alive "$(gw_pid lns)"
