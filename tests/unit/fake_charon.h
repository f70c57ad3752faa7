/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A charon that says yes: a VICI socket in a temp dir, served on a real
 * loop.  Every event registration is confirmed, every command answered
 * with an empty (successful) response and counted by name, so a test
 * can tell which requests the daemon sent.  list-sas streams the IKE_SAs
 * the test set (fake_charon_set_sas) as list-sa events first, and the
 * test can raise events on the connections registered for them.
 */
#ifndef L2TPGW_TEST_FAKE_CHARON_H
#define L2TPGW_TEST_FAKE_CHARON_H

struct loop;
struct fake_charon;
struct vici_builder;
struct vici_msg;

/* Listening on loop; aborts the test on failure. */
struct fake_charon *fake_charon_new(struct loop *loop);
void fake_charon_free(struct fake_charon *fc);
const char *fake_charon_path(const struct fake_charon *fc);
/* Commands named cmd received so far. */
unsigned fake_charon_count(const struct fake_charon *fc, const char *cmd);
/*
 * The message of the last command named cmd, parsed (vici_msg_free it),
 * or NULL if none came.
 */
struct vici_msg *fake_charon_last(const struct fake_charon *fc,
				  const char *cmd);
/*
 * What list-sas streams from now on: one list-sa event per message, each
 * an IKE_SA section (copied).  n = 0: none.
 */
void fake_charon_set_sas(struct fake_charon *fc,
			 const struct vici_builder *const *ike_sas, unsigned n);
/* Event name with message msg to every connection registered for it. */
void fake_charon_event(struct fake_charon *fc, const char *name,
		       const struct vici_builder *msg);

#endif /* L2TPGW_TEST_FAKE_CHARON_H */
