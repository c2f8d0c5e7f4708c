/* The background probe of helios-tui: `helios probe INPUT [settings]
 * --json` as a child process whose output is collected while the form
 * stays live.  No curses here; the main loop polls it. */
#ifndef HELIOS_TUI_PROBE_H
#define HELIOS_TUI_PROBE_H

#include <stdbool.h>
#include <sys/types.h>

#include "helios/buf.h"
#include "helios/options.h"
#include "job/probe_report.h"
#include "helios/status.h"

struct tui_probe {
	pid_t pid;		/* 0: none running */
	int out_fd, err_fd;	/* its stdout and stderr; -1 when closed */
	struct helios_buf out, err;
};

void tui_probe_init(struct tui_probe *p);

/* Start probing the page the settings describe; false (why in err) when
 * it cannot start.  A probe already running is cancelled first. */
bool tui_probe_start(struct tui_probe *p, const struct helios_settings *s, struct helios_error *err);

/* The child's descriptors, for waiting on them; -1 when closed. */
bool tui_probe_running(const struct tui_probe *p);

/* Read what the child wrote and reap it when it is done.  Returns false
 * while it runs; true once it has ended, with *ok and either the report
 * or, in err, why it failed (its own one-line message). */
bool tui_probe_poll(struct tui_probe *p, bool *ok, struct helios_probe_report *report,
		    struct helios_error *err);

/* Stop it (the whole process tree) and forget it. */
void tui_probe_cancel(struct tui_probe *p);

void tui_probe_release(struct tui_probe *p);

#endif
