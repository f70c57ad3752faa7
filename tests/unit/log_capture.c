// SPDX-License-Identifier: GPL-2.0-or-later
/* The daemon's log captured for a test: see log_capture.h. */
#include "log_capture.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

static void capture_line(int level, const char *line, void *arg)
{
	struct log_capture *c = arg;
	size_t n = strlen(c->text);

	for (const char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			c->raw_control++;
	snprintf(c->text + n, sizeof(c->text) - n, "%s\n", line);
}

void log_capture_start(struct log_capture *c)
{
	c->text[0] = '\0';
	c->raw_control = 0;
	log_init(LOG_DEBUG, false, "test");
	log_set_sink(capture_line, c);
}

void log_capture_stop(void)
{
	log_set_sink(NULL, NULL);
}
