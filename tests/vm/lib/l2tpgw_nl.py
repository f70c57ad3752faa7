#!/usr/bin/python3
"""Speak the l2tpgw generic netlink family from scripts (pyroute2).

    l2tpgw_nl.py sock-add (--fd N | --addr A --port P) [--flags N]
        prints the socket id
    l2tpgw_nl.py sock-hold --addr A --port P [--flags N] [--dump FILE] [--marks]
        binds a UDP socket itself, attaches it by descriptor, prints the id,
        then keeps it open (appending what goes up to FILE, one hex line per
        datagram, prefixed by "mark=0x... " with --marks, read by SO_RCVMARK)
        until killed
    l2tpgw_nl.py sock-modify ID --flags N
    l2tpgw_nl.py sock-del ID
    l2tpgw_nl.py tunnel-add --sock ID --id T --peer-id T --peer A --peer-port P
                            [--local A] [--mark M] [--flags N] [--reqid R]
    l2tpgw_nl.py tunnel-modify --id T [--peer-id --peer --peer-port --mark
                                       --flags --reqid]
    l2tpgw_nl.py sock-get ID | tunnel-get T "name value" lines of its config
    l2tpgw_nl.py tunnel-del T
    l2tpgw_nl.py session-add --tunnel T --id S --peer-id S [--ifname N] [--mtu M]
                             [--flags N] [--protocols N] [--window N] [--timeout MS]
    l2tpgw_nl.py session-modify --tunnel T --id S [same options]
    l2tpgw_nl.py session-del T S
    l2tpgw_nl.py ppp-send T S HEX           one PPP frame, protocol field first
    l2tpgw_nl.py stats (net | sock ID | tunnel T | session T S)   "name value" lines
    l2tpgw_nl.py counters OBJ...            "OBJ name value" lines for each OBJ
        of net, sock:ID, tunnel:T, session:T:S (one process for many)
    l2tpgw_nl.py count (socks | tunnels | sessions [T])           objects in a dump
    l2tpgw_nl.py monitor N                  print N events, one per line
    l2tpgw_nl.py raw-error CMD k=v...       expect failure, print errno and extack
    l2tpgw_nl.py udp-send --bind A:P --to A:P MARK:HEX...
        UDP datagrams from a plain socket, each with its SO_MARK (which
        selects an XFRM policy)
    l2tpgw_nl.py ppp-peer --addr A --port P --tunnel T --peer-tunnel T
                          --session S --peer-session S --peer A --local-ip IP
        a minimal PPP peer (LCP, IPCP) over an attached socket, see below
    l2tpgw_nl.py bulk-add --sock ID --peer A --tunnels N [--sessions M]
                          [--per-tunnel K] [--first-tunnel F] [--report R]
        tunnels 1..N (peer ids equal, peer port 1701) and M sessions,
        K per tunnel in tunnels F..F+M/K-1 (F is 1 unless given), named
        dT-S; raw netlink, pipelined; prints how long each kind took (and
        each R of them, to show a cost that grows with their number)
    l2tpgw_nl.py dump-check (tunnels | sessions) --expect N [--churn K]
                            [--churn-tunnels J]
        dumps twice: once whole (N objects, none twice), then after every
        Kth part deletes the object the dump resumes after and the next one
        it would reach; every object must come exactly once, save those
        deleted before they were reached.  With J (sessions): dumps whole
        again, then after every Jth part deletes the tunnel of the session
        it resumes after and that of the next session, sessions and all
    l2tpgw_nl.py batch                      one command per line from stdin, one
                                            netlink socket (process starts are slow
                                            under TCG); stops at the first error

Flags are numbers or names joined by '+': udp_csum, send_length (tunnel);
send_seq, recv_seq, lns, tx_acfc, tx_pfc, priority (session); ipv4, ipv6;
ipsec (socket).
Exits 1 with the kernel's extack message on any error.
"""
import argparse
import bisect
import ipaddress
import shlex
import socket
import sys
import struct
import time

from pyroute2.netlink import NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST, genlmsg, nla
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.generic import GenericNetlinkSocket

CMDS = ['unspec', 'sock_attach', 'sock_detach', 'sock_get', 'tunnel_add',
        'tunnel_del', 'tunnel_modify', 'tunnel_get', 'session_add',
        'session_del', 'session_modify', 'session_get', 'ppp_xmit',
        'stats_get', 'sock_modify']
CMD = {name: i for i, name in enumerate(CMDS)}

STATS = ['unspec', 'pad', 'rx_packets', 'rx_bytes', 'tx_packets', 'tx_bytes',
         'rx_ctrl_packets', 'tx_ctrl_packets', 'rx_passed_up',
         'rx_bad_header', 'rx_bad_length', 'rx_unknown_session',
         'rx_wrong_peer', 'rx_seq_missing', 'rx_seq_discard',
         'rx_reorder_timeout', 'rx_reorder_overflow', 'rx_oos_packets',
         'rx_proto_disabled', 'rx_bad_ppp', 'rx_not_read', 'rx_dropped',
         'tx_no_route', 'tx_dropped', 'rx_unprotected', 'rx_wrong_sa']

FLAGS = {'udp_csum': 1, 'send_length': 2, 'send_seq': 1, 'recv_seq': 2,
         'lns': 4, 'tx_acfc': 8, 'tx_pfc': 16, 'priority': 32,
         'ipv4': 1, 'ipv6': 2, 'ipsec': 1}

SO_RCVMARK = 75     # asm-generic/socket.h; Python has no name for it


class l2tpgwmsg(genlmsg):
    prefix = 'L2TPGW_A_'
    nla_map = (('L2TPGW_A_UNSPEC', 'none'),
               ('L2TPGW_A_PAD', 'none'),
               ('L2TPGW_A_SOCK_ID', 'uint32'),
               ('L2TPGW_A_SOCK_FD', 'int32'),
               ('L2TPGW_A_SOCK_FAMILY', 'uint16'),
               ('L2TPGW_A_SOCK_LOCAL_ADDR', 'cdata'),
               ('L2TPGW_A_SOCK_LOCAL_PORT', 'uint16'),
               ('L2TPGW_A_SOCK_OWNED', 'flag'),
               ('L2TPGW_A_TUNNEL_ID', 'uint16'),
               ('L2TPGW_A_PEER_TUNNEL_ID', 'uint16'),
               ('L2TPGW_A_PEER_ADDR', 'cdata'),
               ('L2TPGW_A_PEER_PORT', 'uint16'),
               ('L2TPGW_A_LOCAL_ADDR', 'cdata'),
               ('L2TPGW_A_MARK', 'uint32'),
               ('L2TPGW_A_TUNNEL_FLAGS', 'uint32'),
               ('L2TPGW_A_SESSION_ID', 'uint16'),
               ('L2TPGW_A_PEER_SESSION_ID', 'uint16'),
               ('L2TPGW_A_IFNAME', 'asciiz'),
               ('L2TPGW_A_IFINDEX', 'uint32'),
               ('L2TPGW_A_MTU', 'uint32'),
               ('L2TPGW_A_SESSION_FLAGS', 'uint32'),
               ('L2TPGW_A_PROTOCOLS', 'uint32'),
               ('L2TPGW_A_REORDER_WINDOW', 'uint16'),
               ('L2TPGW_A_REORDER_TIMEOUT', 'uint32'),
               ('L2TPGW_A_PPP_FRAME', 'cdata'),
               ('L2TPGW_A_STATS', 'stats'),
               ('L2TPGW_A_CAUSE', 'uint32'),
               ('L2TPGW_A_SOCK_FLAGS', 'uint32'),
               ('L2TPGW_A_IPSEC_REQID', 'uint32'))

    class stats(nla):
        nla_map = tuple(('L2TPGW_STAT_' + n.upper(),
                         'none' if n in ('unspec', 'pad') else 'uint64')
                        for n in STATS)


class L2tpgw(GenericNetlinkSocket):
    def __init__(self):
        super().__init__(ext_ack=True)
        self.bind('l2tpgw', l2tpgwmsg)

    def request(self, cmd, attrs, dump=False):
        msg = l2tpgwmsg()
        msg['cmd'] = CMD[cmd]
        msg['version'] = 1
        msg['attrs'] = [('L2TPGW_A_' + k.upper(), v) for k, v in attrs]
        flags = NLM_F_REQUEST | (NLM_F_DUMP if dump else NLM_F_ACK)
        return list(self.nlm_request(msg, msg_type=self.prid,
                                     msg_flags=flags))


# --- ppp-peer: the PPP control plane a daemon would run, minimally ---------
#
# Attaches its own UDP socket, adds the tunnel and a session without any
# protocol enabled, answers LCP and IPCP through PPP_XMIT from the PPP
# control frames the module passes up, and when IPCP is open enables IPv4
# on the session and prints "ipcp open".  Echo-Requests are answered, other
# protocols rejected.  No authentication, no options of its own besides the
# IP address: just enough to bring up a real pppd on the other side.

LCP, IPCP = 0xc021, 0x8021
CONF_REQ, CONF_ACK, CONF_NAK, CONF_REJ, TERM_REQ, TERM_ACK = 1, 2, 3, 4, 5, 6
PROT_REJ, ECHO_REQ, ECHO_REP = 8, 9, 10


def parse_l2tp(data):
    """(session id, PPP protocol, PPP payload) of an L2TPv2 data message."""
    flags = struct.unpack_from('!H', data)[0]
    if flags & 0x8000:
        return None
    pos = 2 + (2 if flags & 0x4000 else 0)
    _, sid = struct.unpack_from('!HH', data, pos)
    pos += 4 + (4 if flags & 0x0800 else 0)
    if flags & 0x0200:
        pos += 2 + struct.unpack_from('!H', data, pos)[0]
    ppp = data[pos:]
    if ppp[:2] == b'\xff\x03':
        ppp = ppp[2:]
    if ppp[0] & 1:
        return sid, ppp[0], ppp[1:]
    return sid, struct.unpack_from('!H', ppp)[0], ppp[2:]


class Peer:
    def __init__(self, nl, args):
        self.args = args
        self.nl = nl
        self.lcp_acked = self.lcp_ours = False
        self.ipcp_acked = self.ipcp_ours = False
        self.ipcp_sent = False
        self.open = False
        self.ident = 1

    def send(self, proto, code, ident, body=b''):
        frame = struct.pack('!HBBH', proto, code, ident, 4 + len(body)) + body
        self.nl.request('ppp_xmit', [('tunnel_id', self.args.tunnel),
                                     ('session_id', self.args.session),
                                     ('ppp_frame', frame)])

    def request(self, proto, body=b''):
        self.ident += 1
        self.send(proto, CONF_REQ, self.ident, body)

    def ipcp_request(self):
        ip = ipaddress.ip_address(self.args.local_ip).packed
        self.request(IPCP, b'\x03\x06' + ip)
        self.ipcp_sent = True

    def lcp(self, code, ident, body):
        if code == CONF_REQ:
            self.send(LCP, CONF_ACK, ident, body)
            self.lcp_acked = True
            if not self.lcp_ours:
                self.request(LCP)
        elif code == CONF_ACK:
            self.lcp_ours = True
        elif code == ECHO_REQ:
            self.send(LCP, ECHO_REP, ident, b'\0\0\0\0' + body[4:])
        elif code == TERM_REQ:
            self.send(LCP, TERM_ACK, ident)
        if self.lcp_acked and self.lcp_ours and not self.ipcp_sent:
            self.ipcp_request()

    def ipcp(self, code, ident, body):
        if code == CONF_REQ:
            self.send(IPCP, CONF_ACK, ident, body)
            self.ipcp_acked = True
        elif code == CONF_ACK:
            self.ipcp_ours = True
        elif code == CONF_NAK:
            self.ipcp_request()
        if self.ipcp_acked and self.ipcp_ours and not self.open:
            self.nl.request('session_modify',
                            [('tunnel_id', self.args.tunnel),
                             ('session_id', self.args.session),
                             ('protocols', 1)])
            self.open = True
            print('ipcp open', flush=True)

    def frame(self, proto, payload):
        if len(payload) < 4:
            return
        code, ident, length = struct.unpack_from('!BBH', payload)
        body = payload[4:length]
        print('rx proto 0x%04x code %d' % (proto, code), flush=True)
        if proto == LCP:
            self.lcp(code, ident, body)
        elif proto == IPCP:
            self.ipcp(code, ident, body)
        else:
            self.ident += 1
            self.send(LCP, PROT_REJ, self.ident,
                      struct.pack('!H', proto) + payload)

    def run(self):
        a = self.args
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((a.addr, a.port))
        sid = self.nl.request('sock_attach', [('sock_fd', sock.fileno())])[0]
        sid = sid.get_attr('L2TPGW_A_SOCK_ID')
        self.nl.request('tunnel_add', [
            ('sock_id', sid), ('tunnel_id', a.tunnel),
            ('peer_tunnel_id', a.peer_tunnel),
            ('peer_addr', ipaddress.ip_address(a.peer).packed),
            ('peer_port', a.port)])
        reply = self.nl.request('session_add', [
            ('tunnel_id', a.tunnel), ('session_id', a.session),
            ('peer_session_id', a.peer_session)])
        print('session', reply[0].get_attr('L2TPGW_A_IFNAME'), flush=True)
        while True:
            data = sock.recv(65535)
            parsed = parse_l2tp(data)
            if parsed and parsed[0] == a.session:
                self.frame(parsed[1], parsed[2])



# --- bulk-add and dump-check: raw netlink, for 10^5 objects under TCG ------
#
# pyroute2 costs milliseconds per message under TCG; these build and parse
# the few attributes they need with struct, and keep many requests in
# flight on one socket.

NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_MULTI = 2
SO_RCVBUFFORCE = 33
NETLINK_GENERIC = 16        # not in every Python's socket module
A = {name[len('L2TPGW_A_'):].lower(): i
     for i, (name, _) in enumerate(l2tpgwmsg.nla_map)}


def nla(kind, fmt, value):
    body = value if fmt is None else struct.pack(fmt, value)
    pad = (4 - len(body) % 4) % 4
    return struct.pack('HH', 4 + len(body), A[kind]) + body + b'\0' * pad


class RawNl:
    def __init__(self, family, rcvbuf=64 << 20):
        self.family = family
        self.seq = 0
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf)
        self.sock.bind((0, 0))
        # recv(1 MiB) would map and unmap a fresh megabyte per message:
        # a sixth of a session add's time under TCG.
        self.buf = bytearray(1 << 20)

    def msg(self, cmd, attrs, flags=NLM_F_REQUEST):
        self.seq += 1
        body = struct.pack('BBH', CMD[cmd], 1, 0) + b''.join(attrs)
        return struct.pack('IHHII', 16 + len(body), self.family, flags,
                           self.seq, 0) + body

    def messages(self):
        """(type, flags, payload) of the messages of one recv()."""
        buf = bytes(memoryview(self.buf)[:self.sock.recv_into(self.buf)])
        pos = 0
        while pos + 16 <= len(buf):
            length, kind, flags = struct.unpack_from('IHH', buf, pos)
            yield kind, flags, buf[pos + 16:pos + length]
            pos += (length + 3) & ~3

    def pipeline(self, requests, window=128):
        """Send requests whose success is one reply each; raise on error."""
        sent = done = 0
        while done < len(requests):
            if sent < len(requests) and sent - done < window:
                chunk = requests[sent:sent + window - (sent - done)]
                self.sock.send(b''.join(chunk))
                sent += len(chunk)
                continue
            for kind, _, payload in self.messages():
                if kind == NLMSG_ERROR and struct.unpack_from('i', payload)[0]:
                    raise SystemExit('l2tpgw_nl: bulk request %d failed: '
                                     'errno %d' % (done + 1, -struct.unpack_from(
                                         'i', payload)[0]))
                done += 1

    def do(self, cmd, attrs):
        self.sock.send(self.msg(cmd, attrs, NLM_F_REQUEST | NLM_F_ACK))
        for kind, _, payload in self.messages():
            if kind == NLMSG_ERROR:
                err = struct.unpack_from('i', payload)[0]
                if err:
                    raise SystemExit('l2tpgw_nl: %s failed: errno %d'
                                     % (cmd, -err))
                return


def attrs_of(payload):
    """{type: bytes} of a genl message's top-level attributes."""
    out = {}
    pos = 4
    while pos + 4 <= len(payload):
        length, kind = struct.unpack_from('HH', payload, pos)
        out[kind & 0x3fff] = payload[pos + 4:pos + length]
        pos += (length + 3) & ~3
    return out


def bulk_add(nl, args):
    raw = RawNl(nl.prid)
    peer = addr_bytes(args.peer)
    # Only the ids change from one tunnel to the next: patch them into one
    # encoded request (nlmsghdr seq at 8, then the values of the two ids).
    proto = raw.msg('tunnel_add', [
        nla('sock_id', 'I', args.sock), nla('tunnel_id', 'H', 1),
        nla('peer_tunnel_id', 'H', 1), nla('peer_addr', None, peer),
        nla('peer_port', 'H', 1701)])
    tid = proto.index(nla('tunnel_id', 'H', 1)) + 4
    pid = proto.index(nla('peer_tunnel_id', 'H', 1)) + 4
    requests = []
    for t in range(1, args.tunnels + 1):
        raw.seq += 1
        t16 = struct.pack('H', t)
        requests.append(proto[:8] + struct.pack('I', raw.seq) +
                        proto[12:tid] + t16 + proto[tid + 2:pid] + t16 +
                        proto[pid + 2:])
    timed(raw.pipeline, requests, 128, 'tunnels', args.report)
    k, first = args.per_tunnel, args.first_tunnel
    timed(raw.pipeline, [raw.msg('session_add', [
        nla('tunnel_id', 'H', first + i // k),
        nla('session_id', 'H', 1 + i % k),
        nla('peer_session_id', 'H', 1 + i % k),
        nla('ifname', None, b'd%d-%d\0' % (first + i // k, 1 + i % k))])
        for i in range(args.sessions)], 32, 'sessions', args.report)


def timed(pipeline, requests, window, what, report):
    """Runs the requests, printing the time they took without the
    interpreter's start (seconds under TCG), also per REPORT of them."""
    if not requests:
        return
    step = report or len(requests)
    start = time.monotonic()
    for first in range(0, len(requests), step):
        part = requests[first:first + step]
        t0 = time.monotonic()
        pipeline(part, window)
        if report:
            print('  %s %d..%d: %.2f ms each' % (
                what, first + 1, first + len(part),
                1000 * (time.monotonic() - t0) / len(part)), flush=True)
    secs = time.monotonic() - start
    print('%d %s added in %.1f s, %.2f ms each'
          % (len(requests), what, secs, 1000 * secs / len(requests)),
          flush=True)


def object_key(what, attrs):
    tid = struct.unpack('H', attrs[A['tunnel_id']][:2])[0]
    if what == 'tunnels':
        return tid
    return tid, struct.unpack('H', attrs[A['session_id']][:2])[0]


def dump_parts(raw, what):
    """Yield the object keys of each part of one dump."""
    cmd = 'tunnel_get' if what == 'tunnels' else 'session_get'
    raw.sock.send(raw.msg(cmd, [], NLM_F_REQUEST | NLM_F_DUMP))
    while True:
        keys = []
        for kind, _, payload in raw.messages():
            if kind == NLMSG_DONE:
                yield keys
                return
            if kind == NLMSG_ERROR:
                raise SystemExit('l2tpgw_nl: dump failed: errno %d'
                                 % -struct.unpack_from('i', payload)[0])
            keys.append(object_key(what, attrs_of(payload)))
        yield keys


def delete(raw, what, key):
    if what == 'tunnels':
        raw.do('tunnel_del', [nla('tunnel_id', 'H', key)])
    else:
        raw.do('session_del', [nla('tunnel_id', 'H', key[0]),
                               nla('session_id', 'H', key[1])])


def queued_last_key(raw, what):
    """The last object of the part the kernel has already queued.

    netlink_recvmsg() builds the next part of a dump as soon as one is
    read, so objects deleted now can only be missed by the part after it:
    that part resumes after this key.
    """
    last = None
    buf = raw.sock.recv(1 << 20, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    pos = 0
    while pos + 16 <= len(buf):
        length, kind = struct.unpack_from('IH', buf, pos)
        if kind not in (NLMSG_DONE, NLMSG_ERROR):
            last = object_key(what, attrs_of(buf[pos + 16:pos + length]))
        pos += (length + 3) & ~3
    return last


def dump_whole(dumper, what, expect):
    """The keys of one dump, which must list EXPECT objects, each once."""
    seen = [k for part in dump_parts(dumper, what) for k in part]
    if len(set(seen)) != len(seen):
        raise SystemExit('l2tpgw_nl: %d %s dumped twice'
                         % (len(seen) - len(set(seen)), what))
    if len(seen) != expect:
        raise SystemExit('l2tpgw_nl: dumped %d %s, expected %d'
                         % (len(seen), what, expect))
    return seen


def next_victims(pool, resume):
    """The object the dump resumes after, if still there, and the next one
    it would reach."""
    victims = []
    i = bisect.bisect_right(pool, resume)
    if i < len(pool):
        victims.append(pool[i])
    if i and pool[i - 1] == resume:
        victims.append(resume)
    return victims


def dump_churning(dumper, deleter, what, seen, churn, pool, by_tunnel):
    """Dumps again, and after every CHURN-th part deletes the next victims
    from POOL (the sorted keys that may be deleted): objects, or with
    BY_TUNNEL the tunnels of the session the dump resumes after and of the
    next session it would reach, with all their sessions.  Every object
    must come exactly once, save those deleted before they were reached.
    Returns (objects dumped, parts, deletions, deleted before reached)."""
    got, gone_ahead, deleted, parts = [], set(), 0, 0
    for part in dump_parts(dumper, what):
        got.extend(part)
        parts += 1
        if parts % churn or not part:
            continue
        resume = queued_last_key(dumper, what)
        if resume is None:
            continue
        if by_tunnel:
            tunnels = {resume[0]}
            i = bisect.bisect_right(pool, (resume[0], 0xffff))
            if i < len(pool):
                tunnels.add(pool[i][0])
            for tid in sorted(tunnels):
                delete(deleter, 'tunnels', tid)
                deleted += 1
            gone = [k for k in pool if k[0] in tunnels]
        else:
            gone = next_victims(pool, resume)
            for key in gone:
                delete(deleter, what, key)
                deleted += 1
        for key in gone:
            pool.remove(key)
            if key > resume:
                gone_ahead.add(key)
    want = set(seen) - gone_ahead
    dup = len(got) - len(set(got))
    if dup or set(got) != want:
        raise SystemExit('l2tpgw_nl: dump of %s while deleting %s: %d '
                         'objects, %d twice, %d missing, %d deleted before '
                         'reached' % (what, 'tunnels' if by_tunnel else what,
                                      len(got), dup, len(want - set(got)),
                                      len(set(got) & gone_ahead)))
    return len(got), parts, deleted, len(gone_ahead)


def dump_check(nl, args):
    # Every recvmsg() on a socket whose queue is under half its buffer
    # builds the next part, MSG_PEEK included: a small buffer keeps it to
    # exactly one part queued ahead of the one being read.
    dumper, deleter = RawNl(nl.prid, rcvbuf=4096), RawNl(nl.prid)
    seen = dump_whole(dumper, args.what, args.expect)
    if not args.churn:
        print('%s: %d dumped whole' % (args.what, len(seen)))
        return
    pool = sorted(seen)
    if args.what == 'tunnels':
        # Deleting a tunnel takes its sessions: churn among the sessionless.
        busy = {k[0] for k in sessions_keys(dumper)}
        pool = [k for k in pool if k not in busy]
    got, parts, deleted, ahead = dump_churning(dumper, deleter, args.what,
                                               seen, args.churn, pool, False)
    print('%s: %d dumped whole; then %d parts while deleting %d (%d not yet '
          'reached): %d dumped, each once' % (args.what, len(seen), parts,
                                              deleted, ahead, got))
    if not args.churn_tunnels:
        return
    # The session cursor is (tunnel, session): deleting the tunnel it
    # stopped in must not make the dump skip into the next tunnel.
    seen = dump_whole(dumper, args.what, len(seen) - deleted)
    got, parts, deleted, ahead = dump_churning(
        dumper, deleter, args.what, seen, args.churn_tunnels, sorted(seen),
        True)
    print('%s: %d dumped whole; then %d parts while deleting %d tunnels '
          '(%d sessions not yet reached): %d dumped, each once'
          % (args.what, len(seen), parts, deleted, ahead, got))


def sessions_keys(raw):
    return [k for part in dump_parts(raw, 'sessions') for k in part]


def addr_bytes(text):
    return ipaddress.ip_address(text).packed


def flags(text):
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    value = 0
    for name in text.split('+'):
        value |= FLAGS[name]
    return value


def stats_of(msg):
    nest = msg.get_attr('L2TPGW_A_STATS')
    out = {}
    for name in STATS[2:]:
        out[name] = nest.get_attr('L2TPGW_STAT_' + name.upper()) or 0
    return out


def print_stats(msg):
    for name, value in stats_of(msg).items():
        print(name, value)


def opt_attrs(args, names):
    out = []
    for key, attr, conv in names:
        value = getattr(args, key, None)
        if value is not None:
            out.append((attr, conv(value) if conv else value))
    return out


TUNNEL_OPTS = [('peer_id', 'peer_tunnel_id', int),
               ('peer', 'peer_addr', addr_bytes),
               ('peer_port', 'peer_port', int),
               ('local', 'local_addr', addr_bytes),
               ('mark', 'mark', lambda v: int(v, 0)),
               ('flags', 'tunnel_flags', flags),
               ('reqid', 'ipsec_reqid', lambda v: int(v, 0))]
SESSION_OPTS = [('peer_id', 'peer_session_id', int),
                ('ifname', 'ifname', None),
                ('mtu', 'mtu', int),
                ('flags', 'session_flags', flags),
                ('protocols', 'protocols', flags),
                ('window', 'reorder_window', int),
                ('timeout', 'reorder_timeout', int)]


def local_attrs(args):
    ip = ipaddress.ip_address(args.addr)
    family = socket.AF_INET if ip.version == 4 else socket.AF_INET6
    return family, [('sock_family', family), ('sock_local_addr', ip.packed),
                    ('sock_local_port', args.port)]


def sock_flag_attrs(args):
    value = flags(args.flags)
    return [] if value is None else [('sock_flags', value)]


def rcvmark(ancdata):
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == socket.SO_MARK:
            return struct.unpack('I', data[:4])[0]
    raise SystemExit('l2tpgw_nl: no SO_MARK control message with SO_RCVMARK')


def sock_hold(nl, args):
    family, _ = local_attrs(args)
    sock = socket.socket(family, socket.SOCK_DGRAM)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    if args.marks:
        sock.setsockopt(socket.SOL_SOCKET, SO_RCVMARK, 1)
    sock.bind((args.addr, args.port))
    reply = nl.request('sock_attach', [('sock_fd', sock.fileno())] +
                       sock_flag_attrs(args))
    print(reply[0].get_attr('L2TPGW_A_SOCK_ID'), flush=True)
    out = open(args.dump, 'ab', buffering=0) if args.dump else None
    while True:
        data, ancdata, _, _ = sock.recvmsg(65535, socket.CMSG_SPACE(4))
        line = data.hex()
        if args.marks:
            line = 'mark=0x%08x %s' % (rcvmark(ancdata), line)
        if out:
            out.write(line.encode() + b'\n')


def host_port(text):
    host, port = text.rsplit(':', 1)
    return host.strip('[]'), int(port)


def udp_send(args):
    dest = host_port(args.to)
    family = socket.AF_INET6 if ':' in dest[0] else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.bind(host_port(args.bind))
    for one in args.datagrams:
        mark, payload = one.split(':', 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, int(mark, 0))
        sock.sendto(bytes.fromhex(payload), dest)


STATS_CMD = {'net': ('stats_get', []), 'sock': ('sock_get', ['sock_id']),
             'tunnel': ('tunnel_get', ['tunnel_id']),
             'session': ('session_get', ['tunnel_id', 'session_id'])}


def counters(nl, objs):
    for obj in objs:
        kind, *ids = obj.split(':')
        cmd, keys = STATS_CMD[kind]
        if len(ids) != len(keys):
            raise SystemExit('l2tpgw_nl: counters: bad object %r' % obj)
        msg = nl.request(cmd, list(zip(keys, map(int, ids))))[0]
        for name, value in stats_of(msg).items():
            print(obj, name, value)


def parser():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('sock-add')
    p.add_argument('--fd', type=int)
    p.add_argument('--addr')
    p.add_argument('--port', type=int)
    p.add_argument('--flags')
    p = sub.add_parser('sock-hold')
    p.add_argument('--addr', required=True)
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--flags')
    p.add_argument('--dump')
    p.add_argument('--marks', action='store_true')
    p = sub.add_parser('sock-modify')
    p.add_argument('id', type=int)
    p.add_argument('--flags', required=True)
    sub.add_parser('sock-del').add_argument('id', type=int)
    sub.add_parser('sock-get').add_argument('id', type=int)
    sub.add_parser('tunnel-get').add_argument('id', type=int)
    p = sub.add_parser('udp-send')
    p.add_argument('--bind', required=True)
    p.add_argument('--to', required=True)
    p.add_argument('datagrams', nargs='+', metavar='MARK:HEX')
    sub.add_parser('counters').add_argument('objs', nargs='+')
    p = sub.add_parser('bulk-add')
    p.add_argument('--sock', type=int, required=True)
    p.add_argument('--peer', required=True)
    p.add_argument('--tunnels', type=int, required=True)
    p.add_argument('--sessions', type=int, default=0)
    p.add_argument('--per-tunnel', type=int, default=4)
    p.add_argument('--first-tunnel', type=int, default=1)
    p.add_argument('--report', type=int, default=0)
    p = sub.add_parser('dump-check')
    p.add_argument('what', choices=['tunnels', 'sessions'])
    p.add_argument('--expect', type=int, required=True)
    p.add_argument('--churn', type=int, default=0)
    p.add_argument('--churn-tunnels', type=int, default=0)
    for name, required in (('tunnel-add', True), ('tunnel-modify', False)):
        p = sub.add_parser(name)
        p.add_argument('--sock', type=int, required=required)
        p.add_argument('--id', type=int, required=True)
        p.add_argument('--peer-id', type=int, required=required)
        p.add_argument('--peer', required=required)
        p.add_argument('--peer-port', type=int, required=required)
        p.add_argument('--local')
        p.add_argument('--mark')
        p.add_argument('--flags')
        p.add_argument('--reqid')
    sub.add_parser('tunnel-del').add_argument('id', type=int)
    for name in ('session-add', 'session-modify'):
        p = sub.add_parser(name)
        p.add_argument('--tunnel', type=int, required=True)
        p.add_argument('--id', type=int, required=True)
        p.add_argument('--peer-id', type=int, required=name == 'session-add')
        p.add_argument('--ifname')
        p.add_argument('--mtu', type=int)
        p.add_argument('--flags')
        p.add_argument('--protocols')
        p.add_argument('--window', type=int)
        p.add_argument('--timeout', type=int)
    p = sub.add_parser('session-del')
    p.add_argument('tunnel', type=int)
    p.add_argument('id', type=int)
    p = sub.add_parser('ppp-send')
    p.add_argument('tunnel', type=int)
    p.add_argument('id', type=int)
    p.add_argument('frame')
    p = sub.add_parser('stats')
    p.add_argument('what', choices=['net', 'sock', 'tunnel', 'session'])
    p.add_argument('ids', type=int, nargs='*')
    p = sub.add_parser('count')
    p.add_argument('what', choices=['socks', 'tunnels', 'sessions'])
    p.add_argument('tunnel', type=int, nargs='?')
    sub.add_parser('monitor').add_argument('n', type=int)
    p = sub.add_parser('raw-error')
    p.add_argument('command', choices=CMDS[1:])
    p.add_argument('attrs', nargs='*')
    sub.add_parser('batch')
    p = sub.add_parser('ppp-peer')
    for name in ('addr', 'peer', 'local-ip'):
        p.add_argument('--' + name, required=True)
    for name in ('port', 'tunnel', 'peer-tunnel', 'session', 'peer-session'):
        p.add_argument('--' + name, type=int, required=True)
    return ap


def main():
    ap = parser()
    args = ap.parse_args()
    nl = L2tpgw()
    todo = [args]
    if args.cmd == 'batch':
        todo = (ap.parse_args(shlex.split(line)) for line in sys.stdin
                if line.strip() and not line.startswith('#'))
    for one in todo:
        try:
            run(nl, one)
        except NetlinkError as e:
            print('l2tpgw_nl: %s: %s (errno %d)' % (one.cmd, e.args[1],
                                                    e.code), file=sys.stderr)
            sys.exit(1)
        sys.stdout.flush()


def run(nl, args):
    c = args.cmd
    if c == 'sock-add':
        if args.fd is not None:
            attrs = [('sock_fd', args.fd)]
        else:
            attrs = local_attrs(args)[1]
        attrs += sock_flag_attrs(args)
        print(nl.request('sock_attach', attrs)[0].get_attr('L2TPGW_A_SOCK_ID'))
    elif c == 'sock-modify':
        nl.request('sock_modify', [('sock_id', args.id)] +
                   sock_flag_attrs(args))
    elif c == 'udp-send':
        udp_send(args)
    elif c == 'counters':
        counters(nl, args.objs)
    elif c == 'bulk-add':
        bulk_add(nl, args)
    elif c == 'dump-check':
        dump_check(nl, args)
    elif c in ('sock-get', 'tunnel-get'):
        key = 'sock_id' if c == 'sock-get' else 'tunnel_id'
        msg = nl.request(c.replace('-', '_'), [(key, args.id)])[0]
        for name, value in msg['attrs']:
            if name != 'L2TPGW_A_STATS':
                print(name[len('L2TPGW_A_'):].lower(), value)
    elif c == 'sock-hold':
        sock_hold(nl, args)
    elif c == 'ppp-peer':
        Peer(nl, args).run()
    elif c == 'sock-del':
        nl.request('sock_detach', [('sock_id', args.id)])
    elif c in ('tunnel-add', 'tunnel-modify'):
        attrs = [('tunnel_id', args.id)] + opt_attrs(args, TUNNEL_OPTS)
        if args.sock is not None:
            attrs.append(('sock_id', args.sock))
        nl.request(c.replace('-', '_'), attrs)
    elif c == 'tunnel-del':
        nl.request('tunnel_del', [('tunnel_id', args.id)])
    elif c in ('session-add', 'session-modify'):
        attrs = [('tunnel_id', args.tunnel), ('session_id', args.id)]
        reply = nl.request(c.replace('-', '_'),
                           attrs + opt_attrs(args, SESSION_OPTS))
        if c == 'session-add':
            print(reply[0].get_attr('L2TPGW_A_IFNAME'))
    elif c == 'session-del':
        nl.request('session_del', [('tunnel_id', args.tunnel),
                                   ('session_id', args.id)])
    elif c == 'ppp-send':
        nl.request('ppp_xmit', [('tunnel_id', args.tunnel),
                                ('session_id', args.id),
                                ('ppp_frame', bytes.fromhex(args.frame))])
    elif c == 'stats':
        keys = {'net': [], 'sock': ['sock_id'], 'tunnel': ['tunnel_id'],
                'session': ['tunnel_id', 'session_id']}[args.what]
        cmd = {'net': 'stats_get', 'sock': 'sock_get', 'tunnel': 'tunnel_get',
               'session': 'session_get'}[args.what]
        print_stats(nl.request(cmd, list(zip(keys, args.ids)))[0])
    elif c == 'count':
        cmd = {'socks': 'sock_get', 'tunnels': 'tunnel_get',
               'sessions': 'session_get'}[args.what]
        attrs = [('tunnel_id', args.tunnel)] if args.tunnel else []
        print(len(nl.request(cmd, attrs, dump=True)))
    elif c == 'monitor':
        nl.add_membership('events')
        print('listening', flush=True)
        seen = 0
        while seen < args.n:
            for msg in nl.get():
                fields = [CMDS[msg['cmd']]]
                for name, value in msg['attrs']:
                    fields.append('%s=%s' % (name[len('L2TPGW_A_'):].lower(),
                                             value))
                print(' '.join(fields), flush=True)
                seen += 1
    elif c == 'raw-error':
        attrs = []
        for kv in args.attrs:
            k, v = kv.split('=', 1)
            attrs.append((k, bytes.fromhex(v[4:]) if v.startswith('hex:')
                          else (v if k == 'ifname' else int(v, 0))))
        try:
            nl.request(args.command, attrs)
        except NetlinkError as e:
            print('errno %d: %s' % (e.code, e.args[1]))
            return
        print('l2tpgw_nl: %s succeeded but was expected to fail'
              % args.command, file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
