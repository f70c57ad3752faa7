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
#include "loop.h"
#include "vici/client.h"
#include "vici/conn.h"

/* config.c refuses longer lists, so none is cut short here. */
#define MAX_PROPOSALS	CONFIG_IPSEC_MAX_PROPOSALS
#define MAX_LAC		64
#define MAX_FILE	(256 * 1024)
/* IKE_SAs that moved, waiting for their list-sas; more: list them all. */
#define MAX_FOLLOW	64
/*
 * A listing of a moved IKE_SA that still shows a CHILD_SA at its old
 * address is asked again this much later, this many times.
 */
#define FOLLOW_RETRY_MS	1000
#define FOLLOW_TRIES	3

struct lac_conn {
	char name[CONFIG_NAME_MAX];			/* the [lac] section */
	char conn[sizeof(IPSEC_LAC_CONN_PREFIX) + CONFIG_NAME_MAX];
	char peer[INET6_ADDRSTRLEN];
};

/* An IKE_SA charon moved (ike-update) whose CHILD_SAs are to be listed. */
struct ike_follow {
	struct ipsec *ip;
	uint32_t ike_id;
	char remote_host[VICI_HOST_LEN];	/* where it went */
	unsigned tries;
	bool behind;		/* a CHILD_SA listed at another address */
};

struct ipsec {
	struct loop *loop;
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
	/* complete list-sas: one at a time, one more if asked meanwhile */
	bool resync_running, resync_again;
	bool resync_first;		/* none done since connecting */
	struct timer resync_timer;	/* the periodic one */
	struct ike_follow follow[MAX_FOLLOW];
	unsigned n_follow;
	struct timer follow_timer;	/* sends what follow holds */
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

/*
 * Requests built ahead of sending: a reload builds all of them, reading
 * every credential file, before anything goes to charon.
 */
struct batch_request {
	const char *cmd;
	char what[96];
	struct vici_builder b;
};

struct batch {
	struct batch_request *req;
	unsigned n, cap;
};

/* A fresh builder for command cmd; NULL (err set) if out of memory. */
static struct vici_builder *batch_add(struct batch *bt, const char *cmd,
				      const char *what, char *err,
				      size_t errlen)
{
	struct batch_request *r;

	if (bt->n == bt->cap) {
		unsigned cap = bt->cap ? bt->cap * 2 : 8;

		r = realloc(bt->req, cap * sizeof(*r));
		if (!r) {
			snprintf(err, errlen, "ipsec: %s: out of memory", what);
			return NULL;
		}
		bt->req = r;
		bt->cap = cap;
	}
	r = &bt->req[bt->n++];
	r->cmd = cmd;
	snprintf(r->what, sizeof(r->what), "%s", what);
	vici_builder_init(&r->b);
	return &r->b;
}

/* The last request added was built (built: its vici_build_* result). */
static int batch_built(struct batch *bt, int built, char *err, size_t errlen)
{
	struct batch_request *r = &bt->req[bt->n - 1];

	if (built < 0)
		snprintf(err, errlen, "ipsec: %s: %s", r->what, r->b.errstr);
	return built < 0 ? -1 : 0;
}

static void batch_send(struct ipsec *ip, struct batch *bt)
{
	unsigned i;

	for (i = 0; i < bt->n; i++)
		send_request(ip, bt->req[i].cmd, &bt->req[i].b, 0,
			     bt->req[i].what);
}

/* Keys and PSKs do not outlive the batch. */
static void batch_free(struct batch *bt)
{
	unsigned i;

	for (i = 0; i < bt->n; i++) {
		if (bt->req[i].b.buf)
			explicit_bzero(bt->req[i].b.buf, bt->req[i].b.cap);
		vici_builder_release(&bt->req[i].b);
	}
	free(bt->req);
	memset(bt, 0, sizeof(*bt));
}

static int add_credentials(const struct config_ipsec *c, struct batch *bt,
			   uint8_t **cert, size_t *cert_len, char *err,
			   size_t errlen)
{
	struct vici_builder *b;
	uint8_t *data;
	size_t len;
	int built;

	*cert = NULL;
	if (c->psk_len) {
		b = batch_add(bt, "load-shared", "loading the pre-shared key",
			      err, errlen);
		return b ? batch_built(bt, vici_build_load_shared_psk(b,
					"l2tpgw-psk", c->psk, c->psk_len, NULL),
				       err, errlen) : -1;
	}
	if (c->ca[0]) {
		data = read_file(c->ca, &len);
		if (!data) {
			snprintf(err, errlen, "ipsec: ca %s: %s", c->ca,
				 strerror(errno));
			return -1;
		}
		b = batch_add(bt, "load-cert", "loading the CA certificate",
			      err, errlen);
		built = b ? vici_build_load_cert(b, "X509", "CA", data, len) : 0;
		free(data);
		if (!b || batch_built(bt, built, err, errlen) < 0)
			return -1;
	}
	data = read_file(c->key, &len);
	if (!data) {
		snprintf(err, errlen, "ipsec: key %s: %s", c->key,
			 strerror(errno));
		return -1;
	}
	b = batch_add(bt, "load-key", "loading the private key", err, errlen);
	built = b ? vici_build_load_key(b, "any", data, len) : 0;
	explicit_bzero(data, len);
	free(data);
	if (!b || batch_built(bt, built, err, errlen) < 0)
		return -1;
	*cert = read_file(c->cert, cert_len);
	if (!*cert) {
		snprintf(err, errlen, "ipsec: cert %s: %s", c->cert,
			 strerror(errno));
		return -1;
	}
	b = batch_add(bt, "load-cert", "loading our certificate", err, errlen);
	return b ? batch_built(bt, vici_build_load_cert(b, "X509", "NONE",
							 *cert, *cert_len),
			       err, errlen) : -1;
}

static int add_conn(struct batch *bt, const struct vici_l2tp_conn *conn,
		    char *err, size_t errlen)
{
	struct vici_builder *b;
	char what[96];

	snprintf(what, sizeof(what), "loading connection '%s'", conn->name);
	b = batch_add(bt, "load-conn", what, err, errlen);
	return b ? batch_built(bt, vici_build_load_conn(b, conn), err,
			       errlen) : -1;
}

/*
 * Everything charon is to load for c and its [lac] connections lac, and
 * to unload of those loaded before: into bt, nothing sent.  0, or -1 with
 * the reason in err.
 */
static int build_loads(const struct config_ipsec *c,
		       const struct lac_conn *lac, unsigned n_lac,
		       const struct lac_conn *loaded, unsigned n_loaded,
		       struct batch *bt, char *err, size_t errlen)
{
	const char *ike_items[MAX_PROPOSALS + 1], *esp_items[MAX_PROPOSALS + 1];
	char ike_buf[sizeof(c->ike_proposals)], esp_buf[sizeof(c->esp_proposals)];
	struct vici_l2tp_conn conn = {
		.ike_version = c->ike_version,
		.local_id = c->local_id[0] ? c->local_id : NULL,
		.auth = c->psk_len ? VICI_AUTH_PSK : VICI_AUTH_PUBKEY,
		.dpd_delay_s = c->dpd_delay_ms / 1000,
	};
	struct vici_builder *b;
	uint8_t *cert = NULL;
	char what[96];
	unsigned i, j;
	int rc = -1;

	if (add_credentials(c, bt, &cert, &conn.cert_len, err, errlen) < 0)
		goto out;
	conn.cert = cert;
	conn.ike_proposals = split_list(ike_buf, c->ike_proposals,
					sizeof(ike_buf), ike_items);
	conn.esp_proposals = split_list(esp_buf, c->esp_proposals,
					sizeof(esp_buf), esp_items);
	conn.name = IPSEC_LNS_CONN;
	if (add_conn(bt, &conn, err, errlen) < 0)
		goto out;
	for (i = 0; i < n_lac; i++) {
		const char *remote[] = { lac[i].peer, NULL };
		struct vici_l2tp_conn lc = conn;

		lc.name = lac[i].conn;
		lc.initiator = true;
		lc.remote_addrs = remote;
		if (add_conn(bt, &lc, err, errlen) < 0)
			goto out;
	}
	/* [lac] sections removed by a reload lose their connection. */
	for (i = 0; i < n_loaded; i++) {
		for (j = 0; j < n_lac; j++)
			if (!strcmp(loaded[i].conn, lac[j].conn))
				break;
		if (j < n_lac)
			continue;
		snprintf(what, sizeof(what), "unloading connection '%s'",
			 loaded[i].conn);
		b = batch_add(bt, "unload-conn", what, err, errlen);
		if (!b || batch_built(bt, vici_build_unload_conn(b,
					loaded[i].conn), err, errlen) < 0)
			goto out;
	}
	rc = 0;
out:
	free(cert);
	return rc;
}

/* What is loaded into charon is now ip->lac. */
static void loaded_now(struct ipsec *ip)
{
	memcpy(ip->loaded, ip->lac, sizeof(ip->lac));
	ip->n_loaded = ip->n_lac;
}

static void load_all(struct ipsec *ip)
{
	struct batch bt = { 0 };
	char err[512];

	if (build_loads(&ip->cfg, ip->lac, ip->n_lac, ip->loaded,
			ip->n_loaded, &bt, err, sizeof(err)) < 0) {
		log_err("%s", err);
		log_err("ipsec: connections not loaded");
	} else {
		batch_send(ip, &bt);
		loaded_now(ip);
	}
	batch_free(&bt);
}

/* --- the CHILD_SA table ------------------------------------------------------ */

static void sa_moved(struct ipsec *ip, const struct ipsec_sa *was,
		     const struct ipsec_sa *sa)
{
	log_notice("ipsec: CHILD_SA %s #%u moved: %s reqid %u -> %s reqid %u",
		   sa->conn, sa->child_id, was->remote_host, was->reqid,
		   sa->remote_host, sa->reqid);
	if (ip->ops.sa_moved)
		ip->ops.sa_moved(ip->arg, was, sa);
	else if (ip->ops.sa_down)
		ip->ops.sa_down(ip->arg, was, "its CHILD_SA moved");
}

/*
 * Record a CHILD_SA charon has installed and tell the gateway what
 * changed.  quiet: say nothing of one known as it is (a listing).
 */
static void report_up(struct ipsec *ip, const struct vici_child_sa *v,
		      const char *how, bool quiet)
{
	const struct ipsec_sa *sa;
	struct ipsec_sa was;
	int rc = sa_table_update(ip->sas, v, &was);

	if (rc < 0) {
		log_warn("ipsec: CHILD_SA %s #%u from %s not usable for L2TP: %s",
			 v->child_name, v->child_id, v->remote_host,
			 rc == -EINVAL ? "no reqid or outbound mark" :
			 strerror(-rc));
		return;
	}
	if (rc == SA_TABLE_SAME && quiet)
		return;
	sa = sa_table_find(ip->sas, v->reqid);
	if (rc == SA_TABLE_REPLACED) {
		log_notice("ipsec: CHILD_SA %s #%u from %s (reqid %u) no longer "
			   "exists in charon", was.conn, was.child_id,
			   was.remote_host, was.reqid);
		if (ip->ops.sa_down)
			ip->ops.sa_down(ip->arg, &was,
					"charon no longer has its CHILD_SA");
	}
	log_info("ipsec: CHILD_SA %s #%u %s: peer %s, IKEv%u%s, reqid %u, "
		 "marks in %#x out %#x", v->child_name, v->child_id, how,
		 v->remote_host, v->ike_version, v->encap ? " behind NAT" : "",
		 v->reqid, v->mark_in, v->mark_out);
	if (ip->ops.sa_up)
		ip->ops.sa_up(ip->arg, sa);
	if (rc == SA_TABLE_MOVED)
		sa_moved(ip, &was, sa);
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
		report_up(ip, &v, "up", false);
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
		report_up(ip, &v, "rekeyed", false);
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
		report_up(ip, v, "installed", true);
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

static void resync(struct ipsec *ip);

static void resync_done(struct vici_client *c, int err,
			const struct vici_msg *res, const char *errstr,
			void *arg)
{
	struct ipsec *ip = arg;
	unsigned gone;

	if (err == -ECANCELED)
		return;
	ip->resync_running = false;
	if (err) {
		/* Keep what we know: the next connection resynchronises. */
		log_warn("ipsec: list-sas failed: %s",
			 errstr ? errstr : strerror(-err));
	} else {
		gone = sa_table_resync_end(ip->sas, resync_gone, ip);
		/* The periodic ones only when they found something. */
		log_msg(gone || ip->resync_first ? LOG_INFO : LOG_DEBUG,
			"ipsec: %u L2TP CHILD_SA%s installed in charon%s",
			sa_table_count(ip->sas),
			sa_table_count(ip->sas) == 1 ? "" : "s",
			gone ? ", others gone (their tunnels are closed)" : "");
		ip->resync_first = false;
	}
	if (ip->resync_again) {
		ip->resync_again = false;
		resync(ip);
	}
}

/*
 * All of charon's SAs against the table.  Blocking: an IKE_SA that
 * charon is updating is listed once the update is done, rather than
 * skipped and taken for gone.
 */
static void resync(struct ipsec *ip)
{
	struct vici_builder b;

	if (ip->resync_running) {
		ip->resync_again = true;
		return;
	}
	vici_builder_init(&b);
	if (vici_build_list_sas(&b, NULL, false) < 0 ||
	    vici_client_command_stream(ip->vc, "list-sas", &b, "list-sa",
				       on_list_sa, resync_done, ip) < 0) {
		log_err("ipsec: cannot ask charon for its SAs");
	} else {
		sa_table_resync_begin(ip->sas);
		ip->resync_running = true;
	}
	vici_builder_release(&b);
}

static void resync_fire(struct loop *loop, struct timer *t, void *arg)
{
	struct ipsec *ip = arg;

	if (vici_client_is_up(ip->vc))
		resync(ip);
	timer_arm(loop, t, IPSEC_RESYNC_MS);
}

/* --- following a moved IKE_SA ------------------------------------------------ */

static int follow_one(const struct vici_child_sa *v, void *arg)
{
	struct ike_follow *f = arg;

	if (!ours(v->child_name) || strcmp(v->state, "INSTALLED"))
		return 0;
	if (v->ike_id == f->ike_id && strcmp(v->remote_host, f->remote_host))
		f->behind = true;
	report_up(f->ip, v, "listed", true);
	return 0;
}

static void on_follow_sa(struct vici_client *c, const char *event,
			 const struct vici_msg *m, void *arg)
{
	char err[VICI_ERR_LEN];

	if (vici_parse_list_sa(m, follow_one, arg, err, sizeof(err)) < 0)
		log_warn("ipsec: list-sas: %s", err);
}

static void follow_later(struct ipsec *ip, uint32_t ike_id, const char *host,
			 unsigned tries, uint64_t delay_ms);

static void follow_done(struct vici_client *c, int err,
			const struct vici_msg *res, const char *errstr,
			void *arg)
{
	struct ike_follow *f = arg;

	if (err == -ECANCELED) {
		free(f);
		return;
	}
	if (err)
		log_warn("ipsec: list-sas of IKE_SA #%u failed: %s", f->ike_id,
			 errstr ? errstr : strerror(-err));
	else if (f->behind && f->tries + 1 < FOLLOW_TRIES) {
		log_info("ipsec: IKE_SA #%u listed before its CHILD_SAs moved "
			 "to %s; asking again", f->ike_id, f->remote_host);
		follow_later(f->ip, f->ike_id, f->remote_host, f->tries + 1,
			     FOLLOW_RETRY_MS);
	}
	else if (f->behind)
		log_warn("ipsec: IKE_SA #%u moved to %s, its CHILD_SAs not (yet)",
			 f->ike_id, f->remote_host);
	free(f);
}

static void follow_fire(struct loop *loop, struct timer *t, void *arg)
{
	struct ipsec *ip = arg;
	struct vici_builder b;
	struct ike_follow *f;
	unsigned i;

	for (i = 0; i < ip->n_follow; i++) {
		f = malloc(sizeof(*f));
		if (!f) {
			resync(ip);
			continue;
		}
		*f = ip->follow[i];
		vici_builder_init(&b);
		if (vici_build_list_ike_sa(&b, f->ike_id) < 0 ||
		    vici_client_command_stream(ip->vc, "list-sas", &b,
					       "list-sa", on_follow_sa,
					       follow_done, f) < 0) {
			log_err("ipsec: cannot ask charon for IKE_SA #%u",
				f->ike_id);
			free(f);
		}
		vici_builder_release(&b);
	}
	ip->n_follow = 0;
}

/*
 * List IKE_SA ike_id in delay_ms: once per burst of events about it.
 * Past MAX_FOLLOW of them, one complete resync does for all.
 */
static void follow_later(struct ipsec *ip, uint32_t ike_id, const char *host,
			 unsigned tries, uint64_t delay_ms)
{
	struct ike_follow *f = NULL;
	unsigned i;

	for (i = 0; i < ip->n_follow && !f; i++)
		if (ip->follow[i].ike_id == ike_id)
			f = &ip->follow[i];
	if (!f && ip->n_follow == MAX_FOLLOW) {
		resync(ip);
		return;
	}
	if (!f)
		f = &ip->follow[ip->n_follow++];
	*f = (struct ike_follow){ .ip = ip, .ike_id = ike_id, .tries = tries };
	snprintf(f->remote_host, sizeof(f->remote_host), "%s", host);
	if (!timer_pending(&ip->follow_timer))
		timer_arm(ip->loop, &ip->follow_timer, delay_ms);
}

/*
 * charon moves an IKE_SA to new endpoints and then its CHILD_SAs.  The
 * event comes first; a listing of the IKE_SA asked for now is answered
 * after the update, because charon's thread holds the IKE_SA until the
 * CHILD_SAs are done and the listing waits for it (blocking mode).
 */
static void on_ike_update(struct vici_client *c, const char *event,
			  const struct vici_msg *m, void *arg)
{
	struct ipsec *ip = arg;
	struct vici_ike_update u;
	char err[VICI_ERR_LEN];

	if (vici_parse_ike_update(m, &u, err, sizeof(err)) < 0) {
		log_warn("ipsec: %s; listing every SA", err);
		resync(ip);
		return;
	}
	if (!ours(u.ike_name))
		return;
	log_info("ipsec: IKE_SA %s #%u moves to %s port %u", u.ike_name,
		 u.ike_id, u.remote_host, u.remote_port);
	follow_later(ip, u.ike_id, u.remote_host, 0, 0);
}

static void on_connected(struct vici_client *c, void *arg)
{
	struct ipsec *ip = arg;

	log_notice("ipsec: connected to charon at %s; loading connections",
		   vici_client_path(c));
	load_all(ip);
	/* A charon restarted reuses unique ids: no move across that. */
	sa_table_new_epoch(ip->sas);
	ip->resync_first = true;
	resync(ip);
	timer_arm(ip->loop, &ip->resync_timer, IPSEC_RESYNC_MS);
}

static void on_disconnected(struct vici_client *c, const char *why,
			    void *arg)
{
	log_warn("ipsec: %s; installed SAs keep working, new L2TP/IPsec "
		 "clients wait until charon is back", why);
}

/* --- setup ------------------------------------------------------------------- */

/* What of cfg goes to charon: [ipsec] into out, the [lac] connections. */
static int copy_config(const struct config *cfg, struct config_ipsec *out,
		       struct lac_conn lac[MAX_LAC], unsigned *n_lac, char *err,
		       size_t errlen)
{
	unsigned i;

	*out = cfg->ipsec;
	*n_lac = 0;
	for (i = 0; i < cfg->n_lac; i++) {
		const struct config_lac *l = &cfg->lac[i];
		struct lac_conn *lc;
		const void *a;

		if (!l->ipsec)
			continue;
		if (*n_lac == MAX_LAC) {
			snprintf(err, errlen, "[lac %s]: more than %d sections "
				 "with ipsec", l->name, MAX_LAC);
			return -1;
		}
		lc = &lac[(*n_lac)++];
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
	ip->loop = loop;
	timer_init(&ip->resync_timer, resync_fire, ip);
	timer_init(&ip->follow_timer, follow_fire, ip);
	if (copy_config(cfg, &ip->cfg, ip->lac, &ip->n_lac, err, errlen) < 0)
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
	    vici_client_register(ip->vc, "ike-updown", on_ike_updown, ip) ||
	    vici_client_register(ip->vc, "ike-update", on_ike_update, ip)) {
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
	timer_cancel(ip->loop, &ip->resync_timer);
	timer_cancel(ip->loop, &ip->follow_timer);
	if (ip->vc)
		vici_client_free(ip->vc);
	sa_table_free(ip->sas);
	explicit_bzero(&ip->cfg, sizeof(ip->cfg));
	free(ip);
}

/* A reload checked and built, not applied yet. */
struct ipsec_reload {
	struct config_ipsec cfg;
	struct lac_conn lac[MAX_LAC];
	unsigned n_lac;
	struct batch loads;		/* for charon, if it is up */
};

void ipsec_reload_cancel(struct ipsec_reload *r)
{
	if (!r)
		return;
	batch_free(&r->loads);
	explicit_bzero(&r->cfg, sizeof(r->cfg));
	free(r);
}

struct ipsec_reload *ipsec_reload_prepare(const struct ipsec *ip,
					  const struct config *cfg, char *msg,
					  size_t msglen)
{
	struct ipsec_reload *r;

	if (strcmp(cfg->ipsec.vici_socket, ip->cfg.vici_socket) ||
	    cfg->ipsec.enforce != ip->cfg.enforce) {
		snprintf(msg, msglen, "[ipsec] vici_socket and enforce cannot "
			 "change while running");
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(msg, msglen, "ipsec: out of memory");
		return NULL;
	}
	if (copy_config(cfg, &r->cfg, r->lac, &r->n_lac, msg, msglen) < 0 ||
	    build_loads(&r->cfg, r->lac, r->n_lac, ip->loaded, ip->n_loaded,
			&r->loads, msg, msglen) < 0) {
		ipsec_reload_cancel(r);
		return NULL;
	}
	return r;
}

void ipsec_reload_apply(struct ipsec *ip, struct ipsec_reload *r)
{
	ip->cfg = r->cfg;
	memcpy(ip->lac, r->lac, sizeof(ip->lac));
	ip->n_lac = r->n_lac;
	/* Down: on_connected loads ip->cfg once charon is back. */
	if (vici_client_is_up(ip->vc)) {
		batch_send(ip, &r->loads);
		loaded_now(ip);
	}
	ipsec_reload_cancel(r);
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
