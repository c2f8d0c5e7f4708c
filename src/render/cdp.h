/* DevTools protocol transport over a pipe pair: each message is one JSON
 * object followed by a NUL byte.  Commands carry increasing ids; replies are
 * matched by id, events go to a callback while we wait. */
#ifndef HELIOS_RENDER_CDP_H
#define HELIOS_RENDER_CDP_H

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "helios/buf.h"
#include "helios/status.h"

typedef void (*render_cdp_event_fn)(void *ctx, const char *method, const cJSON *params,
				    const char *session);

struct render_cdp {
	int wfd;			/* the browser reads commands here (its fd 3) */
	int rfd;			/* replies and events (its fd 4) */
	int next_id;
	struct helios_buf in;		/* bytes read but not yet parsed */
	size_t scanned;			/* in.data[0..scanned) holds no NUL */
	bool closed;			/* the browser closed its end */
	render_cdp_event_fn on_event;
	void *event_ctx;
	volatile sig_atomic_t *interrupted;	/* set by a signal handler: give up */
	const bool *stop;		/* set by an event handler: stop waiting (a crash) */
	/* Replies that came while another one was awaited: commands sent
	 * ahead (two pages at work) are waited for in any order.  The oldest
	 * goes when it is full (a reply to a command nobody waits for). */
	cJSON *stash[8];
	size_t stash_count;
};

void render_cdp_init(struct render_cdp *c, int wfd, int rfd);
/* Closes both fds. */
void render_cdp_release(struct render_cdp *c);

/* Milliseconds of a monotonic clock, for deadlines. */
int64_t render_clock_ms(void);

/* Send method(params) to session (NULL: the browser) without waiting;
 * params is consumed (may be NULL).  *id (may be NULL) gets the command id. */
enum helios_status render_cdp_send(struct render_cdp *c, const char *session, const char *method,
				   cJSON *params, int *id, struct helios_error *err);

/* Wait for the reply to id, handling events meanwhile.  *result (may be
 * NULL) gets the reply's "result", owned by the caller.  A protocol error
 * becomes HELIOS_EFAIL "<message>"; no reply by deadline_ms,
 * HELIOS_ETIMEDOUT "timed out"; the browser gone, HELIOS_EGONE; a signal
 * (interrupted), HELIOS_EINTR. */
enum helios_status render_cdp_wait(struct render_cdp *c, int id, int64_t deadline_ms, cJSON **result,
				   struct helios_error *err);

/* send + wait. */
enum helios_status render_cdp_call(struct render_cdp *c, const char *session, const char *method,
				   cJSON *params, int64_t deadline_ms, cJSON **result,
				   struct helios_error *err);

/* Handle events until done(ctx) is true or the deadline passes. */
enum helios_status render_cdp_pump(struct render_cdp *c, bool (*done)(void *ctx), void *ctx,
				   int64_t deadline_ms, struct helios_error *err);

#endif
