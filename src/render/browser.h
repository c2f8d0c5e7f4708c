/* Chromium's life: find it, start it with a fresh profile and the protocol
 * on a pipe, and make sure that it and all its children are gone at the end. */
#ifndef HELIOS_RENDER_BROWSER_H
#define HELIOS_RENDER_BROWSER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cdp.h"
#include "helios/status.h"

struct render_browser {
	pid_t pid;		/* leader of the browser's process group; 0 when not running */
	char *exe;
	char *dir;		/* temporary directory of the log and the profile, removed on close */
	char *profile;		/* the user data directory in it */
	/* As root the browser runs as an unprivileged user (uid, gid), who
	 * owns the profile and nothing else of ours. */
	bool as_user;
	uid_t uid;
	gid_t gid;
	struct render_cdp cdp;
	int crash_signal;	/* the signal of a crash (SIGSEGV...) once reaped; else 0 */
};

/* The browser to run: $HELIOS_CHROMIUM, $PUPPETEER_EXECUTABLE_PATH, then
 * (headless only) chromium-headless-shell, then the usual install paths and
 * PATH.  A variable that is set must name a program. */
enum helios_status render_browser_find(bool headless, char **exe, struct helios_error *err);

/* The command line for exe (NULL-terminated, static strings except exe,
 * the profile flag, which is written into profile_flag, and the caller's
 * extra flags, a NULL-terminated list or NULL); no_sandbox turns
 * Chromium's sandbox off. */
void render_browser_argv(const char *exe, const char *profile_flag, bool headless, bool no_sandbox,
			 const char *const *extra, const char **argv, int max);

/* Start the browser (spawn), then check that it answers before deadline_ms
 * (ready).  Between the two the caller may do other work while the
 * browser starts.  With sandbox, a root helios runs the browser as the
 * user nobody, its sandbox on, and fails with HELIOS_EUSAGE and one line
 * saying why when that cannot work here (no user namespaces for nobody, a
 * $TMPDIR nobody cannot enter); without, the browser runs as we do,
 * --no-sandbox.  extra: more flags, as for render_browser_argv. */
enum helios_status render_browser_spawn(struct render_browser *b, bool headless, bool sandbox,
					const char *const *extra, struct helios_error *err);
enum helios_status render_browser_ready(struct render_browser *b, int64_t deadline_ms, struct helios_error *err);

/* The last line the browser wrote on stderr (for crash messages); "" when none. */
void render_browser_last_words(const struct render_browser *b, char *buf, size_t size);

/* Why the browser went away: "killed by signal 9 (Killed)", "exit status
 * 1: <its last fatal words>"; reaps the leader when it has exited, and sets
 * crash_signal when a fault of its own (not a kill) ended it. */
void render_browser_describe_exit(struct render_browser *b, char *buf, size_t size);

/* Close politely, then kill the whole process group, reap it and remove the
 * profile.  Safe to call on a browser that never started, and twice. */
void render_browser_close(struct render_browser *b);

#endif
