/* The page's way out: a forwarding HTTP proxy on the loopback address for
 * the length of one render, through which the browser and ffmpeg make
 * every request (plain HTTP, and CONNECT for TLS and WebSockets).  It
 * resolves each host once, checks every address by the network policy
 * (helios/netpolicy.h) and connects to the address it checked, so a name
 * cannot resolve to another address between the check and the connection.
 * A refused request is answered 403 and written down for the renderer,
 * which fails the render naming it. */
#ifndef HELIOS_RENDER_PROXY_H
#define HELIOS_RENDER_PROXY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "helios/buf.h"
#include "helios/status.h"
#include "service.h"

struct render_proxy_rules {
	const char *allow;	/* the --allow-net list (with our server and the input's host); may be NULL */
	bool offline;		/* --offline: only what allow names, resolved */
	int64_t timeout_ms;	/* a connection to a host that does not answer fails after this */
};

struct render_proxy {
	struct render_service service;	/* its log: a line for each refused request */
	char *url;		/* "http://127.0.0.1:PORT"; NULL when not running */
};

/* Start the proxy on 127.0.0.1 at a port the system picks; like the file
 * server, it answers only processes of our own user or below the render
 * (a root helios's browser) and ends when we do. */
enum helios_status render_proxy_start(struct render_proxy *p, const struct render_proxy_rules *rules,
				      struct helios_error *err);

/* The first request refused so far, as one line ("blocked request to URL:
 * why (allow it with --allow-net HOST:PORT)"), into out: false when none. */
bool render_proxy_blocked(const struct render_proxy *p, struct helios_buf *out);

/* Stop the proxy (safe when it never started, and twice). */
void render_proxy_stop(struct render_proxy *p);

/* Split a request target of a proxy: "host:port" (CONNECT) or
 * "http(s)://host[:port]/path" into host (brackets removed), port (80 or
 * 443 when none) and the path sent on ("/" when none).  False when it is
 * neither. */
bool render_proxy_target(const char *target, bool connect, struct helios_buf *host, unsigned *port,
			  const char **path);

#endif
