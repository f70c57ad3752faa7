// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The messages a session sends (RFC 2661 6.6-6.13), and the calling or
 * called number they carry.  Assigned Session ID and the numbers are
 * hidden when the tunnel is so configured.
 */
#include <stdlib.h>
#include <string.h>

#include "l2tp/session.h"

static void msg_init(struct l2tp_session *s, struct l2tp_msg *m, uint16_t type)
{
	l2tp_tun_msg_init(m, type);
	m->session_id = s->peer_id;
}

/* Assigned Session ID, hidden if so configured. */
static void put_session_id(const struct l2tp_ctx *ctx, struct l2tp_msg *m,
			   uint16_t id)
{
	l2tp_avp_set(&m->avps, L2TP_AVP_ASSIGNED_SESSION_ID);
	m->avps.assigned_session_id = id;
	if (ctx->cfg.hide_avps)
		m->avps.hidden |= L2TP_AVP_BIT(L2TP_AVP_ASSIGNED_SESSION_ID);
}

static void add_session_id(struct l2tp_session *s, struct l2tp_msg *m)
{
	put_session_id(s->tunnel->ctx, m, s->id);
}

/* Called/calling numbers are logged and shown: printable only, bounded. */
#define NUMBER_MAX	63

void l2tp_sess_set_number(struct l2tp_session *s, const char *src, size_t len)
{
	size_t i, n = len < NUMBER_MAX ? len : NUMBER_MAX;

	free(s->number);
	s->number = n ? malloc(n + 1) : NULL;
	if (!s->number)
		return;		/* none, or no memory: call goes on */
	for (i = 0; i < n; i++)
		s->number[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	s->number[n] = '\0';
}

static void add_number(struct l2tp_session *s, struct l2tp_msg *m,
		       unsigned type, struct l2tp_bytes *field)
{
	const char *n = s->number ? s->number : "";

	l2tp_avp_set(&m->avps, type);
	*field = (struct l2tp_bytes){ (const uint8_t *)n, (uint16_t)strlen(n) };
	if (s->tunnel->ctx->cfg.hide_avps)
		m->avps.hidden |= L2TP_AVP_BIT(type);
}

static void add_connect_info(struct l2tp_msg *m)
{
	l2tp_avp_set(&m->avps, L2TP_AVP_TX_CONNECT_SPEED);
	m->avps.tx_connect_speed = 100000000;
	l2tp_avp_set(&m->avps, L2TP_AVP_FRAMING_TYPE);
	m->avps.framing_type = L2TP_FRAMING_SYNC;
}

/* What an ICRQ carries besides what every request does. */
static void add_icrq(struct l2tp_session *s, struct l2tp_msg *m)
{
	l2tp_avp_set(&m->avps, L2TP_AVP_BEARER_TYPE);
	m->avps.bearer_type = L2TP_BEARER_DIGITAL;
	if (s->number)
		add_number(s, m, L2TP_AVP_CALLING_NUMBER,
			   &m->avps.calling_number);
}

/* What an OCRQ carries besides what every request does. */
static void add_ocrq(struct l2tp_session *s, struct l2tp_msg *m)
{
	l2tp_avp_set(&m->avps, L2TP_AVP_MINIMUM_BPS);
	m->avps.minimum_bps = 0;
	l2tp_avp_set(&m->avps, L2TP_AVP_MAXIMUM_BPS);
	m->avps.maximum_bps = 100000000;
	l2tp_avp_set(&m->avps, L2TP_AVP_BEARER_TYPE);
	m->avps.bearer_type = L2TP_BEARER_DIGITAL | L2TP_BEARER_ANALOG;
	l2tp_avp_set(&m->avps, L2TP_AVP_FRAMING_TYPE);
	m->avps.framing_type = L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC;
	add_number(s, m, L2TP_AVP_CALLED_NUMBER, &m->avps.called_number);
}

/* To no session of the peer yet: our id and the call's serial number. */
int l2tp_sess_send_request(struct l2tp_session *s)
{
	struct l2tp_msg m;

	msg_init(s, &m, s->outgoing ? L2TP_MSG_OCRQ : L2TP_MSG_ICRQ);
	m.session_id = 0;
	add_session_id(s, &m);
	l2tp_avp_set(&m.avps, L2TP_AVP_CALL_SERIAL_NUMBER);
	m.avps.call_serial_number = s->serial;
	if (s->outgoing)
		add_ocrq(s, &m);
	else
		add_icrq(s, &m);
	return l2tp_tun_send(s->tunnel, &m);
}

int l2tp_sess_send_reply(struct l2tp_session *s, uint16_t type)
{
	struct l2tp_msg m;

	msg_init(s, &m, type);
	add_session_id(s, &m);
	return l2tp_tun_send(s->tunnel, &m);
}

int l2tp_sess_send_connected(struct l2tp_session *s, uint16_t type)
{
	struct l2tp_msg m;

	msg_init(s, &m, type);
	add_connect_info(&m);
	return l2tp_tun_send(s->tunnel, &m);
}

int l2tp_sess_send_cdn(struct l2tp_tunnel *t, uint16_t peer_id, uint16_t id,
		       const struct l2tp_close_reason *why)
{
	struct l2tp_msg m;

	l2tp_tun_msg_init(&m, L2TP_MSG_CDN);
	m.session_id = peer_id;
	l2tp_tun_put_result(&m, why);
	put_session_id(t->ctx, &m, id);
	return l2tp_tun_send(t, &m);
}
