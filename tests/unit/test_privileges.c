// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Privileges: who may run which control command (control/access.c), which
 * files may hold secrets (secrets.c), as whom and with which capabilities
 * l2tpgwd runs (privdrop.c), and the keys that say so.
 */
#include <check.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_check.h"
#include "control/access.h"
#include "privdrop.h"
#include "secrets.h"
#include "l2tpgw/control_commands.h"

#define ADMIN	4242
#define MONITOR	4343
#define SELF	998

static const struct control_access rules = {
	.self = SELF, .admin = ADMIN, .monitor = MONITOR,
	.admin_name = "l2tpgw-admin", .monitor_name = "l2tpgw-monitor",
};

static struct control_peer peer(uid_t uid, gid_t gid, gid_t extra)
{
	struct control_peer p = { .known = true, .pid = 77, .uid = uid,
				  .gid = gid };

	if (extra) {
		p.groups[0] = 100;
		p.groups[1] = extra;
		p.ngroups = 2;
	}
	return p;
}

START_TEST(access_by_identity)
{
	struct control_peer root = peer(0, 0, 0), self = peer(SELF, 5, 0);
	struct control_peer admin1 = peer(1000, ADMIN, 0);
	struct control_peer admin2 = peer(1001, 1001, ADMIN);
	struct control_peer mon1 = peer(1002, MONITOR, 0);
	struct control_peer mon2 = peer(1003, 1003, MONITOR);
	struct control_peer other = peer(1004, 1004, 27), unknown = { 0 };

	ck_assert(control_access_allows(&rules, &root, false));
	ck_assert(control_access_allows(&rules, &self, false));
	ck_assert(control_access_allows(&rules, &admin1, false));
	ck_assert(control_access_allows(&rules, &admin2, false));
	ck_assert(control_access_allows(&rules, &admin2, true));
	ck_assert(control_access_allows(&rules, &mon1, true));
	ck_assert(control_access_allows(&rules, &mon2, true));
	ck_assert(!control_access_allows(&rules, &mon1, false));
	ck_assert(!control_access_allows(&rules, &mon2, false));
	ck_assert(!control_access_allows(&rules, &other, true));
	ck_assert(!control_access_allows(&rules, &other, false));
	/* No SO_PEERCRED: not even a read. */
	ck_assert(!control_access_allows(&rules, &unknown, true));
}
END_TEST

/* Every command of the table is READ or WRITE, and the table decides. */
START_TEST(access_by_command)
{
	static const char *const writes[] = { "tunnel.delete",
		"session.delete", "lac.connect", "lac.disconnect", "reload" };
	struct control_peer mon = peer(1002, MONITOR, 0);
	unsigned cmd, i, nwrite = 0;

	for (cmd = 0; cmd < CONTROL_CMD_COUNT; cmd++) {
		const struct control_command *c = control_command(cmd);
		bool is_write = false;

		for (i = 0; i < sizeof(writes) / sizeof(writes[0]); i++)
			if (!strcmp(c->name, writes[i]))
				is_write = true;
		nwrite += is_write;
		ck_assert_msg(c->read_only == !is_write, "%s", c->name);
		ck_assert_msg(control_access_allows(&rules, &mon,
						    c->read_only) == !is_write,
			      "monitor and %s", c->name);
	}
	ck_assert_uint_eq(nwrite, 5);
}
END_TEST

START_TEST(access_denial_text)
{
	struct control_access none = rules;
	char buf[160];

	control_access_denial(&rules, "session.delete", false, buf,
			      sizeof(buf));
	ck_assert_str_eq(buf, "permission denied: 'session.delete' needs "
			 "root or group l2tpgw-admin");
	control_access_denial(&rules, "stats", true, buf, sizeof(buf));
	ck_assert_str_eq(buf, "permission denied: 'stats' needs root, group "
			 "l2tpgw-admin or group l2tpgw-monitor");
	none.admin = (gid_t)-1;
	none.monitor = (gid_t)-1;
	control_access_denial(&none, "reload", false, buf, sizeof(buf));
	ck_assert_str_eq(buf, "permission denied: 'reload' needs root");
}
END_TEST

/* admin_group unset: control_group's members are admins, as before. */
START_TEST(access_control_group_is_admin)
{
	struct control_access a;
	struct control_peer member = peer(1000, 1000, 4444);

	control_access_init(&a, 0, (gid_t)-1, 4444, (gid_t)-1);
	ck_assert(control_access_allows(&a, &member, false));
	control_access_init(&a, 0, ADMIN, 4444, (gid_t)-1);
	ck_assert(!control_access_allows(&a, &member, false));
	ck_assert(!control_access_allows(&a, &member, true));
	control_access_init(&a, 0, (gid_t)-1, (gid_t)-1, (gid_t)-1);
	ck_assert(!control_access_allows(&a, &member, true));
}
END_TEST

START_TEST(secrets_modes)
{
	static const struct privdrop_id id = { .drop = true, .uid = SELF,
					       .gid = 777, .group = "l2tpgw" };
	static const struct privdrop_id root = { .uid = 0, .gid = 0 };
	static const struct {
		mode_t mode;
		uid_t uid;
		gid_t gid;
		const struct privdrop_id *as;
		enum secrets_verdict want;
	} rows[] = {
		{ S_IFREG | 0600, 0, 0, &id, SECRETS_OK },
		{ S_IFREG | 0640, 0, 777, &id, SECRETS_OK },
		{ S_IFREG | 0640, 0, 0, &id, SECRETS_OK },
		{ S_IFREG | 0400, SELF, 777, &id, SECRETS_OK },
		{ S_IFREG | 0644, 0, 777, &id, SECRETS_OTHERS },
		{ S_IFREG | 0602, 0, 0, &id, SECRETS_OTHERS },
		{ S_IFREG | 0640, 0, 100, &id, SECRETS_GROUP },
		{ S_IFREG | 0660, 0, 777, &id, SECRETS_GROUP_WRITE },
		{ S_IFREG | 0600, 1000, 0, &id, SECRETS_OWNER },
		{ S_IFREG | 0640, 0, 777, &root, SECRETS_GROUP },
		{ S_IFDIR | 0700, 0, 0, &root, SECRETS_NOT_FILE },
	};
	unsigned i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct stat st = { .st_mode = rows[i].mode,
				   .st_uid = rows[i].uid,
				   .st_gid = rows[i].gid };

		ck_assert_msg(secrets_verdict(&st, rows[i].as) == rows[i].want,
			      "row %u: mode %o uid %u gid %u", i,
			      (unsigned)rows[i].mode, (unsigned)rows[i].uid,
			      (unsigned)rows[i].gid);
	}
}
END_TEST

/* A file of ours with mode, holding text; its path in path. */
static void make_file(char *path, const char *text, mode_t mode)
{
	int fd;

	strcpy(path, "/tmp/l2tpgw-priv-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(secrets_file_message)
{
	const struct privdrop_id *me = privdrop_current();
	struct privdrop_id dropped = *me;
	char path[64], err[512], want[256];

	make_file(path, "alice secret\n", 0644);
	ck_assert_int_eq(secrets_check_file("users file", path, me, err,
					    sizeof(err)), -1);
	snprintf(want, sizeof(want), "users file %s: mode 0644 is accessible "
		 "to others; it holds secrets: chmod 0600", path);
	ck_assert_str_eq(err, want);
	dropped.drop = true;
	snprintf(dropped.group, sizeof(dropped.group), "l2tpgw");
	ck_assert_int_eq(secrets_check_file("users file", path, &dropped, err,
					    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "chown root:l2tpgw and chmod 0640, or chmod "
			     "0600"), "%s", err);
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(secrets_check_file("users file", path, me, err,
					    sizeof(err)), 0);
	unlink(path);
	ck_assert_int_eq(secrets_check_file("users file", path, me, err,
					    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "No such file"), "%s", err);
}
END_TEST

static int check_conf(const char *text, mode_t conf_mode, mode_t users_mode,
		      char *err, size_t errlen)
{
	char conf[64], users[64], buf[512];
	struct config *c;
	int rc;

	make_file(users, "alice \"a\"\n", users_mode);
	snprintf(buf, sizeof(buf), text, users);
	make_file(conf, buf, conf_mode);
	ck_assert_int_eq(config_load(conf, &c, err, errlen), 0);
	rc = secrets_check_config(c, conf, privdrop_current(), err, errlen);
	config_free(c);
	unlink(conf);
	unlink(users);
	return rc;
}

START_TEST(secrets_config)
{
	static const char with_secret[] =
		"[lns a]\nsecret = s3cret\nusers = %s\nlocal_ip = 10.0.0.1\n";
	static const char without[] =
		"[lns a]\nusers = %s\nlocal_ip = 10.0.0.1\n";
	static const char lac[] =
		"# %s\n[lac b]\npeer = 192.0.2.1\nuser = u\npassword = p\n";
	char err[512];

	ck_assert_int_eq(check_conf(with_secret, 0600, 0600, err,
				    sizeof(err)), 0);
	ck_assert_int_eq(check_conf(with_secret, 0644, 0600, err,
				    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "configuration /tmp/l2tpgw-priv-") &&
		      strstr(err, "mode 0644"), "%s", err);
	/* No secret in it: anyone may read the configuration. */
	ck_assert_int_eq(check_conf(without, 0644, 0600, err, sizeof(err)), 0);
	ck_assert_int_eq(check_conf(without, 0644, 0604, err, sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "users file /tmp/l2tpgw-priv-") &&
		      strstr(err, "mode 0604 is accessible to others"), "%s",
		      err);
	ck_assert_int_eq(check_conf(lac, 0640, 0600, err, sizeof(err)), 0);
	ck_assert_int_eq(check_conf(lac, 0666, 0600, err, sizeof(err)), -1);
}
END_TEST

static struct config *parse(const char *text)
{
	return config_parse_ok(text);
}

START_TEST(caps_needed)
{
	const uint64_t admin = PRIVDROP_CAP(CAP_NET_ADMIN);
	const uint64_t bind = PRIVDROP_CAP(CAP_NET_BIND_SERVICE);
	struct config *c;
	char text[128];

	c = parse("[global]\n");
	ck_assert_uint_eq(privdrop_caps(c), admin);
	config_free(c);
	c = parse("[global]\nport = 701\n");
	ck_assert_uint_eq(privdrop_caps(c), admin | bind);
	config_free(c);
	c = parse("[global]\nlisten = 192.0.2.1:1701, 192.0.2.2:500\n");
	ck_assert_uint_eq(privdrop_caps(c), admin | bind);
	config_free(c);
	ck_assert_str_eq(privdrop_caps_text(admin | bind, text, sizeof(text)),
			 "cap_net_admin,cap_net_bind_service");
}
END_TEST

static int resolve(const char *text, struct privdrop_id *id, char *err,
		   size_t errlen)
{
	struct config *c = parse(text);
	int rc = privdrop_resolve(&c->global, id, err, errlen);

	config_free(c);
	return rc;
}

START_TEST(user_and_group)
{
	struct passwd *nobody = getpwnam("nobody");
	struct privdrop_id id;
	char err[256];

	ck_assert_int_eq(resolve("[global]\n", &id, err, sizeof(err)), 0);
	ck_assert(!id.drop);
	ck_assert_uint_eq(id.uid, geteuid());
	ck_assert_ptr_nonnull(nobody);
	ck_assert_int_eq(resolve("[global]\nuser = nobody\n", &id, err,
				 sizeof(err)), 0);
	ck_assert(id.drop);
	ck_assert_uint_eq(id.uid, nobody->pw_uid);
	ck_assert_uint_eq(id.gid, nobody->pw_gid);
	ck_assert_str_eq(id.user, "nobody");
	ck_assert_int_eq(resolve("[global]\nuser = nobody\ngroup = 4343\n",
				 &id, err, sizeof(err)), 0);
	ck_assert_uint_eq(id.gid, 4343);
	ck_assert_int_eq(resolve("[global]\nuser = 4242\ngroup = 4343\n", &id,
				 err, sizeof(err)), 0);
	ck_assert_uint_eq(id.uid, 4242);
	ck_assert_str_eq(id.user, "4242");
	ck_assert_int_eq(resolve("[global]\nuser = 4242\n", &id, err,
				 sizeof(err)), -1);
	ck_assert_str_eq(err, "user: 4242 is not in the user database: name "
			 "its group (group = NAME or number)");
	ck_assert_int_eq(resolve("[global]\nuser = no-such-user-x\n", &id, err,
				 sizeof(err)), -1);
	ck_assert_str_eq(err, "user: no user \"no-such-user-x\"");
	ck_assert_int_eq(resolve("[global]\nuser = nobody\ngroup = no-such-x\n",
				 &id, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "group: no group \"no-such-x\"");
	ck_assert_int_eq(resolve("[global]\nuser = root\n", &id, err,
				 sizeof(err)), -1);
	ck_assert_str_eq(err, "user: \"root\" is root; leave user unset to "
			 "run as root");
	ck_assert_int_eq(resolve("[global]\ngroup = nogroup\n", &id, err,
				 sizeof(err)), -1);
	ck_assert_str_eq(err, "group: needs user (whom l2tpgwd runs as)");
}
END_TEST

/* Running as we are (never dropped): a reload may not ask for a user. */
START_TEST(reload_keeps_identity)
{
	struct config *c;
	char err[256];

	c = parse("[global]\nport = 1701\n");
	ck_assert_int_eq(privdrop_reload_check(c, err, sizeof(err)), 0);
	config_free(c);
	c = parse("[global]\nuser = nobody\n");
	ck_assert_int_eq(privdrop_reload_check(c, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "user/group cannot change while running"),
		      "%s", err);
	config_free(c);
}
END_TEST

START_TEST(group_keys)
{
	struct config *c;

	c = parse("[global]\n");
	ck_assert_uint_eq(c->global.admin_group, (gid_t)-1);
	ck_assert_uint_eq(c->global.monitor_group, (gid_t)-1);
	ck_assert_str_eq(c->global.user, "");
	config_free(c);
	c = parse("[global]\nuser = l2tpgw\ngroup = l2tpgw\n"
		  "admin_group = 4242\nmonitor_group = 4343\n");
	ck_assert_str_eq(c->global.user, "l2tpgw");
	ck_assert_str_eq(c->global.group, "l2tpgw");
	ck_assert_uint_eq(c->global.admin_group, 4242);
	ck_assert_uint_eq(c->global.monitor_group, 4343);
	config_free(c);
	config_parse_fails("[global]\nadmin_group = no-such-group-x\n",
			   "t.conf:2: admin_group: no group \"no-such-group-x\"");
	config_parse_fails("[global]\n\nmonitor_group = -4\n",
			   "t.conf:3: monitor_group: no group \"-4\"");
	config_parse_fails("[global]\nuser =\n", "t.conf:2: user: no value");
	config_parse_fails("[lns a]\nuser = x\n",
			   "t.conf:2: unknown key \"user\" in [lns");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("privileges");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, access_by_identity);
	tcase_add_test(tc, access_by_command);
	tcase_add_test(tc, access_denial_text);
	tcase_add_test(tc, access_control_group_is_admin);
	tcase_add_test(tc, secrets_modes);
	tcase_add_test(tc, secrets_file_message);
	tcase_add_test(tc, secrets_config);
	tcase_add_test(tc, caps_needed);
	tcase_add_test(tc, user_and_group);
	tcase_add_test(tc, reload_keeps_identity);
	tcase_add_test(tc, group_keys);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
