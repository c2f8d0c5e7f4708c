/* The page's media sources before ffmpeg reads them: a composition is
 * untrusted code, and ffmpeg would open any path or URL it is given. A
 * source is resolved by the file server's own rules, or is a public
 * address, or is refused with a message naming it. */
#ifndef HELIOS_RENDER_SOURCE_H
#define HELIOS_RENDER_SOURCE_H

#include <stdbool.h>
#include <sys/socket.h>

#include "helios/buf.h"
#include "helios/status.h"

struct render_source_rules {
	const char *origin;	/* our server's "http://127.0.0.1:PORT"; NULL when none */
	const char *root;	/* the directory it serves (a real path); NULL when none */
	const char *input;	/* the input URL the user named, whose origin is allowed; may be NULL */
};

/* What ffmpeg may open for the media source src, into out: the real path
 * of the file our server would serve for it (same-origin URL, or a file://
 * URL inside the root), a data: URL, or an http(s) URL of the input's
 * origin or of a host whose every address is public.  Anything else is
 * HELIOS_EFAIL naming src and why. */
enum helios_status render_source_resolve(const struct render_source_rules *rules, const char *src,
					 struct helios_buf *out, struct helios_error *err);

/* NULL for a public internet address, else what it is ("loopback",
 * "private", "link-local", "reserved"), for IPv4 and IPv6 (an IPv4
 * address inside IPv6, mapped or translated, is judged as IPv4). */
const char *render_source_address_kind(const struct sockaddr *sa);

/* The host of an http(s) URL into out (brackets of an IPv6 literal
 * removed, userinfo and port dropped); false when it has none. */
bool render_source_url_host(const char *url, struct helios_buf *out);

#endif
