#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helios/path.h"
#include "proc/proc.h"

void tui_probe_init(struct tui_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->out_fd = p->err_fd = -1;
	helios_buf_init(&p->out);
	helios_buf_init(&p->err);
}

/* `helios` beside helios-tui when it is there (a build or staged tree),
 * else the one in PATH. */
static void helios_program(struct helios_buf *out)
{
	struct helios_buf self;
	const char *slash;

	helios_buf_init(&self);
	helios_proc_self(&self);
	slash = strrchr(helios_buf_str(&self), '/');
	helios_buf_clear(out);
	if (slash) {
		helios_buf_append(out, helios_buf_str(&self), (size_t)(slash - helios_buf_str(&self)) + 1);
		helios_buf_puts(out, "helios");
		if (access(helios_buf_str(out), X_OK) == 0) {
			helios_buf_release(&self);
			return;
		}
		helios_buf_clear(out);
	}
	helios_buf_puts(out, "helios");
	helios_buf_release(&self);
}

/* The settings as helios probe's arguments.  --chunk-time would make the
 * probe measure twice and --from-page load the page for what the report
 * says anyway: both are left out. */
static void probe_argv(const struct helios_settings *s, const char *program, struct helios_argv *argv)
{
	helios_argv_push(argv, program);
	helios_argv_push(argv, "probe");
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		const struct helios_option *opt = &helios_options[i];

		if (!s->text[i] || i == HELIOS_OPTION_EMIT_JOB || i == HELIOS_OPTION_CHUNK_TIME ||
		    i == HELIOS_OPTION_FROM_PAGE)
			continue;
		if (opt->flags & HELIOS_OPT_POSITIONAL)
			continue;
		helios_argv_printf(argv, "--%s", opt->name);
		if (opt->type != HELIOS_TYPE_FLAG)
			helios_argv_push(argv, s->text[i]);
	}
	helios_argv_push(argv, "--json");
	/* The input last, after "--", so that a name starting with '-' stays a name. */
	helios_argv_push(argv, "--");
	helios_argv_push(argv, s->text[HELIOS_OPTION_INPUT]);
}

bool tui_probe_start(struct tui_probe *p, const struct helios_settings *s, struct helios_error *err)
{
	struct helios_proc_spec spec;
	struct helios_argv argv;
	struct helios_buf program;
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 };
	enum helios_status st;

	tui_probe_cancel(p);
	if (!s->text[HELIOS_OPTION_INPUT]) {
		helios_error_set(err, HELIOS_EUSAGE, "probe: no input to probe");
		return false;
	}
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		helios_error_set(err, HELIOS_EIO, "probe: cannot make a pipe: %s", strerror(errno));
		for (int i = 0; i < 2; i++) {
			if (out[i] >= 0)
				close(out[i]);
			if (errp[i] >= 0)
				close(errp[i]);
		}
		return false;
	}
	helios_buf_init(&program);
	helios_program(&program);
	helios_argv_init(&argv);
	probe_argv(s, helios_buf_str(&program), &argv);
	helios_proc_spec_init(&spec);
	spec.argv = argv.v;
	spec.stdout_fd = out[1];
	spec.stderr_fd = errp[1];
	spec.new_group = true;
	spec.report_exec_failure = true;
	st = argv.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
			 : helios_proc_spawn(&spec, &p->pid, err);
	close(out[1]);
	close(errp[1]);
	helios_argv_release(&argv);
	helios_buf_release(&program);
	if (st != HELIOS_OK) {
		close(out[0]);
		close(errp[0]);
		p->pid = 0;
		helios_error_prefix(err, "probe");
		return false;
	}
	p->out_fd = out[0];
	p->err_fd = errp[0];
	fcntl(p->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(p->err_fd, F_SETFL, O_NONBLOCK);
	helios_buf_clear(&p->out);
	helios_buf_clear(&p->err);
	return true;
}

bool tui_probe_running(const struct tui_probe *p)
{
	return p->pid > 0;
}

/* Move what is readable on *fd into b; close it at end of file. */
static void drain(int *fd, struct helios_buf *b)
{
	char block[4096];
	ssize_t n;

	while (*fd >= 0 && (n = read(*fd, block, sizeof(block))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			break;
		}
		helios_buf_append(b, block, (size_t)n);
	}
	close(*fd);
	*fd = -1;
}

bool tui_probe_poll(struct tui_probe *p, bool *ok, struct helios_probe_report *report,
		    struct helios_error *err)
{
	int wstatus = 0;
	pid_t r;

	*ok = false;
	if (p->pid <= 0)
		return false;
	drain(&p->out_fd, &p->out);
	drain(&p->err_fd, &p->err);
	if (p->out_fd >= 0 || p->err_fd >= 0)
		return false;
	r = waitpid(p->pid, &wstatus, WNOHANG);
	if (r == 0)
		return false;
	p->pid = 0;
	if (r < 0 || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
		const char *text = helios_buf_str(&p->err);
		size_t len = strcspn(text, "\n");

		if (len) {
			/* Its own message, without the "helios: " it starts with. */
			if (strncmp(text, "helios: ", 8) == 0) {
				text += 8;
				len -= 8;
			}
			helios_error_set(err, HELIOS_EFAIL, "%.*s", (int)len, text);
		} else {
			char how[128];

			helios_proc_describe(wstatus, how, sizeof(how));
			helios_error_set(err, HELIOS_EFAIL, "probe: helios probe ended with %s", how);
		}
		return true;
	}
	if (helios_report_parse(helios_buf_str(&p->out), report, err) != HELIOS_OK)
		return true;
	*ok = true;
	return true;
}

void tui_probe_cancel(struct tui_probe *p)
{
	if (p->pid > 0) {
		helios_proc_kill_tree(p->pid, SIGTERM);
		while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
			;
		p->pid = 0;
	}
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->err_fd >= 0)
		close(p->err_fd);
	p->out_fd = p->err_fd = -1;
}

void tui_probe_release(struct tui_probe *p)
{
	tui_probe_cancel(p);
	helios_buf_release(&p->out);
	helios_buf_release(&p->err);
}
