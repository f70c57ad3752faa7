#!/usr/bin/python3
"""A TCP transfer whose bytes are checked end to end.

    tcp_sha.py sink PORT             accept connections on PORT (IPv4 and
                                     IPv6); after each, print
                                     "got BYTES SHA256HEX"; runs until killed
    tcp_sha.py send HOST PORT FILE   send FILE to HOST:PORT (sendfile, so
                                     that TCP builds super-packets)
    tcp_sha.py want FILE             print the line the sink prints for FILE
"""
import hashlib
import socket
import sys


def line(size, digest):
    return 'got %d %s' % (size, digest)


def sink(port):
    srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    srv.bind(('::', port))
    srv.listen(4)
    print('listening', flush=True)
    while True:
        conn, _ = srv.accept()
        h, size = hashlib.sha256(), 0
        while True:
            buf = conn.recv(1 << 16)
            if not buf:
                break
            h.update(buf)
            size += len(buf)
        conn.close()
        print(line(size, h.hexdigest()), flush=True)


def send(host, port, path):
    with socket.create_connection((host, port)) as s, open(path, 'rb') as f:
        s.sendfile(f)


def want(path):
    with open(path, 'rb') as f:
        data = f.read()
    print(line(len(data), hashlib.sha256(data).hexdigest()))


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == 'sink':
        sink(int(args[1]))
    elif len(args) == 4 and args[0] == 'send':
        send(args[1], int(args[2]), args[3])
    elif len(args) == 2 and args[0] == 'want':
        want(args[1])
    else:
        sys.exit(__doc__)


main()
