#!/bin/bash
# timeout: 240
#
# MSS clamping (tcp_mss): a host behind l2tpgwd (MTU 1500) and two
# xl2tpd+pppd clients on 1400-byte sessions open TCP to each other, both
# ways, over IPv4 and IPv6.  The clients advertise MSS 1460 / 1440 too
# (route advmss, as a router with a 1500-byte LAN behind it would).
# Session "ra" has the default tcp_mss = auto: every SYN and SYN-ACK that
# crossed it, in either direction, carries MSS 1360 (IPv4) or 1340 (IPv6)
# where it was captured after the session (the client's ppp0 for what the
# host sent, the host's vh for what the client sent), and the session's
# tcp_mss_clamped counter counts the 8 of them.  Session "rb" has
# tcp_mss = off: 1460 and 1440 pass unchanged and nothing is counted.
# One tshark run reads the MSS option from the three merged captures.
#
#   ns lac:  ppp0 10.20.0.x fd00:20::2 === ra0 (auto)  ns lns: l2tpgwd
#            va 10.2.1.2 ---------- vb1 10.2.1.1
#   ns lac2: ppp0 10.21.0.x fd00:21::2 === rb0 (off)
#            va 10.2.2.2 ---------- vb2 10.2.2.1
#                                   vh 10.3.0.1 fd00:3::1 -- vh 10.3.0.2
#                                                 ns host    fd00:3::2
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

PORT=5001
PY=/usr/bin/python3

peers_init
topo_lns_host
topo_lac lac 1
topo_lac lac2 2
ppp_secret alice alice-secret
ip -n host route add 10.21.0.0/24 via 10.3.0.1
netns_addr lns vh fd00:3::1/64
netns_addr host vh fd00:3::2/64
ip -n host -6 route add fd00::/16 via fd00:3::1
n lns sysctl -qw net.ipv6.conf.all.forwarding=1

users=$(gw_users lns <<<'alice "alice-secret"')
lns_section() {
	cat <<EOF
[lns $1]
peers = $2
ifname = $1%d
mtu = 1400
ipv6 = yes
$(gw_lns_ppp_keys pap -- "$users" "$3" "$4" "$PEERS_DNS1")
$5
EOF
}
gw_config lns <<EOF
[global]
log_level = debug
$(lns_section ra 10.2.1.0/24 10.20.0.10-10.20.0.250 10.20.0.1 "")
$(lns_section rb 10.2.2.0/24 10.21.0.10-10.21.0.250 10.21.0.1 "tcp_mss = off")
EOF
gw_start lns

# client NS I: xl2tpd+pppd (IPv4 and IPv6 on mtu/mru 1400) dialling.
client() {
	local ns=$1 i=$2
	xl2tpd_conf "$ns"
	xl2tpd_lac "$ns" lns "10.2.$i.1" alice pap +ipv6
	xl2tpd_start "$ns"
	xl2tpd_ctl "$ns" "c lns"
}
# client_routes NS NET DEV: a global IPv6 address on ppp0, routes to the
# host advertising MSS 1460 / 1440, and the LNS's route back over DEV.
client_routes() {
	local ns=$1 net=$2 dev=$3
	ip -n "$ns" -6 addr add "fd00:$net::2/128" dev ppp0 nodad
	ip -n "$ns" route add 10.3.0.0/24 dev ppp0 advmss 1460
	ip -n "$ns" -6 route add fd00:3::/64 dev ppp0 advmss 1440
	ip -n lns -6 route add "fd00:$net::2/128" dev "$dev"
}
ipv6_up() {
	[[ $(grep -c "^ipv6-up ppp0" "$PEERS_EVENTS") -ge $1 ]]
}

client lac 1
wait_for "ppp0 up in lac" 90 ppp_up lac ppp0
client lac2 2
wait_for "ppp0 up in lac2" 90 ppp_up lac2 ppp0
wait_for "IPv6CP opened on both sessions" 30 ipv6_up 2
a1=$(ppp_addr lac ppp0)
a2=$(ppp_addr lac2 ppp0)
check "two kernel sessions in lns" kernel_count_is lns session 2
client_routes lac 20 ra0
client_routes lac2 21 rb0
check "the host reaches lac over IPv6" n host ping -6 -c 1 -W 3 -q fd00:20::2
check "the host reaches lac2 over IPv6" n host ping -6 -c 1 -W 3 -q fd00:21::2

is "session ra0: tcp_mss auto" "$(n lns "$L2TPCTL" -j kernel session list |
	$PY -c 'import json,sys; print(sorted((s["ifname"], s["tcp_mss"]) for s in json.load(sys.stdin)))')" \
	"[('ra0', 'auto'), ('rb0', 'off')]"

# A listener per namespace on every address it has; connect() from the
# other side: the kernel's SYN-ACK needs no accept().
listen() {
	spawn "listen-$1" ip netns exec "$1" $PY -c '
import socket, sys, time
keep = []
for a in sys.argv[2:]:
    s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a, int(sys.argv[1])))
    s.listen(16)
    keep.append(s)
print("listening", flush=True)
time.sleep(600)' "$PORT" "${@:2}"
}
connect() {
	n "$1" $PY -c '
import socket, sys
for a in sys.argv[2:]:
    socket.create_connection((a, int(sys.argv[1])), timeout=10).close()' "$PORT" "${@:2}"
}
listening() {
	local ns
	for ns; do
		grep -q listening "$L2TPGW_OUT/listen-$ns.log" || return 1
	done
}
# syns_ge N NAME...: at least N SYNs and SYN-ACKs in those captures.
syns_ge() {
	local want=$1 name total=0
	shift
	for name; do
		total=$((total + $(tcpdump -n -r "$NETNS_CAPTURE_DIR/$name.pcap" 2>/dev/null |
			grep -c 'Flags \[S' || true)))
	done
	((total >= want))
}

listen host 10.3.0.2 fd00:3::2
listen lac "$a1" fd00:20::2
listen lac2 "$a2" fd00:21::2
wait_for "listeners up" 30 listening host lac lac2

# Inbound only: each SYN once, after it crossed a session.
capture_start lac ppp0 mss-lac "-Q in tcp port $PORT"
capture_start lac2 ppp0 mss-lac2 "-Q in tcp port $PORT"
capture_start host vh mss-host "-Q in tcp port $PORT"
c0=$(kernel_session_stat lns tcp_mss_clamped)
check "host -> lac, IPv4 and IPv6" connect host "$a1" fd00:20::2
check "host -> lac2, IPv4 and IPv6" connect host "$a2" fd00:21::2
check "lac -> host, IPv4 and IPv6" connect lac 10.3.0.2 fd00:3::2
check "lac2 -> host, IPv4 and IPv6" connect lac2 10.3.0.2 fd00:3::2
wait_for "16 SYNs and SYN-ACKs captured" 20 syns_ge 16 mss-lac mss-lac2 mss-host
capture_stop mss-lac
capture_stop mss-lac2
capture_stop mss-host

per_dev=$(n lns "$L2TPCTL" -j kernel session list | $PY -c '
import json, sys
print(" ".join("%s=%d" % (s["ifname"], s["stats"]["tcp_mss_clamped"])
               for s in sorted(json.load(sys.stdin), key=lambda s: s["ifname"])))')
is "clamped: 8 SYNs and SYN-ACKs on ra0, none on rb0 (before: $c0)" "$per_dev" "ra0=8 rb0=0"

# Each SYN where it was captured after crossing a session: what the host
# sent, on the client's ppp0; what a client sent, on the host's vh.
mergecap -w "$L2TPGW_OUT/mss.pcapng" "$L2TPGW_OUT/mss-lac.pcap" \
	"$L2TPGW_OUT/mss-lac2.pcap" "$L2TPGW_OUT/mss-host.pcap"
tshark -n -r "$L2TPGW_OUT/mss.pcapng" -Y 'tcp.flags.syn == 1' -T fields \
	-E separator=' ' -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst \
	-e tcp.flags.ack -e tcp.options.mss_val >"$L2TPGW_OUT/mss.fields" \
	2>"$L2TPGW_OUT/tshark.log"
cat "$L2TPGW_OUT/mss.fields"
mss_of() { # SRC DST ACK: the MSS of that SYN (ACK 1: SYN-ACK) as captured
	awk -v s="$1" -v d="$2" -v a="$3" \
		'$1 == s && $2 == d && ($3 == a || $3 == (a ? "True" : "False")) { print $4 }' \
		"$L2TPGW_OUT/mss.fields" | sort -u | tr '\n' ' '
}
is "tshark read 16 SYNs and SYN-ACKs" "$(wc -l <"$L2TPGW_OUT/mss.fields")" 16
for x in "10.3.0.2 $a1 0 1360" "$a1 10.3.0.2 1 1360" \
	 "$a1 10.3.0.2 0 1360" "10.3.0.2 $a1 1 1360" \
	 "fd00:3::2 fd00:20::2 0 1340" "fd00:20::2 fd00:3::2 1 1340" \
	 "fd00:20::2 fd00:3::2 0 1340" "fd00:3::2 fd00:20::2 1 1340" \
	 "10.3.0.2 $a2 0 1460" "$a2 10.3.0.2 1 1460" \
	 "$a2 10.3.0.2 0 1460" "10.3.0.2 $a2 1 1460" \
	 "fd00:3::2 fd00:21::2 0 1440" "fd00:21::2 fd00:3::2 1 1440" \
	 "fd00:21::2 fd00:3::2 0 1440" "fd00:3::2 fd00:21::2 1 1440"; do
	# shellcheck disable=SC2086 # four words
	set -- $x
	kind=SYN
	[[ $3 == 0 ]] || kind=SYN-ACK
	is "MSS of $kind $1 -> $2" "$(mss_of "$1" "$2" "$3")" "$4 "
done
