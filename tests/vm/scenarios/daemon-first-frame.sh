#!/bin/bash
# timeout: 240
#
# No first frame lost (issue 18): a LAC sends its first LCP
# Configure-Request right after its ICCN, and l2tpgwd (LNS) must answer
# that very request.  Before, the LNS's kernel session was added only when
# the daemon had read the ICCN, so the request, arriving right behind it,
# found no session: dropped, and every call waited for the LAC's LCP
# restart timer (3 s).  100 calls from l2tpgwd as LAC (four [lac]
# sections of 25, connected one after the other: under TCG a busier LNS
# could take the 3 s to answer) and 2 from xl2tpd+pppd, captured on the
# LNS's links; tshark is
# the oracle.  For every call: its first Configure-Request is answered
# (Ack, Nak or Reject with its Identifier) before the LAC sends another,
# and no Identifier is sent twice (pppd repeats a request with the same
# one, l2tpgwd with a new one).  The setup time, ICCN to the
# LNS's Configure-Ack, is printed (median and max), not asserted.  The
# LNS's kernel tunnels count no frame for an unknown session.
#
#   ns lac: l2tpgwd (LAC x4, 100 calls)     ns lns: l2tpgwd (LNS)
#   va 10.2.1.2/24 ---------------------- vb1 10.2.1.1/24
#   ns lac2: xl2tpd, pppd x2                  (capture on both links)
#   va 10.2.2.2/24 ---------------------- vb2 10.2.2.1/24
. tests/vm/lib/netns.sh
. tests/vm/lib/peers.sh

SECTIONS=4
PER_SECTION=25
GW_CALLS=$((SECTIONS * PER_SECTION))
XL_CALLS=2
TOTAL=$((GW_CALLS + XL_CALLS))
addrs_in_lac() { (($(ip -n lac -4 -o addr show | grep -c ' peer 10\.20\.0\.1/') == $1)); }

peers_init
ns_add lns
topo_lac lac 1
topo_lac lac2 2
ppp_secret alice alice-secret
gw_lns_std lns pap 10.20.0.10-10.20.0.250 hello_interval=60s
{
	printf '[global]\nlog_level = info\n'
	for t in $(seq 1 $SECTIONS); do
		printf '[lac up%d]\npeer = 10.2.1.1:1701\nsessions = %d\nautostart = no\n' "$t" $PER_SECTION
		gw_lac_ppp_keys pap alice alice-secret
	done
} | gw_config lac
xl2tpd_conf lac2
xl2tpd_lac lac2 one 10.2.2.1 alice pap
xl2tpd_lac lac2 two 10.2.2.1 alice pap

capture_start lns any first
gw_start lns
gw_start lac
xl2tpd_start lac2
xl2tpd_ctl lac2 "c one"
wait_for "xl2tpd's first call up (ppp0)" 90 ppp_up lac2 ppp0
xl2tpd_ctl lac2 "c two"
wait_for "xl2tpd's second call up (ppp1)" 90 ppp_up lac2 ppp1
for t in $(seq 1 $SECTIONS); do
	wait_for "l2tpgwd (LAC) takes commands" 20 gw_ctl lac status
	gw_ctl lac lac connect "up$t" >/dev/null
	wait_for "$((t * PER_SECTION)) calls of l2tpgwd (LAC) have an address" 90 \
		addrs_in_lac $((t * PER_SECTION))
done
check "$TOTAL kernel sessions in lns" kernel_count_is lns session $TOTAL
sleep 1
capture_stop first

unknown=$(kernel_tunnel_stat lns rx_unknown_session)
tshark -n -r "$L2TPGW_OUT/first.pcap" -Y 'l2tp.avp.message_type || lcp' \
	-T fields -E separator=/t -E occurrence=f \
	-e frame.time_relative -e ip.src -e ip.dst -e l2tp.tunnel \
	-e l2tp.session -e l2tp.avp.message_type -e l2tp.avp.assigned_tunnel_id \
	-e l2tp.avp.assigned_session_id -e ppp.code -e ppp.identifier \
	>"$L2TPGW_OUT/first.fields" 2>"$L2TPGW_OUT/first.tshark.err" ||
	fail "tshark cannot read the capture: $(head -c 300 "$L2TPGW_OUT/first.tshark.err")"

# Each call by the LNS's ids: what the LAC sends carries them; what the
# LNS sends carries the LAC's, mapped through SCCRP and ICRP.
lcp_ok=1
/usr/bin/python3 - "$L2TPGW_OUT/first.fields" "$TOTAL" 10.2.1.1 10.2.2.1 <<'PY' || lcp_ok=0
import statistics, sys
path, want, lns = sys.argv[1], int(sys.argv[2]), set(sys.argv[3:])
SCCRP, ICRP, ICCN = 2, 11, 12
tun, sess, iccn, reqs, answers = {}, {}, {}, {}, {}
for line in open(path):
    t, src, dst, tid, sid, mtype, atid, asid, code, ident = \
        (line.rstrip('\n').split('\t') + [''] * 10)[:10]
    t = float(t)
    if src in lns:                      # LNS -> LAC: the LAC's ids
        if mtype == str(SCCRP):
            tun[(dst, tid)] = atid
        elif mtype == str(ICRP):
            sess[(dst, tid, sid)] = (dst, tun.get((dst, tid)), asid)
        elif not mtype and code in ('2', '3', '4'):
            key = sess.get((dst, tid, sid))
            if key:
                answers.setdefault(key, []).append((t, int(code), ident))
    else:                               # LAC -> LNS: the LNS's ids
        key = (src, tid, sid)
        if mtype == str(ICCN):
            iccn.setdefault(key, t)
        elif not mtype and code == '1':
            reqs.setdefault(key, []).append((t, ident))
bad, setup = [], []
for key, t0 in sorted(iccn.items()):
    r, a = reqs.get(key, []), answers.get(key, [])
    name = 'call %s tunnel %s session %s' % key
    if not r:
        bad.append(name + ': no LCP Configure-Request after its ICCN')
        continue
    first_t, first_id = r[0]
    ans = [at for at, _, aid in a if at >= first_t and aid == first_id]
    if not ans:
        bad.append(name + ': first Configure-Request (id %s) never answered; '
                   '%d sent' % (first_id, len(r)))
    elif len(r) > 1 and r[1][0] < ans[0]:
        bad.append(name + ': Configure-Request sent again (id %s) %.1f s '
                   'before the first was answered' % (r[1][1],
                                                     ans[0] - r[1][0]))
    ids = [i for _, i in r]
    if len(set(ids)) != len(ids):
        bad.append(name + ': Configure-Request retransmitted (ids %s)' %
                   ','.join(ids))
    acks = [at for at, c, _ in a if c == 2]
    if acks:
        setup.append((acks[0] - t0) * 1000)
print('  calls seen: %d (want %d); LCP answered in %d' %
      (len(iccn), want, len(setup)))
if setup:
    print('  setup time ICCN -> LNS Configure-Ack: median %.0f ms, max %.0f ms'
          ' over %d calls' % (statistics.median(setup), max(setup),
                              len(setup)))
for b in bad[:10]:
    print('  FAIL: ' + b)
if len(bad) > 10:
    print('  ... and %d more' % (len(bad) - 10))
sys.exit(1 if bad or len(iccn) != want else 0)
PY
is "no frame for an unknown session on the LNS's kernel tunnels" "$unknown" 0
check "every call's first LCP Configure-Request answered, none repeated" \
	test "$lcp_ok" = 1
