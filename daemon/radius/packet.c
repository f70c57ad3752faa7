// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RADIUS packets built and parsed over buffers (radius.h).  Nothing here
 * does I/O but radius_begin()'s random Request Authenticator.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "radius/crypto.h"
#include "radius/radius.h"

#define RADIUS_STATUS_SERVER 12	/* RFC 5997 */
#define ATTR_HDR_LEN 2
#define VSA_HDR_LEN 6		/* type, length, Vendor-Id */
#define MSG_AUTH_ATTR_LEN (ATTR_HDR_LEN + RADIUS_AUTH_LEN)

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Access-Request and Status-Server carry a random Request Authenticator. */
static bool random_authenticator(uint8_t code)
{
	return code == RADIUS_ACCESS_REQUEST || code == RADIUS_STATUS_SERVER;
}

static void random_bytes(uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p += n;
		len -= n;
	}
}

void radius_begin(struct radius_builder *b, uint8_t code, uint8_t id)
{
	b->buf[0] = code;
	b->buf[1] = id;
	memset(b->buf + 2, 0, 2 + RADIUS_AUTH_LEN);
	if (random_authenticator(code))
		random_bytes(b->buf + 4, RADIUS_AUTH_LEN);
	b->len = RADIUS_HDR_LEN;
	b->msg_auth_off = 0;
}

int radius_put(struct radius_builder *b, uint8_t type, const void *val,
	       size_t len)
{
	if (len > RADIUS_ATTR_MAX ||
	    b->len + ATTR_HDR_LEN + len > RADIUS_MAX_LEN)
		return -1;
	b->buf[b->len] = type;
	b->buf[b->len + 1] = ATTR_HDR_LEN + len;
	if (len)
		memcpy(b->buf + b->len + ATTR_HDR_LEN, val, len);
	b->len += ATTR_HDR_LEN + len;
	return 0;
}

int radius_put_u32(struct radius_builder *b, uint8_t type, uint32_t v)
{
	uint8_t val[4];

	put_be32(val, v);
	return radius_put(b, type, val, sizeof(val));
}

int radius_put_str(struct radius_builder *b, uint8_t type, const char *s)
{
	return radius_put(b, type, s, strlen(s));
}

int radius_put_vsa(struct radius_builder *b, uint32_t vendor, uint8_t type,
		   const void *val, size_t len)
{
	uint8_t v[RADIUS_ATTR_MAX];

	if (len > RADIUS_ATTR_MAX - 4 - ATTR_HDR_LEN)
		return -1;
	put_be32(v, vendor);
	v[4] = type;
	v[5] = ATTR_HDR_LEN + len;
	if (len)
		memcpy(v + 6, val, len);
	return radius_put(b, RA_VENDOR_SPECIFIC, v, 6 + len);
}

int radius_put_message_authenticator(struct radius_builder *b)
{
	static const uint8_t zero[RADIUS_AUTH_LEN];
	size_t off = b->len + ATTR_HDR_LEN;

	if (b->msg_auth_off ||
	    radius_put(b, RA_MESSAGE_AUTHENTICATOR, zero, sizeof(zero)) < 0)
		return -1;
	b->msg_auth_off = off;
	return 0;
}

int radius_put_user_password(struct radius_builder *b, const char *secret,
			     const uint8_t *pw, size_t pwlen)
{
	uint8_t hidden[128];
	size_t n = radius_hide_password(secret, b->buf + 4, pw, pwlen, hidden);

	if (n == 0)
		return -1;
	return radius_put(b, RA_USER_PASSWORD, hidden, n);
}

size_t radius_finish(struct radius_builder *b, const char *secret,
		     const uint8_t *request_auth)
{
	uint8_t *auth = b->buf + 4;
	uint8_t digest[RADIUS_AUTH_LEN];

	put_be16(b->buf + 2, b->len);
	if (request_auth)	/* a response: signed over the request's */
		memcpy(auth, request_auth, RADIUS_AUTH_LEN);
	else if (!random_authenticator(b->buf[0]))
		memset(auth, 0, RADIUS_AUTH_LEN);
	if (b->msg_auth_off) {
		radius_hmac_message_authenticator(b->buf, b->len, auth,
						  b->msg_auth_off, secret,
						  digest);
		memcpy(b->buf + b->msg_auth_off, digest, RADIUS_AUTH_LEN);
	}
	if (request_auth || !random_authenticator(b->buf[0])) {
		radius_md5_authenticator(b->buf, b->len, auth, secret, digest);
		memcpy(auth, digest, RADIUS_AUTH_LEN);
	}
	return b->len;
}

/* One attribute into p; the caller checked its framing. */
static int add_attr(struct radius_packet *p, uint32_t vendor, uint8_t type,
		    const uint8_t *val, size_t len, char *err, size_t errlen)
{
	struct radius_attr *a;

	if (p->nattr == RADIUS_MAX_ATTRS)
		return fail(err, errlen, "more than %d attributes",
			    RADIUS_MAX_ATTRS);
	a = &p->attr[p->nattr++];
	a->vendor = vendor;
	a->type = type;
	a->len = len;
	a->val = val;
	return 0;
}

/* True if val holds well-formed sub-attributes (RFC 2865 section 5.26). */
static bool vsa_well_formed(const uint8_t *val, size_t len)
{
	if (len < 4 + ATTR_HDR_LEN)
		return false;
	for (size_t off = 4; off < len; off += val[off + 1]) {
		if (len - off < ATTR_HDR_LEN || val[off + 1] < ATTR_HDR_LEN ||
		    val[off + 1] > len - off)
			return false;
	}
	return true;
}

/*
 * Vendor-Specific split into its sub-attributes.  The vendors whose
 * attributes we read (Microsoft, MikroTik) must follow the recommended
 * format; another vendor's value that does not is kept whole, as type 0.
 */
static int parse_vsa(struct radius_packet *p, size_t off, const uint8_t *val,
		     size_t len, char *err, size_t errlen)
{
	uint32_t vendor;

	if (len < 4)
		return fail(err, errlen,
			    "Vendor-Specific at offset %zu: %zu bytes, "
			    "too short for a Vendor-Id", off, len);
	vendor = get_be32(val);
	if (vendor == 0)	/* would pass for the standard attributes */
		return fail(err, errlen,
			    "Vendor-Specific at offset %zu: Vendor-Id 0", off);
	if (!vsa_well_formed(val, len)) {
		if (vendor == RADIUS_VENDOR_MICROSOFT ||
		    vendor == RADIUS_VENDOR_MIKROTIK || len == 4)
			return fail(err, errlen,
				    "Vendor-Specific at offset %zu (vendor "
				    "%u): truncated or bad sub-attribute",
				    off, vendor);
		return add_attr(p, vendor, 0, val + 4, len - 4, err, errlen);
	}
	for (size_t s = 4; s < len; s += val[s + 1]) {
		if (add_attr(p, vendor, val[s], val + s + ATTR_HDR_LEN,
			     val[s + 1] - ATTR_HDR_LEN, err, errlen) < 0)
			return -1;
	}
	return 0;
}

static int parse_attr(struct radius_packet *p, size_t off, uint8_t type,
		      const uint8_t *val, size_t len, char *err,
		      size_t errlen)
{
	if (type == RA_VENDOR_SPECIFIC)
		return parse_vsa(p, off, val, len, err, errlen);
	if (type == RA_MESSAGE_AUTHENTICATOR) {
		if (len != RADIUS_AUTH_LEN)
			return fail(err, errlen,
				    "Message-Authenticator at offset %zu: "
				    "length %zu, not 18", off,
				    len + ATTR_HDR_LEN);
		if (p->has_msg_auth)
			return fail(err, errlen,
				    "two Message-Authenticators");
		p->has_msg_auth = true;
	}
	return add_attr(p, 0, type, val, len, err, errlen);
}

int radius_parse(const uint8_t *buf, size_t len, struct radius_packet *p,
		 char *err, size_t errlen)
{
	size_t plen;

	p->nattr = 0;
	p->has_msg_auth = false;
	if (len < RADIUS_HDR_LEN)
		return fail(err, errlen, "%zu bytes, shorter than the "
			    "20-byte header", len);
	plen = (size_t)buf[2] << 8 | buf[3];
	if (plen < RADIUS_HDR_LEN || plen > RADIUS_MAX_LEN)
		return fail(err, errlen, "Length %zu outside 20..4096", plen);
	if (plen > len)
		return fail(err, errlen, "Length %zu but only %zu bytes "
			    "received", plen, len);
	/* Bytes past Length are padding (RFC 2865 section 3). */
	p->code = buf[0];
	p->id = buf[1];
	p->len = plen;
	p->auth = buf + 4;
	for (size_t off = RADIUS_HDR_LEN; off < plen; off += buf[off + 1]) {
		if (plen - off < ATTR_HDR_LEN)
			return fail(err, errlen, "attribute at offset %zu: "
				    "truncated header", off);
		if (buf[off + 1] < ATTR_HDR_LEN)
			return fail(err, errlen, "attribute %u at offset %zu: "
				    "length %u < 2", buf[off], off,
				    buf[off + 1]);
		if (buf[off + 1] > plen - off)
			return fail(err, errlen, "attribute %u at offset %zu: "
				    "length %u overruns the packet (%zu "
				    "left)", buf[off], off, buf[off + 1],
				    plen - off);
		if (parse_attr(p, off, buf[off], buf + off + ATTR_HDR_LEN,
			       buf[off + 1] - ATTR_HDR_LEN, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* The offset of the Message-Authenticator's value in buf, from p. */
static size_t msg_auth_offset(const uint8_t *buf,
			      const struct radius_packet *p)
{
	const struct radius_attr *a =
		radius_find(p, 0, RA_MESSAGE_AUTHENTICATOR);

	return a ? (size_t)(a->val - buf) : 0;
}

/* Checks the Message-Authenticator against auth (see radius_finish()). */
static int check_msg_auth(const uint8_t *buf, const struct radius_packet *p,
			  const uint8_t auth[RADIUS_AUTH_LEN],
			  const char *secret, char *err, size_t errlen)
{
	size_t off = msg_auth_offset(buf, p);
	uint8_t digest[RADIUS_AUTH_LEN];

	radius_hmac_message_authenticator(buf, p->len, auth, off, secret,
					  digest);
	if (!radius_digest_equal(digest, buf + off, RADIUS_AUTH_LEN))
		return fail(err, errlen, "bad Message-Authenticator (code %u "
			    "id %u; wrong secret?)", p->code, p->id);
	return 0;
}

int radius_verify_response(const uint8_t *buf, size_t len,
			   const struct radius_packet *p,
			   const uint8_t request_auth[RADIUS_AUTH_LEN],
			   const char *secret, bool require_msg_auth,
			   char *err, size_t errlen)
{
	uint8_t digest[RADIUS_AUTH_LEN];

	if (len < p->len)
		return fail(err, errlen, "buffer shorter than the packet");
	if (!p->has_msg_auth && require_msg_auth)
		return fail(err, errlen, "no Message-Authenticator (code %u "
			    "id %u), required", p->code, p->id);
	if (p->has_msg_auth &&
	    check_msg_auth(buf, p, request_auth, secret, err, errlen) < 0)
		return -1;
	radius_md5_authenticator(buf, p->len, request_auth, secret, digest);
	if (!radius_digest_equal(digest, p->auth, RADIUS_AUTH_LEN))
		return fail(err, errlen, "bad Response Authenticator (code %u "
			    "id %u; wrong secret?)", p->code, p->id);
	return 0;
}

int radius_verify_request(const uint8_t *buf, size_t len,
			  const struct radius_packet *p, const char *secret,
			  char *err, size_t errlen)
{
	static const uint8_t zero[RADIUS_AUTH_LEN];
	uint8_t digest[RADIUS_AUTH_LEN];

	if (len < p->len)
		return fail(err, errlen, "buffer shorter than the packet");
	if (random_authenticator(p->code))	/* only its HMAC to check */
		return p->has_msg_auth ?
			check_msg_auth(buf, p, p->auth, secret, err, errlen) :
			0;
	if (p->has_msg_auth &&
	    check_msg_auth(buf, p, zero, secret, err, errlen) < 0)
		return -1;
	radius_md5_authenticator(buf, p->len, zero, secret, digest);
	if (!radius_digest_equal(digest, p->auth, RADIUS_AUTH_LEN))
		return fail(err, errlen, "bad Request Authenticator (code %u "
			    "id %u; wrong secret?)", p->code, p->id);
	return 0;
}

const struct radius_attr *radius_find(const struct radius_packet *p,
				      uint32_t vendor, uint8_t type)
{
	for (size_t i = 0; i < p->nattr; i++) {
		if (p->attr[i].vendor == vendor && p->attr[i].type == type)
			return &p->attr[i];
	}
	return NULL;
}

bool radius_attr_u32(const struct radius_attr *a, uint32_t *v)
{
	if (a->len != 4)
		return false;
	*v = get_be32(a->val);
	return true;
}

bool radius_attr_str(const struct radius_attr *a, char *out, size_t outlen)
{
	if (a->len >= outlen || memchr(a->val, 0, a->len))
		return false;
	memcpy(out, a->val, a->len);
	out[a->len] = 0;
	return true;
}
