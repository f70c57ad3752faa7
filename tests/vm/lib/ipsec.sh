# shellcheck shell=bash
# strongSwan's charon for L2TP/IPsec scenarios: one per namespace.  Sourced
# after lib/netns.sh and lib/peers.sh.
#
#   charon_start NS          charon in NS: its own /run (a mount namespace,
#                            since charon's pid file is fixed at
#                            /run/charon.pid), strongswan.conf and VICI
#                            socket in $PEERS_TMP/NS, log in
#                            $L2TPGW_OUT/charon-NS.log
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
#   ipsec_lns                topo_lns_host, charon in lns, l2tpgwd as LNS
#                            (MS-CHAPv2, pool 10.20.0.10-250) with [ipsec]
#                            psk = $IPSEC_PSK and the [global] KEY=VALUE
#                            words of $IPSEC_LNS_GLOBAL, waits until
#                            l2tpgwd loaded its connection into charon
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
	# shellcheck disable=SC2086 # words
	gw_lns_std lns "mschapv2" 10.20.0.10-10.20.0.250 ${IPSEC_LNS_GLOBAL:-}
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
