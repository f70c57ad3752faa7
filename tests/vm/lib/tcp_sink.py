"""A TCP sink for the VM scenarios: accepts on PORT (all IPv4 and IPv6
addresses of its namespace), reads each connection to its end and prints
one line per connection, flushed:

    LOCAL_ADDRESS BYTES SHA256

so a scenario sending a file through one path (a session's inner
address) checks what arrived there, byte for byte:

    ip netns exec b /usr/bin/python3 tests/vm/lib/tcp_sink.py 5300 &
    ip netns exec a bash -c 'cat FILE >/dev/tcp/192.168.11.2/5300'
    ... wait for "192.168.11.2 SIZE $(sha256sum <FILE)" in its output
"""

import hashlib
import socket
import socketserver
import sys


class Sink(socketserver.BaseRequestHandler):
    def handle(self):
        h, n = hashlib.sha256(), 0
        while True:
            data = self.request.recv(1 << 20)
            if not data:
                break
            h.update(data)
            n += len(data)
        local = self.request.getsockname()[0]
        if local.startswith("::ffff:"):
            local = local[7:]
        print("%s %d %s" % (local, n, h.hexdigest()), flush=True)


class Server(socketserver.ThreadingTCPServer):
    address_family = socket.AF_INET6
    allow_reuse_address = True
    daemon_threads = True

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def main():
    with Server(("::", int(sys.argv[1])), Sink) as srv:
        print("listening", flush=True)
        srv.serve_forever()


if __name__ == "__main__":
    main()
