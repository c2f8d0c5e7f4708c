/* A helper process of the renderer that answers connections on the
 * loopback address (the file server, the proxy): its listening socket,
 * its process group, one process per connection under a cap, only for
 * processes of our own user, and a file it appends to that we read. */
#ifndef HELIOS_RENDER_SERVICE_H
#define HELIOS_RENDER_SERVICE_H

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
 * processes of our own user, at most a fixed number at once. */
void render_service_loop(unsigned port, void (*handle)(int fd, void *ctx), void *ctx);

#endif
