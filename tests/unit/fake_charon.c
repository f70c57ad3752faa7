// SPDX-License-Identifier: GPL-2.0-or-later
/* A charon that says yes; see fake_charon.h. */
#include "fake_charon.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "loop.h"
#include "vici/message.h"
#include "vici/packet.h"

#define FC_CONNS	4
#define FC_CMDS		64
#define FC_EVENTS	16
#define FC_SAS		8

struct fc_conn {
	struct fake_charon *fc;
	int fd;
	struct vici_reader rd;
	char events[FC_EVENTS][VICI_MAX_NAME + 1];	/* registered */
};

struct fc_blob {
	uint8_t *data;
	size_t len;
};

struct fake_charon {
	struct loop *loop;
	char dir[64], path[96];
	int lfd;
	struct fc_conn conns[FC_CONNS];
	char cmds[FC_CMDS][VICI_MAX_NAME + 1];
	struct fc_blob reqs[FC_CMDS];	/* their messages */
	unsigned n_cmds;
	struct fc_blob sas[FC_SAS];	/* what list-sas streams */
	unsigned n_sas;
};

static void fc_send_msg(int fd, unsigned type, const char *name,
			const uint8_t *msg, size_t msg_len)
{
	char err[VICI_ERR_LEN];
	size_t len;
	uint8_t *pkt = vici_packet_encode(type, name, msg, msg_len, &len, err,
					  sizeof(err));

	ck_assert_ptr_nonnull(pkt);
	ck_assert_int_eq(write(fd, pkt, len), (ssize_t)len);
	free(pkt);
}

static void fc_send(int fd, unsigned type)
{
	fc_send_msg(fd, type, NULL, NULL, 0);
}

static void blob_set(struct fc_blob *b, const uint8_t *data, size_t len)
{
	free(b->data);
	b->data = malloc(len ? len : 1);
	ck_assert_ptr_nonnull(b->data);
	if (len)
		memcpy(b->data, data, len);
	b->len = len;
}

static bool fc_registered(const struct fc_conn *c, const char *name)
{
	unsigned i;

	for (i = 0; i < FC_EVENTS; i++)
		if (!strcmp(c->events[i], name))
			return true;
	return false;
}

static void fc_register(struct fc_conn *c, const char *name, bool on)
{
	unsigned i;

	for (i = 0; i < FC_EVENTS; i++)
		if (on ? !c->events[i][0] : !strcmp(c->events[i], name)) {
			snprintf(c->events[i], sizeof(c->events[i]), "%s",
				 on ? name : "");
			return;
		}
	ck_assert_msg(!on, "fake charon: too many events registered");
}

static void fc_packet(struct fc_conn *c, const struct vici_packet *p)
{
	struct fake_charon *fc = c->fc;

	switch (p->type) {
	case VICI_EVENT_REGISTER:
	case VICI_EVENT_UNREGISTER:
		fc_register(c, p->name, p->type == VICI_EVENT_REGISTER);
		fc_send(c->fd, VICI_EVENT_CONFIRM);
		return;
	case VICI_CMD_REQUEST:
		ck_assert_uint_lt(fc->n_cmds, FC_CMDS);
		snprintf(fc->cmds[fc->n_cmds], sizeof(fc->cmds[0]), "%s",
			 p->name);
		blob_set(&fc->reqs[fc->n_cmds++], p->msg, p->msg_len);
		if (!strcmp(p->name, "list-sas") &&
		    fc_registered(c, "list-sa")) {
			unsigned i;

			for (i = 0; i < fc->n_sas; i++)
				fc_send_msg(c->fd, VICI_EVENT, "list-sa",
					    fc->sas[i].data, fc->sas[i].len);
		}
		fc_send(c->fd, VICI_CMD_RESPONSE);
		return;
	default:
		ck_abort_msg("fake charon: unexpected packet type %u", p->type);
	}
}

static void fc_close(struct fc_conn *c)
{
	loop_del_fd(c->fc->loop, c->fd);
	close(c->fd);
	vici_reader_release(&c->rd);
	c->fd = -1;
}

static void fc_io(struct loop *loop, int fd, uint32_t events, void *arg)
{
	struct fc_conn *c = arg;
	struct vici_packet p;
	const uint8_t *seg;
	uint8_t buf[4096];
	size_t off, seg_len;
	ssize_t n, used;

	n = read(fd, buf, sizeof(buf));
	if (n <= 0) {
		fc_close(c);
		return;
	}
	for (off = 0; off < (size_t)n; off += (size_t)used) {
		used = vici_reader_feed(&c->rd, buf + off, (size_t)n - off, &seg,
					&seg_len, NULL, 0);
		ck_assert_int_gt(used, 0);
		if (!seg)
			continue;
		ck_assert_int_eq(vici_packet_parse(seg, seg_len, &p, NULL, 0),
				 0);
		fc_packet(c, &p);
	}
}

static void fc_accept(struct loop *loop, int fd, uint32_t events, void *arg)
{
	struct fake_charon *fc = arg;
	int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	unsigned i;

	ck_assert_int_ge(cfd, 0);
	for (i = 0; i < FC_CONNS && fc->conns[i].fd >= 0; i++)
		;
	ck_assert_uint_lt(i, FC_CONNS);
	fc->conns[i].fd = cfd;
	memset(fc->conns[i].events, 0, sizeof(fc->conns[i].events));
	vici_reader_init(&fc->conns[i].rd);
	ck_assert_int_eq(loop_add_fd(loop, cfd, EPOLLIN, fc_io,
				     &fc->conns[i]), 0);
}

struct fake_charon *fake_charon_new(struct loop *loop)
{
	struct fake_charon *fc = calloc(1, sizeof(*fc));
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	unsigned i;

	ck_assert_ptr_nonnull(fc);
	fc->loop = loop;
	for (i = 0; i < FC_CONNS; i++) {
		fc->conns[i].fc = fc;
		fc->conns[i].fd = -1;
	}
	snprintf(fc->dir, sizeof(fc->dir), "/tmp/fake-charon-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fc->dir));
	snprintf(fc->path, sizeof(fc->path), "%s/charon.vici", fc->dir);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", fc->path);
	fc->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			 0);
	ck_assert_int_ge(fc->lfd, 0);
	ck_assert_int_eq(bind(fc->lfd, (struct sockaddr *)&sun, sizeof(sun)),
			 0);
	ck_assert_int_eq(listen(fc->lfd, 4), 0);
	ck_assert_int_eq(loop_add_fd(loop, fc->lfd, EPOLLIN, fc_accept, fc),
			 0);
	return fc;
}

void fake_charon_free(struct fake_charon *fc)
{
	unsigned i;

	if (!fc)
		return;
	for (i = 0; i < FC_CONNS; i++)
		if (fc->conns[i].fd >= 0)
			fc_close(&fc->conns[i]);
	loop_del_fd(fc->loop, fc->lfd);
	close(fc->lfd);
	unlink(fc->path);
	rmdir(fc->dir);
	for (i = 0; i < FC_CMDS; i++)
		free(fc->reqs[i].data);
	for (i = 0; i < FC_SAS; i++)
		free(fc->sas[i].data);
	free(fc);
}

const char *fake_charon_path(const struct fake_charon *fc)
{
	return fc->path;
}

unsigned fake_charon_count(const struct fake_charon *fc, const char *cmd)
{
	unsigned i, n = 0;

	for (i = 0; i < fc->n_cmds; i++)
		n += !strcmp(fc->cmds[i], cmd);
	return n;
}

struct vici_msg *fake_charon_last(const struct fake_charon *fc,
				  const char *cmd)
{
	char err[VICI_ERR_LEN];
	struct vici_msg *m;
	unsigned i = fc->n_cmds;

	while (i-- > 0) {
		if (strcmp(fc->cmds[i], cmd))
			continue;
		m = vici_msg_parse(fc->reqs[i].data, fc->reqs[i].len, err,
				   sizeof(err));
		ck_assert_msg(m != NULL, "%s", err);
		return m;
	}
	return NULL;
}

void fake_charon_set_sas(struct fake_charon *fc,
			 const struct vici_builder *const *ike_sas, unsigned n)
{
	unsigned i;

	ck_assert_uint_le(n, FC_SAS);
	for (i = 0; i < n; i++)
		blob_set(&fc->sas[i], ike_sas[i]->buf, ike_sas[i]->len);
	fc->n_sas = n;
}

void fake_charon_event(struct fake_charon *fc, const char *name,
		       const struct vici_builder *msg)
{
	unsigned i;

	for (i = 0; i < FC_CONNS; i++)
		if (fc->conns[i].fd >= 0 && fc_registered(&fc->conns[i], name))
			fc_send_msg(fc->conns[i].fd, VICI_EVENT, name,
				    msg->buf, msg->len);
}
