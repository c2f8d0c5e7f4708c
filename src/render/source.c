#include "source.h"

#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "helios/netpolicy.h"
#include "serve.h"
#include "text.h"

const char *render_source_address_kind(const struct sockaddr *sa)
{
	struct helios_net_address a = { { 0 }, 0 };

	if (sa->sa_family == AF_INET) {
		memcpy(a.bytes, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		a.len = 4;
	} else if (sa->sa_family == AF_INET6) {
		memcpy(a.bytes, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		a.len = 16;
	}
	return helios_net_address_kind(&a);
}

bool render_source_url_host(const char *url, struct helios_buf *out)
{
	const char *s = strstr(url, "://"), *end, *at;
	size_t len;

	helios_buf_clear(out);
	if (!s)
		return false;
	s += 3;
	len = strcspn(s, "/?#\\");
	/* userinfo@host:port */
	for (at = s; (end = memchr(at, '@', len - (size_t)(at - s))) != NULL; at = end + 1)
		;
	len -= (size_t)(at - s);
	s = at;
	if (*s == '[') {
		end = memchr(s, ']', len);
		if (!end)
			return false;
		helios_buf_append(out, s + 1, (size_t)(end - s - 1));
	} else {
		end = memchr(s, ':', len);
		helios_buf_append(out, s, end ? (size_t)(end - s) : len);
	}
	return out->len > 0 && !out->failed;
}

/* The origin of an http(s) URL is a prefix of src ending where its path starts. */
static bool same_origin(const char *origin_of, const char *src)
{
	const char *s = origin_of ? strstr(origin_of, "://") : NULL;
	size_t n;

	if (!s || (strncasecmp(origin_of, "http://", 7) != 0 && strncasecmp(origin_of, "https://", 8) != 0))
		return false;
	n = (size_t)(s + 3 - origin_of) + strcspn(s + 3, "/?#");
	return strncasecmp(origin_of, src, n) == 0 && strchr("/?#", src[n]) && src[n];
}

static const char *status_reason(int code)
{
	switch (code) {
	case 400: return "400 Bad Request";
	case 404: return "404 Not Found";
	case 301: return "a directory";
	default: return "403 Forbidden";
	}
}

/* A path below the root, as a request target, to the file the server would serve. */
static enum helios_status served_file(const struct render_source_rules *rules, const char *src,
				      const char *target, struct helios_buf *out, struct helios_error *err)
{
	char *real = NULL;
	int code = render_server_resolve(rules->root, target, &real);

	if (code != 200) {
		free(real);
		return helios_error_set(err, HELIOS_EFAIL, "audio: '%.200s': the file server refuses it (%s)", src,
					status_reason(code));
	}
	helios_buf_puts(out, real);
	free(real);
	return out->failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory") : HELIOS_OK;
}

static enum helios_status file_url(const struct render_source_rules *rules, const char *src,
				   struct helios_buf *out, struct helios_error *err)
{
	struct helios_buf path, target;
	size_t n = rules->root ? strlen(rules->root) : 0;
	enum helios_status st;

	helios_buf_init(&path);
	helios_buf_init(&target);
	if (!render_text_file_url_path(src, &path) || !rules->root ||
	    (n > 1 && (strncmp(helios_buf_str(&path), rules->root, n) != 0 || helios_buf_str(&path)[n] != '/'))) {
		helios_buf_release(&path);
		return helios_error_set(err, HELIOS_EFAIL,
					"audio: '%.200s': a file outside the served directory, which a composition may not read",
					src);
	}
	render_text_url_encode_path(helios_buf_str(&path) + (n > 1 ? n : 0), &target);
	st = target.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
			   : served_file(rules, src, helios_buf_str(&target), out, err);
	helios_buf_release(&path);
	helios_buf_release(&target);
	return st;
}

/* Every address of the URL's host must be public. */
static enum helios_status public_url(const char *src, struct helios_buf *out, struct helios_error *err)
{
	struct helios_buf host;
	struct addrinfo hints = { 0 }, *list = NULL;
	const char *kind = NULL;
	enum helios_status st = HELIOS_OK;
	int rc;

	helios_buf_init(&host);
	if (!render_source_url_host(src, &host)) {
		helios_buf_release(&host);
		return helios_error_set(err, HELIOS_EFAIL, "audio: '%.200s': no host in the URL", src);
	}
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(helios_buf_str(&host), NULL, &hints, &list);
	if (rc != 0)
		st = helios_error_set(err, HELIOS_EFAIL, "audio: '%.200s': cannot resolve '%s': %s", src,
				      helios_buf_str(&host), gai_strerror(rc));
	for (const struct addrinfo *a = list; st == HELIOS_OK && a && !kind; a = a->ai_next)
		kind = render_source_address_kind(a->ai_addr);
	if (kind)
		st = helios_error_set(err, HELIOS_EFAIL,
				      "audio: '%.200s': '%s' is a %s address, which a composition may not reach", src,
				      helios_buf_str(&host), kind);
	if (list)
		freeaddrinfo(list);
	helios_buf_release(&host);
	if (st == HELIOS_OK)
		helios_buf_puts(out, src);
	return st;
}

enum helios_status render_source_resolve(const struct render_source_rules *rules, const char *src,
					 struct helios_buf *out, struct helios_error *err)
{
	size_t n = rules->origin ? strlen(rules->origin) : 0;

	helios_buf_clear(out);
	if (strncasecmp(src, "data:", 5) == 0) {
		helios_buf_puts(out, src);
		return out->failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory") : HELIOS_OK;
	}
	if (strncasecmp(src, "file:", 5) == 0)
		return file_url(rules, src, out, err);
	if (n && rules->root && strncmp(src, rules->origin, n) == 0 && src[n] == '/')
		return served_file(rules, src, src + n, out, err);
	if (strncasecmp(src, "http://", 7) != 0 && strncasecmp(src, "https://", 8) != 0)
		return helios_error_set(err, HELIOS_EFAIL,
					"audio: '%.200s': ffmpeg cannot read this source "
					"(mark the element data-helios-no-audio to leave it out)",
					src);
	/* The user named the input's origin. */
	if (same_origin(rules->input, src)) {
		helios_buf_puts(out, src);
		return out->failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory") : HELIOS_OK;
	}
	return public_url(src, out, err);
}
