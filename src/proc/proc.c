/* The one place where helios starts a process: fork and exec with the
 * same set-up for every child, process groups, PATH lookup, capture. */
#include "proc/proc.h"

#include "helios/quote.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

void helios_argv_init(struct helios_argv *a)
{
	memset(a, 0, sizeof(*a));
}

void helios_argv_release(struct helios_argv *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	helios_argv_init(a);
}

static void argv_take(struct helios_argv *a, char *arg)
{
	if (!arg || a->failed) {
		a->failed = true;
		free(arg);
		return;
	}
	if (a->n + 2 > a->cap) {
		int cap = a->cap ? a->cap * 2 : 16;
		char **v = realloc(a->v, (size_t)cap * sizeof(*v));

		if (!v) {
			a->failed = true;
			free(arg);
			return;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = arg;
	a->v[a->n] = NULL;
}

void helios_argv_push(struct helios_argv *a, const char *arg)
{
	argv_take(a, strdup(arg));
}

void helios_argv_printf(struct helios_argv *a, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	argv_take(a, s);
}

void helios_argv_format(const struct helios_argv *a, struct helios_buf *out)
{
	for (int i = 0; i < a->n; i++) {
		if (i)
			helios_buf_putc(out, ' ');
		helios_quote_append(out, a->v[i]);
	}
}

void helios_argv_join(const struct helios_argv *a, struct helios_buf *out)
{
	for (int i = 0; i < a->n; i++) {
		if (i)
			helios_buf_putc(out, ' ');
		helios_buf_puts(out, a->v[i]);
	}
}

void helios_proc_spec_init(struct helios_proc_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->stdin_fd = spec->stdout_fd = spec->stderr_fd = HELIOS_PROC_NULL;
}

/* stdin, stdout, stderr and this many more descriptors at most. */
#define MAX_FDS 16

/* What the child needs beyond the spec, prepared before the fork: between
 * fork and exec only async-signal-safe calls are made. */
struct child {
	const struct helios_proc_spec *spec;
	pid_t parent;
	int report_fd;		/* write end of the exec-failure pipe; -1: none */
	char **envp;		/* NULL: ours */
};

static void child_write(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));

	(void)r;
}

static __attribute__((noreturn)) void child_fail(const struct child *c, const char *what, const char *subject)
{
	int e = errno;

	if (c->report_fd >= 0) {
		ssize_t r = write(c->report_fd, &e, sizeof(e));

		(void)r;
		_exit(127);
	}
	child_write("helios: ");
	child_write(what);
	child_write(" '");
	child_write(subject);
	child_write("': ");
	child_write(strerror(e));
	child_write("\n");
	_exit(127);
}

void helios_proc_die_with_parent(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Orphaned before prctl: nobody would send the signal. */
	if (getppid() != parent)
		_exit(127);
}

/* The parent catches or ignores these; the child starts afresh. */
static void child_signals(const struct helios_proc_spec *spec)
{
	static const int defaults[] = { SIGINT, SIGTERM, SIGCHLD, SIGPIPE, SIGQUIT, SIGHUP };
	sigset_t none;

	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		signal(defaults[i], SIG_DFL);
	if (spec->ignore_sigpipe)
		signal(SIGPIPE, SIG_IGN);
	if (spec->ignore_sigchld)
		signal(SIGCHLD, SIG_IGN);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Put each descriptor where the spec says.  Every source is first copied
 * above all the targets, so that no dup2 can clobber a source still to
 * come (a pipe on fd 3 that should become fd 4, and the reverse). */
static void child_fds(struct child *c)
{
	const struct helios_proc_spec *spec = c->spec;
	int src[MAX_FDS], dst[MAX_FDS], n = 0, top = STDERR_FILENO, devnull = -1;
	const int stdio[3] = { spec->stdin_fd, spec->stdout_fd, spec->stderr_fd };

	for (int i = 0; i < 3; i++) {
		if (stdio[i] == HELIOS_PROC_KEEP)
			continue;
		if (stdio[i] == HELIOS_PROC_NULL && devnull < 0 &&
		    (devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
			child_fail(c, "cannot open", "/dev/null");
		src[n] = stdio[i] == HELIOS_PROC_NULL ? devnull : stdio[i];
		dst[n++] = i;
	}
	for (int i = 0; i < spec->fd_count; i++) {
		src[n] = spec->fds[i][0];
		dst[n] = spec->fds[i][1];
		top = dst[n] > top ? dst[n] : top;
		n++;
	}
	if (c->report_fd >= 0 && c->report_fd <= top &&
	    (c->report_fd = fcntl(c->report_fd, F_DUPFD_CLOEXEC, top + 1)) < 0)
		_exit(127);
	for (int i = 0; i < n; i++)
		if ((src[i] = fcntl(src[i], F_DUPFD_CLOEXEC, top + 1)) < 0)
			child_fail(c, "cannot set up the descriptors of", spec->fn ? "a child" : spec->argv[0]);
	for (int i = 0; i < n; i++)
		if (dup2(src[i], dst[i]) < 0)
			child_fail(c, "cannot set up the descriptors of", spec->fn ? "a child" : spec->argv[0]);
	for (int i = 0; i < n; i++)
		close(src[i]);
	if (devnull >= 0)
		close(devnull);
	/* Without exec, close-on-exec closes nothing: another copy of, say, a
	 * browser's protocol pipe would hide the browser's exit from us. */
	for (int fd = top + 1; spec->close_others && fd < 1024; fd++)
		if (fd != c->report_fd)
			close(fd);
}

/* Become spec's user, all three ids and the groups, so that nothing of
 * ours is kept to regain.  A change of ids clears the death signal, so
 * it is asked for again. */
static void child_user(struct child *c)
{
	const struct helios_proc_spec *spec = c->spec;

	if (setgroups(1, &spec->gid) != 0 || setresgid(spec->gid, spec->gid, spec->gid) != 0 ||
	    setresuid(spec->uid, spec->uid, spec->uid) != 0)
		child_fail(c, "cannot switch to the user of", spec->fn ? "a child" : spec->argv[0]);
	helios_proc_die_with_parent(c->parent);
}

static __attribute__((noreturn)) void child_start(struct child *c)
{
	const struct helios_proc_spec *spec = c->spec;

	/* A helios killed outright must not leave its children running. */
	helios_proc_die_with_parent(c->parent);
	if (spec->new_group)
		setpgid(0, 0);
	/* Kept across exec: what it orphans stays in its subtree. */
	if (spec->subreaper)
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	child_signals(spec);
	if (spec->nice)
		(void)setpriority(PRIO_PROCESS, 0, spec->nice);
	child_fds(c);
	if (spec->switch_user)
		child_user(c);
	if (spec->dir && chdir(spec->dir) != 0)
		child_fail(c, "cannot enter directory", spec->dir);
	if (spec->fn) {
		if (c->report_fd >= 0)
			close(c->report_fd);	/* set up: the parent may go on */
		_exit(spec->fn(spec->data));
	}
	if (spec->program)
		execve(spec->program, spec->argv, c->envp ? c->envp : environ);
	else
		execvpe(spec->argv[0], spec->argv, c->envp ? c->envp : environ);
	child_fail(c, "cannot run", spec->argv[0]);
}

/* environ with the spec's variables set: NULL when out of memory. */
static char **child_environment(char *const *set)
{
	size_t n = 0, k = 0, extra = 0;
	char **envp;

	while (environ[n])
		n++;
	while (set[extra])
		extra++;
	envp = calloc(n + extra + 1, sizeof(*envp));
	if (!envp)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		bool replaced = false;

		for (size_t j = 0; j < extra && !replaced; j++) {
			const char *eq = strchr(set[j], '=');
			size_t len = eq ? (size_t)(eq - set[j]) : strlen(set[j]);

			replaced = strncmp(environ[i], set[j], len) == 0 && environ[i][len] == '=';
		}
		if (!replaced)
			envp[k++] = environ[i];
	}
	for (size_t j = 0; j < extra; j++)
		envp[k++] = set[j];
	return envp;
}

enum helios_status helios_proc_spawn(const struct helios_proc_spec *spec, pid_t *pid,
				     struct helios_error *err)
{
	const char *name = spec->fn ? "a child" : spec->argv[0];
	struct child c = { .spec = spec, .parent = getpid(), .report_fd = -1 };
	int report[2] = { -1, -1 }, child_errno = 0, e;
	pid_t child;
	ssize_t n;

	if (!spec->fn && !spec->argv[0])
		return helios_error_set(err, HELIOS_EINVAL, "empty command");
	if (spec->fd_count < 0 || spec->fd_count > MAX_FDS - 3)
		return helios_error_set(err, HELIOS_EINVAL, "too many descriptors for '%s'", name);
	if (spec->env && !(c.envp = child_environment(spec->env)))
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	if (spec->report_exec_failure && pipe2(report, O_CLOEXEC) != 0) {
		e = errno;
		free(c.envp);
		helios_error_set(err, HELIOS_EIO, "cannot start '%s': pipe: %s", name, strerror(e));
		errno = e;
		return HELIOS_EIO;
	}
	c.report_fd = report[1];
	child = fork();
	e = errno;
	if (child == 0)
		child_start(&c);
	free(c.envp);
	if (report[1] >= 0)
		close(report[1]);
	if (child < 0) {
		if (report[0] >= 0)
			close(report[0]);
		helios_error_set(err, HELIOS_EIO, "cannot start '%s': %s", name, strerror(e));
		errno = e;
		return HELIOS_EIO;
	}
	/* Also from this side: a signal sent to the group right after fork
	 * must not miss a child that has not run setpgid yet. */
	if (spec->new_group)
		setpgid(child, child);
	if (report[0] >= 0) {
		/* End of file: the exec happened (the pipe is close-on-exec). */
		do
			n = read(report[0], &child_errno, sizeof(child_errno));
		while (n < 0 && errno == EINTR);
		close(report[0]);
		if (n == sizeof(child_errno)) {
			while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
				;
			helios_error_set(err, HELIOS_EFAIL, "cannot run '%s': %s", name, strerror(child_errno));
			errno = child_errno;
			return HELIOS_EFAIL;
		}
	}
	*pid = child;
	return HELIOS_OK;
}

/* pid and parent pid of every process, from /proc/PID/stat. */
struct proc_link {
	pid_t pid, ppid;
};

static size_t read_links(struct proc_link **out)
{
	DIR *d = opendir("/proc");
	struct proc_link *links = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;

	*out = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char path[64], text[512], *paren;
		ssize_t len;
		int fd, ppid;
		char state;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.20s/stat", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, text, sizeof(text) - 1);
		close(fd);
		if (len <= 0)
			continue;
		text[len] = '\0';
		/* "pid (comm) state ppid ...": comm may hold anything, even ")". */
		paren = strrchr(text, ')');
		if (!paren || sscanf(paren + 1, " %c %d", &state, &ppid) != 2)
			continue;
		if (n == cap) {
			size_t more = cap ? cap * 2 : 256;
			struct proc_link *grown = realloc(links, more * sizeof(*links));

			if (!grown)
				break;
			links = grown;
			cap = more;
		}
		links[n].pid = (pid_t)atol(e->d_name);
		links[n].ppid = (pid_t)ppid;
		n++;
	}
	closedir(d);
	*out = links;
	return n;
}

/* pid and every process below it, from a snapshot of /proc's parent
 * links, into *tree (to free; NULL and 0 when out of memory). */
static size_t tree_below(pid_t pid, pid_t **tree)
{
	struct proc_link *links;
	size_t n = read_links(&links);
	bool grew = true;
	size_t count = 0;

	*tree = calloc(n + 1, sizeof(**tree));
	if (!*tree) {
		free(links);
		return 0;
	}
	(*tree)[count++] = pid;
	/* Add the children of what is in the tree until nothing new comes. */
	while (grew) {
		grew = false;
		for (size_t i = 0; i < n; i++) {
			bool parent_in = false, in = false;

			for (size_t k = 0; k < count; k++) {
				parent_in = parent_in || (*tree)[k] == links[i].ppid;
				in = in || (*tree)[k] == links[i].pid;
			}
			if (parent_in && !in) {
				(*tree)[count++] = links[i].pid;
				grew = true;
			}
		}
	}
	free(links);
	return count;
}

void helios_proc_kill_tree(pid_t pid, int sig)
{
	pid_t *tree;
	size_t count = tree_below(pid, &tree);

	kill(-pid, sig);
	for (size_t k = 1; k < count; k++)
		kill(tree[k], sig);
	free(tree);
}

bool helios_proc_socket_below(pid_t pid, unsigned long inode)
{
	pid_t *tree;
	size_t count = tree_below(pid, &tree);
	char want[48], path[64], link[64];
	bool found = false;

	snprintf(want, sizeof(want), "socket:[%lu]", inode);
	for (size_t k = 1; k < count && !found; k++) {
		DIR *d;
		struct dirent *e;

		snprintf(path, sizeof(path), "/proc/%ld/fd", (long)tree[k]);
		d = opendir(path);
		while (d && !found && (e = readdir(d)) != NULL) {
			ssize_t len;

			snprintf(path, sizeof(path), "/proc/%ld/fd/%.20s", (long)tree[k], e->d_name);
			len = readlink(path, link, sizeof(link) - 1);
			if (len > 0) {
				link[len] = '\0';
				found = strcmp(link, want) == 0;
			}
		}
		if (d)
			closedir(d);
	}
	free(tree);
	return found;
}

void helios_proc_kill_strays(const pid_t *keep, int n, int sig)
{
	struct proc_link *links;
	size_t count = read_links(&links);
	pid_t self = getpid();

	for (size_t i = 0; i < count; i++) {
		bool kept = false;

		if (links[i].ppid != self)
			continue;
		for (int k = 0; k < n; k++)
			kept = kept || keep[k] == links[i].pid;
		/* A child of ours, reaped only by us: its pid cannot be reused. */
		if (!kept)
			kill(links[i].pid, sig);
	}
	free(links);
}

static bool executable(const char *path)
{
	return access(path, X_OK) == 0;
}

bool helios_proc_find(const char *name, struct helios_buf *out)
{
	const char *path = getenv("PATH");
	const char *p;

	helios_buf_clear(out);
	if (!name || !*name)
		return false;
	if (strchr(name, '/')) {
		if (!executable(name))
			return false;
		helios_buf_puts(out, name);
		return true;
	}
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		helios_buf_clear(out);
		if (len)
			helios_buf_append(out, p, len);
		else
			helios_buf_putc(out, '.');
		helios_buf_putc(out, '/');
		helios_buf_puts(out, name);
		if (!out->failed && executable(helios_buf_str(out)))
			return true;
		if (!end)
			break;
		p = end;
	}
	helios_buf_clear(out);
	return false;
}

void helios_proc_self(struct helios_buf *out)
{
	const char *env = getenv("HELIOS_BIN");
	char path[4096];
	ssize_t n;

	helios_buf_clear(out);
	if (env && *env) {
		helios_buf_puts(out, env);
		return;
	}
	n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n > 0) {
		helios_buf_append(out, path, (size_t)n);
		return;
	}
	helios_buf_puts(out, "/proc/self/exe");
}

/* Move what is readable on *fd into b; close it at end of file. */
static void drain(int *fd, struct helios_buf *b)
{
	char block[4096];
	ssize_t n = read(*fd, block, sizeof(block));

	if (n > 0) {
		if (b)
			helios_buf_append(b, block, (size_t)n);
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	close(*fd);
	*fd = -1;
}

enum helios_status helios_proc_capture(char *const *argv, struct helios_buf *out,
				       struct helios_buf *errout, int *wstatus,
				       volatile sig_atomic_t *stop, struct helios_error *err)
{
	return helios_proc_capture_fds(argv, NULL, 0, out, errout, wstatus, stop, err);
}

enum helios_status helios_proc_capture_fds(char *const *argv, const int (*fds)[2], int fd_count,
					   struct helios_buf *out, struct helios_buf *errout, int *wstatus,
					   volatile sig_atomic_t *stop, struct helios_error *err)
{
	struct helios_proc_spec spec;
	int opipe[2], epipe[2];
	bool stopped = false;
	enum helios_status st;
	pid_t pid;

	if (pipe2(opipe, O_CLOEXEC) != 0)
		return helios_error_set(err, HELIOS_EIO, "pipe: %s", strerror(errno));
	if (pipe2(epipe, O_CLOEXEC) != 0) {
		close(opipe[0]);
		close(opipe[1]);
		return helios_error_set(err, HELIOS_EIO, "pipe: %s", strerror(errno));
	}
	helios_proc_spec_init(&spec);
	spec.argv = argv;
	spec.stdout_fd = opipe[1];
	spec.stderr_fd = epipe[1];
	spec.fds = fds;
	spec.fd_count = fd_count;
	st = helios_proc_spawn(&spec, &pid, err);
	close(opipe[1]);
	close(epipe[1]);
	if (st != HELIOS_OK) {
		close(opipe[0]);
		close(epipe[0]);
		return st;
	}
	while (opipe[0] >= 0 || epipe[0] >= 0) {
		struct pollfd polls[2] = { { opipe[0], POLLIN, 0 }, { epipe[0], POLLIN, 0 } };

		if (stop && *stop && !stopped) {
			kill(pid, SIGTERM);
			stopped = true;
		}
		if (poll(polls, 2, -1) < 0)
			continue;	/* EINTR: look at *stop again */
		if (polls[0].revents)
			drain(&opipe[0], out);
		if (polls[1].revents)
			drain(&epipe[0], errout);
	}
	while (waitpid(pid, wstatus, 0) < 0) {
		if (errno != EINTR)
			return helios_error_set(err, HELIOS_EIO, "waitpid: %s", strerror(errno));
		if (stop && *stop && !stopped) {
			kill(pid, SIGTERM);
			stopped = true;
		}
	}
	if ((out && out->failed) || (errout && errout->failed))
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	return HELIOS_OK;
}

void helios_proc_describe(int wstatus, char *buf, size_t size)
{
	if (WIFEXITED(wstatus))
		snprintf(buf, size, "exit status %d", WEXITSTATUS(wstatus));
	else if (WIFSIGNALED(wstatus))
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
	else
		snprintf(buf, size, "wait status %#x", (unsigned)wstatus);
}
