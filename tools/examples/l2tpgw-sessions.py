#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""List the l2tpgw module's sessions with pyroute2 (generic netlink).

A starting point for scripts that read the data plane directly, without
l2tpctl or libl2tpctl.  docs/netlink.md describes the family.

    l2tpgw-sessions.py [TUNNEL_ID]      text, one session per line
    l2tpgw-sessions.py --json [TID]     one JSON array

Exit status: 0 success, 1 the module is not loaded or the dump failed,
2 bad arguments.  Reading needs no privileges.
"""
import json
import logging
import sys

from pyroute2.netlink import NLM_F_DUMP, NLM_F_REQUEST, genlmsg, nla
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.generic import GenericNetlinkSocket

L2TPGW_GENL_NAME = "l2tpgw"
L2TPGW_GENL_VERSION = 1
L2TPGW_CMD_SESSION_GET = 11  # enum l2tpgw_cmd in include/uapi/linux/l2tpgw.h


class L2tpgwMsg(genlmsg):
    """Attributes in enum l2tpgw_attr order: the index is the type."""

    prefix = "L2TPGW_A_"
    nla_map = (
        ("L2TPGW_A_UNSPEC", "none"),
        ("L2TPGW_A_PAD", "none"),
        ("L2TPGW_A_SOCK_ID", "uint32"),
        ("L2TPGW_A_SOCK_FD", "int32"),
        ("L2TPGW_A_SOCK_FAMILY", "uint16"),
        ("L2TPGW_A_SOCK_LOCAL_ADDR", "cdata"),
        ("L2TPGW_A_SOCK_LOCAL_PORT", "uint16"),
        ("L2TPGW_A_SOCK_OWNED", "flag"),
        ("L2TPGW_A_TUNNEL_ID", "uint16"),
        ("L2TPGW_A_PEER_TUNNEL_ID", "uint16"),
        ("L2TPGW_A_PEER_ADDR", "cdata"),
        ("L2TPGW_A_PEER_PORT", "uint16"),
        ("L2TPGW_A_LOCAL_ADDR", "cdata"),
        ("L2TPGW_A_MARK", "uint32"),
        ("L2TPGW_A_TUNNEL_FLAGS", "uint32"),
        ("L2TPGW_A_SESSION_ID", "uint16"),
        ("L2TPGW_A_PEER_SESSION_ID", "uint16"),
        ("L2TPGW_A_IFNAME", "asciiz"),
        ("L2TPGW_A_IFINDEX", "uint32"),
        ("L2TPGW_A_MTU", "uint32"),
        ("L2TPGW_A_SESSION_FLAGS", "uint32"),
        ("L2TPGW_A_PROTOCOLS", "uint32"),
        ("L2TPGW_A_REORDER_WINDOW", "uint16"),
        ("L2TPGW_A_REORDER_TIMEOUT", "uint32"),
        ("L2TPGW_A_PPP_FRAME", "cdata"),
        ("L2TPGW_A_STATS", "stats"),
        ("L2TPGW_A_CAUSE", "uint32"),
        ("L2TPGW_A_SOCK_FLAGS", "uint32"),
        ("L2TPGW_A_IPSEC_REQID", "uint32"),
        ("L2TPGW_A_LIMITS", "none"),
        ("L2TPGW_A_TCP_MSS", "uint16"),
    )

    class stats(nla):
        """enum l2tpgw_stat, u64 each; names as l2tpctl prints them."""

        nla_map = tuple(
            (name, "none" if name in ("unspec", "pad") else "uint64")
            for name in (
                "unspec", "pad", "rx_packets", "rx_bytes", "tx_packets",
                "tx_bytes", "rx_ctrl_packets", "tx_ctrl_packets",
                "rx_passed_up", "rx_bad_header", "rx_bad_length",
                "rx_unknown_session", "rx_wrong_peer", "rx_seq_missing",
                "rx_seq_discard", "rx_reorder_timeout",
                "rx_reorder_overflow", "rx_oos_packets",
                "rx_proto_disabled", "rx_bad_ppp", "rx_not_read",
                "rx_dropped", "tx_no_route", "tx_dropped",
                "rx_unprotected", "rx_wrong_sa", "tx_no_sa",
                "rx_reorder_nomem", "limit_refused", "tcp_mss_clamped",
                "tx_gso_packets", "tx_gso_segs", "rx_gro_packets",
                "rx_gro_segs",
            )
        )


def dump_sessions(sock, tunnel_id=None):
    msg = L2tpgwMsg()
    msg["cmd"] = L2TPGW_CMD_SESSION_GET
    msg["version"] = L2TPGW_GENL_VERSION
    if tunnel_id is not None:
        msg["attrs"].append(["L2TPGW_A_TUNNEL_ID", tunnel_id])
    for reply in sock.nlm_request(msg, msg_type=sock.prid,
                                  msg_flags=NLM_F_REQUEST | NLM_F_DUMP):
        stats = reply.get_attr("L2TPGW_A_STATS")
        yield {
            "tunnel_id": reply.get_attr("L2TPGW_A_TUNNEL_ID"),
            "session_id": reply.get_attr("L2TPGW_A_SESSION_ID"),
            "peer_session_id": reply.get_attr("L2TPGW_A_PEER_SESSION_ID"),
            "ifname": reply.get_attr("L2TPGW_A_IFNAME"),
            "mtu": reply.get_attr("L2TPGW_A_MTU"),
            "tcp_mss": reply.get_attr("L2TPGW_A_TCP_MSS"),
            "stats": {name: value for name, value in stats["attrs"]}
            if stats else {},
        }


def parse_args(argv):
    as_json = bool(argv) and argv[0] == "--json"
    rest = argv[1:] if as_json else argv
    if len(rest) > 1:
        raise ValueError("too many arguments")
    if not rest:
        return as_json, None
    if not rest[0].isdigit() or not 1 <= int(rest[0]) <= 65535:
        raise ValueError('invalid tunnel id "%s": must be 1..65535' % rest[0])
    return as_json, int(rest[0])


def main(argv):
    try:
        as_json, tunnel_id = parse_args(argv)
    except ValueError as e:
        print("l2tpgw-sessions: %s" % e, file=sys.stderr)
        return 2
    # pyroute2 logs a missing family itself; the message below says it.
    logging.disable(logging.ERROR)
    sock = GenericNetlinkSocket()
    try:
        try:
            sock.bind(L2TPGW_GENL_NAME, L2tpgwMsg)
        except NetlinkError:
            print('l2tpgw-sessions: l2tpgw kernel module not loaded '
                  '(generic netlink family "l2tpgw" not found)',
                  file=sys.stderr)
            return 1
        sessions = sorted(dump_sessions(sock, tunnel_id),
                          key=lambda s: (s["tunnel_id"], s["session_id"]))
    except NetlinkError as e:
        print("l2tpgw-sessions: dump failed: %s" % e, file=sys.stderr)
        return 1
    finally:
        sock.close()
    if as_json:
        print(json.dumps(sessions))
        return 0
    for s in sessions:
        print("tunnel %(tunnel_id)s session %(session_id)s peer "
              "%(peer_session_id)s dev %(ifname)s mtu %(mtu)s" % s,
              "rx_packets %d tx_packets %d" % (
                  s["stats"].get("rx_packets", 0),
                  s["stats"].get("tx_packets", 0)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
