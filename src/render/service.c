#include "service.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/proc.h"

/* Connections served at once (Chromium opens at most 6 per host; a page
 * opening hundreds is not served hundreds of processes). */
#define CONNECTIONS_MAX 64

/* Only processes of our own user, or started by the render the service
 * works for (a root helios's browser runs as another user), may use a
 * service: the owner of the connecting socket, from the kernel's table
 * of TCP sockets, or the process holding it. */
static bool connection_is_ours(unsigned client_port, unsigned server_port)
{
	FILE *f = fopen("/proc/net/tcp", "re");
	char line[512];
	bool found = false;
	unsigned uid = 0;
	unsigned long inode = 0;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned lport, rport;

		found = sscanf(line, " %*d: %*x:%x %*x:%x %*x %*x:%*x %*x:%*x %*x %u %*d %lu", &lport, &rport,
			       &uid, &inode) == 4 &&
			lport == client_port && rport == server_port;
	}
	fclose(f);
	/* The service's parent is the render. */
	return found && (uid == (unsigned)geteuid() || helios_proc_socket_below(getppid(), inode));
}

bool render_service_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

char *render_service_read_head(int fd, char *head, size_t max, size_t *have, int idle_ms, int *refuse)
{
	char *end = NULL;

	*refuse = 0;
	head[*have] = '\0';
	while (!memchr(head, '\0', *have) && !(end = strstr(head, "\r\n\r\n"))) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t n;

		if (*have == max) {
			*refuse = 431;
			return NULL;
		}
		if (poll(&pfd, 1, idle_ms) <= 0)
			return NULL;
		n = read(fd, head + *have, max - *have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		*have += (size_t)n;
		head[*have] = '\0';
	}
	if (!end)
		*refuse = 400;
	return end;
}

/* What a connection's process needs. */
struct connection {
	int fd;
	void (*handle)(int fd, void *ctx);
	void *ctx;
};

static int connection_main(void *data)
{
	const struct connection *c = data;

	close(RENDER_SERVICE_LISTEN_FD);
	c->handle(c->fd, c->ctx);
	return 0;
}

void render_service_loop(unsigned port, void (*handle)(int fd, void *ctx), void *ctx)
{
	int live = 0;	/* connection handlers running */

	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int fd = accept4(RENDER_SERVICE_LISTEN_FD, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
		struct connection c = { fd, handle, ctx };
		struct helios_proc_spec spec;
		struct helios_error ignored;
		pid_t pid;

		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
				usleep(10000);
			continue;
		}
		if (!connection_is_ours(ntohs(peer.sin_port), port)) {
			close(fd);
			continue;
		}
		/* One process per connection: a slow media read never holds up a
		 * script, and the code stays a plain blocking loop. */
		helios_proc_spec_init(&spec);
		spec.fn = connection_main;
		spec.data = &c;
		spec.stdin_fd = spec.stdout_fd = spec.stderr_fd = HELIOS_PROC_KEEP;
		spec.ignore_sigpipe = spec.ignore_sigchld = true;
		if (helios_proc_spawn(&spec, &pid, &ignored) == HELIOS_OK)
			live++;
		close(fd);
		/* At the cap, further connections wait in the listen queue until
		 * a handler ends. */
		while (waitpid(-1, NULL, live >= CONNECTIONS_MAX ? 0 : WNOHANG) > 0)
			live--;
	}
}

enum helios_status render_service_start(struct render_service *s, const char *what, int (*main)(void *data),
					void *data, struct helios_error *err)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);
	struct helios_proc_spec spec;
	int fd, moves[2][2];
	enum helios_status st;
	char log[] = "/tmp/helios-service-XXXXXX";

	memset(s, 0, sizeof(*s));
	s->log_fd = -1;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 64) != 0 ||
	    getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return helios_error_set(err, HELIOS_EIO, "%s on 127.0.0.1: %s", what, strerror(e));
	}
	s->port = ntohs(addr.sin_port);
	moves[0][0] = fd;
	moves[0][1] = RENDER_SERVICE_LISTEN_FD;
	/* Unlinked at once: only the service's processes and ours hold it. */
	s->log_fd = mkostemp(log, O_APPEND | O_CLOEXEC);
	if (s->log_fd >= 0)
		unlink(log);
	moves[1][0] = s->log_fd;
	moves[1][1] = RENDER_SERVICE_LOG_FD;
	helios_proc_spec_init(&spec);
	spec.fn = main;
	spec.data = data;
	spec.stderr_fd = HELIOS_PROC_KEEP;
	/* Keep only the socket: another copy of the browser's protocol pipe
	 * would hide the browser's exit from the renderer. */
	spec.fds = (const int (*)[2])moves;
	spec.fd_count = s->log_fd >= 0 ? 2 : 1;
	spec.close_others = true;
	/* Its own process group: a Ctrl-C at the terminal is ours to handle. */
	spec.new_group = true;
	spec.ignore_sigpipe = true;	/* a peer that hangs up mid-answer is not fatal */
	spec.ignore_sigchld = false;	/* it reaps its handlers, to count them */
	spec.report_exec_failure = true;
	st = helios_proc_spawn(&spec, &s->pid, err);
	if (st != HELIOS_OK) {
		int e = errno;

		s->pid = 0;
		close(fd);
		if (s->log_fd >= 0)
			close(s->log_fd);
		s->log_fd = -1;
		return helios_error_set(err, st, "%s: fork: %s", what, strerror(e));
	}
	close(fd);
	return HELIOS_OK;
}

void render_service_stop(struct render_service *s)
{
	if (s->pid > 0) {
		/* The service and every connection handler share its process group. */
		kill(-s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
			;
		while (waitpid(-s->pid, NULL, WNOHANG) > 0)
			;
	}
	if (s->pid > 0 && s->log_fd >= 0)
		close(s->log_fd);
	memset(s, 0, sizeof(*s));
	s->log_fd = -1;
}
