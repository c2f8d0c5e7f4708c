#include "source.h"

#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"
#include "text.h"

static const char *ipv4_kind(uint32_t a)
{
	static const struct {
		uint32_t net, mask;
		const char *kind;
	} blocks[] = {
		{ 0x7f000000, 0xff000000, "loopback" },	/* 127/8 */
		{ 0x0a000000, 0xff000000, "private" },		/* 10/8 */
		{ 0xac100000, 0xfff00000, "private" },		/* 172.16/12 */
		{ 0xc0a80000, 0xffff0000, "private" },		/* 192.168/16 */
		{ 0x64400000, 0xffc00000, "private" },		/* 100.64/10, carrier NAT (a metadata service lives there) */
		{ 0xa9fe0000, 0xffff0000, "link-local" },	/* 169.254/16, the cloud metadata service */
		{ 0x00000000, 0xff000000, "reserved" },	/* 0/8, "this host" */
		{ 0xc0000000, 0xffffff00, "reserved" },	/* 192.0.0/24 */
		{ 0xc0000200, 0xffffff00, "reserved" },	/* 192.0.2/24, documentation */
		{ 0xc6120000, 0xfffe0000, "reserved" },	/* 198.18/15, benchmarking */
		{ 0xc6336400, 0xffffff00, "reserved" },	/* 198.51.100/24 */
		{ 0xcb007100, 0xffffff00, "reserved" },	/* 203.0.113/24 */
		{ 0xe0000000, 0xe0000000, "reserved" },	/* 224/4 multicast, 240/4 and broadcast */
	};

	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if ((a & blocks[i].mask) == blocks[i].net)
			return blocks[i].kind;
	return NULL;
}

static uint32_t ipv4_at(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

const char *render_source_address_kind(const struct sockaddr *sa)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	const unsigned char *b;

	if (sa->sa_family == AF_INET)
		return ipv4_kind(ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr));
	if (sa->sa_family != AF_INET6)
		return "reserved";
	b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
	if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
		return ipv4_kind(ipv4_at(b + 12));
	if (b[0] == 0x20 && b[1] == 0x02)	/* 6to4: 2002:V4ADDR::/48 */
		return ipv4_kind(ipv4_at(b + 2));
	if (b[0] == 0 && b[1] == 0) {
		static const unsigned char loopback[16] = { [15] = 1 };

		/* ::1, ::, and the old IPv4-compatible ::a.b.c.d */
		return memcmp(b, loopback, 16) == 0 ? "loopback" : "reserved";
	}
	if ((b[0] & 0xfe) == 0xfc)
		return "private";		/* fc00::/7, unique local (fd00:ec2::254 is a metadata service) */
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return "link-local";		/* fe80::/10 */
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
		return "private";		/* fec0::/10, the old site-local */
	if (b[0] == 0xff || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8))
		return "reserved";		/* multicast, 2001:db8::/32 documentation */
	return NULL;
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
