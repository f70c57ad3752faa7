#!/usr/bin/python3
"""Speak the l2tpgw generic netlink family from scripts (pyroute2).

    l2tpgw_nl.py sock-add (--fd N | --addr A --port P)    prints the socket id
    l2tpgw_nl.py sock-hold --addr A --port P [--dump FILE]
        binds a UDP socket itself, attaches it by descriptor, prints the id,
        then keeps it open (appending what goes up to FILE) until killed
    l2tpgw_nl.py sock-del ID
    l2tpgw_nl.py tunnel-add --sock ID --id T --peer-id T --peer A --peer-port P
                            [--local A] [--mark M] [--flags N]
    l2tpgw_nl.py tunnel-modify --id T [--peer-id --peer --peer-port --mark --flags]
    l2tpgw_nl.py tunnel-del T
    l2tpgw_nl.py session-add --tunnel T --id S --peer-id S [--ifname N] [--mtu M]
                             [--flags N] [--protocols N] [--window N] [--timeout MS]
    l2tpgw_nl.py session-modify --tunnel T --id S [same options]
    l2tpgw_nl.py session-del T S
    l2tpgw_nl.py ppp-send T S HEX           one PPP frame, protocol field first
    l2tpgw_nl.py stats (net | sock ID | tunnel T | session T S)   "name value" lines
    l2tpgw_nl.py count (socks | tunnels | sessions [T])           objects in a dump
    l2tpgw_nl.py monitor N                  print N events, one per line
    l2tpgw_nl.py raw-error CMD k=v...       expect failure, print errno and extack
    l2tpgw_nl.py ppp-peer --addr A --port P --tunnel T --peer-tunnel T
                          --session S --peer-session S --peer A --local-ip IP
        a minimal PPP peer (LCP, IPCP) over an attached socket, see below
    l2tpgw_nl.py batch                      one command per line from stdin, one
                                            netlink socket (process starts are slow
                                            under TCG); stops at the first error

Flags are numbers or names joined by '+': udp_csum, send_length (tunnel);
send_seq, recv_seq, lns, tx_acfc, tx_pfc, priority (session); ipv4, ipv6.
Exits 1 with the kernel's extack message on any error.
"""
import argparse
import ipaddress
import shlex
import socket
import sys
import struct

from pyroute2.netlink import NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST, genlmsg, nla
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.generic import GenericNetlinkSocket

CMDS = ['unspec', 'sock_attach', 'sock_detach', 'sock_get', 'tunnel_add',
        'tunnel_del', 'tunnel_modify', 'tunnel_get', 'session_add',
        'session_del', 'session_modify', 'session_get', 'ppp_xmit',
        'stats_get']
CMD = {name: i for i, name in enumerate(CMDS)}

STATS = ['unspec', 'pad', 'rx_packets', 'rx_bytes', 'tx_packets', 'tx_bytes',
         'rx_ctrl_packets', 'tx_ctrl_packets', 'rx_passed_up',
         'rx_bad_header', 'rx_bad_length', 'rx_unknown_session',
         'rx_wrong_peer', 'rx_seq_missing', 'rx_seq_discard',
         'rx_reorder_timeout', 'rx_reorder_overflow', 'rx_oos_packets',
         'rx_proto_disabled', 'rx_bad_ppp', 'rx_not_read', 'rx_dropped',
         'tx_no_route', 'tx_dropped']

FLAGS = {'udp_csum': 1, 'send_length': 2, 'send_seq': 1, 'recv_seq': 2,
         'lns': 4, 'tx_acfc': 8, 'tx_pfc': 16, 'priority': 32,
         'ipv4': 1, 'ipv6': 2}


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
               ('L2TPGW_A_CAUSE', 'uint32'))

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
               ('flags', 'tunnel_flags', flags)]
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


def sock_hold(nl, args):
    family, _ = local_attrs(args)
    sock = socket.socket(family, socket.SOCK_DGRAM)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    sock.bind((args.addr, args.port))
    reply = nl.request('sock_attach', [('sock_fd', sock.fileno())])
    print(reply[0].get_attr('L2TPGW_A_SOCK_ID'), flush=True)
    out = open(args.dump, 'ab', buffering=0) if args.dump else None
    while True:
        data, peer = sock.recvfrom(65535)
        if out:
            out.write(data.hex().encode() + b'\n')


def parser():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('sock-add')
    p.add_argument('--fd', type=int)
    p.add_argument('--addr')
    p.add_argument('--port', type=int)
    p = sub.add_parser('sock-hold')
    p.add_argument('--addr', required=True)
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--dump')
    sub.add_parser('sock-del').add_argument('id', type=int)
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
        print(nl.request('sock_attach', attrs)[0].get_attr('L2TPGW_A_SOCK_ID'))
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
