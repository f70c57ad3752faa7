# shellcheck shell=bash
# strongSwan's charon for L2TP/IPsec scenarios: one per namespace.  Sourced
# after lib/netns.sh and lib/peers.sh.
#
#   charon_start NS          charon in NS: its own /run (a mount namespace,
#                            since charon's pid file is fixed at
#                            /run/charon.pid), strongswan.conf and VICI
#                            socket in $PEERS_TMP/NS, log in
#                            $L2TPGW_OUT/charon-NS.log
#                            ($CHARON_GROUP set: charon.group, the group
#                            of charon and of its VICI socket)
#   charon_vici NS           that VICI socket
#   charon_stop NS           SIGTERM (charon deletes its SAs), and wait
#   swan NS ARGS...          swanctl against NS's charon
#   swan_client NS NAME LNS VERSION IKE ESP PSK [LOCAL_PORT]
#                            load a road-warrior connection NAME toward
#                            LNS: transport mode, UDP LOCAL_PORT (default
#                            1701) to UDP 1701, IKEv VERSION with proposals
#                            IKE and ESP (comma-separated), PSK; a
#                            "Windows-like" client is VERSION 1 with
#                            aes256-sha1-modp1024,3des-sha1-modp1024
#   swan_child_up NS NAME    NS's charon has CHILD_SA NAME installed
#   gw_ipsec_psk NS PSK [KEY=VALUE...]
#                            append an [ipsec] section to NS's l2tpgwd.conf
#                            (gw_config first) using NS's charon

CHARON=/usr/lib/ipsec/charon

charon_vici() {
	echo "$PEERS_TMP/$1/charon.vici"
}

charon_start() {
	local ns=$1 dir=$PEERS_TMP/$1
	mkdir -p "$dir"
	rm -f "$dir/charon.vici"
	# Only what L2TP/IPsec clients need; Debian's openssl plugin brings
	# 3DES and MODP-1024 for the old IKEv1 proposals.
	cat >"$dir/strongswan.conf" <<EOF
charon {
	load_modular = yes
	${CHARON_GROUP:+group = $CHARON_GROUP}
	install_routes = no
	install_virtual_ip = no
	retransmit_timeout = 2.0
	retransmit_tries = 4
	plugins {
		vici { load = yes
		       socket = unix://$dir/charon.vici }
		random { load = yes }
		nonce { load = yes }
		openssl { load = yes }
		aes { load = yes }
		sha1 { load = yes }
		sha2 { load = yes }
		hmac { load = yes }
		gmp { load = yes }
		kdf { load = yes }
		pem { load = yes }
		pkcs1 { load = yes }
		pkcs8 { load = yes }
		x509 { load = yes }
		pubkey { load = yes }
		constraints { load = yes }
		revocation { load = yes }
		kernel-netlink { load = yes }
		socket-default { load = yes }
	}
	filelog {
		charon {
			path = $L2TPGW_OUT/charon-$ns.log
			time_format = %T
			default = 1
			ike = 2
			cfg = 2
			knl = 2
			flush_line = yes
		}
	}
}
EOF
	spawn "charon-$ns-stdout" ip netns exec "$ns" unshare -m --propagation private \
		sh -c "mount -t tmpfs tmpfs /run && STRONGSWAN_CONF=$dir/strongswan.conf exec $CHARON"
	wait_for "charon in $ns listening on VICI" 60 test -S "$dir/charon.vici"
}

# The PIDs of the charons running in namespace NS.
charon_pids() {
	local p want
	want=$(stat -Lc %i "/run/netns/$1")
	for p in $(procs_in_ns charon); do
		[[ $(stat -Lc %i "/proc/$p/ns/net") == "$want" ]] && echo "$p"
	done
	return 0
}

charon_stop() {
	local ns=$1 p
	for p in $(charon_pids "$ns"); do
		kill -TERM "$p"
	done
	wait_for "charon in $ns stopped" 30 charon_gone "$ns"
}

charon_gone() {
	[[ -z $(charon_pids "$1") ]]
}

# swanctl wants its command first, options after.
swan() {
	local ns=$1 cmd=$2
	shift 2
	ip netns exec "$ns" swanctl "$cmd" --uri "unix://$(charon_vici "$ns")" "$@"
}

swan_client() {
	local ns=$1 name=$2 lns=$3 version=$4 ike=$5 esp=$6 psk=$7 port=${8:-1701}
	local d=$PEERS_TMP/$ns/swanctl
	mkdir -p "$d/x509" "$d/x509ca" "$d/private"
	cat >"$d/swanctl.conf" <<EOF
connections {
	$name {
		version = $version
		remote_addrs = $lns
		proposals = $ike
		local { auth = psk }
		remote { auth = psk }
		children {
			$name {
				mode = transport
				local_ts = dynamic[udp/$port]
				remote_ts = dynamic[udp/1701]
				esp_proposals = $esp
			}
		}
	}
}
secrets {
	ike-$name {
		secret = "$psk"
	}
}
EOF
	SWANCTL_DIR=$d swan "$ns" --load-all --noprompt >"$L2TPGW_OUT/swanctl-$ns-load.log" 2>&1 ||
		{ echo "  FAIL: swanctl --load-all in $ns:"; cat "$L2TPGW_OUT/swanctl-$ns-load.log"; exit 1; }
}

swan_child_up() {
	swan "$1" --list-sas 2>/dev/null | grep -qE "^ *$2: #[0-9]+, reqid [0-9]+, INSTALLED"
}

gw_ipsec_psk() {
	local ns=$1 psk=$2 kv
	shift 2
	{
		printf '\n[ipsec]\nvici_socket = %s\npsk = "%s"\n' "$(charon_vici "$ns")" "$psk"
		for kv in "$@"; do
			printf '%s = %s\n' "${kv%%=*}" "${kv#*=}"
		done
	} >>"$PEERS_TMP/$ns/l2tpgwd.conf"
}

# The usual L2TP/IPsec pair, used by the ipsec-* scenarios.
#
#   ipsec_lns [KEY=VALUE...] topo_lns_host, charon in lns, l2tpgwd as LNS
#                            (MS-CHAPv2, pool 10.20.0.10-250) with [ipsec]
#                            psk = $IPSEC_PSK and the given [ipsec] keys,
#                            [global] keys from the array IPSEC_LNS_GLOBAL
#                            if set (KEY=VALUE each), waits until l2tpgwd
#                            loaded its connection into charon
#   ipsec_setup NS           the start of most: peers_init, ipsec_lns and
#                            NS linked to lns (topo_lac NS 1)
#   ipsec_client NS LNS_ADDR [VERSION [IKE [ESP]]]
#                            charon + xl2tpd + pppd (alice, MS-CHAPv2) in
#                            NS (which must exist and reach LNS_ADDR):
#                            IPsec first (default: IKEv1 with the Windows
#                            proposals), then L2TP; waits for ppp0
IPSEC_PSK="l2tp-ipsec-test-psk"
IPSEC_WIN_IKE=aes256-sha1-modp1024,3des-sha1-modp1024
IPSEC_WIN_ESP=aes256-sha1,3des-sha1

lns_conn_loaded() {
	swan lns --list-conns 2>/dev/null | grep -q '^l2tpgw: IKEv'
}

ipsec_lns() {
	topo_lns_host
	charon_start lns
	gw_lns_std lns "mschapv2" 10.20.0.10-10.20.0.250 "${IPSEC_LNS_GLOBAL[@]}"
	gw_ipsec_psk lns "$IPSEC_PSK" "$@"
	ppp_secret alice alice-secret
	gw_start lns
	wait_for "l2tpgwd loaded its connection into charon" 60 lns_conn_loaded
}

ipsec_setup() {
	peers_init
	ipsec_lns
	topo_lac "$1" 1
}

ipsec_client() {
	local ns=$1 lns=$2 version=${3:-1} ike=${4:-$IPSEC_WIN_IKE}
	local esp=${5:-$IPSEC_WIN_ESP}
	charon_start "$ns"
	swan_client "$ns" lns "$lns" "$version" "$ike" "$esp" "$IPSEC_PSK"
	swan "$ns" --initiate --child lns --timeout 60 \
		>"$L2TPGW_OUT/swanctl-$ns-initiate.log" 2>&1 || true
	wait_for "$ns: CHILD_SA installed" 30 swan_child_up "$ns" lns
	xl2tpd_conf "$ns"
	xl2tpd_lac "$ns" lns "$lns" alice mschapv2
	xl2tpd_start "$ns"
	xl2tpd_ctl "$ns" "c lns"
	wait_for "$ns: ppp0 up" 90 ppp_up "$ns" ppp0
}

# Certificates for the IKEv2 scenario, ECDSA P-256 (quick under TCG), in
# $PKI_DIR (default $PEERS_TMP/pki): ca.pem, and NAME.pem / NAME.key
# signed by it.
#   pki_ca                   the CA
#   pki_cert NAME [SAN]      a certificate with CN=NAME (and subjectAltName)
pki_ca() {
	local d=${PKI_DIR:-$PEERS_TMP/pki}
	mkdir -p "$d"
	openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-keyout "$d/ca.key" -out "$d/ca.pem" -days 30 -subj "/CN=l2tpgw test CA" \
		>"$L2TPGW_OUT/pki.log" 2>&1
}

pki_cert() {
	local d=${PKI_DIR:-$PEERS_TMP/pki} name=$1 san=${2:-}
	openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-keyout "$d/$name.key" -out "$d/$name.csr" -subj "/CN=$name" \
		>>"$L2TPGW_OUT/pki.log" 2>&1
	# l2tpgwd refuses a private key others may read.
	chmod 600 "$d/$name.key"
	printf 'basicConstraints=CA:FALSE\n%s\n' "${san:+subjectAltName=$san}" >"$d/$name.ext"
	openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-CAcreateserial -days 30 -out "$d/$name.pem" -extfile "$d/$name.ext" \
		>>"$L2TPGW_OUT/pki.log" 2>&1
}

# swan_client_cert NS NAME LNS CERTNAME: like swan_client, IKEv2 with
# certificates (from $PKI_DIR), the LNS known as CN=lns.
swan_client_cert() {
	local ns=$1 name=$2 lns=$3 cn=$4 d=$PEERS_TMP/$1/swanctl
	local pki=${PKI_DIR:-$PEERS_TMP/pki}
	mkdir -p "$d/x509" "$d/x509ca" "$d/private"
	cp "$pki/$cn.pem" "$d/x509/"
	cp "$pki/$cn.key" "$d/private/"
	cp "$pki/ca.pem" "$d/x509ca/"
	cat >"$d/swanctl.conf" <<EOF
connections {
	$name {
		version = 2
		remote_addrs = $lns
		proposals = aes256-sha256-ecp256,aes256-sha256-modp2048
		local {
			auth = pubkey
			certs = $cn.pem
		}
		remote {
			auth = pubkey
			id = "CN=lns"
		}
		children {
			$name {
				mode = transport
				local_ts = dynamic[udp/1701]
				remote_ts = dynamic[udp/1701]
				esp_proposals = aes256gcm16,aes128gcm16
			}
		}
	}
}
secrets {
	ecdsa-$cn {
		file = $cn.key
	}
}
EOF
	SWANCTL_DIR=$d swan "$ns" --load-all --noprompt >"$L2TPGW_OUT/swanctl-$ns-load.log" 2>&1 ||
		{ echo "  FAIL: swanctl --load-all in $ns:"; cat "$L2TPGW_OUT/swanctl-$ns-load.log"; exit 1; }
}

# Clients behind a NAT router whose public address changes (the
# ipsec-*-move scenarios).
#
#   ipsec_nat NAT CLIENT...  NAT (linked to lns: ipsec_setup NAT) forwards
#                            and masquerades out of va for each CLIENT, the
#                            i-th on its own link:
#                              ns CLIENT va 192.168.i.2 -- vc<i> 192.168.i.1 ns NAT
#   ipsec_nat_move NAT NEW   NAT's public address on va becomes NEW (CIDR,
#                            same prefix as the old one): NEW added, the old
#                            one removed (NEW is promoted in its place, so
#                            masquerade picks it) and with it the conntrack
#                            entries masqueraded to it, so that every packet
#                            the clients send next leaves from NEW; sets
#                            NAT_MOVED_AT to $EPOCHREALTIME at the change (as
#                            the old address goes)
#   ping_start NAME NS DEST  a ping every 0.2 s (1 s timeout) from NS to
#                            DEST, each reply with its time (ping -D), in
#                            $L2TPGW_OUT/NAME.log, until ping_stop NAME or
#                            the scenario's end
#   ping_reply_between NAME T0 T1
#                            that ping had a reply received at T0 or later
#                            and before T1 (seconds since the epoch, as
#                            $EPOCHREALTIME)
ipsec_nat() {
	local nat=$1 c i=0
	shift
	n "$nat" sysctl -qw net.ipv4.ip_forward=1
	for c in "$@"; do
		i=$((i + 1))
		ns_add "$c"
		veth_pair "$c" va "192.168.$i.2/24" "$nat" "vc$i" "192.168.$i.1/24"
		ip -n "$c" route add default via "192.168.$i.1"
	done
	n "$nat" nft -f - <<'NFT'
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat;
		oifname "va" masquerade
	}
}
NFT
}

ipsec_nat_move() {
	local nat=$1 new=$2 old
	old=$(ip -n "$nat" -4 -o addr show dev va | awk '{ print $4; exit }')
	# With promote_secondaries, removing the primary address keeps the
	# secondary (NEW), which then becomes the primary one.
	n "$nat" sysctl -qw net.ipv4.conf.va.promote_secondaries=1
	ip -n "$nat" addr add "$new" dev va
	NAT_MOVED_AT=$EPOCHREALTIME
	# The masquerade target deletes the conntrack entries it made with an
	# address as that address goes (nf_nat_masquerade's inetaddr notifier):
	# the clients' next packets get new ones, from NEW.  An explicit flush
	# here would come seconds later under TCG (a program start) and drop
	# the entries made from NEW meanwhile too; a reply from the LNS could
	# then take the client's port and move it again, to a random one.
	ip -n "$nat" addr del "$old" dev va
	echo "$nat: public address $old -> $new at $NAT_MOVED_AT"
}

declare -A PING_PID=()

ping_start() {
	local name=$1 ns=$2 dest=$3
	spawn "$name" ip netns exec "$ns" ping -D -n -i 0.2 -W 1 "$dest"
	PING_PID[$name]=${NETNS_BG_PIDS[-1]}
}

ping_stop() {
	kill -INT "${PING_PID[$1]}" 2>/dev/null || true
	wait "${PING_PID[$1]}" 2>/dev/null || true
}

# epoch_plus T S: T + S seconds (T as $EPOCHREALTIME); sleep_until T
epoch_plus() {
	awk -v t="$1" -v s="$2" 'BEGIN { printf "%.6f", t + s }'
}

sleep_until() {
	sleep "$(awk -v t="$1" -v now="$EPOCHREALTIME" 'BEGIN { d = t - now; printf "%.3f", (d > 0 ? d : 0) }')"
}

ping_reply_between() {
	awk -v t0="$2" -v t1="$3" '
		/bytes from/ {
			t = substr($1, 2, length($1) - 2) + 0
			if (t >= t0 && t < t1) { found = 1; exit }
		}
		END { exit !found }' "$L2TPGW_OUT/$1.log"
}

# ipsec_nat_move_test VERSION [IKE ESP]: the body of the ipsec-*-move
# scenarios.  A client c1 (charon IKEv VERSION with proposals IKE and ESP,
# by default ipsec_client's; xl2tpd + pppd) behind the NAT router nat; the
# LNS sends a HELLO after 5 s without traffic and gives a tunnel up after 4
# unanswered retransmissions at most 2 s apart; a capture on the LNS's
# outer link (vb1) runs from before IKE starts to the end.  Timeline (T:
# the NAT's public address moves 10.2.1.2 -> 10.2.1.3):
#   until T+12   c1 pings the host through its session and the host pings
#                c1 back, 5 per second each (the data path both ways)
#   T+12..T+32   silence: l2tpgwd's HELLO must reach the client at its new
#                address through the SA and the client's ZLB be taken (the
#                control path both ways); a tunnel whose HELLO goes to the
#                old address, in the clear or nowhere, is given up here
#   T+32         pings again, both ways
# Then the checks:
#   - charon on the LNS saw the move ("remote endpoint changed")
#   - pings both ways resume within 5 s of the move (a reply 1-5 s after
#     it), still flow 8-12 s after it, and again within 5 s after the
#     silence
#   - the same L2TP tunnel and session (ids on both ends) and the same
#     pppd on the client
#   - the LNS's kernel tunnel points at 10.2.1.3:1701 with the reqid and
#     mark charon now has for the CHILD_SA, and l2tpgwd counted a re-bind
#   - the capture holds ESP-in-UDP from 10.2.1.3 and not one cleartext
#     UDP 1701 packet
# What was seen is printed before the checks, so that a failing run shows
# every difference, not only the first.

# The L2TP sessions (tunnel and session ids, ours/peer's) in the LNS's
# kernel, and in c1's (xl2tpd's; its tunnel's session 0 left out).  Empty
# when there are none.
ipsec_l2tp_ids() {
	n lns "$L2TPCTL" -j kernel session list |
		jq -r '[.[] | "tunnel \(.tunnel_id) session \(.session_id)/\(.peer_session_id)"] | join(", ")' ||
		true
}

ipsec_client_l2tp_ids() {
	ip -n c1 l2tp show session 2>/dev/null |
		awk '/^Session [0-9]+ in tunnel/ && $2 != 0 { printf "tunnel %s session %s ", $5, $2 }' || true
}

# ipsec_lns_child KEY: KEY (reqid, mark-out...) of the first CHILD_SA in
# the LNS's charon (list-sas --raw), empty if none.
ipsec_lns_child() {
	swan lns --list-sas --raw 2>/dev/null | grep -o "child-sas.* $1=[0-9a-f]*" |
		sed 's/.*=//' || true
}

# The time of the last reply in ping log NAME.
ping_last_reply() {
	awk '/bytes from/ { t = $1 } END { print t }' "$L2TPGW_OUT/$1.log"
}

ipsec_nat_move_test() {
	local version=$1 ike=${2:-} esp=${3:-}
	local gl=$L2TPGW_OUT/l2tpgwd-lns.log cl=$L2TPGW_OUT/charon-lns.log
	local a1 ids0 ids1 cids0 cids1 ppp0 ppp1 t0 t32
	local kt reqid mark cleartext natt rebinds
	IPSEC_LNS_GLOBAL=(hello_interval=5s retransmit_max=2s retries=4)
	ipsec_setup nat
	ipsec_nat nat c1
	capture_start lns vb1 nat-move "udp or esp"
	# shellcheck disable=SC2086 # no proposals: ipsec_client's defaults
	ipsec_client c1 10.2.1.1 "$version" $ike $esp
	check "c1's charon knows it is behind the NAT" log_has "$L2TPGW_OUT/charon-c1.log" 'local host is behind NAT'
	check "l2tpgwd saw the CHILD_SA from 10.2.1.2" log_has "$gl" \
		"ipsec: CHILD_SA l2tpgw #[0-9]+ up: peer 10\.2\.1\.2, IKEv$version behind NAT"
	ip -n c1 route add 10.3.0.0/24 dev ppp0
	a1=$(ppp_addr c1 ppp0)
	ping_start ping-c1 c1 10.3.0.2
	ping_start ping-h1 host "$a1"
	wait_for "c1 -> host through the session" 20 count_at_least 1 'bytes from' "$L2TPGW_OUT/ping-c1.log"
	wait_for "host -> c1 through the session" 20 count_at_least 1 'bytes from' "$L2TPGW_OUT/ping-h1.log"
	ids0=$(ipsec_l2tp_ids)
	cids0=$(ipsec_client_l2tp_ids)
	ppp0="$(pppd_pids c1) $a1"
	echo "before: LNS $ids0; c1 $cids0; pppd and address $ppp0; reqid $(ipsec_lns_child reqid)"

	ipsec_nat_move nat 10.2.1.3/24
	t0=$NAT_MOVED_AT
	sleep_until "$(epoch_plus "$t0" 12)"
	ping_stop ping-c1
	ping_stop ping-h1
	echo "silence from $EPOCHREALTIME; last replies: c1 -> host $(ping_last_reply ping-c1), host -> c1 $(ping_last_reply ping-h1) (move at $t0)"
	t32=$(epoch_plus "$t0" 32)
	sleep_until "$t32"
	ping_start ping-c1-again c1 10.3.0.2
	ping_start ping-h1-again host "$a1"
	sleep 6

	ids1=$(ipsec_l2tp_ids)
	cids1=$(ipsec_client_l2tp_ids)
	ppp1="$(pppd_pids c1) $(ppp_addr c1 ppp0 2>/dev/null || true)"
	kt=$(n lns "$L2TPCTL" -j kernel tunnel list |
		jq -r '[.[] | "\(.peer):\(.peer_port) reqid \(.ipsec_reqid) mark \(.mark) rx_wrong_sa \(.stats.rx_wrong_sa)"] | join(", ")')
	reqid=$(ipsec_lns_child reqid)
	mark=$(ipsec_lns_child mark-out)
	[[ -z $mark ]] || mark=$((16#$mark))
	rebinds=$(gw_stat lns ipsec_rebinds || echo "?")
	capture_stop nat-move
	cleartext=$(capture_count nat-move 'udp port 1701')
	natt=$(capture_count nat-move 'src host 10.2.1.3 and udp port 4500')
	echo "at the end: LNS $ids1; c1 $cids1; pppd and address $ppp1"
	echo "LNS kernel tunnel: ${kt:-none}; charon's CHILD_SA now: reqid ${reqid:-none} mark-out ${mark:-none}; l2tpgwd re-binds: $rebinds"
	echo "capture: $natt ESP-in-UDP packets from 10.2.1.3, $cleartext cleartext UDP 1701"
	tcpdump -n -r "$L2TPGW_OUT/nat-move.pcap" 'udp port 1701' 2>/dev/null | head -n 5
	grep -E 'not answering|tunnel .* closed|tunnel dropped' "$gl" || true
	grep 'remote endpoint changed' "$cl" || true

	check "charon on the LNS followed the move" log_has "$cl" \
		'remote endpoint changed from 10\.2\.1\.2\[4500\] to 10\.2\.1\.3\[[0-9]+\]'
	# A reply in the first second may answer a request sent before the
	# move; one 1-5 s after it answers a request sent after it.
	check "c1 -> host: replies again within 5 s of the move" \
		ping_reply_between ping-c1 "$(epoch_plus "$t0" 1)" "$(epoch_plus "$t0" 5)"
	check "host -> c1: replies again within 5 s of the move" \
		ping_reply_between ping-h1 "$(epoch_plus "$t0" 1)" "$(epoch_plus "$t0" 5)"
	check "c1 -> host: still replies 8-12 s after the move" \
		ping_reply_between ping-c1 "$(epoch_plus "$t0" 8)" "$(epoch_plus "$t0" 12)"
	check "host -> c1: still replies 8-12 s after the move" \
		ping_reply_between ping-h1 "$(epoch_plus "$t0" 8)" "$(epoch_plus "$t0" 12)"
	check "c1 -> host: replies within 5 s after the silence" \
		ping_reply_between ping-c1-again "$t32" "$(epoch_plus "$t32" 5)"
	check "host -> c1: replies within 5 s after the silence" \
		ping_reply_between ping-h1-again "$t32" "$(epoch_plus "$t32" 5)"
	is "the LNS's tunnel and session ids" "$ids1" "$ids0"
	is "c1's (xl2tpd's) tunnel and session ids" "$cids1" "$cids0"
	is "c1's pppd and its address" "$ppp1" "$ppp0"
	is "the LNS's kernel tunnel follows the SA" "${kt%% rx_wrong_sa*}" "10.2.1.3:1701 reqid $reqid mark $mark"
	check "l2tpgwd counted the re-bind" test "$rebinds" -ge 1
	check "ESP in UDP from the new address" test "$natt" -gt 0
	is "cleartext UDP 1701 on the LNS's link, whole scenario" "$cleartext" 0
}
