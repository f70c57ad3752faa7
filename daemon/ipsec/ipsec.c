// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * L2TP/IPsec through charon; see ipsec.h.  Everything here reacts to the
 * VICI client: (re)connected → load, resynchronise; events → the table.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipsec/ipsec.h"
#include "log.h"
#include "vici/client.h"
#include "vici/conn.h"

/* config.c refuses longer lists, so none is cut short here. */
#define MAX_PROPOSALS	CONFIG_IPSEC_MAX_PROPOSALS
#define MAX_LAC		64
#define MAX_FILE	(256 * 1024)

struct lac_conn {
	char name[CONFIG_NAME_MAX];			/* the [lac] section */
	char conn[sizeof(IPSEC_LAC_CONN_PREFIX) + CONFIG_NAME_MAX];
	char peer[INET6_ADDRSTRLEN];
};

struct ipsec {
	struct vici_client *vc;
	struct sa_table *sas;
	struct ipsec_ops ops;
	void *arg;
	struct config_ipsec cfg;
	struct lac_conn lac[MAX_LAC];
	unsigned n_lac;
	/* connections loaded into the running charon, to unload on reload */
	struct lac_conn loaded[MAX_LAC];
	unsigned n_loaded;
};

static bool ours(const char *child)
{
	return !strcmp(child, IPSEC_LNS_CONN) ||
	       !strncmp(child, IPSEC_LAC_CONN_PREFIX,
			sizeof(IPSEC_LAC_CONN_PREFIX) - 1);
}

/* --- what we load ------------------------------------------------------------ */

/* The whole file into a malloc'd buffer; NULL with errno set. */
static uint8_t *read_file(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	ssize_t n;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size > MAX_FILE) {
		if (st.st_size > MAX_FILE)
			errno = EFBIG;
		close(fd);
		return NULL;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	while (buf && got < (size_t)st.st_size) {
		n = read(fd, buf + got, st.st_size - got);
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			free(buf);
			buf = NULL;
			break;
		}
		got += n;
	}
	close(fd);
	*len = got;
	return buf;
}

/* "a, b,c" into items (pointing into buf); NULL-terminated. */
static const char *const *split_list(char *buf, const char *src,
				     size_t bufsize,
				     const char *items[MAX_PROPOSALS + 1])
{
	char *save = NULL, *tok;
	unsigned n = 0;

	if (!*src)
		return NULL;
	snprintf(buf, bufsize, "%s", src);
	for (tok = strtok_r(buf, ", \t", &save); tok && n < MAX_PROPOSALS;
	     tok = strtok_r(NULL, ", \t", &save))
		items[n++] = tok;
	items[n] = NULL;
	return items;
}

struct request {
	char what[96];
};

static void request_done(struct vici_client *c, int err,
			 const struct vici_msg *res, const char *errstr,
			 void *arg)
{
	struct request *r = arg;

	if (err == -ECANCELED) {
		free(r);
		return;
	}
	if (err)
		log_err("ipsec: %s failed: %s", r->what,
			errstr ? errstr : strerror(-err));
	else
		log_debug("ipsec: %s done", r->what);
	free(r);
}

/* Send a built request; errors are logged with what. */
static void send_request(struct ipsec *ip, const char *cmd,
			 struct vici_builder *b, int built, const char *what)
{
	struct request *r;

	if (built < 0) {
		log_err("ipsec: %s: %s", what, b->errstr);
		return;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		log_err("ipsec: %s: out of memory", what);
		return;
	}
	snprintf(r->what, sizeof(r->what), "%s", what);
	if (vici_client_command(ip->vc, cmd, b, request_done, r) < 0) {
		log_err("ipsec: %s: cannot queue %s", what, cmd);
		free(r);
	}
}

static int load_credentials(struct ipsec *ip, struct vici_builder *b,
			    uint8_t **cert, size_t *cert_len)
{
	const struct config_ipsec *c = &ip->cfg;
	uint8_t *data;
	size_t len;

	*cert = NULL;
	if (c->psk_len) {
		send_request(ip, "load-shared", b,
			     vici_build_load_shared_psk(b, "l2tpgw-psk", c->psk,
							c->psk_len, NULL),
			     "loading the pre-shared key");
		return 0;
	}
	if (c->ca[0]) {
		data = read_file(c->ca, &len);
		if (!data) {
			log_err("ipsec: ca %s: %s", c->ca, strerror(errno));
			return -1;
		}
		send_request(ip, "load-cert", b,
			     vici_build_load_cert(b, "X509", "CA", data, len),
			     "loading the CA certificate");
		free(data);
	}
	data = read_file(c->key, &len);
	if (!data) {
		log_err("ipsec: key %s: %s", c->key, strerror(errno));
		return -1;
	}
	send_request(ip, "load-key", b, vici_build_load_key(b, "any", data, len),
		     "loading the private key");
	explicit_bzero(data, len);
	free(data);
	*cert = read_file(c->cert, cert_len);
	if (!*cert) {
		log_err("ipsec: cert %s: %s", c->cert, strerror(errno));
		return -1;
	}
	send_request(ip, "load-cert", b,
		     vici_build_load_cert(b, "X509", "NONE", *cert, *cert_len),
		     "loading our certificate");
	return 0;
}

static void load_all(struct ipsec *ip)
{
	const struct config_ipsec *c = &ip->cfg;
	const char *ike_items[MAX_PROPOSALS + 1], *esp_items[MAX_PROPOSALS + 1];
	char ike_buf[sizeof(c->ike_proposals)], esp_buf[sizeof(c->esp_proposals)];
	struct vici_l2tp_conn conn = {
		.ike_version = c->ike_version,
		.local_id = c->local_id[0] ? c->local_id : NULL,
		.auth = c->psk_len ? VICI_AUTH_PSK : VICI_AUTH_PUBKEY,
		.dpd_delay_s = c->dpd_delay_ms / 1000,
	};
	struct vici_builder b;
	uint8_t *cert = NULL;
	char what[96];
	unsigned i, j;

	vici_builder_init(&b);
	if (load_credentials(ip, &b, &cert, &conn.cert_len) < 0) {
		log_err("ipsec: connections not loaded: no credentials");
		goto out;
	}
	conn.cert = cert;
	conn.ike_proposals = split_list(ike_buf, c->ike_proposals,
					sizeof(ike_buf), ike_items);
	conn.esp_proposals = split_list(esp_buf, c->esp_proposals,
					sizeof(esp_buf), esp_items);
	conn.name = IPSEC_LNS_CONN;
	send_request(ip, "load-conn", &b, vici_build_load_conn(&b, &conn),
		     "loading connection '" IPSEC_LNS_CONN "'");
	for (i = 0; i < ip->n_lac; i++) {
		const char *remote[] = { ip->lac[i].peer, NULL };
		struct vici_l2tp_conn lc = conn;

		lc.name = ip->lac[i].conn;
		lc.initiator = true;
		lc.remote_addrs = remote;
		snprintf(what, sizeof(what), "loading connection '%s'",
			 ip->lac[i].conn);
		send_request(ip, "load-conn", &b, vici_build_load_conn(&b, &lc),
			     what);
	}
	/* [lac] sections removed by a reload lose their connection. */
	for (i = 0; i < ip->n_loaded; i++) {
		for (j = 0; j < ip->n_lac; j++)
			if (!strcmp(ip->loaded[i].conn, ip->lac[j].conn))
				break;
		if (j < ip->n_lac)
			continue;
		snprintf(what, sizeof(what), "unloading connection '%s'",
			 ip->loaded[i].conn);
		send_request(ip, "unload-conn", &b,
			     vici_build_unload_conn(&b, ip->loaded[i].conn),
			     what);
	}
	memcpy(ip->loaded, ip->lac, sizeof(ip->lac));
	ip->n_loaded = ip->n_lac;
out:
	free(cert);
	vici_builder_release(&b);
}

/* --- the CHILD_SA table ------------------------------------------------------ */

static void report_up(struct ipsec *ip, const struct vici_child_sa *v,
		      const char *how)
{
	const struct ipsec_sa *sa;
	int rc = sa_table_update(ip->sas, v);

	if (rc < 0) {
		log_warn("ipsec: CHILD_SA %s #%u from %s not usable for L2TP: %s",
			 v->child_name, v->child_id, v->remote_host,
			 rc == -EINVAL ? "no reqid or outbound mark" :
			 strerror(-rc));
		return;
	}
	sa = sa_table_find(ip->sas, v->reqid);
	log_info("ipsec: CHILD_SA %s #%u %s: peer %s, IKEv%u%s, reqid %u, "
		 "marks in %#x out %#x", v->child_name, v->child_id, how,
		 v->remote_host, v->ike_version, v->encap ? " behind NAT" : "",
		 v->reqid, v->mark_in, v->mark_out);
	if (ip->ops.sa_up)
		ip->ops.sa_up(ip->arg, sa);
}

static void on_child_updown(struct vici_client *c, const char *event,
			    const struct vici_msg *m, void *arg)
{
	struct ipsec *ip = arg;
	struct vici_child_sa v;
	struct ipsec_sa gone;
	const struct ipsec_sa *sa;
	char err[VICI_ERR_LEN];

	if (vici_parse_child_updown(m, &v, err, sizeof(err)) < 0) {
		log_warn("ipsec: %s", err);
		return;
	}
	if (!ours(v.child_name))
		return;
	if (v.up) {
		report_up(ip, &v, "up");
		return;
	}
	sa = sa_table_find(ip->sas, v.reqid);
	if (!sa || sa->child_id != v.child_id)
		return;
	gone = *sa;
	sa_table_remove(ip->sas, v.reqid, v.child_id);
	log_info("ipsec: CHILD_SA %s #%u from %s down (reqid %u)",
		 v.child_name, v.child_id, v.remote_host, v.reqid);
	if (ip->ops.sa_down)
		ip->ops.sa_down(ip->arg, &gone, "its CHILD_SA was deleted");
}

static void on_child_rekey(struct vici_client *c, const char *event,
			   const struct vici_msg *m, void *arg)
{
	struct ipsec *ip = arg;
	struct vici_child_sa v;
	char err[VICI_ERR_LEN];

	if (vici_parse_child_rekey(m, &v, err, sizeof(err)) < 0) {
		log_warn("ipsec: %s", err);
		return;
	}
	if (ours(v.child_name))
		report_up(ip, &v, "rekeyed");
}

static void on_ike_updown(struct vici_client *c, const char *event,
			  const struct vici_msg *m, void *arg)
{
	const struct vici_node *ike = vici_node_first(m, vici_msg_root(m));
	const char *up = vici_msg_get(m, NULL, "up");

	while (ike && ike->type != VICI_NODE_SECTION)
		ike = vici_node_next(m, ike);
	if (!ike || !ours(ike->name))
		return;
	log_info("ipsec: IKE_SA %s #%s with %s %s", ike->name,
		 vici_msg_get(m, ike, "uniqueid") ?: "?",
		 vici_msg_get(m, ike, "remote-host") ?: "?",
		 up && !strcmp(up, "yes") ? "up" : "down");
}

static int list_one(const struct vici_child_sa *v, void *arg)
{
	struct ipsec *ip = arg;

	if (ours(v->child_name) && !strcmp(v->state, "INSTALLED"))
		report_up(ip, v, "installed");
	return 0;
}

static void on_list_sa(struct vici_client *c, const char *event,
		       const struct vici_msg *m, void *arg)
{
	char err[VICI_ERR_LEN];

	if (vici_parse_list_sa(m, list_one, arg, err, sizeof(err)) < 0)
		log_warn("ipsec: list-sas: %s", err);
}

static void resync_gone(const struct ipsec_sa *sa, void *arg)
{
	struct ipsec *ip = arg;

	log_notice("ipsec: CHILD_SA %s #%u from %s (reqid %u) no longer "
		   "exists in charon", sa->conn, sa->child_id, sa->remote_host,
		   sa->reqid);
	if (ip->ops.sa_down)
		ip->ops.sa_down(ip->arg, sa, "charon no longer has its CHILD_SA");
}

static void resync_done(struct vici_client *c, int err,
			const struct vici_msg *res, const char *errstr,
			void *arg)
{
	struct ipsec *ip = arg;
	unsigned gone;

	if (err == -ECANCELED)
		return;
	if (err) {
		/* Keep what we know: the next connection resynchronises. */
		log_warn("ipsec: list-sas failed: %s",
			 errstr ? errstr : strerror(-err));
		return;
	}
	gone = sa_table_resync_end(ip->sas, resync_gone, ip);
	log_info("ipsec: %u L2TP CHILD_SA%s installed in charon%s",
		 sa_table_count(ip->sas), sa_table_count(ip->sas) == 1 ? "" : "s",
		 gone ? ", others gone (their tunnels are closed)" : "");
}

static void resync(struct ipsec *ip)
{
	struct vici_builder b;

	vici_builder_init(&b);
	if (vici_build_list_sas(&b, NULL, true) < 0 ||
	    vici_client_command_stream(ip->vc, "list-sas", &b, "list-sa",
				       on_list_sa, resync_done, ip) < 0)
		log_err("ipsec: cannot ask charon for its SAs");
	else
		sa_table_resync_begin(ip->sas);
	vici_builder_release(&b);
}

static void on_connected(struct vici_client *c, void *arg)
{
	struct ipsec *ip = arg;

	log_notice("ipsec: connected to charon at %s; loading connections",
		   vici_client_path(c));
	load_all(ip);
	resync(ip);
}

static void on_disconnected(struct vici_client *c, const char *why,
			    void *arg)
{
	log_warn("ipsec: %s; installed SAs keep working, new L2TP/IPsec "
		 "clients wait until charon is back", why);
}

/* --- setup ------------------------------------------------------------------- */

static int copy_config(struct ipsec *ip, const struct config *cfg, char *err,
		       size_t errlen)
{
	unsigned i;

	ip->cfg = cfg->ipsec;
	ip->n_lac = 0;
	for (i = 0; i < cfg->n_lac; i++) {
		const struct config_lac *l = &cfg->lac[i];
		struct lac_conn *lc;
		const void *a;

		if (!l->ipsec)
			continue;
		if (ip->n_lac == MAX_LAC) {
			snprintf(err, errlen, "[lac %s]: more than %d sections "
				 "with ipsec", l->name, MAX_LAC);
			return -1;
		}
		lc = &ip->lac[ip->n_lac++];
		snprintf(lc->name, sizeof(lc->name), "%s", l->name);
		snprintf(lc->conn, sizeof(lc->conn), IPSEC_LAC_CONN_PREFIX "%s",
			 l->name);
		a = l->peer.ss.ss_family == AF_INET6 ?
		    (const void *)&((const struct sockaddr_in6 *)&l->peer.ss)->sin6_addr :
		    (const void *)&((const struct sockaddr_in *)&l->peer.ss)->sin_addr;
		inet_ntop(l->peer.ss.ss_family, a, lc->peer, sizeof(lc->peer));
	}
	return 0;
}

struct ipsec *ipsec_new(struct loop *loop, const struct config *cfg,
			const struct ipsec_ops *ops, void *arg, char *err,
			size_t errlen)
{
	struct vici_client_ops vops = {
		.connected = on_connected,
		.disconnected = on_disconnected,
		.retry_min_ms = 500,
		.retry_max_ms = 5000,
		.response_timeout_ms = 60000,
	};
	struct ipsec *ip = calloc(1, sizeof(*ip));

	if (!ip) {
		snprintf(err, errlen, "ipsec: out of memory");
		return NULL;
	}
	ip->ops = *ops;
	ip->arg = arg;
	if (copy_config(ip, cfg, err, errlen) < 0)
		goto fail;
	ip->sas = sa_table_new();
	if (!ip->sas) {
		snprintf(err, errlen, "ipsec: out of memory");
		goto fail;
	}
	ip->vc = vici_client_new(loop, ip->cfg.vici_socket[0] ?
				 ip->cfg.vici_socket : NULL, &vops, ip);
	if (!ip->vc) {
		snprintf(err, errlen, "ipsec: vici_socket %s: %s",
			 ip->cfg.vici_socket, strerror(errno));
		goto fail;
	}
	if (vici_client_register(ip->vc, "child-updown", on_child_updown, ip) ||
	    vici_client_register(ip->vc, "child-rekey", on_child_rekey, ip) ||
	    vici_client_register(ip->vc, "ike-updown", on_ike_updown, ip)) {
		snprintf(err, errlen, "ipsec: cannot register VICI events");
		goto fail;
	}
	return ip;
fail:
	ipsec_free(ip);
	return NULL;
}

void ipsec_free(struct ipsec *ip)
{
	if (!ip)
		return;
	if (ip->vc)
		vici_client_free(ip->vc);
	sa_table_free(ip->sas);
	explicit_bzero(&ip->cfg, sizeof(ip->cfg));
	free(ip);
}

int ipsec_reload(struct ipsec *ip, const struct config *cfg, char *msg,
		 size_t msglen)
{
	if (strcmp(cfg->ipsec.vici_socket, ip->cfg.vici_socket) ||
	    cfg->ipsec.enforce != ip->cfg.enforce) {
		snprintf(msg, msglen, "[ipsec] vici_socket and enforce cannot "
			 "change while running");
		return -1;
	}
	if (copy_config(ip, cfg, msg, msglen) < 0)
		return -1;
	if (vici_client_is_up(ip->vc))
		load_all(ip);
	snprintf(msg, msglen, "ipsec: %u connection%s reloaded into charon",
		 ip->n_lac + 1, ip->n_lac ? "s" : "");
	return 0;
}

const struct ipsec_sa *ipsec_find(const struct ipsec *ip, uint32_t reqid)
{
	return sa_table_find(ip->sas, reqid);
}

struct lac_find {
	const char *conn;
	const struct ipsec_sa *found;
};

static int match_conn(const struct ipsec_sa *sa, void *arg)
{
	struct lac_find *f = arg;

	if (strcmp(sa->conn, f->conn))
		return 0;
	f->found = sa;
	return 1;
}

const struct ipsec_sa *ipsec_lac_sa(const struct ipsec *ip, const char *lac)
{
	char conn[sizeof(IPSEC_LAC_CONN_PREFIX) + CONFIG_NAME_MAX];
	struct lac_find f = { conn, NULL };

	snprintf(conn, sizeof(conn), IPSEC_LAC_CONN_PREFIX "%s", lac);
	sa_table_walk(ip->sas, match_conn, &f);
	return f.found;
}

int ipsec_initiate(struct ipsec *ip, const char *lac)
{
	struct vici_builder b;
	char what[128];
	unsigned i;

	for (i = 0; i < ip->n_lac; i++)
		if (!strcmp(ip->lac[i].name, lac))
			break;
	if (i == ip->n_lac)
		return -ENOENT;
	vici_builder_init(&b);
	snprintf(what, sizeof(what), "initiating '%s'", ip->lac[i].conn);
	/* timeout -1: answer at once; child-updown says when it is up */
	send_request(ip, "initiate", &b,
		     vici_build_initiate(&b, ip->lac[i].conn, ip->lac[i].conn,
					 -1), what);
	vici_builder_release(&b);
	return 0;
}

bool ipsec_charon_up(const struct ipsec *ip)
{
	return vici_client_is_up(ip->vc);
}

unsigned ipsec_sa_count(const struct ipsec *ip)
{
	return sa_table_count(ip->sas);
}
