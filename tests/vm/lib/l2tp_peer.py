#!/usr/bin/python3
r"""A scripted L2TP control peer (RFC 2661) for hostile VM scenarios.

    l2tp_peer.py --bind IP:PORT --to IP:PORT STEP...
    l2tp_peer.py hex STEP         print one message as hex (for rawudp.py)

Steps run in order; each prints one line.  A step is NAME or NAME:ARG:
    sccrq:ID        SCCRQ with Assigned Tunnel ID ID (Ns 0)
    host:NAME       Host Name of the SCCRQs that follow (default "peer")
    sccrp[:SEC]     wait for the SCCRP, resending the SCCRQ after 1, 2, 4,
                    8 s as Windows does (give up after SEC, default 15); the
                    line says how long it took and the tunnel id given
    scccn | hello   send one
    icrq:SID        ICRQ with Assigned Session ID SID
    icrp[:SEC]      wait for the ICRP (its session id is kept)
    iccn            ICCN for that session
    cdn:TEXT        CDN, Result Code 3 with message TEXT, and a Q.931 cause
                    whose advisory message is TEXT too
    stopccn:TEXT    StopCCN, Result Code 6 with message TEXT
    ahead:N[:SIZE]  N HELLOs ahead of sequence (Ns one to 15 past the next
                    expected, round robin), SIZE bytes each (padded with a
                    Vendor Name); the next Ns does not move
    acked[:SEC]     wait until the gateway acknowledged all we sent
    sleep:SEC
Everything the gateway sends in sequence is acknowledged with a ZLB while a
step waits; before the SCCRP, nothing but an SCCRP is taken (a new client
knows no tunnel yet).  TEXT may hold any byte (bash $'...'): it goes on the
wire as given.  The SCCRQ carries a long Vendor Name: a gateway sends an
unverified peer no more bytes than it received.  Exit status 1 if a wait
times out.
"""
import os
import socket
import struct
import sys
import time

M = 0x8000      # mandatory AVP
T_SCCRQ, T_SCCRP, T_SCCCN, T_STOPCCN, T_HELLO = 1, 2, 3, 4, 6
T_ICRQ, T_ICRP, T_ICCN, T_CDN = 10, 11, 12, 14
RESEND_AT = (1, 3, 7, 15)   # seconds after the first SCCRQ, like Windows
VENDOR = b'l2tp_peer.py, a scripted peer of the l2tpgw VM tests ' * 3


def avp(kind, value, flags=M):
    return struct.pack('!HHH', flags | (6 + len(value)), 0, kind) + value


def u16(kind, v):
    return avp(kind, struct.pack('!H', v))


def u32(kind, v):
    return avp(kind, struct.pack('!I', v))


def padding(n):
    """n bytes (n >= 6 or 0) of optional Vendor Name AVPs (10-bit length)."""
    out = b''
    while n >= 6:
        part = min(n, 1023)
        if 0 < n - part < 6:
            part -= 6
        out += avp(8, b'x' * (part - 6), 0)
        n -= part
    return out


class Peer:
    def __init__(self, sock=None, to=None):
        self.sock, self.to = sock, to
        self.ns = self.nr = 0
        self.tid = 0        # theirs (the gateway's), from SCCRP
        self.sid = 0        # theirs, from ICRP
        self.my_tid = self.my_sid = 0
        self.host = b'peer'
        self.peer_nr = 0    # the gateway's latest acknowledgement
        self.last = b''     # the last message built

    def build(self, mtype, avps=b'', sid=0, ns=None):
        body = u16(0, mtype) + avps
        hdr = struct.pack('!HHHHHH', 0xc802, 12 + len(body), self.tid, sid,
                          self.ns if ns is None else ns, self.nr)
        self.last = hdr + body
        return self.last

    def send(self, mtype, avps=b'', sid=0, ns=None):
        self.sock.sendto(self.build(mtype, avps, sid, ns), self.to)
        if ns is None:
            self.ns = (self.ns + 1) & 0xffff

    def zlb(self):
        self.sock.sendto(struct.pack('!HHHHHH', 0xc802, 12, self.tid, 0,
                                     self.ns, self.nr), self.to)

    def sccrq_avps(self, tid):
        return (u16(2, 0x0100) + avp(7, self.host) + u32(3, 3) +
                avp(8, VENDOR, 0) + u16(9, tid) + u16(10, 4))

    def recv(self, timeout):
        """One datagram from the gateway: (header fields, AVPs) or None."""
        self.sock.settimeout(max(timeout, 0.001))
        try:
            data, _ = self.sock.recvfrom(65535)
        except socket.timeout:
            return None
        if len(data) < 12:
            return None
        flags, length, tid, sid, ns, nr = struct.unpack('!HHHHHH', data[:12])
        if flags & 0xc800 != 0xc800:
            return None     # a data message (PPP): not ours to read
        self.peer_nr = nr
        avps, off = {}, 12
        while off + 6 <= min(length, len(data)):
            fl, _, kind = struct.unpack('!HHH', data[off:off + 6])
            n = fl & 0x3ff
            if n < 6:
                break
            avps.setdefault(kind, data[off + 6:off + n])
            off += n
        mtype = struct.unpack('!H', avps[0])[0] if 0 in avps else 0
        return dict(type=mtype, sid=sid, ns=ns, nr=nr, avps=avps)

    def take(self, m):
        """Sequence and acknowledge a message of the gateway's tunnel."""
        if m['type'] == 0:
            return False
        if m['ns'] == self.nr:
            self.nr = (self.nr + 1) & 0xffff
            self.zlb()
            return True
        if (self.nr - m['ns']) & 0x8000 == 0:
            self.zlb()      # a duplicate: our ack was lost
        return False

    def wait(self, want, secs, resend=None):
        """Until a message of type want arrives in sequence (its AVPs)."""
        t0 = time.monotonic()
        due = list(RESEND_AT) if resend else []
        while True:
            left = t0 + secs - time.monotonic()
            if due:
                left = min(left, t0 + due[0] - time.monotonic())
            if left <= 0:
                if due and time.monotonic() < t0 + secs:
                    due.pop(0)
                    self.sock.sendto(resend, self.to)
                    continue
                return None, time.monotonic() - t0
            m = self.recv(left)
            if m is None:
                continue
            if not self.tid and m['type'] != T_SCCRP:
                continue    # no tunnel yet: a HELLO for an old one, say
            if m['type'] == T_SCCRP and self.tid:
                continue
            in_seq = self.take(m) if self.tid else m['ns'] == 0
            if m['type'] == T_SCCRP and in_seq:
                self.nr = 1
                self.tid = struct.unpack('!H', m['avps'][9])[0]
                self.zlb()
            if in_seq and m['type'] == want:
                return m, time.monotonic() - t0

    def acked(self, secs):
        t0 = time.monotonic()
        while self.peer_nr != self.ns:
            left = t0 + secs - time.monotonic()
            if left <= 0:
                return False
            m = self.recv(left)
            if m is not None:
                self.take(m)
        return True


def step(p, name, arg):
    """Run one step; False if it failed."""
    if name == 'host':
        p.host = os.fsencode(arg)
    elif name == 'sccrq':
        p.my_tid = int(arg)
        p.send(T_SCCRQ, p.sccrq_avps(p.my_tid))
        print('sccrq: sent, tunnel id %d' % p.my_tid)
    elif name == 'sccrp':
        m, took = p.wait(T_SCCRP, float(arg or 15), resend=p.last)
        if m is None:
            print('sccrp: none in %.1f s' % took)
            return False
        print('sccrp: after %.1f s, tunnel %d' % (took, p.tid))
    elif name in ('scccn', 'hello'):
        p.send(T_SCCCN if name == 'scccn' else T_HELLO)
        print('%s: sent' % name)
    elif name == 'icrq':
        p.my_sid = int(arg)
        p.send(T_ICRQ, u16(14, p.my_sid) + u32(15, 1))
        print('icrq: sent, session id %d' % p.my_sid)
    elif name == 'icrp':
        m, took = p.wait(T_ICRP, float(arg or 10))
        if m is None:
            print('icrp: none in %.1f s' % took)
            return False
        p.sid = struct.unpack('!H', m['avps'][14])[0]
        print('icrp: session %d' % p.sid)
    elif name == 'iccn':
        p.send(T_ICCN, u32(24, 10000000) + u32(19, 1), sid=p.sid)
        print('iccn: sent')
    elif name == 'cdn':
        text = os.fsencode(arg)
        result = struct.pack('!HH', 3, 0) + text
        q931 = struct.pack('!HB', 16, 0) + text
        p.send(T_CDN, avp(1, result) + u16(14, p.my_sid) + avp(12, q931),
               sid=p.sid)
        print('cdn: sent, %d bytes of message' % len(text))
    elif name == 'stopccn':
        text = os.fsencode(arg)
        p.send(T_STOPCCN, u16(9, p.my_tid) +
               avp(1, struct.pack('!HH', 6, 0) + text))
        print('stopccn: sent, %d bytes of message' % len(text))
    elif name == 'ahead':
        count, _, size = arg.partition(':')
        pad = padding(int(size or 20) - 20)
        for i in range(int(count)):
            p.send(T_HELLO, pad, ns=(p.ns + 1 + i % 15) & 0xffff)
        print('ahead: %s HELLOs of %d bytes sent past Ns %d' %
              (count, len(p.last), p.ns))
    elif name == 'acked':
        if not p.acked(float(arg or 10)):
            print('acked: not everything after %s s' % (arg or 10))
            return False
        print('acked: up to Ns %d' % p.ns)
    elif name == 'sleep':
        time.sleep(float(arg))
    else:
        sys.exit('unknown step %r\n%s' % (name, __doc__))
    return True


def endpoint(text):
    host, port = text.rsplit(':', 1)
    return host, int(port)


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == 'hex':
        name, _, arg = args[1].partition(':')
        p = Peer()
        if name != 'sccrq':
            sys.exit('hex: only sccrq:ID')
        print(p.build(T_SCCRQ, p.sccrq_avps(int(arg))).hex())
        return
    if len(args) < 5 or args[0] != '--bind' or args[2] != '--to':
        sys.exit(__doc__)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(endpoint(args[1]))
    p = Peer(sock, endpoint(args[3]))
    for s in args[4:]:
        name, _, arg = s.partition(':')
        if not step(p, name, arg):
            sys.exit(1)
        sys.stdout.flush()


if __name__ == '__main__':
    main()
