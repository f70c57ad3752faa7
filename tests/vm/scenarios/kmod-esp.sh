#!/bin/bash
# timeout: 400
#
# ESP transport mode on UDP 1701, manually keyed, selected by the tunnel's
# mark: pings pass through the session and the wire between a and b
# carries ESP only, never clear L2TP.  A tunnel whose mark matches no
# policy would go out in the clear, which is how we know the mark is used.
#
#   ns a                                      ns b
#   l2tp0 192.168.7.1 (tunnel mark 0x10)      l2tp0 192.168.7.2 (mark 0x20)
#   UDP 10.9.0.1:1701                         UDP 10.9.0.2:1701
#   va 10.9.0.1/24 --- ESP (SPI 0x101/0x102) --- vb 10.9.0.2/24
#                            tcpdump on vb
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
KEY=0x0123456789abcdef0123456789abcdef01234567

modprobe -a esp4 xfrm_user 2>/dev/null || true
ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24
for x in a:1:2:0x10 b:2:1:0x20; do
	IFS=: read -r ns me peer mark <<<"$x"
	n "$ns" ip xfrm state add src 10.9.0.1 dst 10.9.0.2 proto esp spi 0x102 \
		reqid 1 replay-window 1024 mode transport \
		aead 'rfc4106(gcm(aes))' "$KEY" 128 sel src 10.9.0.1 dst 10.9.0.2 proto udp
	n "$ns" ip xfrm state add src 10.9.0.2 dst 10.9.0.1 proto esp spi 0x101 \
		reqid 1 replay-window 1024 mode transport \
		aead 'rfc4106(gcm(aes))' "$KEY" 128 sel src 10.9.0.2 dst 10.9.0.1 proto udp
	n "$ns" ip xfrm policy add src 10.9.0.$me dst 10.9.0.$peer proto udp \
		sport 1701 dport 1701 dir out mark "$mark" mask 0xffffffff \
		tmpl src 10.9.0.$me dst 10.9.0.$peer proto esp reqid 1 mode transport
	n "$ns" ip xfrm policy add src 10.9.0.$peer dst 10.9.0.$me proto udp \
		sport 1701 dport 1701 dir in \
		tmpl src 10.9.0.$peer dst 10.9.0.$me proto esp reqid 1 mode transport
	kctl "$ns" batch <<EOF
socket add local 10.9.0.$me port 1701
tunnel add id $me peer-id $peer socket 1 peer 10.9.0.$peer peer-port 1701 mark $mark
session add tunnel $me id $me peer-id $peer protocols ipv4
EOF
	n "$ns" ip addr add 192.168.7.$me peer 192.168.7.$peer dev l2tp0
	n "$ns" ip link set l2tp0 up
done

capture_start b vb esp ""
check "ping through ESP" n a ping -c 5 -i 0.2 -W 2 192.168.7.2
check "large ping through ESP" n a ping -c 2 -i 0.2 -W 2 -s 3000 192.168.7.2
# A ping on the wire itself, after the pings above: once the capture holds
# its reply it holds everything before it.
check "plain ping between a and b" n a ping -c 1 -W 2 10.9.0.2
wait_for "the capture has caught up" 10 capture_has esp 2 icmp
capture_stop esp
tcpdump -n -r "$L2TPGW_OUT/esp.pcap" >"$L2TPGW_OUT/esp.txt" 2>/dev/null
sed -n 1,6p "$L2TPGW_OUT/esp.txt"
esp=$(grep -c 'ESP(spi=' "$L2TPGW_OUT/esp.txt" || true)
clear=$(grep -c '\.1701 > ' "$L2TPGW_OUT/esp.txt" || true)
check "ESP on the wire ($esp packets)" test "$esp" -ge 14
check "no clear L2TP on the wire ($clear packets)" test "$clear" -eq 0
check "SAs were used" n b sh -c "ip -s xfrm state | grep -q 'spi 0x00000101'"

# Without a policy for its mark the tunnel goes out in the clear.
kctl a tunnel modify id 1 mark 0x30
spawn capture2 ip netns exec b tcpdump -n -c 1 -i vb udp port 1701
wait_for "capture2 running" 30 count_at_least 1 'listening on vb' "$L2TPGW_OUT/capture2.log"
n a ping -c 2 -W 1 192.168.7.2 || true
wait_for "clear L2TP after the mark changed" 30 grep -q '1701 > ' "$L2TPGW_OUT/capture2.log"
