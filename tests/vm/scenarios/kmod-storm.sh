#!/bin/bash
# timeout: 600
#
# 100,000 malformed and random L2TP datagrams at b's socket, from the
# tunnel's peer address and port and from elsewhere, while a good session
# keeps passing pings.  No splat; every datagram ends in exactly one
# counter of the namespace, the socket, the tunnel or a session.
#
#   ns a                                      ns b
#   l2tp0 192.168.7.1 ---- ping ------------> l2tp0 192.168.7.2
#   storm: raw UDP from 10.9.0.1:1701 and      UDP 10.9.0.2:1701 (module's)
#          from 10.9.0.1:1702                  tunnel 20: sessions 200 (IPv4),
#   va 10.9.0.1/24 -------------------------- vb 10.9.0.2/24     201 (none)
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
COUNT=${STORM_COUNT:-100000}

# Disposition counters: each datagram lands in exactly one of them.
FINAL="rx_packets rx_ctrl_packets rx_passed_up rx_bad_header rx_bad_length
rx_unknown_session rx_wrong_peer rx_seq_missing rx_seq_discard
rx_proto_disabled rx_bad_ppp rx_not_read rx_dropped"
total() { # total NS: sum of FINAL over the namespace and all its objects
	storm_objects | n "$1" l2tpctl -j kernel batch | jq -s --arg f "$FINAL" '[$f | splits("\\s+")] as $want | [.[] | (.stats // .) | to_entries[] | select(.key | IN($want[])) | .value] | add // 0'
}
storm_objects() { # the objects a datagram to b can be counted in
	printf '%s\n' stats "socket show id 1" "tunnel show id 20" \
		"session show tunnel 20 id 200" "session show tunnel 20 id 201"
}

# The backlog in front of the veth must not be where datagrams are lost.
sysctl -qw net.core.netdev_max_backlog=200000
kmod_pair lns on reorder-window 8 reorder-timeout 50
kctl b session add tunnel 20 id 201 peer-id 101 name junk
check "ping before the storm" n a ping -c 2 -W 2 192.168.7.2

before=$(total b)
spawn ping ip netns exec a ping -i 0.2 -W 1 192.168.7.2
n a /usr/bin/python3 - "$COUNT" <<'EOF'
import random, socket, struct, sys, time
count = int(sys.argv[1])
rnd = random.Random(1701)

def l2tp(flags, tid, sid, body=b'', length=None, ns=None, offset=None):
    hdr = struct.pack('!H', flags | 2)
    rest = b''
    if ns is not None:
        flags |= 0x0800
        rest += struct.pack('!HH', ns, 0)
    if offset is not None:
        flags |= 0x0200
        rest += struct.pack('!H', offset) + bytes(min(offset, 8))
    ids = struct.pack('!HH', tid, sid)
    if length is not None:
        flags |= 0x4000
        msg = struct.pack('!HH', flags | 2, length) + ids + rest + body
    else:
        msg = struct.pack('!H', flags | 2) + ids + rest + body
    return msg

def one():
    k = rnd.randrange(16)
    tid = 20 if rnd.random() < 0.8 else rnd.randrange(65536)
    sid = rnd.choice([200, 201, 200, rnd.randrange(65536)])
    body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(40)))
    if k == 0:
        return bytes(rnd.randrange(256) for _ in range(rnd.randrange(64)))
    if k == 1:
        return l2tp(0x8000, tid, 0, body)                       # control
    if k == 2:
        return struct.pack('!H', rnd.choice([0, 1, 3, 15])) + body  # version
    if k == 3:
        return l2tp(0, tid, sid)[:rnd.randrange(1, 8)]           # truncated
    if k == 4:
        return l2tp(0x0800, tid, sid)[:rnd.randrange(6, 10)]     # cut in Ns
    if k == 5:
        return l2tp(0, tid, sid, body, length=rnd.randrange(65536))
    if k == 6:
        return l2tp(0, tid, sid, body, offset=rnd.randrange(65536))
    if k == 7:
        return l2tp(0, tid, sid, b'\xff\x03\xc0\x21' + body)    # LCP
    if k == 8:
        return l2tp(0, tid, sid, b'\x00\x21' + body, ns=rnd.randrange(65536))
    if k == 9:
        return l2tp(0, tid, sid, b'\x21' + body)                # PFC IP
    if k == 10:
        return l2tp(0, tid, sid, rnd.choice([b'', b'\x00', b'\xff\x03', b'\x02\x02']))
    if k == 11:
        return l2tp(0, tid, sid, b'\xff\x03\x00\x57' + body)    # IPv6
    if k == 12:
        return l2tp(0, tid, sid, b'\x80\x21' + body, ns=rnd.randrange(3))
    return l2tp(rnd.randrange(65536) & 0x4b00, tid, sid, body)

templates = []
for _ in range(4096):
    payload = one()
    sport = 1701 if rnd.random() < 0.9 else 1702
    udp = struct.pack('!HHHH', sport, 1701, 8 + len(payload), 0) + payload
    templates.append(udp)
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
dst = ('10.9.0.2', 0)
t0 = time.time()
for i in range(count):
    raw.sendto(templates[i & 4095], dst)
    if i & 1023 == 1023:
        time.sleep(0.01)
print('storm: %d datagrams in %.1fs' % (count, time.time() - t0))
EOF
# Pings after the storm count too: the session must still work once the
# flood has passed, so the ping runs on for a fixed while.
sleep 2
kill -INT "${NETNS_BG_PIDS[0]}"
wait "${NETNS_BG_PIDS[0]}" || true	# its summary is written when it exits
tail -3 "$L2TPGW_OUT/ping.log"
pings=$(awk '/packets transmitted/ { print $1 }' "$L2TPGW_OUT/ping.log")
lost=$(awk '/packets transmitted/ { print $1 - $4 }' "$L2TPGW_OUT/ping.log")
after=$(total b)
storm_objects | kctl b batch >"$L2TPGW_OUT/stats"
awk '$NF != 0' "$L2TPGW_OUT/stats"
echo "counted $((after - before)), sent $COUNT storm + $pings ping requests"
check "the good session kept working ($lost of $pings pings lost)" test "$lost" -le 1
check "every datagram counted exactly once" test $((after - before)) -eq $((COUNT + pings))
check "ping after the storm" n a ping -c 2 -W 2 192.168.7.2
