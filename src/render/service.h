/* A helper process of the renderer that answers connections on the
 * loopback address (the file server, the proxy): its listening socket,
 * its process group, one process per connection under a cap, only for
 * processes of our own user or below the render (a root helios's browser
 * runs as nobody), and a file it appends to that we read. */
#ifndef HELIOS_RENDER_SERVICE_H
#define HELIOS_RENDER_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "helios/status.h"

struct render_service {
	pid_t pid;		/* the service's process; 0 when not running */
	unsigned port;		/* where it listens on 127.0.0.1 */
	int log_fd;		/* while pid: the file it appends to (unlinked); -1 */
};

/* In the service's process: the listening socket and the log file. */
#define RENDER_SERVICE_LISTEN_FD 3
#define RENDER_SERVICE_LOG_FD 4

/* Listen on 127.0.0.1 at a port the system picks and run main(data) in a
 * process group of its own that holds only the socket, the log file and
 * stderr, and dies with us.  what names the service in messages. */
enum helios_status render_service_start(struct render_service *s, const char *what, int (*main)(void *data),
					void *data, struct helios_error *err);

/* Kill the service and every connection's process, reap them, close the
 * log (safe when it never started, and twice). */
void render_service_stop(struct render_service *s);

/* In the service's process: accept connections for ever, each handled by
 * handle(fd, ctx) in a process of its own (which then exits), only from
 * processes of our own user or below the render, at most a fixed number
 * at once. */
void render_service_loop(unsigned port, void (*handle)(int fd, void *ctx), void *ctx);

/* Write all of data to fd (a socket), through interruptions: false when
 * the peer is gone. */
bool render_service_write_all(int fd, const char *data, size_t len);

/* Read a request head from fd into head (max + 1 bytes, of which *have
 * are read already) until the blank line that ends it, waiting at most
 * idle_ms for each read.  Returns where its "\r\n\r\n" starts, with
 * *have the bytes in head (those after it belong to what follows); NULL
 * when the peer went or idled, or with *refuse set: 400 for a NUL byte
 * (which would hide the end), 431 when max bytes hold no end. */
char *render_service_read_head(int fd, char *head, size_t max, size_t *have, int idle_ms, int *refuse);

#endif
