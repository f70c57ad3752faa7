#!/usr/bin/python3
"""MS-CHAPv2 (RFC 2759) for radclient: the attributes of an Access-Request
and the Authenticator Response to expect in MS-CHAP2-Success.

    mschapv2.py USER PASSWORD [AUTH_CHALLENGE_HEX PEER_CHALLENGE_HEX]
    mschapv2.py --batch        (USER PASSWORD lines on standard input)

prints four lines (each),
    MS-CHAP-Challenge = 0x...
    MS-CHAP2-Response = 0x...
    S=<40 hex digits>          (the Authenticator Response)
    <its text in hex>          (as radclient shows it in MS-CHAP2-Success)
Random challenges unless given.  `mschapv2.py --selftest` checks RFC 2759
section 9.2's example.  MD4 is computed here: OpenSSL 3 no longer offers it.
"""
import ctypes
import hashlib
import os
import struct
import sys

# DES from nettle through ctypes: importing python3-cryptography takes
# seconds under TCG.
NETTLE = ctypes.CDLL('libnettle.so.8')


def md4(data):
    def f(x, y, z): return (x & y) | (~x & z)
    def g(x, y, z): return (x & y) | (x & z) | (y & z)
    def h(x, y, z): return x ^ y ^ z
    def rol(v, s):
        v &= 0xffffffff
        return ((v << s) | (v >> (32 - s))) & 0xffffffff
    msg = data + b'\x80' + b'\0' * ((55 - len(data)) % 64) + \
        struct.pack('<Q', len(data) * 8)
    a, b, c, d = 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476
    for off in range(0, len(msg), 64):
        x = struct.unpack('<16I', msg[off:off + 64])
        aa, bb, cc, dd = a, b, c, d
        for i in range(16):
            k, s = i, (3, 7, 11, 19)[i % 4]
            a, b, c, d = d, rol(a + f(b, c, d) + x[k], s), b, c
        for i in range(16):
            k, s = (i % 4) * 4 + i // 4, (3, 5, 9, 13)[i % 4]
            a, b, c, d = d, rol(a + g(b, c, d) + x[k] + 0x5a827999, s), b, c
        for i in range(16):
            k = (0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15)[i]
            s = (3, 9, 11, 15)[i % 4]
            a, b, c, d = d, rol(a + h(b, c, d) + x[k] + 0x6ed9eba1, s), b, c
        a, b, c, d = [(p + q) & 0xffffffff for p, q in
                      zip((a, b, c, d), (aa, bb, cc, dd))]
    return struct.pack('<4I', a, b, c, d)


def des(key7, block):
    bits = int.from_bytes(key7, 'big')
    key8 = bytes(((bits >> (56 - 7 * (i + 1))) & 0x7f) << 1 for i in range(8))
    ctx = ctypes.create_string_buffer(128)     # struct des_ctx
    out = ctypes.create_string_buffer(8)
    NETTLE.nettle_des_set_key(ctx, key8)         # parity is ignored
    NETTLE.nettle_des_encrypt(ctx, ctypes.c_size_t(8), out, block)
    return out.raw


def nt_hash(password):
    return md4(password.encode('utf-16-le'))


def challenge_hash(peer, auth, user):
    return hashlib.sha1(peer + auth + user.encode()).digest()[:8]


def nt_response(auth, peer, user, password):
    ch = challenge_hash(peer, auth, user)
    z = nt_hash(password) + b'\0' * 5
    return des(z[0:7], ch) + des(z[7:14], ch) + des(z[14:21], ch)


def authenticator_response(password, nt_resp, peer, auth, user):
    magic1 = b'Magic server to client signing constant'
    magic2 = b'Pad to make it do more than one iteration'
    hh = md4(nt_hash(password))
    digest = hashlib.sha1(hh + nt_resp + magic1).digest()
    ch = challenge_hash(peer, auth, user)
    return 'S=' + hashlib.sha1(digest + ch + magic2).hexdigest().upper()


def selftest():
    auth = bytes.fromhex('5B5D7C7D7B3F2F3E3C2C602132262628')
    peer = bytes.fromhex('21402324255E262A28295F2B3A337C7E')
    r = nt_response(auth, peer, 'User', 'clientPass')
    assert r.hex().upper() == \
        '82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF', r.hex()
    s = authenticator_response('clientPass', r, peer, auth, 'User')
    assert s == 'S=407A5589115FD0D6209F510FE9C04566932CDA56', s
    print('ok')


def request(user, password, auth, peer):
    r = nt_response(auth, peer, user, password)
    print('MS-CHAP-Challenge = 0x' + auth.hex())
    # Ident, Flags, Peer-Challenge, 8 reserved octets, NT-Response
    print('MS-CHAP2-Response = 0x' + (b'\1\0' + peer + b'\0' * 8 + r).hex())
    print(authenticator_response(password, r, peer, auth, user))
    print(authenticator_response(password, r, peer, auth, user).encode().hex())


def main(argv):
    if argv[1:] == ['--selftest']:
        return selftest()
    if argv[1:] == ['--batch']:
        for line in sys.stdin:
            user, password = line.split()
            request(user, password, os.urandom(16), os.urandom(16))
        return
    if len(argv) > 4:
        auth, peer = bytes.fromhex(argv[3]), bytes.fromhex(argv[4])
    else:
        auth, peer = os.urandom(16), os.urandom(16)
    request(argv[1], argv[2], auth, peer)


if __name__ == '__main__':
    main(sys.argv)
