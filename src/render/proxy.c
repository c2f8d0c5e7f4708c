#include "proxy.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "helios/netpolicy.h"
#include "service.h"

/* A tunnel or response nobody moves a byte through is closed after this. */
#define IDLE_MS 60000
/* The longest request head we read; the browser's are under 2 KiB. */
#define HEAD_MAX 16384
/* Addresses of one name tried in turn at most. */
#define ADDRESSES_MAX 16

struct proxy {
	struct render_proxy_rules rules;
	const unsigned *port;
};

bool render_proxy_target(const char *target, bool connect, struct helios_buf *host, unsigned *port,
			 const char **path)
{
	const char *s = target, *end, *colon;
	unsigned v = 0;

	helios_buf_clear(host);
	*port = connect ? 443 : 80;
	*path = "/";
	if (!connect && strncasecmp(s, "https://", 8) == 0) {
		*port = 443;
		s += 8;
	} else if (!connect) {
		if (strncasecmp(s, "http://", 7) != 0)
			return false;
		s += 7;
	}
	end = s + strcspn(s, "/?#");
	if (!connect && *end && *end != '/')
		return false;	/* "http://host?x" is sent as "http://host/?x" */
	if (!connect && *end)
		*path = end;
	if (memchr(s, '@', (size_t)(end - s)))
		return false;	/* no userinfo: the host would not be the one checked */
	if (*s == '[') {
		const char *close = memchr(s, ']', (size_t)(end - s));

		if (!close)
			return false;
		helios_buf_append(host, s + 1, (size_t)(close - s - 1));
		colon = close + 1 < end ? close + 1 : NULL;
		if (colon && *colon != ':')
			return false;
	} else {
		colon = memchr(s, ':', (size_t)(end - s));
		helios_buf_append(host, s, colon ? (size_t)(colon - s) : (size_t)(end - s));
	}
	if (colon) {
		if (colon + 1 == end)
			return false;
		for (const char *d = colon + 1; d < end; d++) {
			if (*d < '0' || *d > '9' || v > 6553)
				return false;
			v = v * 10 + (unsigned)(*d - '0');
		}
		if (v == 0 || v > 65535)
			return false;
		*port = v;
	} else if (connect) {
		return false;	/* CONNECT always names the port */
	}
	return host->len > 0 && !host->failed;
}

static void answer(int fd, const char *status)
{
	char text[256];
	int n = snprintf(text, sizeof(text),
			 "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s\n",
			 status, strlen(status) + 1, status);

	render_service_write_all(fd, text, (size_t)n);
}

/* Write the refusal down for the renderer: one line, one write (an
 * O_APPEND file: connections never interleave). */
static void note_blocked(const char *shown, const char *host, unsigned port, const char *why)
{
	struct helios_buf line;
	bool v6 = strchr(host, ':') != NULL;

	helios_buf_init(&line);
	helios_buf_printf(&line, "blocked request to %.300s: %s (allow it with --allow-net %s%s%s:%u)\n", shown,
			  why, v6 ? "[" : "", host, v6 ? "]" : "", port);
	if (!line.failed && write(RENDER_SERVICE_LOG_FD, line.data, line.len) < 0) {
		/* the 403 still refuses it */
	}
	helios_buf_release(&line);
}

/* A connection to one address before deadline (CLOCK-free: poll's timeout). */
static int connect_to(const struct addrinfo *a, int64_t timeout_ms)
{
	int fd = socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	struct pollfd pfd = { fd, POLLOUT, 0 };
	int e = 0;
	socklen_t len = sizeof(e);

	if (fd < 0)
		return -1;
	if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 &&
	    (errno != EINPROGRESS || poll(&pfd, 1, timeout_ms > 0 ? (int)timeout_ms : IDLE_MS) <= 0 ||
	     getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0 || e != 0)) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

static bool address_of(const struct addrinfo *ai, struct helios_net_address *a)
{
	memset(a, 0, sizeof(*a));
	if (ai->ai_family == AF_INET) {
		memcpy(a->bytes, &((const struct sockaddr_in *)ai->ai_addr)->sin_addr, 4);
		a->len = 4;
	} else if (ai->ai_family == AF_INET6) {
		memcpy(a->bytes, &((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, 16);
		a->len = 16;
	}
	return a->len > 0;
}

/* Resolve host once, check every address, connect to a checked one.
 * Returns the socket, or -1 after answering the client. */
static int open_upstream(const struct proxy *px, int client, const char *shown, const char *host, unsigned port)
{
	struct addrinfo hints, *list = NULL;
	struct helios_buf why;
	char service[8];
	int fd = -1, tried = 0;
	bool blocked = false;

	/* Offline, a name the user did not give is not even looked up. */
	if (px->rules.offline && !helios_netpolicy_names(px->rules.allow, host, port)) {
		note_blocked(shown, host, port, "--offline keeps the page to its own files");
		answer(client, "403 Forbidden");
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(service, sizeof(service), "%u", port);
	if (getaddrinfo(host, service, &hints, &list) != 0) {
		answer(client, "502 Bad Gateway");
		return -1;
	}
	/* Every address is checked before any is used: a name that has one
	 * private address among public ones is refused. */
	helios_buf_init(&why);
	for (const struct addrinfo *a = list; a && !blocked; a = a->ai_next) {
		struct helios_net_address addr;

		blocked = !address_of(a, &addr) ||
			  !helios_netpolicy_allows(px->rules.allow, px->rules.offline, host, port, &addr, &why);
	}
	if (blocked) {
		note_blocked(shown, host, port, why.len ? helios_buf_str(&why) : "not an internet address");
		answer(client, "403 Forbidden");
	}
	for (const struct addrinfo *a = list; !blocked && a && fd < 0 && tried < ADDRESSES_MAX; a = a->ai_next, tried++)
		fd = connect_to(a, px->rules.timeout_ms);
	if (!blocked && fd < 0)
		answer(client, "502 Bad Gateway");
	helios_buf_release(&why);
	freeaddrinfo(list);
	return fd;
}

/* Move bytes both ways until the server is done or nothing moves for IDLE_MS. */
static void relay(int client, int server)
{
	char block[16384];
	struct pollfd pfd[2] = { { client, POLLIN, 0 }, { server, POLLIN, 0 } };
	for (;;) {
		int ready = poll(pfd, 2, IDLE_MS);

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0)
			return;
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(pfd[i].fd, block, sizeof(block));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0 && i == 1)
				return;	/* the server is done: so is the answer */
			if (n <= 0) {
				/* The client sent all it will: the server may still answer. */
				shutdown(server, SHUT_WR);
				pfd[0].fd = -1;
				continue;
			}
			if (!render_service_write_all(i == 0 ? server : client, block, (size_t)n))
				return;
		}
	}
}

/* The request head without hop-by-hop headers, for the origin server:
 * its request line in origin form and one request per connection. */
static void forward_head(struct helios_buf *out, const char *method, const char *path, const char *version,
			 const char *headers)
{
	bool upgrade = false;	/* a WebSocket's handshake keeps its Connection: Upgrade */

	helios_buf_printf(out, "%s %s %s\r\n", method, path, version);
	for (const char *line = headers; *line;) {
		size_t len = strcspn(line, "\r\n");
		bool connection = strncasecmp(line, "Connection:", 11) == 0;

		if (connection && len < 200) {
			char value[200];

			snprintf(value, sizeof(value), "%.*s", (int)len, line);
			for (char *c = value; *c; c++)
				*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
			upgrade = strstr(value, "upgrade") != NULL;
		}
		if (len && (upgrade && connection ? true :
			    strncasecmp(line, "Proxy-Connection:", 17) != 0 && !connection &&
			    strncasecmp(line, "Keep-Alive:", 11) != 0 && strncasecmp(line, "Proxy-Authorization:", 20) != 0)) {
			helios_buf_append(out, line, len);
			helios_buf_puts(out, "\r\n");
		}
		line += len;
		line += strspn(line, "\r\n");
	}
	/* One request per connection: the next may be for another host. */
	helios_buf_puts(out, upgrade ? "\r\n" : "Connection: close\r\n\r\n");
}

static void proxy_connection(int client, void *data)
{
	const struct proxy *px = data;
	char head[HEAD_MAX + 1], method[16], version[16];
	char *end = NULL, *target, *line_end;
	size_t have = 0;
	struct helios_buf host, out;
	const char *path;
	unsigned port;
	bool connect;
	int server, refused = 0;

	end = render_service_read_head(client, head, HEAD_MAX, &have, IDLE_MS, &refused);
	if (!end && refused)
		answer(client, refused == 431 ? "431 Request Header Fields Too Large" : "400 Bad Request");
	if (!end)
		return;
	line_end = strstr(head, "\r\n");
	*line_end = '\0';
	target = strchr(head, ' ');
	if (sscanf(head, "%15s", method) != 1 || !target || sscanf(target + 1, "%*s %15s", version) != 1 ||
	    strncmp(version, "HTTP/1.", 7) != 0) {
		answer(client, "400 Bad Request");
		return;
	}
	target++;
	target[strcspn(target, " ")] = '\0';
	connect = strcmp(method, "CONNECT") == 0;
	helios_buf_init(&host);
	helios_buf_init(&out);
	/* TLS comes through CONNECT: an https:// URL here would go out in the clear. */
	if (!render_proxy_target(target, connect, &host, &port, &path) || strncasecmp(target, "https:", 6) == 0) {
		answer(client, "400 Bad Request");
	} else if ((server = open_upstream(px, client, target, helios_buf_str(&host), port)) >= 0) {
		end[2] = '\0';	/* the headers end with their last line's CRLF */
		if (connect)
			helios_buf_puts(&out, "HTTP/1.1 200 Connection Established\r\n\r\n");
		else
			forward_head(&out, method, path, version, line_end + 2);
		/* What the client sent after the head (a body, TLS) goes on as it is. */
		if (!out.failed && render_service_write_all(connect ? client : server, out.data, out.len) &&
		    render_service_write_all(server, end + 4, have - (size_t)(end + 4 - head)))
			relay(client, server);
		close(server);
	}
	helios_buf_release(&host);
	helios_buf_release(&out);
}

static int proxy_main(void *data)
{
	const struct proxy *px = data;

	render_service_loop(*px->port, proxy_connection, data);
	return 0;
}

enum helios_status render_proxy_start(struct render_proxy *p, const struct render_proxy_rules *rules,
				      struct helios_error *err)
{
	struct proxy px = { *rules, &p->service.port };
	struct helios_buf url;
	enum helios_status st;

	memset(p, 0, sizeof(*p));
	p->service.log_fd = -1;
	/* ffmpeg goes around its -http_proxy for a host no_proxy names. */
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	st = render_service_start(&p->service, "cannot start the network proxy", proxy_main, &px, err);
	if (st != HELIOS_OK)
		return st;
	helios_buf_init(&url);
	helios_buf_printf(&url, "http://127.0.0.1:%u", p->service.port);
	p->url = helios_buf_take(&url);
	if (!p->url) {
		render_proxy_stop(p);
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	return HELIOS_OK;
}

bool render_proxy_blocked(const struct render_proxy *p, struct helios_buf *out)
{
	char block[1024];
	ssize_t n;

	if (p->service.pid <= 0 || p->service.log_fd < 0)
		return false;
	while ((n = pread(p->service.log_fd, block, sizeof(block) - 1, 0)) < 0 && errno == EINTR)
		;
	if (n <= 0)
		return false;
	block[n] = '\0';
	helios_buf_append(out, block, strcspn(block, "\n"));
	return true;
}

void render_proxy_stop(struct render_proxy *p)
{
	render_service_stop(&p->service);
	free(p->url);
	p->url = NULL;
}
