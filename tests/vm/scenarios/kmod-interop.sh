#!/bin/bash
# timeout: 400
#
# Interoperability with the in-tree kernel L2TP: b is a PPPoL2TP session of
# net/l2tp (l2tp_ppp) driven by Debian's pppd; a is l2tpgw with a minimal
# PPP control plane (l2tpgw-nltest ppp-peer) answering LCP and IPCP through
# PPP_XMIT.  Once IPCP is open, IPv4 flows between l2tpgw's device and
# pppd's ppp0 in both directions, and a TCP stream that l2tpgw sends as
# UDP-tunnel GSO (cut at the link) reaches pppd's side intact.
#
#   ns a (l2tpgw)                             ns b (in-tree l2tp_ppp + pppd)
#   l2tp0 192.168.7.1  <-- LCP/IPCP -->       ppp0 192.168.7.2
#     tunnel 10 / session 100                   tunnel 20 / session 200
#   UDP 10.9.0.1:1701 (ppp-peer's socket)     UDP 10.9.0.2:1701 (PPPoL2TP)
#   va 10.9.0.1/24 -------------------------- vb 10.9.0.2/24
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh

modprobe -a l2tp_ppp ppp_generic
ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24

spawn peer ip netns exec a $NL ppp-peer --addr 10.9.0.1 --port 1701 --tunnel 10 \
	--peer-tunnel 20 --session 100 --peer-session 200 --peer 10.9.0.2 \
	--local-ip 192.168.7.1
wait_for "l2tpgw side ready" 30 grep -q '^session l2tp0' "$L2TPGW_OUT/peer.log"

# The in-tree side: a connected UDP socket, a PPPoL2TP tunnel socket and a
# session socket (struct sockaddr_pppol2tp, packed), the latter for pppd.
cat >"$L2TPGW_OUT/pppol2tp.py" <<'EOF'
import ctypes, socket, struct, subprocess, sys
AF_PPPOX, PX_PROTO_OL2TP = 24, 1
libc = ctypes.CDLL(None, use_errno=True)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(('10.9.0.2', 1701))
udp.connect(('10.9.0.1', 1701))

def pppol2tp(s_session, d_session):
    sin = struct.pack('=H', socket.AF_INET) + struct.pack('!H', 1701) + \
        socket.inet_aton('10.9.0.1') + bytes(8)
    addr = struct.pack('=HIii', AF_PPPOX, PX_PROTO_OL2TP, 0, udp.fileno()) + \
        sin + struct.pack('=HHHH', 20, s_session, 10, d_session)
    s = socket.socket(AF_PPPOX, socket.SOCK_DGRAM, PX_PROTO_OL2TP)
    if libc.connect(s.fileno(), addr, len(addr)):
        raise OSError(ctypes.get_errno(), 'connect PPPoL2TP')
    return s

tunnel = pppol2tp(0, 0)
session = pppol2tp(200, 100)
print('pppol2tp session ready', flush=True)
pppd = subprocess.run(
    ['pppd', 'plugin', 'pppol2tp.so', 'pppol2tp', str(session.fileno()),
     'noauth', 'nodetach', 'nodefaultroute', 'noccp', 'novj',
     'noipv6', 'nopcomp', 'noaccomp', 'lcp-echo-interval', '1',
     'lcp-echo-failure', '10', '192.168.7.2:192.168.7.1', 'debug',
     'logfile', sys.argv[1] + '/pppd-debug.log'],
    pass_fds=[session.fileno()])
print('pppd exited', pppd.returncode, flush=True)
EOF
spawn pppd ip netns exec b /usr/bin/python3 "$L2TPGW_OUT/pppol2tp.py" "$L2TPGW_OUT"
wait_for "IPCP open on the l2tpgw side" 90 grep -q 'ipcp open' "$L2TPGW_OUT/peer.log"
wait_for "ppp0 up in b" 60 n b sh -c 'ip -4 addr show ppp0 2>/dev/null | grep -q 192.168.7.2'
n a ip addr add 192.168.7.1 peer 192.168.7.2 dev l2tp0
n a ip link set l2tp0 up
check "ping l2tpgw -> in-tree l2tp_ppp" n a ping -c 5 -i 0.2 -W 2 192.168.7.2
check "ping in-tree l2tp_ppp -> l2tpgw" n b ping -c 5 -i 0.2 -W 2 192.168.7.1
check "LCP echoes answered (pppd still up)" n b ip link show ppp0
check "PPP control frames went up" test "$(stat_of a rx_ctrl_packets session 10 100)" -ge 3
check "PPP control frames sent" test "$(stat_of a tx_ctrl_packets session 10 100)" -ge 3
check "IPv4 delivered on l2tp0" test "$(stat_of a rx_packets session 10 100)" -ge 10
sed -n 1,20p "$L2TPGW_OUT/peer.log"

# TCP from l2tpgw leaves as UDP-tunnel GSO super-packets, cut at the link
# (va offers no UDP-tunnel segmentation, like a NIC without it): the
# in-tree L2TP receives ordinary frames, and the bytes arrive intact.
n a ethtool -K va tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off
head -c 1M /dev/urandom >/tmp/interop-data
spawn sink ip netns exec b /usr/bin/python3 tests/vm/lib/tcp_sink.py 5001
wait_for "TCP sink listening in b" 30 grep -q '^listening' "$L2TPGW_OUT/sink.log"
gso0=$(stat_of a tx_gso_packets session 10 100)
# shellcheck disable=SC2016 # expanded by the inner bash
check "1 MiB over TCP to pppd's ppp0" n a timeout 60 \
	bash -c 'cat /tmp/interop-data >/dev/tcp/192.168.7.2/5001'
wait_for "the sink has it all" 30 grep -q '^192\.168\.7\.2 ' "$L2TPGW_OUT/sink.log"
is "the in-tree L2TP delivered the bytes intact" \
	"$(grep '^192\.168\.7\.2 ' "$L2TPGW_OUT/sink.log")" \
	"192.168.7.2 $(stat -c %s /tmp/interop-data) $(sha256sum </tmp/interop-data | cut -d' ' -f1)"
check "l2tpgw sent UDP-tunnel super-packets" \
	test "$(stat_of a tx_gso_packets session 10 100)" -gt "$gso0"
