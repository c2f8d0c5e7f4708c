#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

/* A kept-alive connection the browser stopped using is closed after this. */
#define IDLE_MS 60000
/* The longest request head we read; the browser's are under 2 KiB. */
#define HEAD_MAX 16384

static const struct {
	const char *ext;
	const char *type;
} mime_types[] = {
	{ "html", "text/html; charset=utf-8" }, { "htm", "text/html; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" }, { "mjs", "text/javascript; charset=utf-8" },
	{ "cjs", "text/javascript; charset=utf-8" }, { "css", "text/css; charset=utf-8" },
	{ "json", "application/json" }, { "map", "application/json" },
	{ "txt", "text/plain; charset=utf-8" }, { "csv", "text/csv; charset=utf-8" },
	{ "xml", "application/xml" }, { "svg", "image/svg+xml" }, { "png", "image/png" },
	{ "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "gif", "image/gif" },
	{ "webp", "image/webp" }, { "avif", "image/avif" }, { "ico", "image/x-icon" },
	{ "bmp", "image/bmp" }, { "woff", "font/woff" }, { "woff2", "font/woff2" },
	{ "ttf", "font/ttf" }, { "otf", "font/otf" }, { "wasm", "application/wasm" },
	{ "mp4", "video/mp4" }, { "m4v", "video/mp4" }, { "webm", "video/webm" },
	{ "mov", "video/quicktime" }, { "mkv", "video/x-matroska" }, { "ogv", "video/ogg" },
	{ "mp3", "audio/mpeg" }, { "m4a", "audio/mp4" }, { "aac", "audio/aac" },
	{ "wav", "audio/wav" }, { "ogg", "audio/ogg" }, { "oga", "audio/ogg" },
	{ "opus", "audio/ogg" }, { "flac", "audio/flac" }, { "vtt", "text/vtt; charset=utf-8" },
	{ "srt", "text/plain; charset=utf-8" }, { "glb", "model/gltf-binary" },
	{ "gltf", "model/gltf+json" }, { "pdf", "application/pdf" },
};

const char *render_server_mime_type(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');

	for (size_t i = 0; dot && i < sizeof(mime_types) / sizeof(mime_types[0]); i++)
		if (strcasecmp(dot + 1, mime_types[i].ext) == 0)
			return mime_types[i].type;
	return "application/octet-stream";
}

static bool parse_offset(const char **s, off_t *value)
{
	long long v = 0;

	if (**s < '0' || **s > '9')
		return false;
	for (; **s >= '0' && **s <= '9'; (*s)++) {
		if (v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (**s - '0');
	}
	*value = (off_t)v;
	return true;
}

int render_server_parse_range(const char *value, off_t size, off_t *first, off_t *last)
{
	const char *s = value;
	off_t a, b;

	if (!s || strncasecmp(s, "bytes=", 6) != 0 || strchr(s, ','))
		return 0;
	s += 6;
	if (*s == '-') {
		/* The last b bytes. */
		s++;
		if (!parse_offset(&s, &b) || *s)
			return 0;
		if (b == 0 || size == 0)
			return -1;
		*first = b >= size ? 0 : size - b;
		*last = size - 1;
		return 1;
	}
	if (!parse_offset(&s, &a) || *s++ != '-')
		return 0;
	if (*s == '\0') {
		b = size - 1;
	} else if (!parse_offset(&s, &b) || *s || b < a) {
		return 0;
	}
	if (a >= size)
		return -1;
	*first = a;
	*last = b >= size ? size - 1 : b;
	return 1;
}

bool render_server_decode_target(const char *target, struct helios_buf *out)
{
	const char *segment;

	helios_buf_clear(out);
	if (target[0] != '/')
		return false;
	render_text_url_decode_path(target, out);
	if (out->failed || memchr(out->data, '\0', out->len))
		return false;
	/* No segment may climb out of the root, however it was spelled. */
	for (segment = helios_buf_str(out); segment; segment = strchr(segment + 1, '/'))
		if (strncmp(segment, "/..", 3) == 0 && (segment[3] == '/' || segment[3] == '\0'))
			return false;
	return true;
}

bool render_server_path(const char *origin, const char *root, const char *url, struct helios_buf *out)
{
	size_t n = origin ? strlen(origin) : 0;

	if (!origin || strncmp(url, origin, n) != 0 || url[n] != '/')
		return false;
	helios_buf_puts(out, root);
	render_text_url_decode_path(url + n, out);
	return true;
}

bool render_server_url(const struct render_server *s, const char *abs_path, struct helios_buf *out)
{
	size_t n = strlen(s->root);

	if (strncmp(abs_path, s->root, n) != 0 || (abs_path[n] != '/' && !(n == 1 && s->root[0] == '/')))
		return false;
	helios_buf_puts(out, s->origin);
	if (n == 1)
		n = 0;	/* the root is "/" itself */
	render_text_url_encode_path(abs_path + n, out);
	return true;
}

static bool send_status(int fd, int code, const char *reason, const char *extra, bool head_only, bool keep_alive)
{
	char text[1024];
	int n = snprintf(text, sizeof(text),
			 "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
			 "Content-Length: %zu\r\nCache-Control: no-store\r\n%sConnection: %s\r\n\r\n%s",
			 code, reason, head_only ? 0 : strlen(reason) + 1, extra ? extra : "",
			 keep_alive ? "keep-alive" : "close", head_only ? "" : reason);

	if (n < 0 || (size_t)n >= sizeof(text))
		return false;
	return render_service_write_all(fd, text, (size_t)n) && (head_only || render_service_write_all(fd, "\n", 1));
}

struct request {
	char method[8];
	char *target;
	const char *range;	/* the Range header's value or NULL */
	bool keep_alive;
};

/* Split a request head (NUL-terminated, without the blank line) in place. */
static bool parse_request(char *head, struct request *r)
{
	char *line = head, *next, *version;
	bool http11;

	memset(r, 0, sizeof(*r));
	next = strstr(line, "\r\n");
	if (next)
		*next = '\0';
	if (sscanf(line, "%7s", r->method) != 1)
		return false;
	r->target = strchr(line, ' ');
	if (!r->target)
		return false;
	*r->target++ = '\0';
	version = strchr(r->target, ' ');
	if (!version)
		return false;
	*version++ = '\0';
	if (strncmp(version, "HTTP/1.", 7) != 0)
		return false;
	http11 = strcmp(version, "HTTP/1.0") != 0;
	r->keep_alive = http11;
	while (next) {
		char *name = next + 2, *value;

		next = strstr(name, "\r\n");
		if (next)
			*next = '\0';
		value = strchr(name, ':');
		if (!value)
			continue;
		*value++ = '\0';
		value += strspn(value, " \t");
		if (strcasecmp(name, "Range") == 0)
			r->range = value;
		else if (strcasecmp(name, "Connection") == 0)
			r->keep_alive = strcasecmp(value, "close") != 0 &&
					(http11 || strcasecmp(value, "keep-alive") == 0);
	}
	return true;
}

static bool send_file(int fd, int file, const char *name, off_t size, const struct request *r, bool head_only)
{
	char text[1024];
	off_t first = 0, last = size - 1, offset;
	int range = render_server_parse_range(r->range, size, &first, &last);
	int n;

	if (range < 0) {
		snprintf(text, sizeof(text), "Content-Range: bytes */%lld\r\n", (long long)size);
		return send_status(fd, 416, "Range Not Satisfiable", text, head_only, r->keep_alive);
	}
	if (range == 0) {
		first = 0;
		last = size - 1;
	}
	n = snprintf(text, sizeof(text), "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %lld\r\n",
		     range ? "206 Partial Content" : "200 OK", render_server_mime_type(name),
		     (long long)(last - first + 1));
	if (range)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "Content-Range: bytes %lld-%lld/%lld\r\n",
			      (long long)first, (long long)last, (long long)size);
	n += snprintf(text + n, sizeof(text) - (size_t)n,
		      "Accept-Ranges: bytes\r\nCache-Control: no-store\r\nConnection: %s\r\n\r\n",
		      r->keep_alive ? "keep-alive" : "close");
	if (!render_service_write_all(fd, text, (size_t)n))
		return false;
	if (head_only)
		return true;
	for (offset = first; offset <= last;) {
		ssize_t sent = sendfile(fd, file, &offset, (size_t)(last - offset + 1));

		if (sent < 0 && errno == EINTR)
			continue;
		if (sent <= 0)
			return false;
	}
	return true;
}

/* A segment of path (from its start, or after a '/') that names a hidden
 * file or directory: ".git", ".env", any ".name". */
static bool has_hidden_segment(const char *path)
{
	for (const char *p = path; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (*p == '.')
			return true;
	}
	return false;
}

int render_server_resolve(const char *root, const char *target, char **real)
{
	struct helios_buf location, path;
	size_t root_len = strlen(root);
	struct stat st;
	int code;

	*real = NULL;
	helios_buf_init(&location);
	helios_buf_init(&path);
	if (!render_server_decode_target(target, &location)) {
		code = 400;
		goto out;
	}
	/* Hidden files (a checkout's .git, a .env) are not the page's, as
	 * asked for or as reached through a link; the root's own path may
	 * hold such a segment. */
	if (has_hidden_segment(helios_buf_str(&location))) {
		code = 404;
		goto out;
	}
	helios_buf_puts(&path, root_len == 1 ? "" : root);
	helios_buf_puts(&path, helios_buf_str(&location));
	if (helios_buf_str(&path)[path.len - 1] == '/')
		helios_buf_puts(&path, "index.html");
	if (path.failed) {
		code = 500;
		goto out;
	}
	*real = realpath(helios_buf_str(&path), NULL);
	if (!*real) {
		code = errno == ENOENT || errno == ENOTDIR ? 404 : 403;
		goto out;
	}
	/* A symbolic link may point anywhere inside the root, nowhere else. */
	if (root_len > 1 && (strncmp(*real, root, root_len) != 0 || (*real)[root_len] != '/'))
		code = 403;
	else if (has_hidden_segment(*real + (root_len > 1 ? root_len : 0)))
		code = 404;
	else if (stat(*real, &st) != 0)
		code = errno == ENOENT ? 404 : 403;
	else if (S_ISDIR(st.st_mode))
		code = 301;
	else	/* a FIFO or a device would hang or never end */
		code = S_ISREG(st.st_mode) ? 200 : 403;
out:
	if (code != 200 && code != 301) {
		free(*real);
		*real = NULL;
	}
	helios_buf_release(&path);
	helios_buf_release(&location);
	return code;
}

/* Where the server and its connections list the files they served
 * (render_server_served reads it). */
#define SERVED_FD RENDER_SERVICE_LOG_FD

/* Answer one request; false when the connection must close. */
static bool respond(int fd, const char *root, struct request *r)
{
	bool head_only = strcmp(r->method, "HEAD") == 0;
	struct helios_buf location;
	char *real = NULL;
	struct stat st;
	bool ok;
	int file;

	if (!head_only && strcmp(r->method, "GET") != 0) {
		send_status(fd, 405, "Method Not Allowed", "Allow: GET, HEAD\r\n", false, false);
		return false;
	}
	switch (render_server_resolve(root, r->target, &real)) {
	case 200:
		break;
	case 301: {
		/* "/dir" -> "/dir/", so that the page's relative URLs resolve inside it. */
		char *query = strpbrk(r->target, "?#");

		helios_buf_init(&location);
		helios_buf_puts(&location, "Location: ");
		helios_buf_append(&location, r->target, query ? (size_t)(query - r->target) : strlen(r->target));
		helios_buf_puts(&location, "/\r\n");
		ok = send_status(fd, 301, "Moved Permanently", helios_buf_str(&location), head_only, r->keep_alive);
		helios_buf_release(&location);
		free(real);
		return ok && r->keep_alive;
	}
	case 400:
		return send_status(fd, 400, "Bad Request", NULL, head_only, r->keep_alive) && r->keep_alive;
	case 404:
		return send_status(fd, 404, "Not Found", NULL, head_only, r->keep_alive) && r->keep_alive;
	case 500:
		send_status(fd, 500, "Internal Server Error", NULL, head_only, false);
		return false;
	default:
		return send_status(fd, 403, "Forbidden", NULL, head_only, r->keep_alive) && r->keep_alive;
	}
	/* O_NONBLOCK: a FIFO swapped in since would not hold the handler. */
	file = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (file < 0 || fstat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
		ok = send_status(fd, file < 0 && errno == ENOENT ? 404 : 403,
				 file < 0 && errno == ENOENT ? "Not Found" : "Forbidden", NULL, head_only,
				 r->keep_alive);
		if (file >= 0)
			close(file);
		free(real);
		return ok && r->keep_alive;
	}
	/* One write on an O_APPEND file: connections never interleave names. */
	if (write(SERVED_FD, real, strlen(real) + 1) < 0) {
		/* a render outside a job does not need the list */
	}
	ok = send_file(fd, file, real, st.st_size, r, head_only);
	close(file);
	free(real);
	return ok && r->keep_alive;
}

/* Answer a request we will not read to its end, then close without a
 * reset: unread bytes at close() would make the kernel send one, and the
 * client could lose the answer.  The rest is read and dropped for a short
 * while. */
static void refuse(int fd, int code, const char *reason)
{
	char sink[4096];
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t total = 0;

	if (!send_status(fd, code, reason, NULL, false, false))
		return;
	shutdown(fd, SHUT_WR);
	while (total < (1 << 20) && poll(&pfd, 1, 1000) > 0) {
		ssize_t n = read(fd, sink, sizeof(sink));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += (size_t)n;
	}
}

/* Requests on one connection, in order, until it closes or idles. */
static void serve_connection(int fd, const char *root)
{
	char head[HEAD_MAX + 1];
	size_t have = 0;

	for (;;) {
		struct request r;
		int code = 0;
		char *end = render_service_read_head(fd, head, HEAD_MAX, &have, IDLE_MS, &code);

		if (!end && code == 431)
			refuse(fd, 431, "Request Header Fields Too Large");
		if (!end && code == 400)
			refuse(fd, 400, "Bad Request");
		if (!end)
			return;
		if ((*end = '\0', !parse_request(head, &r))) {
			refuse(fd, 400, "Bad Request");
			return;
		}
		if (!respond(fd, root, &r))
			return;
		/* A pipelined request may follow in the same read. */
		end += 4;
		have -= (size_t)(end - head);
		memmove(head, end, have);
	}
}

static void connection(int fd, void *root)
{
	serve_connection(fd, root);
}

/* What the server process needs. */
struct server {
	const char *root;
	const unsigned *port;
};

static int server_main(void *data)
{
	const struct server *srv = data;

	render_service_loop(*srv->port, connection, (void *)srv->root);
	return 0;
}

enum helios_status render_server_start(struct render_server *s, const char *root, struct helios_error *err)
{
	struct helios_buf origin, what;
	struct server srv;
	enum helios_status st;

	memset(s, 0, sizeof(*s));
	s->service.log_fd = -1;
	s->root = realpath(root, NULL);
	if (!s->root)
		return helios_error_set(err, HELIOS_EFAIL, "cannot serve '%s': %s", root, strerror(errno));
	srv.root = s->root;
	srv.port = &s->service.port;	/* known in the child: it is set before the fork */
	helios_buf_init(&what);
	helios_buf_printf(&what, "cannot serve '%s'", root);
	st = render_service_start(&s->service, what.failed ? "cannot serve" : helios_buf_str(&what), server_main,
				  &srv, err);
	helios_buf_release(&what);
	if (st != HELIOS_OK) {
		render_server_stop(s);
		return st;
	}
	helios_buf_init(&origin);
	helios_buf_printf(&origin, "http://127.0.0.1:%u", s->service.port);
	s->origin = helios_buf_take(&origin);
	if (!s->origin) {
		render_server_stop(s);
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	return HELIOS_OK;
}

void render_server_stop(struct render_server *s)
{
	render_service_stop(&s->service);
	free(s->root);
	free(s->origin);
	s->root = s->origin = NULL;
}

void render_server_served(const struct render_server *s, struct helios_buf *out)
{
	struct helios_buf all;
	char block[4096];
	off_t at = 0;
	ssize_t n;

	helios_buf_init(&all);
	while (s->service.pid > 0 && s->service.log_fd >= 0 && (n = pread(s->service.log_fd, block, sizeof(block), at)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		helios_buf_append(&all, block, (size_t)n);
		at += n;
	}
	/* A video's range requests name it many times: keep the first. */
	for (size_t i = 0; i < all.len;) {
		const char *name = all.data + i;
		size_t len = strnlen(name, all.len - i);
		bool seen = false;

		if (i + len == all.len)
			break;
		for (size_t j = 0; j < out->len && !seen; j += strlen(out->data + j) + 1)
			seen = strcmp(out->data + j, name) == 0;
		if (!seen)
			helios_buf_append(out, name, len + 1);
		i += len + 1;
	}
	helios_buf_release(&all);
}
