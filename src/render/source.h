/* The page's media sources before ffmpeg reads them: a composition is
 * untrusted code, and ffmpeg would open any path or URL it is given. A
 * source is resolved by the file server's own rules, or is an http(s) URL
 * that ffmpeg fetches through the network proxy (proxy.h), or is refused
 * with a message naming it. */
#ifndef HELIOS_RENDER_SOURCE_H
#define HELIOS_RENDER_SOURCE_H

#include <stdbool.h>

#include "helios/buf.h"
#include "helios/status.h"

struct render_source_rules {
	const char *origin;	/* our server's "http://127.0.0.1:PORT"; NULL when none */
	const char *root;	/* the directory it serves (a real path); NULL when none */
};

/* What ffmpeg may open for the media source src, into out: the real path
 * of the file our server would serve for it (same-origin URL, or a file://
 * URL inside the root), a data: URL, or another http(s) URL, which the
 * network proxy judges when ffmpeg asks for it.  Anything else is
 * HELIOS_EFAIL naming src and why. */
enum helios_status render_source_resolve(const struct render_source_rules *rules, const char *src,
					 struct helios_buf *out, struct helios_error *err);

#endif
