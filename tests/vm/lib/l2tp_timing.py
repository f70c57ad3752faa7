#!/usr/bin/python3
"""Reply times of an L2TP peer, from a capture on its link (issue 15).

    l2tp_timing.py PCAP PEER_ADDR SID_MAP

PEER_ADDR is the side that must answer (the LNS): for every HELLO the other
side sent, the time until PEER_ADDR acknowledged it (a control message whose
Nr passes the HELLO's Ns), and whether the HELLO was sent again; for every
LCP Echo-Request the other side sent, the time until PEER_ADDR's
Echo-Reply with the same identifier on the same session.  SID_MAP is a file
of "OTHER_SID PEER_SID" lines (the sender's session id, the peer's): a
request goes to PEER_SID, its reply to OTHER_SID.

Prints one line per kind: "hello N max_ms M unanswered U resent R" and
"echo N max_ms M unanswered U"; a request still unanswered within 1 s of
the capture's end is not counted.
"""
import socket
import struct
import sys


def packets(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nano = magic in (0xA1B23C4D, 0x4D3CB2A1)
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(endian + "IIII",
                                           data[off:off + 16])
        off += 16
        frame = data[off:off + incl]
        off += incl
        t = sec + frac / (1e9 if nano else 1e6)
        if linktype == 1:
            if len(frame) < 14 or frame[12:14] != b"\x08\x00":
                continue
            frame = frame[14:]
        elif linktype == 113:  # Linux cooked capture
            frame = frame[16:]
        if len(frame) < 28 or frame[0] >> 4 != 4 or frame[9] != 17:
            continue
        ihl = (frame[0] & 15) * 4
        src = socket.inet_ntoa(frame[12:16])
        yield t, src, frame[ihl + 8:]


def l2tp(payload):
    """(is_control, tunnel, session, ns, nr, rest) or None."""
    if len(payload) < 6:
        return None
    flags = struct.unpack("!H", payload[:2])[0]
    if flags & 15 != 2:
        return None
    p = 2
    if flags & 0x4000:
        p += 2
    tid, sid = struct.unpack("!HH", payload[p:p + 4])
    p += 4
    ns = nr = None
    if flags & 0x0800:
        ns, nr = struct.unpack("!HH", payload[p:p + 4])
        p += 4
    if flags & 0x0200:
        p += 2 + struct.unpack("!H", payload[p:p + 2])[0]
    return bool(flags & 0x8000), tid, sid, ns, nr, payload[p:]


def message_type(avps):
    """The first AVP's value when it is Message Type, else None (ZLB)."""
    if len(avps) < 8:
        return None
    vendor, typ = struct.unpack("!HH", avps[2:6])
    if vendor or typ != 0:
        return None
    return struct.unpack("!H", avps[6:8])[0]


def lcp(ppp):
    """(code, ident) of an LCP packet, or None."""
    if ppp[:2] == b"\xff\x03":
        ppp = ppp[2:]
    if ppp[:2] != b"\xc0\x21" or len(ppp) < 4:
        return None
    return ppp[2], ppp[3]


def seq_after(a, b):
    """a is after b, 16-bit sequence numbers."""
    return 0 < ((a - b) & 0xFFFF) < 0x8000


def main():
    path, peer, sidmap = sys.argv[1:4]
    to_peer = {}
    with open(sidmap) as f:
        for line in f:
            w = line.split()
            if len(w) == 2:
                to_peer[int(w[1])] = int(w[0])   # peer sid -> other sid
    hellos = {}     # (tunnel, ns) -> first time
    resent = 0
    echoes = {}     # (other sid, ident) -> request time
    hello_ms, echo_ms = [], []
    end = 0.0
    for t, src, payload in packets(path):
        end = t
        m = l2tp(payload)
        if not m:
            continue
        control, tid, sid, ns, nr, rest = m
        if control and src != peer:
            if message_type(rest) == 6:
                if (tid, ns) in hellos:
                    resent += 1
                else:
                    hellos[(tid, ns)] = t
        elif control and nr is not None:
            for key in [k for k in hellos if seq_after(nr, k[1])]:
                hello_ms.append((t - hellos.pop(key)) * 1000)
        elif not control:
            c = lcp(rest)
            if not c:
                continue
            if src != peer and c[0] == 9 and sid in to_peer:
                echoes.setdefault((to_peer[sid], c[1]), t)
            elif src == peer and c[0] == 10:
                t0 = echoes.pop((sid, c[1]), None)
                if t0 is not None:
                    echo_ms.append((t - t0) * 1000)
    # The HELLO acks are matched by tunnel-agnostic Nr: one tunnel here.
    late_h = sum(1 for t in hellos.values() if t < end - 1)
    late_e = sum(1 for t in echoes.values() if t < end - 1)
    print("hello %d max_ms %d unanswered %d resent %d" %
          (len(hello_ms), max(hello_ms, default=0), late_h, resent))
    print("echo %d max_ms %d unanswered %d" %
          (len(echo_ms), max(echo_ms, default=0), late_e))


main()
