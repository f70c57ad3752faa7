#!/usr/bin/python3
"""Send IPv4/UDP datagrams as raw Ethernet frames (AF_PACKET).

    rawudp.py IFNAME DST_MAC SRC_IP:PORT DST_IP:PORT HEX_PAYLOAD [COUNT]

Frames leave IFNAME below the IP stack, so no XFRM policy can encrypt
them: this is how a scenario puts cleartext L2TP on the wire from an
address whose own traffic is protected by IPsec.  Prints the number sent.
"""
import socket
import struct
import sys


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def endpoint(text):
    host, port = text.rsplit(':', 1)
    return socket.inet_aton(host), int(port)


def main():
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    ifname, dst_mac = sys.argv[1], bytes.fromhex(sys.argv[2].replace(':', ''))
    (src, sport), (dst, dport) = endpoint(sys.argv[3]), endpoint(sys.argv[4])
    payload = bytes.fromhex(sys.argv[5])
    count = int(sys.argv[6]) if len(sys.argv) == 7 else 1
    with open('/sys/class/net/%s/address' % ifname) as f:
        src_mac = bytes.fromhex(f.read().strip().replace(':', ''))
    udp_len = 8 + len(payload)
    pseudo = src + dst + struct.pack('!BBH', 0, 17, udp_len)
    udp = struct.pack('!HHHH', sport, dport, udp_len, 0) + payload
    csum = checksum(pseudo + udp) or 0xffff
    udp = udp[:6] + struct.pack('!H', csum) + udp[8:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + udp_len, 0, 0x4000, 64,
                     17, 0, src, dst)
    ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
    frame = dst_mac + src_mac + struct.pack('!H', 0x0800) + ip + udp
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    for _ in range(count):
        s.send(frame)
    print(count)


if __name__ == '__main__':
    main()
