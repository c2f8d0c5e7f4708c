#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"
#include "text.h"

static void set_string(char **dst, const char *text)
{
	if (!*dst)
		*dst = strdup(text);
}

void render_page_describe_url(const char *url, const struct render_site *site, struct helios_buf *out)
{
	if (site && render_server_path(site->origin, site->root, url, out))
		return;
	if (strncmp(url, "file://", 7) == 0)
		render_text_file_url_path(url, out);
	else
		helios_buf_puts(out, url);
}

void render_page_describe_exception(const cJSON *details, const struct render_site *site,
				    struct helios_buf *out)
{
	const cJSON *exc = cJSON_GetObjectItemCaseSensitive(details, "exception");
	const cJSON *desc = cJSON_GetObjectItemCaseSensitive(exc, "description");
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(exc, "value");
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(details, "text");
	const cJSON *url = cJSON_GetObjectItemCaseSensitive(details, "url");
	const cJSON *line = cJSON_GetObjectItemCaseSensitive(details, "lineNumber");
	const cJSON *col = cJSON_GetObjectItemCaseSensitive(details, "columnNumber");
	const cJSON *stack = cJSON_GetObjectItemCaseSensitive(details, "stackTrace");
	const cJSON *frames = cJSON_GetObjectItemCaseSensitive(stack, "callFrames");
	const cJSON *top = cJSON_GetArrayItem(frames, 0);
	const char *where;

	if (cJSON_IsString(desc)) {
		/* The first line of "Error: boom\n    at f (file:1:2)". */
		size_t len = strcspn(desc->valuestring, "\n");

		helios_buf_append(out, desc->valuestring, len);
	} else if (cJSON_IsString(value)) {
		helios_buf_printf(out, "%s %s", cJSON_IsString(text) ? text->valuestring : "Uncaught",
				  value->valuestring);
	} else if (cJSON_IsNumber(value)) {
		helios_buf_printf(out, "%s %g", cJSON_IsString(text) ? text->valuestring : "Uncaught",
				  value->valuedouble);
	} else {
		helios_buf_puts(out, cJSON_IsString(text) ? text->valuestring : "exception");
	}
	/* Where: the exception's own position, else the top of its stack. */
	if (!cJSON_IsString(url) || !*url->valuestring) {
		url = cJSON_GetObjectItemCaseSensitive(top, "url");
		line = cJSON_GetObjectItemCaseSensitive(top, "lineNumber");
		col = cJSON_GetObjectItemCaseSensitive(top, "columnNumber");
	}
	if (!cJSON_IsString(url) || !*url->valuestring || !cJSON_IsNumber(line))
		return;
	where = url->valuestring;
	helios_buf_puts(out, " at ");
	render_page_describe_url(where, site, out);
	/* In long long: cJSON caps valueint at INT_MAX, and INT_MAX + 1 is undefined. */
	helios_buf_printf(out, ":%lld", (long long)line->valueint + 1);
	if (cJSON_IsNumber(col))
		helios_buf_printf(out, ":%lld", (long long)col->valueint + 1);
}

/* The kinds of request without which a frame is wrong; what a failed
 * fetch() or XMLHttpRequest means is the page's own business. */
static const struct {
	const char *type;
	const char *what;
} needed_loads[] = {
	{ "Document", "the page" }, { "Script", "the script" }, { "Stylesheet", "the stylesheet" },
	{ "Font", "the font" }, { "Image", "the image" }, { "Media", "the media file" },
};

static const char *needed_load(const cJSON *type)
{
	for (size_t i = 0; cJSON_IsString(type) && i < sizeof(needed_loads) / sizeof(needed_loads[0]); i++)
		if (strcmp(type->valuestring, needed_loads[i].type) == 0)
			return needed_loads[i].what;
	return NULL;
}

static void load_failed(struct render_page *p, const char *what, const char *url, const char *why)
{
	struct helios_buf text;

	if (p->load_error)
		return;
	helios_buf_init(&text);
	helios_buf_printf(&text, "cannot load %s '", what);
	render_page_describe_url(url, &p->site, &text);
	helios_buf_printf(&text, "': %s", why);
	p->load_error = helios_buf_take(&text);
}

static struct render_request *find_request(struct render_page *p, const char *id)
{
	for (size_t i = 0; i < p->request_count; i++)
		if (strcmp(p->requests[i].id, id) == 0)
			return &p->requests[i];
	return NULL;
}

static void forget_request(struct render_page *p, struct render_request *r)
{
	free(r->id);
	free(r->url);
	*r = p->requests[--p->request_count];
}

static void on_request(struct render_page *p, const cJSON *params)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(params, "requestId");
	const cJSON *request = cJSON_GetObjectItemCaseSensitive(params, "request");
	const cJSON *url = cJSON_GetObjectItemCaseSensitive(request, "url");
	const char *what = needed_load(cJSON_GetObjectItemCaseSensitive(params, "type"));
	struct render_request *r;

	if (!what || !cJSON_IsString(id) || !cJSON_IsString(url))
		return;
	r = find_request(p, id->valuestring);
	if (r) {
		/* A redirect: the same request under its new URL. */
		char *moved = strdup(url->valuestring);

		if (moved) {
			free(r->url);
			r->url = moved;
		}
		return;
	}
	if (p->request_count == p->request_alloc) {
		size_t alloc = p->request_alloc ? 2 * p->request_alloc : 16;
		struct render_request *grown = realloc(p->requests, alloc * sizeof(*grown));

		if (!grown)
			return;
		p->requests = grown;
		p->request_alloc = alloc;
	}
	r = &p->requests[p->request_count];
	r->id = strdup(id->valuestring);
	r->url = strdup(url->valuestring);
	r->type = what;
	if (!r->id || !r->url) {
		free(r->id);
		free(r->url);
		return;
	}
	p->request_count++;
}

static void on_response(struct render_page *p, const cJSON *params)
{
	const cJSON *response = cJSON_GetObjectItemCaseSensitive(params, "response");
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(response, "status");
	const cJSON *status_text = cJSON_GetObjectItemCaseSensitive(response, "statusText");
	const cJSON *url = cJSON_GetObjectItemCaseSensitive(response, "url");
	const char *what = needed_load(cJSON_GetObjectItemCaseSensitive(params, "type"));
	char why[160];

	if (!what || !cJSON_IsNumber(status) || status->valuedouble < 400 || !cJSON_IsString(url))
		return;
	snprintf(why, sizeof(why), "HTTP %d%s%.100s", status->valueint,
		 cJSON_IsString(status_text) && *status_text->valuestring ? " " : "",
		 cJSON_IsString(status_text) ? status_text->valuestring : "");
	load_failed(p, what, url->valuestring, why);
}

static void on_request_done(struct render_page *p, const cJSON *params, bool failed)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(params, "requestId");
	const cJSON *canceled = cJSON_GetObjectItemCaseSensitive(params, "canceled");
	const cJSON *error_text = cJSON_GetObjectItemCaseSensitive(params, "errorText");
	struct render_request *r = cJSON_IsString(id) ? find_request(p, id->valuestring) : NULL;

	if (!r)
		return;
	/* A media element cancels the range requests it no longer needs. */
	if (failed && !cJSON_IsTrue(canceled) &&
	    !(strcmp(r->type, "the media file") == 0 && cJSON_IsString(error_text) &&
	      strcmp(error_text->valuestring, "net::ERR_ABORTED") == 0))
		load_failed(p, r->type, r->url, cJSON_IsString(error_text) ? error_text->valuestring : "failed");
	forget_request(p, r);
}

/* A dialog blocks the page's scripts until someone answers it, and
 * nobody will: the render ends at once, naming it. */
static void on_dialog(struct render_page *p, const cJSON *params)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(params, "type");
	const cJSON *message = cJSON_GetObjectItemCaseSensitive(params, "message");
	const char *kind = cJSON_IsString(type) ? type->valuestring : "";
	struct helios_buf text;

	if (p->dialog)
		return;
	helios_buf_init(&text);
	helios_buf_printf(&text, "the page opened %s %s dialog: %.200s",
			  strcmp(kind, "alert") == 0 ? "an" : "a",
			  strcmp(kind, "beforeunload") == 0 ? "leave-page" : *kind ? kind : "JavaScript",
			  cJSON_IsString(message) ? message->valuestring : "");
	p->dialog = helios_buf_take(&text);
	p->halted = true;
}

static void on_event(void *ctx, const char *method, const cJSON *params, const char *session)
{
	struct render_page *p = ctx;
	bool mine = session && p->session && strcmp(session, p->session) == 0;

	if (!mine && p->next_event)
		p->next_event(p->next_ctx, method, params, session);
	if (strcmp(method, "Target.targetCrashed") == 0 ||
	    (mine && strcmp(method, "Inspector.targetCrashed") == 0)) {
		p->crashed = p->halted = true;
		if (p->crash_flag)
			*p->crash_flag = true;
		return;
	}
	if (!mine)
		return;
	if (strcmp(method, "Page.loadEventFired") == 0) {
		p->loaded = true;
	} else if (strcmp(method, "Page.javascriptDialogOpening") == 0) {
		on_dialog(p, params);
	} else if (strcmp(method, "Runtime.exceptionThrown") == 0 && !p->exception) {
		struct helios_buf text;

		helios_buf_init(&text);
		render_page_describe_exception(cJSON_GetObjectItemCaseSensitive(params, "exceptionDetails"),
					       &p->site, &text);
		p->exception = helios_buf_take(&text);
	} else if (strcmp(method, "Network.requestWillBeSent") == 0) {
		on_request(p, params);
	} else if (strcmp(method, "Network.responseReceived") == 0) {
		on_response(p, params);
	} else if (strcmp(method, "Network.loadingFinished") == 0) {
		on_request_done(p, params, false);
	} else if (strcmp(method, "Network.loadingFailed") == 0) {
		on_request_done(p, params, true);
	}
}

enum helios_status render_page_check(struct render_page *p, struct helios_error *err)
{
	if (p->crashed)
		return helios_error_set(err, HELIOS_EFAIL, "the page crashed (the browser's renderer process died)");
	if (p->dialog)
		return helios_error_set(err, HELIOS_EFAIL, "%s", p->dialog);
	if (p->exception)
		return helios_error_set(err, HELIOS_EFAIL, "the page threw an exception: %s", p->exception);
	if (p->load_error)
		return helios_error_set(err, HELIOS_EFAIL, "%s", p->load_error);
	return HELIOS_OK;
}

/* A failed command (st) of the page: what the page did (it crashed, threw,
 * failed to load) when it did something, else the command's own failure,
 * named. */
static enum helios_status explain_failure(struct render_page *p, enum helios_status st, const char *method,
					  struct helios_error *err)
{
	enum helios_status page_st = render_page_check(p, err);

	if (page_st != HELIOS_OK)
		return page_st;
	helios_error_prefix(err, "%s", method);
	return st;
}

static enum helios_status call(struct render_page *p, const char *method, cJSON *params, cJSON **result,
			       struct helios_error *err)
{
	enum helios_status st = render_cdp_call(p->cdp, p->session, method, params,
						render_clock_ms() + p->timeout_ms, result, err);

	return st != HELIOS_OK ? explain_failure(p, st, method, err) : st;
}

static bool load_done(void *ctx)
{
	struct render_page *p = ctx;

	return p->loaded || p->halted || p->exception || p->load_error;
}

enum helios_status render_page_eval_send(struct render_page *p, const char *expr, int *id,
					 struct helios_error *err)
{
	cJSON *params = cJSON_CreateObject();
	enum helios_status st;

	cJSON_AddStringToObject(params, "expression", expr);
	cJSON_AddBoolToObject(params, "awaitPromise", 1);
	cJSON_AddBoolToObject(params, "returnByValue", 1);
	st = render_cdp_send(p->cdp, p->session, "Runtime.evaluate", params, id, err);
	return st != HELIOS_OK ? explain_failure(p, st, "Runtime.evaluate", err) : st;
}

enum helios_status render_page_eval(struct render_page *p, const char *expr, cJSON **value,
				    struct helios_error *err)
{
	int id;
	enum helios_status st = render_page_eval_send(p, expr, &id, err);

	if (value)
		*value = NULL;
	return st != HELIOS_OK ? st : render_page_eval_wait(p, id, value, err);
}

enum helios_status render_page_eval_wait(struct render_page *p, int id, cJSON **value,
					 struct helios_error *err)
{
	cJSON *result = NULL;
	const cJSON *details, *remote;
	enum helios_status st;
	struct helios_buf text;

	if (value)
		*value = NULL;
	st = render_cdp_wait(p->cdp, id, render_clock_ms() + p->timeout_ms, &result, err);
	if (st != HELIOS_OK)
		return explain_failure(p, st, "Runtime.evaluate", err);
	details = cJSON_GetObjectItemCaseSensitive(result, "exceptionDetails");
	if (details) {
		helios_buf_init(&text);
		render_page_describe_exception(details, &p->site, &text);
		helios_error_set(err, HELIOS_EFAIL, "%s", helios_buf_str(&text));
		helios_buf_release(&text);
		cJSON_Delete(result);
		return HELIOS_EFAIL;
	}
	remote = cJSON_GetObjectItemCaseSensitive(result, "result");
	if (value)
		*value = cJSON_DetachItemFromObjectCaseSensitive((cJSON *)remote, "value");
	cJSON_Delete(result);
	return HELIOS_OK;
}

void render_page_seek_expr(struct helios_buf *out, int64_t frame, struct helios_ratio fps)
{
	helios_buf_printf(out, "__heliosRender.seek(%lld, %lld, %lld)", (long long)frame,
			  (long long)fps.num, (long long)fps.den);
}

static enum helios_status add_script(struct render_page *p, const char *source, struct helios_error *err)
{
	cJSON *params = cJSON_CreateObject(), *result = NULL;
	enum helios_status st;

	cJSON_AddStringToObject(params, "source", source);
	st = call(p, "Page.addScriptToEvaluateOnNewDocument", params, &result, err);
	cJSON_Delete(result);
	return st;
}

static enum helios_status install_props(struct render_page *p, const char *props_json,
					struct helios_error *err)
{
	cJSON *props = cJSON_Parse(props_json);
	char *canon = props ? cJSON_PrintUnformatted(props) : NULL;
	struct helios_buf src;
	enum helios_status st;

	cJSON_Delete(props);
	if (!canon)
		return helios_error_set(err, HELIOS_EINVAL, "--props: not valid JSON");
	/* JSON is a JavaScript expression; freezing keeps frames independent. */
	helios_buf_init(&src);
	helios_buf_printf(&src,
			  "Object.defineProperty(window, '__HELIOS_PROPS__', { value: (%s), writable: false });",
			  canon);
	cJSON_free(canon);
	st = src.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
			: add_script(p, helios_buf_str(&src), err);
	helios_buf_release(&src);
	return st;
}

static enum helios_status attach(struct render_page *p, struct helios_error *err)
{
	cJSON *params = cJSON_CreateObject(), *result = NULL;
	const cJSON *item;
	char *target = NULL;
	enum helios_status st;
	int64_t deadline = render_clock_ms() + p->timeout_ms;

	cJSON_AddStringToObject(params, "url", "about:blank");
	st = render_cdp_call(p->cdp, NULL, "Target.createTarget", params, deadline, &result, err);
	item = cJSON_GetObjectItemCaseSensitive(result, "targetId");
	if (st == HELIOS_OK && cJSON_IsString(item))
		target = strdup(item->valuestring);
	cJSON_Delete(result);
	if (st != HELIOS_OK || !target) {
		free(target);
		return st != HELIOS_OK ? st : helios_error_set(err, HELIOS_EFAIL, "Target.createTarget: no target");
	}
	params = cJSON_CreateObject();
	cJSON_AddStringToObject(params, "targetId", target);
	cJSON_AddBoolToObject(params, "flatten", 1);
	free(target);
	st = render_cdp_call(p->cdp, NULL, "Target.attachToTarget", params, deadline, &result, err);
	item = cJSON_GetObjectItemCaseSensitive(result, "sessionId");
	if (st == HELIOS_OK && cJSON_IsString(item))
		set_string(&p->session, item->valuestring);
	cJSON_Delete(result);
	if (st != HELIOS_OK)
		return st;
	if (!p->session)
		return helios_error_set(err, HELIOS_EFAIL, "Target.attachToTarget: no session");
	return HELIOS_OK;
}

/* The page's own storage (IndexedDB, the origin-private file system, caches)
 * would otherwise take a share of the disk holding the profile: gigabytes. */
static enum helios_status cap_storage(struct render_page *p, const char *url, struct helios_error *err)
{
	const char *host = strstr(url, "://");
	cJSON *params, *result = NULL;
	enum helios_status st;
	char *origin;

	if (!host || (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0))
		return HELIOS_OK;	/* data: and the like have no storage of their own */
	host += 3;
	origin = strndup(url, (size_t)(host - url) + strcspn(host, "/?#"));
	if (!origin)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	params = cJSON_CreateObject();
	cJSON_AddStringToObject(params, "origin", origin);
	cJSON_AddNumberToObject(params, "quotaSize", RENDER_PAGE_STORAGE_MAX);
	free(origin);
	st = call(p, "Storage.overrideQuotaForOrigin", params, &result, err);
	cJSON_Delete(result);
	return st;
}

static enum helios_status navigate(struct render_page *p, const char *url, struct helios_error *err)
{
	cJSON *params = cJSON_CreateObject(), *result = NULL;
	const cJSON *error_text;
	enum helios_status st;

	cJSON_AddStringToObject(params, "url", url);
	st = call(p, "Page.navigate", params, &result, err);
	error_text = cJSON_GetObjectItemCaseSensitive(result, "errorText");
	if (st == HELIOS_OK && cJSON_IsString(error_text) && *error_text->valuestring)
		st = helios_error_set(err, HELIOS_EFAIL, "cannot load '%s': %s", url, error_text->valuestring);
	cJSON_Delete(result);
	if (st != HELIOS_OK)
		return st;
	st = render_cdp_pump(p->cdp, load_done, p, render_clock_ms() + p->timeout_ms, err);
	if (st == HELIOS_OK)
		st = render_page_check(p, err);
	else if (st == HELIOS_ETIMEDOUT)	/* the message names the --timeout: explained */
		st = helios_error_set(err, HELIOS_EFAIL, "'%s' did not finish loading within the --timeout", url);
	return st;
}

enum helios_status render_page_open(struct render_page *p, struct render_cdp *cdp,
				    const struct render_page_options *o, struct helios_error *err)
{
	static const char *const domains[] = { "Page.enable", "Runtime.enable", "Inspector.enable",
					       "Network.enable" };
	cJSON *params, *result = NULL;
	enum helios_status st;

	memset(p, 0, sizeof(*p));
	p->cdp = cdp;
	p->timeout_ms = o->config->timeout_ms;
	p->site = o->site;
	if (cdp->on_event && cdp->event_ctx != p) {
		p->next_event = cdp->on_event;
		p->next_ctx = cdp->event_ctx;
	}
	cdp->on_event = on_event;
	cdp->event_ctx = p;
	cdp->stop = &p->halted;	/* no reply comes from a dead or blocked page */

	st = attach(p, err);
	for (size_t i = 0; st == HELIOS_OK && i < sizeof(domains) / sizeof(domains[0]); i++) {
		st = call(p, domains[i], NULL, &result, err);
		cJSON_Delete(result);
	}
	if (st == HELIOS_OK) {
		params = cJSON_CreateObject();
		cJSON_AddNumberToObject(params, "width", (double)o->config->width);
		cJSON_AddNumberToObject(params, "height", (double)o->config->height);
		cJSON_AddNumberToObject(params, "deviceScaleFactor", 1);
		cJSON_AddBoolToObject(params, "mobile", 0);
		st = call(p, "Emulation.setDeviceMetricsOverride", params, &result, err);
		cJSON_Delete(result);
	}
	/* A transparent render: where the page paints nothing, the
	 * screenshot's pixels are transparent instead of white. */
	if (st == HELIOS_OK && o->config->alpha) {
		cJSON *color = cJSON_CreateObject();

		cJSON_AddNumberToObject(color, "r", 0);
		cJSON_AddNumberToObject(color, "g", 0);
		cJSON_AddNumberToObject(color, "b", 0);
		cJSON_AddNumberToObject(color, "a", 0);
		params = cJSON_CreateObject();
		cJSON_AddItemToObject(params, "color", color);
		st = call(p, "Emulation.setDefaultBackgroundColorOverride", params, &result, err);
		cJSON_Delete(result);
	}
	if (st == HELIOS_OK)
		st = cap_storage(p, o->url, err);
	if (st == HELIOS_OK && o->config->props_json)
		st = install_props(p, o->config->props_json, err);
	if (st == HELIOS_OK)
		st = add_script(p, render_time_script, err);
	if (st == HELIOS_OK)
		st = navigate(p, o->url, err);
	/* Fonts and every animation's ready promise: before that, the first
	 * frame of a CSS animation can show stale pixels. */
	if (st == HELIOS_OK)
		st = render_page_eval(p, "__heliosRender.ready()", NULL, err);
	if (st == HELIOS_OK)
		st = render_page_check(p, err);
	return st;
}

void render_page_release(struct render_page *p)
{
	if (p->cdp && p->cdp->event_ctx == p) {
		/* The page before it gets the events back. */
		p->cdp->on_event = p->next_event;
		p->cdp->event_ctx = p->next_ctx;
		p->cdp->stop = NULL;
	}
	free(p->session);
	free(p->exception);
	free(p->load_error);
	free(p->dialog);
	while (p->request_count > 0)
		forget_request(p, &p->requests[p->request_count - 1]);
	free(p->requests);
	memset(p, 0, sizeof(*p));
}
