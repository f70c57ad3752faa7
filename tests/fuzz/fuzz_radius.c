// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for RADIUS packets as they arrive (responses to the
 * client, requests to the DAE listener): radius_parse, then the
 * authenticator checks and the attribute readers on what it accepts.
 * What parses must be rebuilt by the builder into a packet that parses to
 * the same attributes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "radius/radius.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t request_auth[RADIUS_AUTH_LEN] = "0123456789abcde";

static void read_attrs(const struct radius_packet *p)
{
	char s[RADIUS_ATTR_MAX + 1];
	uint8_t pw[RADIUS_ATTR_MAX];
	size_t pwlen;
	uint32_t v;

	for (size_t i = 0; i < p->nattr; i++) {
		const struct radius_attr *a = &p->attr[i];

		radius_attr_u32(a, &v);
		radius_attr_str(a, s, sizeof(s));
		if (!a->vendor && a->type == RA_USER_PASSWORD &&
		    radius_unhide_password("s", p->auth, a->val, a->len, pw,
					   &pwlen) == 0 && pwlen > a->len)
			abort();
	}
}

/* The attributes again through the builder: the same list back. */
static void rebuild(const struct radius_packet *p)
{
	static struct radius_builder b;
	static struct radius_packet q;
	char err[128];

	radius_begin(&b, p->code, p->id);
	for (size_t i = 0; i < p->nattr; i++) {
		const struct radius_attr *a = &p->attr[i];
		int rc;

		if (a->vendor)
			rc = radius_put_vsa(&b, a->vendor, a->type, a->val,
					    a->len);
		else if (a->type == RA_MESSAGE_AUTHENTICATOR)
			rc = radius_put_message_authenticator(&b);
		else
			rc = radius_put(&b, a->type, a->val, a->len);

		if (rc < 0)
			return;	/* a raw VSA: its header does not fit again */
	}
	radius_finish(&b, "s", request_auth);
	if (radius_parse(b.buf, b.len, &q, err, sizeof(err)) < 0 ||
	    q.nattr != p->nattr)
		abort();
	for (size_t i = 0; i < q.nattr; i++) {
		if (q.attr[i].type != p->attr[i].type ||
		    q.attr[i].vendor != p->attr[i].vendor ||
		    q.attr[i].len != p->attr[i].len)
			abort();
		if (q.attr[i].type != RA_MESSAGE_AUTHENTICATOR &&
		    memcmp(q.attr[i].val, p->attr[i].val, q.attr[i].len))
			abort();
	}
	if (radius_verify_response(b.buf, b.len, &q, request_auth, "s", false,
				   err, sizeof(err)) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct radius_packet p;
	char err[128];

	if (radius_parse(data, size, &p, err, sizeof(err)) < 0) {
		if (!err[0])
			abort();
		return 0;
	}
	if (p.len > size || p.nattr > RADIUS_MAX_ATTRS)
		abort();
	radius_verify_response(data, size, &p, request_auth, "s", true, err,
			       sizeof(err));
	radius_verify_request(data, size, &p, "s", err, sizeof(err));
	read_attrs(&p);
	rebuild(&p);
	return 0;
}
