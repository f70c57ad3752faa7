#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# An up_script/down_script for l2tpgwd (l2tpgwd.conf(5)): counts each
# user's traffic in nftables and logs every session to syslog.
#
#   [lns ra]
#   up_script = /usr/local/lib/l2tpgw/l2tpgw-hook-nft.sh
#   down_script = /usr/local/lib/l2tpgw/l2tpgw-hook-nft.sh
#
# On up it adds, to table inet l2tpgw, a named counter per user and rules
# counting what the session's device receives and sends; on down it
# removes the rules (the counter stays, so a user's total survives
# reconnections: "nft list counters table inet l2tpgw").
#
# Hooks run as l2tpgwd's user, which need not be root: nft then needs
# CAP_NET_ADMIN of its own, e.g. a sudo rule for this script, or run it
# through "sudo -n" below (NFT="sudo -n nft").  l2tpgwd kills a hook after
# hook_timeout (10 s by default); this one takes milliseconds.
set -eu

NFT=${NFT:-nft}
TABLE="inet l2tpgw"
# A user name as an nftables object name: letters, digits and _ only.
name=$(printf '%s' "${L2TPGW_USER:-nouser}" | tr -c 'A-Za-z0-9_' '_' | cut -c1-60)
ifname=${L2TPGW_IFNAME:?no interface}

logger -t l2tpgw-hook -- "$L2TPGW_EVENT user=$name ifname=$ifname" \
	"peer=${L2TPGW_PEER_IP:-} client=${L2TPGW_CLIENT_ADDR:-}" \
	"rx_bytes=${L2TPGW_RX_BYTES:-} tx_bytes=${L2TPGW_TX_BYTES:-}" \
	"duration=${L2TPGW_DURATION:-}"

case $L2TPGW_EVENT in
up)
	$NFT -f - <<NFT
table $TABLE {
	counter user_$name { }
	chain count {
		type filter hook forward priority 0; policy accept;
	}
}
add rule $TABLE count iifname "$ifname" counter name "user_$name" comment "l2tpgw $ifname"
add rule $TABLE count oifname "$ifname" counter name "user_$name" comment "l2tpgw $ifname"
NFT
	;;
down)
	# Every rule this session's up added, found by its comment.
	$NFT -a list chain $TABLE count 2>/dev/null |
		sed -n "s/.*comment \"l2tpgw $ifname\" # handle \([0-9]*\)$/\1/p" |
		while read -r handle; do
			$NFT delete rule $TABLE count handle "$handle"
		done
	;;
esac
