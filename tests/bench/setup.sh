#!/bin/bash
# One benchmark setup, built from scratch in fresh namespaces, measured
# BENCH_REPS times, then torn down (by lib/netns.sh's exit trap):
#
#   bash tests/bench/setup.sh SETUP off|on
#
# SETUP is one of
#   veth     the bare link: the ceiling for everything else
#   ppp      in-tree L2TPv2: xl2tpd + pppd on l2tp_ppp (kernel data path)
#   l2tpv3   in-tree L2TPv3 Ethernet pseudowire (ip l2tp, l2tp_eth)
#   l2tpgw   l2tpgw.ko: static tunnel + session from `l2tpctl kernel`
# The link between a and b carries no UDP-tunnel super-packet and merges
# with GRO on receive, for every setup alike (lib.sh: bench_link).
# "on" adds ESP transport mode (tests/bench/lib.sh: bench_xfrm) on the
# outer addresses, installed before the tunnel exists so that control and
# data both use it; for veth it covers the measured traffic itself.
#
#   ns a (client: iperf3 -c, ping)          ns b (server: iperf3 -s)
#   va 10.9.0.1/24 ------------------------ vb 10.9.0.2/24
#   inner: ppp0 10.8.0.x / l2tpeth0 192.168.9.1 / l2g0 192.168.7.1
#      ... to 10.8.0.1 / 192.168.9.2 / 192.168.7.2
set -u
setup=${1:?usage: setup.sh veth|ppp|l2tpv3|l2tpgw off|on}
esp=${2:?usage: setup.sh SETUP off|on}
reps=${BENCH_REPS:-3}
cd "${L2TPGW_SRC:-.}" || exit 1
# shellcheck source=tests/vm/lib/netns.sh
. tests/vm/lib/netns.sh
# shellcheck source=tests/vm/lib/peers.sh
. tests/vm/lib/peers.sh
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
CTL=$L2TPGW_SRC/tools/l2tpctl/l2tpctl
A=10.9.0.1 B=10.9.0.2

case $esp in
off | on) ;;
*) echo "setup.sh: ESP must be 'off' or 'on', not '$esp'" >&2; exit 2 ;;
esac

ns_add a
ns_add b
veth_pair a va $A/24 b vb $B/24
check "link: no TSO, no UDP-tunnel segmentation, GRO on (va)" bench_link a va
check "link: no TSO, no UDP-tunnel segmentation, GRO on (vb)" bench_link b vb

if [[ $esp == on ]]; then
	# veth: everything between the two; tunnels: their UDP carrier only.
	if [[ $setup == veth ]]; then
		bench_xfrm a $A b $B
	else
		bench_xfrm a $A b $B udp
	fi
fi

case $setup in
veth)
	target=$B ;;
ppp)
	peers_init
	ppp_secret bench bench-secret
	xl2tpd_conf b
	xl2tpd_lns b none 10.8.0.1 10.8.0.10-10.8.0.20
	xl2tpd_conf a
	xl2tpd_lac a lns $B bench pap
	xl2tpd_start b
	xl2tpd_start a
	xl2tpd_ctl a "c lns"
	wait_for "ppp0 up in a" 120 ppp_up a ppp0
	# Without l2tp_ppp xl2tpd would move data through pppd's pty: that
	# is not the in-tree kernel path this column stands for.
	check "xl2tpd chose the kernel data path" log_has "$L2TPGW_OUT/xl2tpd-a.log" 'pppol2tp\.so'
	target=10.8.0.1 ;;
l2tpv3)
	modprobe -a l2tp_core l2tp_netlink l2tp_eth
	for x in a:$A:$B:1:2:1 b:$B:$A:2:1:2; do
		IFS=: read -r ns me peer tid ptid ip4 <<<"$x"
		ip -n "$ns" l2tp add tunnel tunnel_id "$tid" peer_tunnel_id "$ptid" \
			encap udp local "$me" remote "$peer" udp_sport 1701 udp_dport 1701
		ip -n "$ns" l2tp add session name l2tpeth0 tunnel_id "$tid" \
			session_id "$tid" peer_session_id "$ptid"
		ip -n "$ns" addr add "192.168.9.$ip4/24" dev l2tpeth0
		ip -n "$ns" link set l2tpeth0 up
	done
	target=192.168.9.2 ;;
l2tpgw)
	for x in a:$A:$B:1:2 b:$B:$A:2:1; do
		IFS=: read -r ns me peer id pid <<<"$x"
		sock=$(n "$ns" "$CTL" kernel socket add local "$me" port 1701)
		n "$ns" "$CTL" kernel tunnel add id "$id" peer-id "$pid" socket "$sock" peer "$peer" >/dev/null
		# MTU 1400 like ppp0 in the in-tree PPP column: the same
		# payload per packet on both PPP paths.
		n "$ns" "$CTL" kernel session add tunnel "$id" id "$id" peer-id "$pid" \
			name l2g0 protocols ipv4 mtu 1400 >/dev/null
		ip -n "$ns" addr add "192.168.7.$id" peer "192.168.7.$pid" dev l2g0
		ip -n "$ns" link set l2g0 up
	done
	target=192.168.7.2 ;;
*)
	echo "setup.sh: unknown setup '$setup' (veth, ppp, l2tpv3, l2tpgw)" >&2
	exit 2 ;;
esac

bench_iperf_server b
check "$setup/esp-$esp: target $target answers" bench_warm "$target"
for ((rep = 1; rep <= reps; rep++)); do
	tag=$setup.$esp.$rep
	echo "# $setup, ESP $esp, repetition $rep/$reps"
	bench_tcp "$tag" "$target"
	bench_tcp8 "$tag" "$target"
	bench_udp "$tag" "$target"
	bench_rtt "$tag" "$target"
done
# What the offloads did, for the record (report.py puts it in the JSON):
# the sender's tx_gso_* and the receiver's rx_gro_* over all the rows.
if [[ $setup == l2tpgw ]]; then
	n a "$CTL" -j kernel session show tunnel 1 id 1 >"$BENCH_RAW/l2tpgw.$esp.counters.a.json"
	n b "$CTL" -j kernel session show tunnel 2 id 2 >"$BENCH_RAW/l2tpgw.$esp.counters.b.json"
fi
if [[ $esp == on ]]; then
	check "$setup/esp-on: the SA a->b carried the traffic" bench_esp_used a $A $B 0x1001
	check "$setup/esp-on: the SA b->a carried the traffic" bench_esp_used b $B $A 0x1002
fi
