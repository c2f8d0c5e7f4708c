#include "capture.h"

#include <string.h>

#include "text.h"

static enum helios_status decode(const char *base64, const char *what, struct helios_buf *out,
				 struct helios_error *err)
{
	helios_buf_clear(out);
	if (!render_text_base64_decode(base64, strlen(base64), out))
		return helios_error_set(err, out->failed ? HELIOS_ENOMEM : HELIOS_EFAIL,
					"%s: the browser sent an image that is not base64", what);
	return HELIOS_OK;
}

static enum helios_status dom_prepare(struct render_page *p, const struct render_capture_options *o,
				      struct helios_error *err)
{
	(void)p;
	(void)o;
	(void)err;
	return HELIOS_OK;
}

static enum helios_status dom_grab(struct render_page *p, const struct render_capture_options *o,
				   int64_t frame, struct helios_buf *out, struct helios_error *err)
{
	cJSON *params, *result = NULL;
	const cJSON *data;
	enum helios_status st;

	helios_buf_clear(out);
	render_page_seek_expr(out, frame, o->fps);
	st = render_page_eval(p, helios_buf_str(out), NULL, err);
	if (st != HELIOS_OK)
		return st;
	params = cJSON_CreateObject();
	if (o->format == HELIOS_IMAGE_PNG) {
		cJSON_AddStringToObject(params, "format", "png");
	} else {
		cJSON_AddStringToObject(params, "format", "jpeg");
		cJSON_AddNumberToObject(params, "quality", 90);
	}
	cJSON_AddBoolToObject(params, "optimizeForSpeed", 1);
	/* The view's own snapshot instead of a copy of the composited surface:
	 * the same bytes (checked frame for frame on the examples, with the
	 * headless shell and the full browser), 10-15 % less time per frame. */
	cJSON_AddBoolToObject(params, "fromSurface", 0);
	st = render_cdp_call(p->cdp, p->session, "Page.captureScreenshot", params,
			     render_clock_ms() + p->timeout_ms, &result, err);
	if (st != HELIOS_OK) {
		cJSON_Delete(result);
		if (render_page_check(p, err) == HELIOS_OK)
			helios_error_prefix(err, "Page.captureScreenshot");
		return HELIOS_EFAIL;
	}
	data = cJSON_GetObjectItemCaseSensitive(result, "data");
	st = cJSON_IsString(data) ? decode(data->valuestring, "Page.captureScreenshot", out, err)
				  : helios_error_set(err, HELIOS_EFAIL, "Page.captureScreenshot: no image");
	cJSON_Delete(result);
	return st;
}

/* The selector as a JavaScript string literal (JSON strings are). */
static void append_selector(struct helios_buf *out, const char *selector)
{
	cJSON *s = cJSON_CreateString(selector);
	char *text = s ? cJSON_PrintUnformatted(s) : NULL;

	if (text)
		helios_buf_puts(out, text);
	else
		out->failed = true;
	cJSON_free(text);
	cJSON_Delete(s);
}

static enum helios_status canvas_prepare(struct render_page *p, const struct render_capture_options *o,
					 struct helios_error *err)
{
	struct helios_buf expr;
	enum helios_status st;

	helios_buf_init(&expr);
	helios_buf_puts(&expr, "void __heliosRender.canvas(");
	append_selector(&expr, o->canvas_selector);
	helios_buf_puts(&expr, ")");
	st = render_page_eval(p, helios_buf_str(&expr), NULL, err);
	helios_buf_release(&expr);
	if (st != HELIOS_OK && strstr(err->text, "canvas mode: ")) {
		/* Our own exception: drop the "Error: " and the location. */
		char *at = strstr(err->text, " at ");
		char *msg = strstr(err->text, "canvas mode: ");

		if (at)
			*at = '\0';
		helios_error_set(err, HELIOS_EFAIL, "%s (use --mode dom or --canvas-selector)", msg);
	}
	return st;
}

static enum helios_status canvas_grab(struct render_page *p, const struct render_capture_options *o,
				      int64_t frame, struct helios_buf *out, struct helios_error *err)
{
	cJSON *value = NULL;
	const char *payload;
	enum helios_status st;

	/* Seek and read in one round trip. */
	helios_buf_clear(out);
	render_page_seek_expr(out, frame, o->fps);
	helios_buf_puts(out, ".then(() => __heliosRender.canvas(");
	append_selector(out, o->canvas_selector);
	helios_buf_puts(out, o->format == HELIOS_IMAGE_PNG ? ").toDataURL('image/png'))"
							   : ").toDataURL('image/jpeg', 0.9))");
	if (out->failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	st = render_page_eval(p, helios_buf_str(out), &value, err);
	if (st != HELIOS_OK)
		return st;
	payload = cJSON_IsString(value) ? render_text_data_url_payload(value->valuestring) : NULL;
	st = payload ? decode(payload, "toDataURL", out, err)
		     : helios_error_set(err, HELIOS_EFAIL, "toDataURL: the canvas gave no image");
	cJSON_Delete(value);
	return st;
}

static const struct render_capture captures[] = {
	[HELIOS_MODE_CANVAS] = { "canvas", canvas_prepare, canvas_grab },
	[HELIOS_MODE_DOM] = { "dom", dom_prepare, dom_grab },
};

const struct render_capture *render_capture_for(enum helios_mode mode)
{
	return &captures[mode];
}
