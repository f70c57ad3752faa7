"""One TCP transfer whose bytes are checked end to end.

  tcp_sha256.py recv ADDR PORT OUT    accept one connection on ADDR:PORT
                                      ("listening" on stdout once bound),
                                      write "BYTES SHA256" of what it
                                      carried to OUT
  tcp_sha256.py send ADDR PORT FILE   send FILE to ADDR:PORT, print
                                      "BYTES SHA256" of what was sent
"""
import hashlib
import socket
import sys


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def recv(addr, port, out):
    srv = socket.socket(family(addr), socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(1)
    print("listening", flush=True)
    conn, _ = srv.accept()
    digest, total = hashlib.sha256(), 0
    while True:
        chunk = conn.recv(1 << 16)
        if not chunk:
            break
        digest.update(chunk)
        total += len(chunk)
    with open(out, "w") as f:
        f.write("%d %s\n" % (total, digest.hexdigest()))


def send(addr, port, path):
    with open(path, "rb") as f:
        data = f.read()
    conn = socket.create_connection((addr, port), timeout=60)
    conn.sendall(data)
    conn.shutdown(socket.SHUT_WR)
    conn.recv(1)
    conn.close()
    print("%d %s" % (len(data), hashlib.sha256(data).hexdigest()))


def main():
    mode, addr, port, path = sys.argv[1:5]
    (recv if mode == "recv" else send)(addr, int(port), path)


if __name__ == "__main__":
    main()
