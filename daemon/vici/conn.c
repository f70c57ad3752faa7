// SPDX-License-Identifier: GPL-2.0-or-later
/* VICI requests for L2TP/IPsec and the CHILD_SA event parser; see conn.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vici/conn.h"

/*
 * Ordered by preference; charon as responder picks the first of ours the
 * client also offers.  Weak entries (3DES, modp1024) stay because Windows,
 * older macOS/iOS and Android L2TP/IPsec clients offer nothing better in
 * IKEv1; docs/vici.md lists which client needs which.
 */
const char *const vici_default_ike_proposals[] = {
	"aes256-sha256-modp2048",
	"aes128-sha256-modp2048",
	"aes256-sha1-modp2048",
	"aes128-sha1-modp2048",
	"aes256-sha1-modp1024",
	"aes128-sha1-modp1024",
	"3des-sha1-modp2048",
	"3des-sha1-modp1024",
	NULL,
};

const char *const vici_default_esp_proposals[] = {
	"aes256gcm16",
	"aes128gcm16",
	"aes256-sha256",
	"aes128-sha256",
	"aes256-sha1",
	"aes128-sha1",
	"3des-sha1",
	NULL,
};

static void add_list(struct vici_builder *b, const char *name,
		     const char *const *items)
{
	vici_begin_list(b, name);
	for (; items && *items; items++)
		vici_add_list_item_str(b, *items);
	vici_end_list(b);
}

static int finish(struct vici_builder *b)
{
	const uint8_t *data;
	size_t len;

	return vici_builder_finish(b, &data, &len);
}

static void start(struct vici_builder *b)
{
	vici_builder_release(b);
}

static void add_auth(struct vici_builder *b, const char *section,
		     const struct vici_l2tp_conn *c, bool local)
{
	vici_begin_section(b, section);
	vici_add_kv_str(b, "auth", c->auth == VICI_AUTH_PSK ? "psk" : "pubkey");
	if (local && c->local_id)
		vici_add_kv_str(b, "id", c->local_id);
	if (local && c->auth == VICI_AUTH_PUBKEY && c->cert) {
		vici_begin_list(b, "certs");
		vici_add_list_item(b, c->cert, c->cert_len);
		vici_end_list(b);
	}
	vici_end_section(b);
}

int vici_build_load_conn(struct vici_builder *b,
			 const struct vici_l2tp_conn *c)
{
	static const char *const any[] = { "%any", NULL };

	start(b);
	if (!c->name || !*c->name || c->ike_version > 2) {
		snprintf(b->errstr, sizeof(b->errstr),
			 "vici: load-conn '%s': %s", c->name ? c->name : "",
			 c->ike_version > 2 ? "IKE version must be 0, 1 or 2"
					    : "connection needs a name");
		b->err = -EINVAL;
		return b->err;
	}
	if (c->auth == VICI_AUTH_PUBKEY && !c->cert) {
		snprintf(b->errstr, sizeof(b->errstr),
			 "vici: load-conn '%s': public key authentication needs a certificate",
			 c->name);
		b->err = -EINVAL;
		return b->err;
	}
	vici_begin_section(b, c->name);
	vici_add_kv_fmt(b, "version", "%u", c->ike_version);
	if (c->initiator && (!c->remote_addrs || !c->remote_addrs[0])) {
		snprintf(b->errstr, sizeof(b->errstr),
			 "vici: load-conn '%s': an initiator needs remote_addrs",
			 c->name);
		b->err = -EINVAL;
		return b->err;
	}
	add_list(b, "local_addrs", c->local_addrs ? c->local_addrs : any);
	add_list(b, "remote_addrs", c->remote_addrs ? c->remote_addrs : any);
	add_list(b, "proposals", c->ike_proposals ? c->ike_proposals
						  : vici_default_ike_proposals);
	if (c->dpd_delay_s)
		vici_add_kv_fmt(b, "dpd_delay", "%us", c->dpd_delay_s);
	add_auth(b, "local", c, true);
	add_auth(b, "remote", c, false);

	vici_begin_section(b, "children");
	vici_begin_section(b, c->name);
	vici_add_kv_str(b, "mode", "transport");
	/* the LNS's port is 1701; clients use 1701 or an ephemeral port */
	vici_begin_list(b, "local_ts");
	vici_add_list_item_str(b, c->initiator ? "dynamic[udp]"
					       : "dynamic[udp/1701]");
	vici_end_list(b);
	vici_begin_list(b, "remote_ts");
	vici_add_list_item_str(b, c->initiator ? "dynamic[udp/1701]"
					       : "dynamic[udp]");
	vici_end_list(b);
	add_list(b, "esp_proposals", c->esp_proposals ? c->esp_proposals
						      : vici_default_esp_proposals);
	/* one mark per CHILD_SA: the kernel binds each tunnel to its SA */
	vici_add_kv_str(b, "mark_in", "%unique");
	vici_add_kv_str(b, "mark_out", "%unique");
	vici_add_kv_fmt(b, "replay_window", "%u",
			c->replay_window ? c->replay_window : 1024);
	vici_end_section(b);
	vici_end_section(b);
	vici_end_section(b);
	return finish(b);
}

int vici_build_unload_conn(struct vici_builder *b, const char *name)
{
	start(b);
	vici_add_kv_str(b, "name", name);
	return finish(b);
}

int vici_build_load_shared_psk(struct vici_builder *b, const char *id,
			       const void *psk, size_t psk_len,
			       const char *const *owners)
{
	start(b);
	if (id)
		vici_add_kv_str(b, "id", id);
	vici_add_kv_str(b, "type", "IKE");
	vici_add_kv(b, "data", psk, psk_len);
	add_list(b, "owners", owners);
	return finish(b);
}

int vici_build_load_cert(struct vici_builder *b, const char *type,
			 const char *flag, const void *data, size_t len)
{
	start(b);
	vici_add_kv_str(b, "type", type);
	vici_add_kv_str(b, "flag", flag);
	vici_add_kv(b, "data", data, len);
	return finish(b);
}

int vici_build_load_key(struct vici_builder *b, const char *type,
			const void *data, size_t len)
{
	start(b);
	vici_add_kv_str(b, "type", type);
	vici_add_kv(b, "data", data, len);
	return finish(b);
}

int vici_build_initiate(struct vici_builder *b, const char *child,
			const char *ike, int timeout_ms)
{
	start(b);
	vici_add_kv_str(b, "child", child);
	if (ike)
		vici_add_kv_str(b, "ike", ike);
	vici_add_kv_fmt(b, "timeout", "%d", timeout_ms);
	return finish(b);
}

int vici_build_terminate(struct vici_builder *b, uint32_t ike_id,
			 uint32_t child_id, int timeout_ms)
{
	start(b);
	if (child_id)
		vici_add_kv_fmt(b, "child_id", "%u", child_id);
	else
		vici_add_kv_fmt(b, "ike_id", "%u", ike_id);
	vici_add_kv_fmt(b, "timeout", "%d", timeout_ms);
	return finish(b);
}

int vici_build_list_sas(struct vici_builder *b, const char *ike, bool noblock)
{
	start(b);
	if (noblock)
		vici_add_kv_str(b, "noblock", "yes");
	if (ike)
		vici_add_kv_str(b, "ike", ike);
	return finish(b);
}

int vici_build_list_ike_sa(struct vici_builder *b, uint32_t ike_id)
{
	start(b);
	vici_add_kv_fmt(b, "ike_id", "%u", ike_id);
	return finish(b);
}

/* ---- CHILD_SA events -------------------------------------------------- */

struct field_ctx {
	const struct vici_msg *m;
	const struct vici_child_sa *sa;
	char *err;
	size_t errlen;
};

static int field_fail(const struct field_ctx *f, const char *key,
		      const char *what)
{
	if (f->err && f->errlen)
		snprintf(f->err, f->errlen,
			 "vici: IKE_SA '%s' CHILD_SA '%s': %s '%s'",
			 f->sa->ike_name, f->sa->child_name, what, key);
	return -EBADMSG;
}

/* A number: absent is fine (and 0) unless required. */
static int get_num(const struct field_ctx *f, const struct vici_node *parent,
		   const char *key, int base, uint64_t max, bool required,
		   uint64_t *out)
{
	int ret = vici_msg_get_uint(f->m, parent, key, base, max, out);

	*out = ret ? 0 : *out;
	if (ret == -ENOENT && !required)
		return 0;
	if (ret == -ENOENT)
		return field_fail(f, key, "missing");
	if (ret)
		return field_fail(f, key, "malformed");
	return 0;
}

static int get_str(const struct field_ctx *f, const struct vici_node *parent,
		   const char *key, bool required, char *out, size_t size)
{
	const char *v = vici_msg_get(f->m, parent, key);

	out[0] = '\0';
	if (!v)
		return required ? field_fail(f, key, "missing") : 0;
	if (strlen(v) >= size || strlen(v) != vici_node_child(f->m, parent, key)->value_len)
		return field_fail(f, key, "malformed");
	strcpy(out, v);
	return 0;
}

int vici_parse_child_sa(const struct vici_msg *m, const struct vici_node *ike,
			const struct vici_node *child,
			struct vici_child_sa *sa, char *err, size_t errlen)
{
	struct field_ctx f = { m, sa, err, errlen };
	const char *name = vici_msg_get(m, child, "name");
	uint64_t v[10];
	int ret = 0;

	memset(sa, 0, sizeof(*sa));
	snprintf(sa->ike_name, sizeof(sa->ike_name), "%s", ike->name);
	/* charon 5.6+ names the section "<name>-<uniqueid>" and adds name */
	snprintf(sa->child_name, sizeof(sa->child_name), "%s",
		 name ? name : child->name);
	if (ike->type != VICI_NODE_SECTION || child->type != VICI_NODE_SECTION)
		return field_fail(&f, child->name, "not a section");

	ret = ret ?: get_num(&f, ike, "uniqueid", 10, UINT32_MAX, true, &v[0]);
	ret = ret ?: get_num(&f, ike, "version", 10, 2, false, &v[1]);
	ret = ret ?: get_str(&f, ike, "local-host", true, sa->local_host,
			     sizeof(sa->local_host));
	ret = ret ?: get_str(&f, ike, "remote-host", true, sa->remote_host,
			     sizeof(sa->remote_host));
	ret = ret ?: get_num(&f, ike, "local-port", 10, UINT16_MAX, false, &v[2]);
	ret = ret ?: get_num(&f, ike, "remote-port", 10, UINT16_MAX, false, &v[3]);
	ret = ret ?: get_num(&f, child, "uniqueid", 10, UINT32_MAX, true, &v[4]);
	ret = ret ?: get_num(&f, child, "reqid", 10, UINT32_MAX, false, &v[5]);
	ret = ret ?: get_num(&f, child, "mark-in", 16, UINT32_MAX, false, &v[6]);
	ret = ret ?: get_num(&f, child, "mark-out", 16, UINT32_MAX, false, &v[7]);
	ret = ret ?: get_num(&f, child, "spi-in", 16, UINT32_MAX, false, &v[8]);
	ret = ret ?: get_num(&f, child, "spi-out", 16, UINT32_MAX, false, &v[9]);
	ret = ret ?: get_str(&f, child, "state", false, sa->state,
			     sizeof(sa->state));
	ret = ret ?: get_str(&f, child, "mode", false, sa->mode,
			     sizeof(sa->mode));
	ret = ret ?: get_str(&f, child, "protocol", false, sa->protocol,
			     sizeof(sa->protocol));
	if (ret)
		return ret;
	sa->ike_id = v[0];
	sa->ike_version = v[1];
	sa->local_port = v[2];
	sa->remote_port = v[3];
	sa->child_id = v[4];
	sa->reqid = v[5];
	sa->mark_in = v[6];
	sa->mark_out = v[7];
	sa->spi_in = v[8];
	sa->spi_out = v[9];
	name = vici_msg_get(m, child, "encap");
	sa->encap = name && !strcmp(name, "yes");
	return 0;
}

static int updown_fail(char *err, size_t errlen, const char *what)
{
	if (err && errlen)
		snprintf(err, errlen, "vici: child-updown event %s", what);
	return -EBADMSG;
}

int vici_parse_child_updown(const struct vici_msg *m, struct vici_child_sa *sa,
			    char *err, size_t errlen)
{
	const struct vici_node *n, *ike = NULL, *children, *child;
	const char *up = vici_msg_get(m, NULL, "up");
	int ret;

	for (n = vici_node_first(m, vici_msg_root(m)); n;
	     n = vici_node_next(m, n)) {
		if (n->type != VICI_NODE_SECTION)
			continue;
		if (ike)
			return updown_fail(err, errlen,
					   "with more than one IKE_SA");
		ike = n;
	}
	if (!ike)
		return updown_fail(err, errlen, "without an IKE_SA section");
	children = vici_node_child(m, ike, "child-sas");
	child = children ? vici_node_first(m, children) : NULL;
	if (!child || child->type != VICI_NODE_SECTION ||
	    vici_node_next(m, child))
		return updown_fail(err, errlen,
				   "without exactly one CHILD_SA section");
	ret = vici_parse_child_sa(m, ike, child, sa, err, errlen);
	if (ret)
		return ret;
	sa->up = up && !strcmp(up, "yes");
	return 0;
}

int vici_parse_child_rekey(const struct vici_msg *m, struct vici_child_sa *sa,
			   char *err, size_t errlen)
{
	const struct vici_node *n, *ike = NULL, *children, *child, *new_sa;

	for (n = vici_node_first(m, vici_msg_root(m)); n;
	     n = vici_node_next(m, n)) {
		if (n->type != VICI_NODE_SECTION)
			continue;
		if (ike)
			goto bad_ike;
		ike = n;
	}
	if (!ike)
		goto bad_ike;
	children = vici_node_child(m, ike, "child-sas");
	child = children ? vici_node_first(m, children) : NULL;
	if (!child || child->type != VICI_NODE_SECTION ||
	    vici_node_next(m, child)) {
		if (err && errlen)
			snprintf(err, errlen, "vici: child-rekey event without "
				 "exactly one CHILD_SA section");
		return -EBADMSG;
	}
	new_sa = vici_node_child(m, child, "new");
	if (!new_sa || new_sa->type != VICI_NODE_SECTION) {
		if (err && errlen)
			snprintf(err, errlen, "vici: child-rekey event: CHILD_SA "
				 "'%s' has no 'new' section", child->name);
		return -EBADMSG;
	}
	if (vici_parse_child_sa(m, ike, new_sa, sa, err, errlen))
		return -EBADMSG;
	sa->up = true;
	return 0;

bad_ike:
	if (err && errlen)
		snprintf(err, errlen, "vici: child-rekey event without exactly "
			 "one IKE_SA section");
	return -EBADMSG;
}

int vici_parse_list_sa(const struct vici_msg *m,
		       int (*cb)(const struct vici_child_sa *sa, void *arg),
		       void *arg, char *err, size_t errlen)
{
	const struct vici_node *ike, *children, *child;
	struct vici_child_sa sa;
	int ret;

	for (ike = vici_node_first(m, vici_msg_root(m)); ike;
	     ike = vici_node_next(m, ike)) {
		if (ike->type != VICI_NODE_SECTION)
			continue;
		children = vici_node_child(m, ike, "child-sas");
		if (!children)
			continue;
		for (child = vici_node_first(m, children); child;
		     child = vici_node_next(m, child)) {
			ret = vici_parse_child_sa(m, ike, child, &sa, err,
						  errlen);
			if (ret)
				return ret;
			sa.up = true;
			ret = cb(&sa, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int ike_update_fail(char *err, size_t errlen, const char *what,
			   const char *key)
{
	if (err && errlen)
		snprintf(err, errlen, "vici: ike-update event: %s%s%s", what,
			 key ? " " : "", key ? key : "");
	return -EBADMSG;
}

int vici_parse_ike_update(const struct vici_msg *m, struct vici_ike_update *u,
			  char *err, size_t errlen)
{
	const struct vici_node *n, *ike = NULL;
	const char *host = vici_msg_get(m, NULL, "remote-host");
	uint64_t id, port = 0;
	int ret;

	memset(u, 0, sizeof(*u));
	for (n = vici_node_first(m, vici_msg_root(m)); n;
	     n = vici_node_next(m, n)) {
		if (n->type != VICI_NODE_SECTION)
			continue;
		if (ike)
			return ike_update_fail(err, errlen,
					       "more than one IKE_SA", NULL);
		ike = n;
	}
	if (!ike)
		return ike_update_fail(err, errlen, "no IKE_SA section", NULL);
	snprintf(u->ike_name, sizeof(u->ike_name), "%s", ike->name);
	if (vici_msg_get_uint(m, ike, "uniqueid", 10, UINT32_MAX, &id))
		return ike_update_fail(err, errlen, "missing or malformed",
				       "uniqueid");
	if (!host || strlen(host) >= sizeof(u->remote_host))
		return ike_update_fail(err, errlen, "missing or malformed",
				       "remote-host");
	ret = vici_msg_get_uint(m, NULL, "remote-port", 10, UINT16_MAX, &port);
	if (ret && ret != -ENOENT)
		return ike_update_fail(err, errlen, "malformed", "remote-port");
	u->ike_id = (uint32_t)id;
	snprintf(u->remote_host, sizeof(u->remote_host), "%s", host);
	u->remote_port = ret ? 0 : (uint16_t)port;
	return 0;
}
