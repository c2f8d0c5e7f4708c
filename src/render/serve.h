/* A static file server on the loopback address for the length of one
 * render, so that a local composition loads as it does from a web server:
 * absolute paths (/assets/x.js, as `vite build` writes them), module
 * scripts, fetch() and fonts all resolve inside its root directory. */
#ifndef HELIOS_RENDER_SERVE_H
#define HELIOS_RENDER_SERVE_H

#include <stdbool.h>
#include <sys/types.h>

#include "helios/buf.h"
#include "helios/status.h"
#include "service.h"

struct render_server {
	struct render_service service;	/* its log: the real path of each file served, NUL after each */
	char *root;		/* the real path of the served directory */
	char *origin;		/* "http://127.0.0.1:PORT" */
};

/* Serve the directory root on 127.0.0.1 at a port the system picks.  The
 * server answers only connections made by processes of our own user or
 * below the render (a root helios's browser runs as nobody), and ends when
 * we do. */
enum helios_status render_server_start(struct render_server *s, const char *root, struct helios_error *err);

/* The real path of every file served so far, once each, each ending in a
 * NUL byte, appended to out (a chunk's fingerprint covers them). */
void render_server_served(const struct render_server *s, struct helios_buf *out);

/* Stop the server (safe when it never started, and twice). */
void render_server_stop(struct render_server *s);

/* The URL of abs_path, a real path inside the root: false when outside. */
bool render_server_url(const struct render_server *s, const char *abs_path, struct helios_buf *out);

/* The file a URL of this server names (query and fragment dropped, %XX
 * decoded): false when the URL is not one of this server's. */
bool render_server_path(const char *origin, const char *root, const char *url, struct helios_buf *out);

/* The file a request for target (a path as sent: %XX-encoded, query
 * allowed) names, resolved as the server answers it: 200 with *real (to
 * free) its real path, 301 (*real too) for a directory, else the status
 * the server answers and *real NULL: 400 for a bad target (NUL, ".."),
 * 404 for a missing or hidden file (a segment starting with '.', below
 * the root), 403 for a link out of the root or an unreadable path. */
int render_server_resolve(const char *root, const char *target, char **real);

/* The Content-Type served for a file name. */
const char *render_server_mime_type(const char *name);

/* Parse an HTTP Range header value ("bytes=0-99", "bytes=100-", "bytes=-50")
 * against a file of size bytes into [*first, *last]; 1 for a range, 0 when
 * the header should be ignored (absent, several ranges, not bytes), -1
 * when it cannot be satisfied (416). */
int render_server_parse_range(const char *value, off_t size, off_t *first, off_t *last);

/* Decode the path of a request target ("/a%20b/c.js?x=1") into out,
 * refusing NUL bytes and ".." segments: false for a bad target. */
bool render_server_decode_target(const char *target, struct helios_buf *out);

#endif
