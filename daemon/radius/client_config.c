// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * struct radius_client_config from [radius] and its secrets file
 * (radius/client_config.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "radius/client_config.h"

#define SECRETS_FILE_MAX (64 * 1024)

static bool same_host(const struct sockaddr_storage *a, int family,
		      const void *addr)
{
	if (a->ss_family != family)
		return false;
	if (family == AF_INET)
		return !memcmp(&((const struct sockaddr_in *)a)->sin_addr,
			       addr, 4);
	return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, addr, 16);
}

/*
 * One line, NUL-terminated and trimmed: 1 if it names addr (its secret
 * copied unless found: the first line wins), 0 if not, -1 if malformed.
 */
static int secrets_line(char *line, const char *file, unsigned lineno,
			const struct sockaddr_storage *addr, bool found,
			char *secret, size_t secret_size, char *err,
			size_t errlen)
{
	char *host = line, *sec;
	uint8_t bin[16];
	int family;

	sec = host + strcspn(host, " \t");
	if (!*sec) {
		snprintf(err, errlen, "%s:%u: no secret after the address",
			 file, lineno);
		return -1;
	}
	*sec++ = '\0';
	sec += strspn(sec, " \t");
	if (inet_pton(AF_INET, host, bin) == 1) {
		family = AF_INET;
	} else if (inet_pton(AF_INET6, host, bin) == 1) {
		family = AF_INET6;
	} else {
		snprintf(err, errlen, "%s:%u: \"%s\" is not an IPv4 or IPv6 "
			 "address", file, lineno, host);
		return -1;
	}
	if (strlen(sec) > RADIUS_SECRET_MAX || strlen(sec) >= secret_size) {
		snprintf(err, errlen, "%s:%u: secret longer than %d "
			 "characters", file, lineno, RADIUS_SECRET_MAX);
		return -1;
	}
	if (!same_host(addr, family, bin))
		return 0;
	if (!found)
		strcpy(secret, sec);
	return 1;
}

int radius_secrets_lookup(const char *buf, size_t len, const char *file,
			  const struct sockaddr_storage *addr, char *secret,
			  size_t secret_size, char *err, size_t errlen)
{
	char line[512];
	unsigned lineno = 0;
	int found = 0;

	for (size_t off = 0; off < len;) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = (nl ? (size_t)(nl - buf) : len) - off;
		char *s, *e;
		int rc;

		lineno++;
		if (n >= sizeof(line)) {
			snprintf(err, errlen, "%s:%u: line too long", file,
				 lineno);
			return -1;
		}
		memcpy(line, buf + off, n);
		line[n] = '\0';
		off += n + 1;
		for (s = line; isspace((unsigned char)*s); s++)
			;
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (!*s || *s == '#')
			continue;
		rc = secrets_line(s, file, lineno, addr, found, secret,
				  secret_size, err, errlen);
		if (rc < 0) {
			explicit_bzero(line, sizeof(line));
			return -1;
		}
		found |= rc;
	}
	explicit_bzero(line, sizeof(line));
	return found;
}

/* The whole file into a NUL-terminated buffer; NULL with err. */
static char *read_secrets(const char *path, size_t *len, char *err,
			  size_t errlen)
{
	struct stat st;
	char *buf = NULL;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode) || st.st_size > SECRETS_FILE_MAX) {
		snprintf(err, errlen, "radius secrets file %s: not a regular "
			 "file of at most %d bytes", path, SECRETS_FILE_MAX);
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		goto fail;
	*len = 0;
	while (*len < (size_t)st.st_size) {
		n = read(fd, buf + *len, (size_t)st.st_size - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	buf[*len] = '\0';
	return buf;
fail:
	snprintf(err, errlen, "radius secrets file %s: %s", path,
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

static void addr_text(const struct sockaddr_storage *a, char *out,
		      size_t size)
{
	char host[INET6_ADDRSTRLEN] = "?";

	if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)a;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		snprintf(out, size, "[%s]:%u", host, ntohs(in6->sin6_port));
	} else {
		const struct sockaddr_in *in = (const void *)a;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		snprintf(out, size, "%s:%u", host, ntohs(in->sin_port));
	}
}

/* One server of out, its secret from the file or [radius] secret. */
static int add_server(const struct config_radius *r, const char *file_buf,
		      size_t file_len, enum radius_server_kind kind,
		      const struct config_addr *a,
		      struct radius_client_config *out, char *err,
		      size_t errlen)
{
	struct radius_server_config *s = &out->server[out->nserver];
	char name[INET6_ADDRSTRLEN + 8];
	int rc = 0;

	if (out->nserver == RADIUS_MAX_SERVERS) {
		snprintf(err, errlen, "radius: more than %d servers",
			 RADIUS_MAX_SERVERS);
		return -1;
	}
	s->kind = kind;
	memcpy(&s->addr, &a->ss, sizeof(s->addr));
	s->addrlen = a->len;
	if (file_buf)
		rc = radius_secrets_lookup(file_buf, file_len,
					   r->secrets_file, &s->addr,
					   s->secret, sizeof(s->secret), err,
					   errlen);
	if (rc < 0)
		return -1;
	if (rc == 0 && r->secret_len)
		snprintf(s->secret, sizeof(s->secret), "%s", r->secret);
	if (rc == 0 && !r->secret_len) {
		addr_text(&s->addr, name, sizeof(name));
		snprintf(err, errlen, "radius: no secret for %s server %s: "
			 "not in secrets_file %s, and no [radius] secret",
			 kind == RADIUS_AUTH ? "auth" : "acct", name,
			 r->secrets_file);
		return -1;
	}
	out->nserver++;
	return 0;
}

int radius_config_build(const struct config *c,
			struct radius_client_config *out, char *err,
			size_t errlen)
{
	const struct config_radius *r = &c->radius;
	char *file_buf = NULL;
	size_t file_len = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (r->secrets_file[0]) {
		file_buf = read_secrets(r->secrets_file, &file_len, err,
					errlen);
		if (!file_buf)
			return -1;
	}
	for (unsigned i = 0; i < r->auth.n && rc == 0; i++)
		rc = add_server(r, file_buf, file_len, RADIUS_AUTH,
				&r->auth.addr[i], out, err, errlen);
	for (unsigned i = 0; i < r->acct.n && rc == 0; i++)
		rc = add_server(r, file_buf, file_len, RADIUS_ACCT,
				&r->acct.addr[i], out, err, errlen);
	if (file_buf) {
		explicit_bzero(file_buf, file_len);
		free(file_buf);
	}
	if (rc < 0) {
		explicit_bzero(out, sizeof(*out));
		return -1;
	}
	out->timeout_ms = r->timeout_ms;
	out->retries = r->retries;
	out->dead_time_s = r->dead_time_ms / 1000;
	out->max_pending = r->max_pending;
	out->require_message_authenticator = r->require_message_authenticator;
	snprintf(out->nas_identifier, sizeof(out->nas_identifier), "%s",
		 r->nas_identifier[0] ? r->nas_identifier :
					c->global.host_name);
	if (r->nas_ip_address.len)
		memcpy(&out->nas_addr, &r->nas_ip_address.ss,
		       sizeof(out->nas_addr));
	return 0;
}

int radius_secret_of(const struct config_radius *r,
		     const struct sockaddr_storage *addr, char *secret,
		     size_t secret_size, char *err, size_t errlen)
{
	char *file_buf, name[INET6_ADDRSTRLEN + 8];
	size_t file_len = 0;
	int rc = 0;

	if (r->secrets_file[0]) {
		file_buf = read_secrets(r->secrets_file, &file_len, err,
					errlen);
		if (!file_buf)
			return -1;
		rc = radius_secrets_lookup(file_buf, file_len,
					   r->secrets_file, addr, secret,
					   secret_size, err, errlen);
		explicit_bzero(file_buf, file_len);
		free(file_buf);
		if (rc < 0)
			return -1;
	}
	if (rc == 0 && !r->secret_len) {
		addr_text(addr, name, sizeof(name));
		snprintf(err, errlen, "radius: no secret for %s: not in "
			 "secrets_file %s, and no [radius] secret", name,
			 r->secrets_file);
		return -1;
	}
	if (rc == 0)
		snprintf(secret, secret_size, "%s", r->secret);
	return 0;
}
