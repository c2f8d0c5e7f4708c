#include "encoder.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/proc.h"

static int temp_log(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/helios-ffmpeg.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);	/* gone from the disk when we close it */
	return fd;
}

static void stop(struct render_encoder *e)
{
	if (e->in_fd >= 0)
		close(e->in_fd);
	if (e->log_fd >= 0)
		close(e->log_fd);
	e->in_fd = e->log_fd = -1;
	e->pid = 0;
}

enum helios_status render_encoder_start(struct render_encoder *e, char *const argv[],
					struct helios_error *err)
{
	struct helios_proc_spec spec;
	enum helios_status st;
	int in[2];

	e->pid = 0;
	e->in_fd = -1;
	e->log_fd = temp_log();
	if (e->log_fd < 0)
		return helios_error_set(err, HELIOS_EIO, "cannot create a temporary file: %s", strerror(errno));
	if (pipe2(in, O_CLOEXEC) < 0) {
		stop(e);
		return helios_error_set(err, HELIOS_EIO, "pipe: %s", strerror(errno));
	}
	/* Room for several frames, so a frame that ffmpeg is slow to take does
	 * not stall the browser: with the default 64 KiB, a 40 KB canvas frame
	 * left one frame of slack and canvas renders ran 10 % slower.  Best
	 * effort: the size is capped by /proc/sys/fs/pipe-max-size. */
	fcntl(in[1], F_SETPIPE_SZ, 1 << 20);
	helios_proc_spec_init(&spec);
	spec.argv = argv;
	spec.stdin_fd = in[0];
	spec.stdout_fd = HELIOS_PROC_KEEP;
	spec.stderr_fd = e->log_fd;
	/* Its own process group: a terminal's Ctrl-C reaches us, and we end it. */
	spec.new_group = true;
	/* The browser is the critical path; ffmpeg has the pipe's slack and
	 * catches up in the browser's idle moments.  At a lower priority it no
	 * longer delays the browser's next frame: canvas renders measured
	 * 5-10 % faster, the CPU 90 % busy instead of 85. */
	spec.nice = 10;
	spec.report_exec_failure = true;
	st = helios_proc_spawn(&spec, &e->pid, err);
	close(in[0]);
	if (st != HELIOS_OK) {
		int child_errno = errno;

		e->pid = 0;
		close(in[1]);
		stop(e);
		if (st == HELIOS_EFAIL)
			return helios_error_set(err, HELIOS_EFAIL, "cannot run %s: %s%s", argv[0],
						strerror(child_errno), child_errno == ENOENT ? " (install ffmpeg)" : "");
		return helios_error_set(err, st, "fork: %s", strerror(child_errno));
	}
	e->in_fd = in[1];
	return HELIOS_OK;
}

/* ffmpeg's error lines, joined with "; " (the last few only). */
static void last_words(struct render_encoder *e, char *buf, size_t size)
{
	char text[2048];
	off_t end = lseek(e->log_fd, 0, SEEK_END);
	off_t from = end > (off_t)sizeof(text) - 1 ? end - (off_t)sizeof(text) + 1 : 0;
	ssize_t n = pread(e->log_fd, text, sizeof(text) - 1, from);
	size_t used = 0;
	char *line, *save = NULL;

	buf[0] = '\0';
	if (n <= 0)
		return;
	text[n] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!*line)
			continue;
		if (used + strlen(line) + 3 >= size) {
			/* Keep the latest lines: they say why it stopped. */
			used = 0;
			buf[0] = '\0';
		}
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? "; " : "", line);
	}
}

static enum helios_status describe_exit(struct render_encoder *e, int status, struct helios_error *err)
{
	char words[700];

	last_words(e, words, sizeof(words));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return HELIOS_OK;
	if (WIFSIGNALED(status))
		return helios_error_set(err, HELIOS_EFAIL, "ffmpeg was killed by signal %d%s%s",
					WTERMSIG(status), *words ? ": " : "", words);
	return helios_error_set(err, HELIOS_EFAIL, "ffmpeg failed (exit status %d)%s%s", WEXITSTATUS(status),
				*words ? ": " : "", words);
}


enum helios_status render_encoder_write(struct render_encoder *e, const void *data, size_t len,
					struct helios_error *err)
{
	const char *p = data;
	int status;

	while (len > 0) {
		ssize_t n = write(e->in_fd, p, len);

		if (n < 0 && errno == EINTR)
			return helios_error_set(err, HELIOS_EFAIL, "interrupted");
		if (n < 0) {
			/* EPIPE: ffmpeg is gone; its stderr says why. */
			if (waitpid(e->pid, &status, 0) == e->pid) {
				e->pid = 0;
				if (describe_exit(e, status, err) == HELIOS_OK)
					helios_error_set(err, HELIOS_EFAIL, "ffmpeg stopped reading frames");
				stop(e);
				return HELIOS_EFAIL;
			}
			return helios_error_set(err, HELIOS_EIO, "writing to ffmpeg: %s", strerror(errno));
		}
		p += n;
		len -= (size_t)n;
	}
	return HELIOS_OK;
}

enum helios_status render_encoder_finish(struct render_encoder *e, struct helios_error *err)
{
	int status;
	pid_t r;
	enum helios_status st;

	close(e->in_fd);
	e->in_fd = -1;
	do
		r = waitpid(e->pid, &status, 0);
	while (r < 0 && errno == EINTR);
	if (r != e->pid) {
		stop(e);
		return helios_error_set(err, HELIOS_EIO, "waiting for ffmpeg: %s", strerror(errno));
	}
	e->pid = 0;
	st = describe_exit(e, status, err);
	stop(e);
	return st;
}

void render_encoder_abort(struct render_encoder *e)
{
	if (e->pid > 0) {
		kill(e->pid, SIGKILL);
		while (waitpid(e->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	stop(e);
}
