#!/bin/bash
# timeout: 420
#
# IPsec enforcement on a socket with L2TPGW_SOCK_F_IPSEC.  Two tunnels
# between the same two addresses and ports (what two clients behind one
# NAT look like after decryption), each bound to its own manually keyed
# ESP transport SA pair by reqid, as charon's CHILD_SAs would be:
#
#   ns a (gateway, IPsec socket held by       ns b (clients, plain socket)
#         l2tpgw-nltest sock-hold --marks)
#   tunnel 1 reqid 1 ga1 192.168.7.1          tunnel 1 mark 0x10 gb1 .7.2
#   tunnel 2 reqid 2 ga2 192.168.8.1          tunnel 2 mark 0x20 gb2 .8.2
#   UDP 10.9.0.1:1701                         UDP 10.9.0.2:1701
#   va 10.9.0.1/24 ---- ESP reqid 1: SPI 0x101 (b->a) 0x102 (a->b) ---- vb
#                  ---- ESP reqid 2: SPI 0x201 (b->a) 0x202 (a->b) ----
#
# Outbound policies select the SA by mark (0x10 -> reqid 1, 0x20 ->
# reqid 2, 0x30 -> none: cleartext).  b moves its tunnel 2 between marks
# to send it in the clear or through tunnel 1's SA.  Process starts are
# slow under TCG, so counters are read in one process per checkpoint.
. tests/vm/lib/netns.sh
. tests/vm/lib/kernel_objects.sh
KEY=0x0123456789abcdef0123456789abcdef01234567
UP=$L2TPGW_OUT/passed-up.txt
SNAP=$L2TPGW_OUT/counters.txt

# snap: a's counters now; then stat OBJ NAME prints one of them
snap() {
	n a l2tpctl -j kernel batch <<EOF2 | jq -r '(if .session_id then
		"session:\(.tunnel_id):\(.session_id)" else "tunnel:\(.tunnel_id)"
		end) as $o | .stats | to_entries[] | "\($o) \(.key) \(.value)"' >"$SNAP"
tunnel show id 1
tunnel show id 2
session show tunnel 1 id 1
session show tunnel 2 id 2
EOF2
}
stat() { awk -v o="$1" -v k="$2" '$1 == o && $2 == k { print $3 }' "$SNAP"; }
stat_ge() { test "$(stat "$1" "$2")" -ge "$3"; }
stat_eq() { test "$(stat "$1" "$2")" -eq "$3"; }
ping_b() { n b ping -c "$2" -i 0.2 -W 2 "$1"; }
sock_id_known() { grep -q '^[0-9]' "$L2TPGW_OUT/holder.log"; }
# sa_packets NS SPI: packets the SA has processed
sa_packets() {
	n "$1" ip -s xfrm state |
		awk -v spi="spi $2" 'index($0, spi) { f = 1 }
			f && /[0-9]\(packets\)/ { sub(/.*, /, ""); sub(/\(.*/, ""); print; exit }'
}
sa_used() { test "$(sa_packets "$1" "$2")" -ge "$3"; }

modprobe -a esp4 xfrm_user 2>/dev/null || true
ns_add a; ns_add b
veth_pair a va 10.9.0.1/24 b vb 10.9.0.2/24

for ns in a b; do
	for r in 1 2; do
		n "$ns" ip xfrm state add src 10.9.0.2 dst 10.9.0.1 proto esp \
			spi 0x${r}01 reqid $r replay-window 1024 mode transport \
			aead 'rfc4106(gcm(aes))' "$KEY" 128 \
			sel src 10.9.0.2 dst 10.9.0.1 proto udp
		n "$ns" ip xfrm state add src 10.9.0.1 dst 10.9.0.2 proto esp \
			spi 0x${r}02 reqid $r replay-window 1024 mode transport \
			aead 'rfc4106(gcm(aes))' "$KEY" 128 \
			sel src 10.9.0.1 dst 10.9.0.2 proto udp
	done
done
for x in a:1:2 b:2:1; do
	IFS=: read -r ns me peer <<<"$x"
	for r in 1 2; do
		n "$ns" ip xfrm policy add src 10.9.0.$me dst 10.9.0.$peer \
			proto udp dir out mark 0x${r}0 mask 0xffffffff \
			tmpl src 10.9.0.$me dst 10.9.0.$peer proto esp reqid $r \
			mode transport
		# Inbound policies carry marks too, as charon's mark_in does.
		n "$ns" ip xfrm policy add src 10.9.0.$peer dst 10.9.0.$me \
			proto udp dir in mark 0x${r}0 mask 0xffffffff \
			tmpl src 10.9.0.$peer dst 10.9.0.$me proto esp reqid $r \
			mode transport
	done
done

# a: its socket is held by a reader that records the SO_RCVMARK of what
# goes up; the IPsec flag is set afterwards, by SOCK_MODIFY.
spawn holder ip netns exec a $NL sock-hold --addr 10.9.0.1 --port 1701 \
	--marks --dump "$UP"
wait_for "a's socket is attached" 30 sock_id_known
SOCK=$(head -n 1 "$L2TPGW_OUT/holder.log")
kctl a batch >"$L2TPGW_OUT/setup-a.txt" <<EOF2
socket modify id $SOCK ipsec on
socket show id $SOCK
tunnel add id 1 peer-id 1 socket $SOCK peer 10.9.0.2 peer-port 1701 mark 0x10 reqid 1
tunnel add id 2 peer-id 2 socket $SOCK peer 10.9.0.2 peer-port 1701 mark 0x20 reqid 2
tunnel show id 2
session add tunnel 1 id 1 peer-id 1 name ga1 protocols ipv4
session add tunnel 2 id 2 peer-id 2 name ga2 protocols ipv4
EOF2
check "socket reports the IPsec flag" grep -qx '  ipsec: on' "$L2TPGW_OUT/setup-a.txt"
check "tunnel reports its reqid" grep -qx '  ipsec reqid: 2' "$L2TPGW_OUT/setup-a.txt"
kctl b batch <<EOF2
socket add local 10.9.0.2 port 1701
tunnel add id 1 peer-id 1 socket 1 peer 10.9.0.1 peer-port 1701 mark 0x10
tunnel add id 2 peer-id 2 socket 1 peer 10.9.0.1 peer-port 1701 mark 0x20
session add tunnel 1 id 1 peer-id 1 name gb1 protocols ipv4
session add tunnel 2 id 2 peer-id 2 name gb2 protocols ipv4
EOF2
for s in 1:7 2:8; do
	IFS=: read -r id net <<<"$s"
	n a ip addr add 192.168.$net.1 peer 192.168.$net.2 dev ga$id
	n b ip addr add 192.168.$net.2 peer 192.168.$net.1 dev gb$id
	n a ip link set ga$id up
	n b ip link set gb$id up
done

echo "# both tunnels through their own SAs"
check "session 1 through SA reqid 1" ping_b 192.168.7.1 5
check "session 2 through SA reqid 2" ping_b 192.168.8.1 5
check "SA reqid 1 decrypted session 1" sa_used a 0x00000101 5
check "SA reqid 2 decrypted session 2" sa_used a 0x00000201 5
snap
for t in 1 2; do
	check "tunnel $t: nothing unprotected" stat_eq tunnel:$t rx_unprotected 0
	check "tunnel $t: nothing through a wrong SA" stat_eq tunnel:$t rx_wrong_sa 0
	check "session $t: data delivered" stat_ge session:$t:$t rx_packets 5
done

echo "# b sends tunnel 2 in the clear"
kctl b tunnel modify id 2 mark 0x30
check_not "session 2 in the clear is refused" ping_b 192.168.8.1 3
check "session 1 still passes" ping_b 192.168.7.1 3
snap
check "counted as unprotected on tunnel 2" stat_ge tunnel:2 rx_unprotected 3
check "tunnel 1 saw nothing unprotected" stat_eq tunnel:1 rx_unprotected 0
check "session 2 delivered nothing more" stat_eq session:2:2 rx_packets 5

echo "# b sends tunnel 2 through tunnel 1's SA"
kctl b tunnel modify id 2 mark 0x10
check_not "session 2 through SA reqid 1 is refused" ping_b 192.168.8.1 3
check "session 1 still passes" ping_b 192.168.7.1 3
snap
check "counted as wrong SA on tunnel 2" stat_ge tunnel:2 rx_wrong_sa 3
check "tunnel 1 saw no wrong SA" stat_eq tunnel:1 rx_wrong_sa 0
check "session 2 delivered nothing more" stat_eq session:2:2 rx_packets 5

echo "# what goes up carries the SA's reqid in SO_RCVMARK"
ZLB=c802000c0000000000000000		# control: T, L, S, ver 2
UNKNOWN=000200630001ff03c0210901000400	# data for tunnel 99
ECHO=c021090100080000			# LCP Echo-Request: PPP control
kctl b tunnel modify id 2 mark 0x20
nl b udp-send --bind 10.9.0.2:1702 --to 10.9.0.1:1701 0x10:$ZLB 0x20:$UNKNOWN 0x30:$ZLB
kctl b ppp-send tunnel 1 id 1 $ECHO
check "session 2 passes again on its own SA" ping_b 192.168.8.1 3
wait_for "control through SA reqid 1: mark 0x80000001" 20 \
	grep -q "^mark=0x80000001 $ZLB\$" "$UP"
wait_for "unknown tunnel through SA reqid 2: mark 0x80000002" 20 \
	grep -q "^mark=0x80000002 $UNKNOWN\$" "$UP"
wait_for "control in the clear: mark 0" 20 \
	grep -q "^mark=0x00000000 $ZLB\$" "$UP"
wait_for "PPP control frame through SA reqid 1: mark 0x80000001" 20 \
	grep -Eq "^mark=0x80000001 [0-9a-f]*$ECHO\$" "$UP"
cat "$UP"

echo "# without the flag the socket takes cleartext again"
kctl a batch >"$L2TPGW_OUT/flags-off.txt" <<EOF2
socket modify id $SOCK ipsec off
socket show id $SOCK
EOF2
check "socket reports no flags" grep -qx '  ipsec: off' "$L2TPGW_OUT/flags-off.txt"
snap
dropped=$(stat tunnel:2 rx_unprotected)
kctl b tunnel modify id 2 mark 0x30
check "session 2 in the clear passes" ping_b 192.168.8.1 3
snap
check "no new unprotected drops" stat_eq tunnel:2 rx_unprotected "$dropped"

echo "# a tunnel bound to an SA never sends in the clear"
# session 2 refuses its replies, counted as no SA (not no route); session
# 1 keeps working.  WHY says how.
refused_no_sa() {
	local why=$1 no_sa no_route
	snap
	no_sa=$(stat session:2:2 tx_no_sa)
	no_route=$(stat session:2:2 tx_no_route)
	check_not "no reply: $why" ping_b 192.168.8.1 3
	snap
	check "counted as no SA on session 2" stat_ge session:2:2 tx_no_sa $((no_sa + 3))
	check "not as no route" stat_eq session:2:2 tx_no_route "$no_route"
	check "session 1 still passes" ping_b 192.168.7.1 3
}
# Its outbound policy goes (as when charon deletes the CHILD_SA): a's
# replies on tunnel 2 find a plain route (no l2tpgwd, so no guard policy
# here), and are dropped, not leaked.
n a ip xfrm policy delete src 10.9.0.1 dst 10.9.0.2 proto udp dir out \
	mark 0x20 mask 0xffffffff
refused_no_sa "a plain route"
# l2tpgwd's guard: a block policy for the mark makes the lookup fail.
n a ip xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir out \
	mark 0x20 mask 0xffffffff action block priority 2130712321
refused_no_sa "a block policy (EPERM)"
