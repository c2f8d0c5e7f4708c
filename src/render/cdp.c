#include "cdp.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void render_cdp_init(struct render_cdp *c, int wfd, int rfd)
{
	memset(c, 0, sizeof(*c));
	c->wfd = wfd;
	c->rfd = rfd;
	c->next_id = 1;
	helios_buf_init(&c->in);
}

void render_cdp_release(struct render_cdp *c)
{
	if (c->wfd >= 0)
		close(c->wfd);
	if (c->rfd >= 0)
		close(c->rfd);
	c->wfd = c->rfd = -1;
	helios_buf_release(&c->in);
	while (c->stash_count > 0)
		cJSON_Delete(c->stash[--c->stash_count]);
}

static void stash_reply(struct render_cdp *c, cJSON *msg)
{
	const size_t max = sizeof(c->stash) / sizeof(c->stash[0]);

	if (c->stash_count == max) {
		cJSON_Delete(c->stash[0]);
		memmove(c->stash, c->stash + 1, (max - 1) * sizeof(c->stash[0]));
		c->stash_count--;
	}
	c->stash[c->stash_count++] = msg;
}

/* The stashed reply to id, taken out of the stash; NULL when none. */
static cJSON *stashed_reply(struct render_cdp *c, int id)
{
	for (size_t i = 0; i < c->stash_count; i++) {
		const cJSON *mid = cJSON_GetObjectItemCaseSensitive(c->stash[i], "id");
		cJSON *msg = c->stash[i];

		if (mid->valueint != id)
			continue;
		memmove(c->stash + i, c->stash + i + 1, (c->stash_count - i - 1) * sizeof(c->stash[0]));
		c->stash_count--;
		return msg;
	}
	return NULL;
}

int64_t render_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum helios_status write_all(struct render_cdp *c, const char *data, size_t len,
				    struct helios_error *err)
{
	while (len > 0) {
		ssize_t n = write(c->wfd, data, len);

		if (n < 0 && errno == EINTR && !(c->interrupted && *c->interrupted))
			continue;
		if (n < 0) {
			if (c->interrupted && *c->interrupted)
				return helios_error_set(err, HELIOS_EINTR, "interrupted");
			c->closed = true;
			return helios_error_set(err, HELIOS_EGONE, "the browser closed the connection (%s)",
						strerror(errno));
		}
		data += n;
		len -= (size_t)n;
	}
	return HELIOS_OK;
}

enum helios_status render_cdp_send(struct render_cdp *c, const char *session, const char *method,
				   cJSON *params, int *id, struct helios_error *err)
{
	cJSON *msg = cJSON_CreateObject();
	char *text;
	enum helios_status st;
	int my_id = c->next_id++;

	if (!msg) {
		cJSON_Delete(params);
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	cJSON_AddNumberToObject(msg, "id", my_id);
	cJSON_AddStringToObject(msg, "method", method);
	if (session)
		cJSON_AddStringToObject(msg, "sessionId", session);
	cJSON_AddItemToObject(msg, "params", params ? params : cJSON_CreateObject());
	text = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
	if (!text)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	/* The NUL that ends the C string is the message separator. */
	st = write_all(c, text, strlen(text) + 1, err);
	cJSON_free(text);
	if (st == HELIOS_OK && id)
		*id = my_id;
	return st;
}

/* Read what is available, waiting at most until deadline. */
static enum helios_status fill(struct render_cdp *c, int64_t deadline_ms, struct helios_error *err)
{
	char chunk[65536];
	struct pollfd pfd = { .fd = c->rfd, .events = POLLIN };
	int64_t left = deadline_ms - render_clock_ms();
	ssize_t n;
	int r;

	if (c->closed)
		return helios_error_set(err, HELIOS_EGONE, "the browser closed the connection");
	if (left <= 0)
		return helios_error_set(err, HELIOS_ETIMEDOUT, "timed out");
	r = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
	if (c->interrupted && *c->interrupted)
		return helios_error_set(err, HELIOS_EINTR, "interrupted");
	if (r < 0 && errno == EINTR)
		return HELIOS_OK;
	if (r < 0)
		return helios_error_set(err, HELIOS_EIO, "poll: %s", strerror(errno));
	if (r == 0)
		return HELIOS_OK;	/* the caller checks the deadline again */
	n = read(c->rfd, chunk, sizeof(chunk));
	if (n < 0 && errno == EINTR)
		return HELIOS_OK;
	if (n <= 0) {
		c->closed = true;
		return helios_error_set(err, HELIOS_EGONE, "the browser closed the connection");
	}
	helios_buf_append(&c->in, chunk, (size_t)n);
	if (c->in.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	return HELIOS_OK;
}

/* The next complete message, or NULL when none is buffered. */
static cJSON *next_message(struct render_cdp *c)
{
	char *nul;
	cJSON *msg;
	size_t len;

	while (c->in.len > c->scanned) {
		nul = memchr(c->in.data + c->scanned, '\0', c->in.len - c->scanned);
		if (!nul) {
			c->scanned = c->in.len;
			return NULL;
		}
		len = (size_t)(nul - c->in.data);
		msg = cJSON_ParseWithLength(c->in.data, len);
		memmove(c->in.data, nul + 1, c->in.len - len - 1);
		c->in.len -= len + 1;
		c->in.data[c->in.len] = '\0';
		c->scanned = 0;
		if (msg)
			return msg;
		/* Not JSON: the protocol never sends this; skip it. */
	}
	return NULL;
}

static void dispatch_event(struct render_cdp *c, const cJSON *msg)
{
	const cJSON *method = cJSON_GetObjectItemCaseSensitive(msg, "method");
	const cJSON *session = cJSON_GetObjectItemCaseSensitive(msg, "sessionId");

	if (c->on_event && cJSON_IsString(method))
		c->on_event(c->event_ctx, method->valuestring,
			    cJSON_GetObjectItemCaseSensitive(msg, "params"),
			    cJSON_IsString(session) ? session->valuestring : NULL);
}

enum helios_status render_cdp_wait(struct render_cdp *c, int id, int64_t deadline_ms, cJSON **result,
				   struct helios_error *err)
{
	enum helios_status st;
	cJSON *msg;

	if (result)
		*result = NULL;
	for (;;) {
		cJSON *early = stashed_reply(c, id);

		while ((msg = early ? early : next_message(c)) != NULL) {
			const cJSON *mid = cJSON_GetObjectItemCaseSensitive(msg, "id");
			const cJSON *error, *text;

			early = NULL;
			if (!cJSON_IsNumber(mid)) {
				dispatch_event(c, msg);
				cJSON_Delete(msg);
				continue;
			}
			if (mid->valueint != id) {
				stash_reply(c, msg);
				continue;
			}
			error = cJSON_GetObjectItemCaseSensitive(msg, "error");
			if (error) {
				text = cJSON_GetObjectItemCaseSensitive(error, "message");
				helios_error_set(err, HELIOS_EFAIL, "%s",
						 cJSON_IsString(text) ? text->valuestring : "protocol error");
				cJSON_Delete(msg);
				return HELIOS_EFAIL;
			}
			if (result)
				*result = cJSON_DetachItemFromObjectCaseSensitive(msg, "result");
			cJSON_Delete(msg);
			return HELIOS_OK;
		}
		if (c->stop && *c->stop)
			return helios_error_set(err, HELIOS_EFAIL, "stopped by an event");
		st = fill(c, deadline_ms, err);
		if (st != HELIOS_OK)
			return st;
	}
}

enum helios_status render_cdp_call(struct render_cdp *c, const char *session, const char *method,
				   cJSON *params, int64_t deadline_ms, cJSON **result,
				   struct helios_error *err)
{
	int id;
	enum helios_status st = render_cdp_send(c, session, method, params, &id, err);

	if (st != HELIOS_OK) {
		if (result)
			*result = NULL;
		return st;
	}
	return render_cdp_wait(c, id, deadline_ms, result, err);
}

enum helios_status render_cdp_pump(struct render_cdp *c, bool (*done)(void *ctx), void *ctx,
				   int64_t deadline_ms, struct helios_error *err)
{
	enum helios_status st;
	cJSON *msg;

	for (;;) {
		while (!done(ctx) && (msg = next_message(c)) != NULL) {
			if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(msg, "id"))) {
				stash_reply(c, msg);
				continue;
			}
			dispatch_event(c, msg);
			cJSON_Delete(msg);
		}
		if (done(ctx))
			return HELIOS_OK;
		st = fill(c, deadline_ms, err);
		if (st != HELIOS_OK)
			return st;
	}
}
