/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A charon that says yes: a VICI socket in a temp dir, served on a real
 * loop.  Every event registration is confirmed, every command answered
 * with an empty (successful) response and counted by name, so a test
 * can tell which requests the daemon sent.
 */
#ifndef L2TPGW_TEST_FAKE_CHARON_H
#define L2TPGW_TEST_FAKE_CHARON_H

struct loop;
struct fake_charon;

/* Listening on loop; aborts the test on failure. */
struct fake_charon *fake_charon_new(struct loop *loop);
void fake_charon_free(struct fake_charon *fc);
const char *fake_charon_path(const struct fake_charon *fc);
/* Commands named cmd received so far. */
unsigned fake_charon_count(const struct fake_charon *fc, const char *cmd);

#endif /* L2TPGW_TEST_FAKE_CHARON_H */
