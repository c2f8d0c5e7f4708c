#include "browser.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helios/buf.h"
#include "proc/proc.h"

/* Headless renders try the old headless shell first (Debian's
 * chromium-headless-shell, the same engine without the browser's window):
 * measured at 1280x720 it starts in 0.35 s instead of 0.85 s and needs
 * about a fifth less CPU per frame, because no browser window is
 * composited and no browser UI pages are preloaded. */
static const char *const shell_paths[] = {
	"/usr/lib/chromium/chromium-headless-shell",
	"/usr/bin/chromium-headless-shell",
	NULL,
};

/* Where Debian, Ubuntu and Google install it; tried in order. */
static const char *const known_paths[] = {
	"/usr/bin/chromium",
	"/usr/bin/chromium-browser",
	"/usr/lib/chromium/chromium",
	"/usr/bin/google-chrome-stable",
	"/usr/bin/google-chrome",
	"/snap/bin/chromium",
	NULL,
};

#define LOG_NAME "browser.log"

static bool is_program(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static char *search_path(const char *name)
{
	const char *path = getenv("PATH");
	struct helios_buf buf;

	helios_buf_init(&buf);
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);

		helios_buf_clear(&buf);
		helios_buf_append(&buf, path, len);
		helios_buf_printf(&buf, "/%s", name);
		if (len && is_program(helios_buf_str(&buf)))
			return helios_buf_take(&buf);
		path = colon ? colon + 1 : NULL;
	}
	helios_buf_release(&buf);
	return NULL;
}

enum helios_status render_browser_find(bool headless, char **exe, struct helios_error *err)
{
	static const char *const vars[] = { "HELIOS_CHROMIUM", "PUPPETEER_EXECUTABLE_PATH" };
	static const char *const names[] = { "chromium", "chromium-browser", "google-chrome", NULL };

	*exe = NULL;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (!v || !*v)
			continue;
		if (!is_program(v))
			return helios_error_set(err, HELIOS_EFAIL, "browser not found: %s='%s': %s", vars[i], v,
						access(v, F_OK) == 0 ? "not an executable file"
								     : strerror(errno));
		*exe = strdup(v);
		return *exe ? HELIOS_OK : helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	for (int i = 0; headless && shell_paths[i]; i++)
		if (is_program(shell_paths[i])) {
			*exe = strdup(shell_paths[i]);
			return *exe ? HELIOS_OK : helios_error_set(err, HELIOS_ENOMEM, "out of memory");
		}
	for (int i = 0; known_paths[i]; i++)
		if (is_program(known_paths[i])) {
			*exe = strdup(known_paths[i]);
			return *exe ? HELIOS_OK : helios_error_set(err, HELIOS_ENOMEM, "out of memory");
		}
	for (int i = 0; names[i]; i++)
		if ((*exe = search_path(names[i])) != NULL)
			return HELIOS_OK;
	return helios_error_set(err, HELIOS_EFAIL,
				"browser not found: install Chromium (apt-get install chromium) "
				"or set HELIOS_CHROMIUM to its path");
}

void render_browser_argv(const char *exe, const char *profile_flag, bool headless, bool no_sandbox,
			 const char *const *extra, const char **argv, int max)
{
	/* Why each flag: the pipe is our protocol channel; no GPU and no vsync
	 * or frame-rate limit, because every screenshot would otherwise wait
	 * for a 60 Hz tick (a third of the throughput); no partial raster,
	 * because a tile redrawn only where it changed keeps edges of the
	 * frames before it (a frame of a chunk then differed from the same
	 * frame of the whole render, at 640x360 and 854x480); the rest keeps the
	 * browser from talking to the network or showing first-run UI.  The
	 * full browser (headed, or when the headless shell is not installed)
	 * preloads its address-bar popup as a WebUI page in a renderer of its
	 * own: about 1.5 s of CPU at every start, competing with the first
	 * frames; the disabled features are that popup.  No flag grants file://
	 * access: a local input is served over HTTP (see serve.h). */
	static const char *const common[] = {
		"--remote-debugging-pipe",
		"--hide-scrollbars",
		"--mute-audio",
		"--disable-gpu",
		"--disable-gpu-vsync",
		"--disable-partial-raster",
		"--disable-frame-rate-limit",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--no-first-run",
		"--no-default-browser-check",
		"--disable-quic",
		"--disable-dev-shm-usage",
		"--disable-background-timer-throttling",
		"--disable-renderer-backgrounding",
		"--disable-backgrounding-occluded-windows",
		"--font-render-hinting=none",
		"--disable-breakpad",
		"--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup",
		NULL,
	};
	int n = 0;

	argv[n++] = exe;
	for (int i = 0; common[i] && n < max - 6; i++)
		argv[n++] = common[i];
	/* Headless, the "GPU" is a software compositor: in the browser
	 * process, each frame's pixels reach the screenshot without a copy
	 * through shared memory from a process of its own.  Measured on the
	 * examples and the test compositions: the same frames, dom renders
	 * 4-6 % faster. */
	if (headless) {
		argv[n++] = "--headless";
		argv[n++] = "--in-process-gpu";
	}
	if (no_sandbox)
		argv[n++] = "--no-sandbox";
	for (int i = 0; extra && extra[i] && n < max - 3; i++)
		argv[n++] = extra[i];
	argv[n++] = profile_flag;
	argv[n++] = "about:blank";
	argv[n] = NULL;
}

/* Our children's pids (up to max into pids, which may be NULL); returns how many. */
static size_t count_children(pid_t *pids, size_t max)
{
	char path[64], line[512];
	pid_t self = getpid();
	size_t n = 0;
	FILE *f;

	/* The kernel lists a task's children in /proc/self/task/<tid>/children. */
	snprintf(path, sizeof(path), "/proc/%ld/task/%ld/children", (long)self, (long)self);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fscanf(f, "%511s", line) == 1) {
		if (pids && n < max)
			pids[n] = (pid_t)atol(line);
		n++;
	}
	fclose(f);
	return n;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Run the browser with its protocol pipe (commands on fd 3, replies on
 * 4) and its output in the profile's log. */
static enum helios_status start_child(struct render_browser *b, const char *const *argv, int log_fd, int cmd_fd,
				      int reply_fd, struct helios_error *err)
{
	const int pipes[2][2] = { { cmd_fd, 3 }, { reply_fd, 4 } };
	char *env[5] = { NULL, NULL, NULL, NULL, NULL };
	struct helios_proc_spec spec;
	struct helios_buf buf;
	enum helios_status st;

	/* The crash handler, caches and the sound library write below these:
	 * keep all of it in the profile, which close() removes. */
	helios_buf_init(&buf);
	helios_buf_printf(&buf, "XDG_CONFIG_HOME=%s", b->profile);
	env[0] = helios_buf_take(&buf);
	helios_buf_printf(&buf, "XDG_CACHE_HOME=%s", b->profile);
	env[1] = helios_buf_take(&buf);
	helios_buf_printf(&buf, "TMPDIR=%s", b->profile);
	env[2] = helios_buf_take(&buf);
	helios_proc_spec_init(&spec);
	if (b->as_user) {
		/* Its user's home is not ours (nor, often, anywhere). */
		helios_buf_printf(&buf, "HOME=%s", b->profile);
		env[3] = helios_buf_take(&buf);
		spec.switch_user = true;
		spec.uid = b->uid;
		spec.gid = b->gid;
		spec.dir = b->profile;
	}
	spec.argv = (char *const *)argv;
	spec.program = argv[0];
	spec.stdout_fd = spec.stderr_fd = log_fd;
	spec.fds = pipes;
	spec.fd_count = 2;
	spec.env = env;
	spec.new_group = true;
	spec.report_exec_failure = true;
	if (!env[0] || !env[1] || !env[2] || (b->as_user && !env[3]))
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	else
		st = helios_proc_spawn(&spec, &b->pid, err);
	if (st == HELIOS_EFAIL)
		st = helios_error_set(err, HELIOS_EFAIL, "cannot run the browser '%s': %s", b->exe, strerror(errno));
	else if (st == HELIOS_EIO)
		st = helios_error_set(err, st, "cannot start the browser: fork: %s", strerror(errno));
	if (st != HELIOS_OK)
		b->pid = 0;
	for (int i = 0; i < 4; i++)
		free(env[i]);
	return st;
}

/* The user a root helios runs the browser as: it owns no file of ours
 * and is in none of our groups. */
#define SANDBOX_USER "nobody"
#define SANDBOX_CANNOT "the browser's sandbox cannot start here: "
#define SANDBOX_HINT "; --no-sandbox renders without it, the browser as root"

/* probe_sandbox's exit status when the profile is closed to the user. */
#define PROBE_CLOSED 200

static enum helios_status find_sandbox_user(struct render_browser *b, struct helios_error *err)
{
	const struct passwd *pw = getpwnam(SANDBOX_USER);

	if (!pw)
		return helios_error_set(err, HELIOS_EUSAGE, SANDBOX_CANNOT "no user '" SANDBOX_USER
					"' to run the browser as" SANDBOX_HINT);
	b->uid = pw->pw_uid;
	b->gid = pw->pw_gid;
	return HELIOS_OK;
}

/* A directory of ours for the log, holding the profile.  As root the
 * profile is the browser user's, and our directory only lets it through
 * (0711): the log, which we read back, stays ours. */
static enum helios_status make_dirs(struct render_browser *b, struct helios_error *err)
{
	const char *tmp = getenv("TMPDIR");
	struct helios_buf buf;

	helios_buf_init(&buf);
	helios_buf_printf(&buf, "%s/helios-chromium.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	b->dir = helios_buf_take(&buf);
	if (!b->dir)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	if (!mkdtemp(b->dir)) {
		enum helios_status st = helios_error_set(err, HELIOS_EIO, "cannot create a browser profile '%s': %s",
							 b->dir, strerror(errno));

		free(b->dir);
		b->dir = NULL;
		return st;
	}
	helios_buf_printf(&buf, "%s/profile", b->dir);
	b->profile = helios_buf_take(&buf);
	if (!b->profile)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	if (mkdir(b->profile, 0700) != 0 ||
	    (b->as_user && (chown(b->profile, b->uid, b->gid) != 0 || chmod(b->dir, 0711) != 0)))
		return helios_error_set(err, HELIOS_EIO, "cannot create a browser profile '%s': %s", b->profile,
					strerror(errno));
	return HELIOS_OK;
}

/* In a child already switched to the browser's user: can it use the
 * profile, and create the namespaces of Chromium's sandbox (user, PID and
 * network, as its zygote does)?  0, PROBE_CLOSED or unshare's errno. */
static int probe_sandbox(void *data)
{
	if (access(data, R_OK | W_OK | X_OK) != 0)
		return PROBE_CLOSED;
	if (unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET) != 0)
		return errno > 0 && errno < PROBE_CLOSED ? errno : EPERM;
	return 0;
}

/* A number in a /proc file; -1 when there is none. */
static long proc_number(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = -1;

	if (f && fscanf(f, "%ld", &n) != 1)
		n = -1;
	if (f)
		fclose(f);
	return n;
}

/* Whether a seccomp filter is on us (a container's, inherited). */
static bool seccomp_filtered(void)
{
	char line[128];
	bool on = false;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "Seccomp:", 8) == 0)
			on = atoi(line + 8) != 0;
	if (f)
		fclose(f);
	return on;
}

/* Why user namespaces failed with e, naming the setting in the way. */
static void describe_userns_failure(int e, char *buf, size_t size)
{
	long max = proc_number("/proc/sys/user/max_user_namespaces");

	if (e == ENOSPC && max == 0)
		snprintf(buf, size, "user namespaces are off (user.max_user_namespaces = 0)");
	else if (e == ENOSPC)
		snprintf(buf, size, "none is left (user.max_user_namespaces = %ld)", max);
	else if (e == EINVAL)
		snprintf(buf, size, "this kernel has no user namespaces");
	else if (proc_number("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		snprintf(buf, size, "they are off for users (kernel.unprivileged_userns_clone = 0)");
	else if (proc_number("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		snprintf(buf, size, "AppArmor restricts them (kernel.apparmor_restrict_unprivileged_userns = 1)");
	else if (e == EPERM && seccomp_filtered())
		snprintf(buf, size, "a seccomp filter forbids them, as a container's default profile does");
	else
		snprintf(buf, size, "%s", strerror(e));
}

/* Before the browser starts as its user: a child of that user tries what
 * the browser will need, so that what cannot work here is one line, not a
 * browser's fatal words. */
static enum helios_status check_sandbox(const struct render_browser *b, struct helios_error *err)
{
	struct helios_proc_spec spec;
	char why[160];
	int status = 0;
	pid_t pid;
	enum helios_status st;

	helios_proc_spec_init(&spec);
	spec.fn = probe_sandbox;
	spec.data = b->profile;
	spec.close_others = true;
	spec.report_exec_failure = true;
	spec.switch_user = true;
	spec.uid = b->uid;
	spec.gid = b->gid;
	st = helios_proc_spawn(&spec, &pid, err);
	if (st == HELIOS_EFAIL)
		return helios_error_set(err, HELIOS_EUSAGE, SANDBOX_CANNOT "cannot switch to user " SANDBOX_USER
					": %s" SANDBOX_HINT, strerror(errno));
	if (st != HELIOS_OK)
		return st;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status)) {
		helios_proc_describe(status, why, sizeof(why));
		return helios_error_set(err, HELIOS_EFAIL, "cannot check the browser's sandbox: %s", why);
	}
	if (WEXITSTATUS(status) == 0)
		return HELIOS_OK;
	if (WEXITSTATUS(status) == PROBE_CLOSED)
		return helios_error_set(err, HELIOS_EUSAGE, "the browser's profile '%s' is closed to user "
					SANDBOX_USER ", who runs the browser for root: set TMPDIR to a directory "
					"every user may enter, such as /tmp", b->profile);
	describe_userns_failure(WEXITSTATUS(status), why, sizeof(why));
	return helios_error_set(err, HELIOS_EUSAGE, SANDBOX_CANNOT "user " SANDBOX_USER
				" may not create a user namespace: %s" SANDBOX_HINT, why);
}

enum helios_status render_browser_spawn(struct render_browser *b, bool headless, bool sandbox,
					const char *const *extra, struct helios_error *err)
{
	const char *argv[40];
	struct helios_buf buf;
	int cmd[2] = { -1, -1 }, reply[2] = { -1, -1 };
	int log_fd = -1;
	enum helios_status st;

	memset(b, 0, sizeof(*b));
	render_cdp_init(&b->cdp, -1, -1);
	st = render_browser_find(headless, &b->exe, err);
	if (st != HELIOS_OK)
		return st;
	/* Chromium refuses its sandbox to root: as root, it runs as a user. */
	b->as_user = sandbox && geteuid() == 0;
	if (b->as_user && (st = find_sandbox_user(b, err)) != HELIOS_OK)
		return st;
	if ((st = make_dirs(b, err)) != HELIOS_OK)
		return st;
	if (b->as_user && (st = check_sandbox(b, err)) != HELIOS_OK)
		return st;

	helios_buf_init(&buf);
	helios_buf_printf(&buf, "%s/" LOG_NAME, b->dir);
	log_fd = open(helios_buf_str(&buf), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	helios_buf_clear(&buf);
	helios_buf_printf(&buf, "--user-data-dir=%s", b->profile);
	render_browser_argv(b->exe, helios_buf_str(&buf), headless, !sandbox, extra, argv, 40);

	if (log_fd < 0 || pipe2(cmd, O_CLOEXEC) < 0 || pipe2(reply, O_CLOEXEC) < 0) {
		st = helios_error_set(err, HELIOS_EIO, "cannot start the browser: %s", strerror(errno));
		goto out;
	}
	/* Descendants the browser leaves behind (its crash handler leaves its
	 * process group) become our children, so close() can reap them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	st = start_child(b, argv, log_fd, cmd[0], reply[1], err);
	if (st != HELIOS_OK)
		goto out;
	close(cmd[0]);
	close(reply[1]);
	b->cdp.wfd = cmd[1];
	b->cdp.rfd = reply[0];
	cmd[0] = cmd[1] = reply[0] = reply[1] = -1;
out:
	for (int i = 0; i < 2; i++) {
		if (cmd[i] >= 0)
			close(cmd[i]);
		if (reply[i] >= 0)
			close(reply[i]);
	}
	if (log_fd >= 0)
		close(log_fd);
	helios_buf_release(&buf);
	return st;
}

enum helios_status render_browser_ready(struct render_browser *b, int64_t deadline_ms, struct helios_error *err)
{
	cJSON *result = NULL;
	enum helios_status st = render_cdp_call(&b->cdp, NULL, "Browser.getVersion", NULL, deadline_ms, &result, err);

	cJSON_Delete(result);
	if (st != HELIOS_OK) {
		char words[300];

		render_browser_last_words(b, words, sizeof(words));
		helios_error_prefix(err, "the browser '%s' did not start", b->exe);
		if (*words)
			snprintf(err->text + strlen(err->text), sizeof(err->text) - strlen(err->text),
				 ": %s", words);
	}
	return st;
}

void render_browser_last_words(const struct render_browser *b, char *buf, size_t size)
{
	char path[4096], text[8192];
	FILE *f;
	size_t n = 0, end, start;

	buf[0] = '\0';
	if (!b->dir)
		return;
	snprintf(path, sizeof(path), "%s/" LOG_NAME, b->dir);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fseek(f, -(long)(sizeof(text) - 1), SEEK_END) != 0)
		rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	/* The last non-empty line that is not the shell wrapper's noise. */
	end = n;
	while (end > 0) {
		while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r'))
			end--;
		start = end;
		while (start > 0 && text[start - 1] != '\n')
			start--;
		/* Chromium's own log lines look like "[pid:tid:time:LEVEL:file] msg";
		 * only a FATAL one explains an exit.  Anything else (the launcher
		 * script's words) is kept, except the launcher's shell noise. */
		text[end] = '\0';
		if (end > start && !strstr(text + start, "unexpected operator") &&
		    (text[start] != '[' || strstr(text + start, ":FATAL:"))) {
			snprintf(buf, size, "%s", text + start);
			return;
		}
		end = start;
	}
}

/* The signals of a fault in the browser's own code (Chromium's CHECKs
 * trap or abort), as opposed to a kill from outside (the OOM killer, a user). */
static bool is_crash(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGTRAP || sig == SIGABRT ||
	       sig == SIGFPE;
}

void render_browser_describe_exit(struct render_browser *b, char *buf, size_t size)
{
	int status = 0;
	pid_t r = 0;
	char words[300];

	buf[0] = '\0';
	render_browser_last_words(b, words, sizeof(words));
	/* A browser that closed its pipe is usually a moment from exiting. */
	for (int i = 0; b->pid > 0 && i < 100 && (r = waitpid(b->pid, &status, WNOHANG)) == 0; i++)
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	if (r == b->pid && WIFSIGNALED(status) && is_crash(WTERMSIG(status)))
		b->crash_signal = WTERMSIG(status);
	if (r == b->pid && WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d (%s)%s%s", WTERMSIG(status), strsignal(WTERMSIG(status)),
			 *words ? ": " : "", words);
	else if (r == b->pid)
		snprintf(buf, size, "exit status %d%s%s", WEXITSTATUS(status), *words ? ": " : "", words);
	else
		snprintf(buf, size, "%s", words);
}

/* Wait for pid up to ms milliseconds; true when it was reaped. */
static bool reap_within(pid_t pid, int ms)
{
	for (int waited = 0;; waited += 5) {
		pid_t r = waitpid(pid, NULL, WNOHANG);

		if (r == pid || (r < 0 && errno == ECHILD))
			return true;
		if (waited >= ms)
			return false;
		nanosleep(&(struct timespec){ 0, 5000000 }, NULL);
	}
}

#define MAX_FAMILY 256

/* Add pid's descendants to family (pids, up to MAX_FAMILY), from each of
 * its threads' list of children. */
static void add_descendants(pid_t pid, pid_t *family, size_t *n)
{
	char path[64];
	DIR *tasks;
	struct dirent *task;

	snprintf(path, sizeof(path), "/proc/%ld/task", (long)pid);
	tasks = opendir(path);
	if (!tasks)
		return;
	while ((task = readdir(tasks)) != NULL && *n < MAX_FAMILY) {
		char children[96];
		long child;
		FILE *f;

		if (task->d_name[0] == '.')
			continue;
		snprintf(children, sizeof(children), "/proc/%ld/task/%.20s/children", (long)pid, task->d_name);
		f = fopen(children, "r");
		while (f && *n < MAX_FAMILY && fscanf(f, "%ld", &child) == 1) {
			family[(*n)++] = (pid_t)child;
			add_descendants((pid_t)child, family, n);
		}
		if (f)
			fclose(f);
	}
	closedir(tasks);
}

/* The browser's processes that outlived its group's end became our
 * children (subreaper): kill and reap those, and only those, of family
 * (taken before the end).  Another browser of ours is not in it. */
static void reap_orphans(const pid_t *family, size_t family_count)
{
	pid_t pids[64];
	size_t n = count_children(pids, 64);

	for (size_t i = 0; i < n && i < 64; i++)
		for (size_t j = 0; j < family_count; j++)
			if (family[j] == pids[i]) {
				kill(pids[i], SIGKILL);
				reap_within(pids[i], 2000);
				break;
			}
}

static int remove_tree(void *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0;
}

/* The profile and our directory, once the browser is gone.  As root the
 * profile is emptied by its user: between our look at a name there and
 * its removal the name could become a link, which root would follow;
 * the user can only remove what it could anyway. */
static void remove_dirs(struct render_browser *b)
{
	struct helios_proc_spec spec;
	struct helios_error ignored;
	struct helios_buf log;
	pid_t pid;

	if (b->profile && b->as_user) {
		helios_proc_spec_init(&spec);
		spec.fn = remove_tree;
		spec.data = b->profile;
		spec.close_others = true;
		spec.switch_user = true;
		spec.uid = b->uid;
		spec.gid = b->gid;
		if (helios_proc_spawn(&spec, &pid, &ignored) == HELIOS_OK)
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
		rmdir(b->profile);
	}
	if (b->dir && b->as_user) {
		helios_buf_init(&log);
		helios_buf_printf(&log, "%s/" LOG_NAME, b->dir);
		if (!log.failed)
			unlink(helios_buf_str(&log));
		helios_buf_release(&log);
		rmdir(b->dir);
	} else if (b->dir) {
		remove_tree(b->dir);
	}
	free(b->profile);
	free(b->dir);
	b->profile = b->dir = NULL;
}

void render_browser_close(struct render_browser *b)
{
	if (b->pid > 0) {
		struct helios_error ignored;
		pid_t family[MAX_FAMILY];
		size_t family_count = 0;

		add_descendants(b->pid, family, &family_count);

		/* Politely first: the browser then shuts its children down itself. */
		if (b->cdp.wfd >= 0 && !b->cdp.closed &&
		    render_cdp_send(&b->cdp, NULL, "Browser.close", NULL, NULL, &ignored) == HELIOS_OK)
			reap_within(b->pid, 3000);
		kill(-b->pid, SIGKILL);
		reap_within(b->pid, 5000);
		/* Orphans of the group were re-parented to us (subreaper): reap them. */
		for (int waited = 0; waited < 5000; waited += 5) {
			kill(-b->pid, SIGKILL);
			pid_t r = waitpid(-b->pid, NULL, WNOHANG);

			if (r < 0 && errno == ECHILD)
				break;
			if (r == 0)
				nanosleep(&(struct timespec){ 0, 5000000 }, NULL);
		}
		reap_orphans(family, family_count);
		b->pid = 0;
	}
	render_cdp_release(&b->cdp);
	remove_dirs(b);
	free(b->exe);
	b->exe = NULL;
}
