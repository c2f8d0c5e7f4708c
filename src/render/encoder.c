#include "encoder.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cdp.h"
#include "helios/utf8.h"
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

enum helios_status render_encoder_start(struct render_encoder *e, char *const argv[], int output_fd,
					int64_t timeout_ms, volatile sig_atomic_t *interrupted, struct helios_error *err)
{
	const int fds[1][2] = { { output_fd, RENDER_ENCODER_OUTPUT_FD } };
	struct helios_proc_spec spec;
	enum helios_status st;
	int in[2];

	e->pid = 0;
	e->in_fd = -1;
	e->argv = argv;
	e->timeout_ms = timeout_ms;
	e->interrupted = interrupted;
	e->fed = e->progress = 0;
	e->progress_ms = render_clock_ms();
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
	spec.fds = fds;
	spec.fd_count = 1;
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
	/* Our end never blocks: a write waits in poll, where a signal and
	 * the timeout are seen. */
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
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


/* Bytes ffmpeg has written (its output, its log) by /proc/PID/io; 0 when
 * unreadable, and then only the frames it takes count as progress. */
static unsigned long long written_by(pid_t pid)
{
	char path[64], text[512];
	const char *w;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/io", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	w = strstr(text, "\nwchar: ");
	return w ? strtoull(w + 9, NULL, 10) : 0;
}

/* ffmpeg's inputs other than our pipe, for the message when it is stuck:
 * they come from the page, so they are escaped. */
static void other_inputs(const struct render_encoder *e, struct helios_buf *out)
{
	for (size_t i = 0; e->argv && e->argv[i] && e->argv[i + 1]; i++) {
		if (strcmp(e->argv[i], "-i") != 0 || strcmp(e->argv[i + 1], "pipe:0") == 0)
			continue;
		helios_buf_puts(out, out->len ? ", '" : "'");
		helios_utf8_escape(out, e->argv[i + 1], strlen(e->argv[i + 1]));
		helios_buf_putc(out, '\'');
	}
}

/* Kill and reap ffmpeg after an interruption or a stall.  SIGKILL is not
 * refused, so the wait ends. */
static void kill_encoder(struct render_encoder *e)
{
	if (e->pid > 0) {
		kill(e->pid, SIGKILL);
		while (waitpid(e->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	e->pid = 0;
	stop(e);
}

/* Between two looks at a waiting ffmpeg: a signal, or timeout_ms without a
 * byte taken or written, ends it (killed, with the reason in err). */
static enum helios_status still_waiting(struct render_encoder *e, struct helios_error *err)
{
	unsigned long long progress = e->fed + written_by(e->pid);
	int64_t now = render_clock_ms();
	struct helios_buf inputs;

	if (e->interrupted && *e->interrupted) {
		kill_encoder(e);
		return helios_error_set(err, HELIOS_EFAIL, "interrupted");
	}
	if (progress != e->progress) {
		e->progress = progress;
		e->progress_ms = now;
	}
	if (now - e->progress_ms < e->timeout_ms)
		return HELIOS_OK;
	kill_encoder(e);
	helios_buf_init(&inputs);
	other_inputs(e, &inputs);
	helios_error_set(err, HELIOS_EFAIL,
			 "ffmpeg took no frame and wrote nothing within the --timeout of %.3g s%s%s%s",
			 (double)e->timeout_ms / 1000, inputs.len ? " (waiting for " : "",
			 inputs.len && !inputs.failed ? helios_buf_str(&inputs) : "",
			 inputs.len ? "? a media source of the page that does not answer)" : "");
	helios_buf_release(&inputs);
	return HELIOS_EFAIL;
}

/* Wait for ffmpeg's end, its exit status in *status, bounded as above. */
static enum helios_status wait_end(struct render_encoder *e, int *status, struct helios_error *err)
{
	for (;;) {
		pid_t r = waitpid(e->pid, status, WNOHANG);
		enum helios_status st;

		if (r == e->pid) {
			e->pid = 0;
			return HELIOS_OK;
		}
		if (r < 0 && errno != EINTR) {
			st = helios_error_set(err, HELIOS_EIO, "waiting for ffmpeg: %s", strerror(errno));
			stop(e);
			return st;
		}
		if ((st = still_waiting(e, err)) != HELIOS_OK)
			return st;
		/* A short sleep: a signal cuts it short, and the end of a
		 * render waits for ffmpeg's exit at most this much longer. */
		poll(NULL, 0, 10);
	}
}

enum helios_status render_encoder_write(struct render_encoder *e, const void *data, size_t len,
					struct helios_error *err)
{
	const char *p = data;
	int status;

	while (len > 0) {
		ssize_t n = write(e->in_fd, p, len);
		enum helios_status st;

		if (n > 0) {
			p += n;
			len -= (size_t)n;
			e->fed += (unsigned long long)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			/* Full: ffmpeg is busy, or stuck waiting for something. */
			if ((st = still_waiting(e, err)) != HELIOS_OK)
				return st;
			poll(&(struct pollfd){ .fd = e->in_fd, .events = POLLOUT }, 1, 100);
			continue;
		}
		/* EPIPE: ffmpeg is gone; its stderr says why. */
		if (wait_end(e, &status, err) != HELIOS_OK)
			return HELIOS_EFAIL;
		if (describe_exit(e, status, err) == HELIOS_OK)
			helios_error_set(err, HELIOS_EFAIL, "ffmpeg stopped reading frames");
		stop(e);
		return HELIOS_EFAIL;
	}
	return HELIOS_OK;
}

enum helios_status render_encoder_finish(struct render_encoder *e, struct helios_error *err)
{
	int status;
	enum helios_status st;

	close(e->in_fd);
	e->in_fd = -1;
	st = wait_end(e, &status, err);
	if (st != HELIOS_OK)
		return st;
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
