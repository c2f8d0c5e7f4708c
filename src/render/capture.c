#include "capture.h"

#include <stdint.h>
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

enum helios_status render_capture_dom_seek(struct render_page *p, const struct render_capture_options *o,
					   int64_t frame, int *id, struct helios_buf *scratch, struct helios_error *err)
{
	helios_buf_clear(scratch);
	render_page_seek_expr(scratch, frame, o->config->fps);
	if (scratch->failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	return render_page_eval_send(p, helios_buf_str(scratch), id, err);
}

enum helios_status render_capture_dom_ask(struct render_page *p, const struct render_capture_options *o,
					  int seek_id, int *shot_id, struct helios_error *err)
{
	cJSON *params;
	enum helios_status st = render_page_eval_wait(p, seek_id, NULL, err);

	if (st != HELIOS_OK)
		return st;
	params = cJSON_CreateObject();
	if (o->config->image_format == HELIOS_IMAGE_PNG) {
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
	return render_cdp_send(p->cdp, p->session, "Page.captureScreenshot", params, shot_id, err);
}

enum helios_status render_capture_dom_take(struct render_page *p, int shot_id, struct helios_buf *out,
					   struct helios_error *err)
{
	cJSON *result = NULL;
	const cJSON *data;
	enum helios_status st = render_cdp_wait(p->cdp, shot_id, render_clock_ms() + p->timeout_ms, &result, err);

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

enum helios_status render_capture_dom_shoot(struct render_page *p, const struct render_capture_options *o,
					    int seek_id, struct helios_buf *out, struct helios_error *err)
{
	int shot_id;
	enum helios_status st = render_capture_dom_ask(p, o, seek_id, &shot_id, err);

	if (st != HELIOS_OK)
		return st;
	return render_capture_dom_take(p, shot_id, out, err);
}

static enum helios_status dom_grab(struct render_page *p, const struct render_capture_options *o,
				   int64_t frame, struct helios_buf *out, struct helios_error *err)
{
	int id;
	enum helios_status st = render_capture_dom_seek(p, o, frame, &id, out, err);

	return st != HELIOS_OK ? st : render_capture_dom_shoot(p, o, id, out, err);
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
	cJSON *problem = NULL;
	enum helios_status st;

	helios_buf_init(&expr);
	helios_buf_puts(&expr, "__heliosRender.canvasProblem(");
	append_selector(&expr, o->config->canvas_selector);
	helios_buf_puts(&expr, ")");
	st = render_page_eval(p, helios_buf_str(&expr), &problem, err);
	helios_buf_release(&expr);
	if (st == HELIOS_OK && cJSON_IsString(problem))
		st = helios_error_set(err, HELIOS_EFAIL, "%s (use --mode dom or --canvas-selector)",
				      problem->valuestring);
	cJSON_Delete(problem);
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
	render_page_seek_expr(out, frame, o->config->fps);
	helios_buf_puts(out, ".then(() => __heliosRender.canvas(");
	append_selector(out, o->config->canvas_selector);
	helios_buf_puts(out, o->config->image_format == HELIOS_IMAGE_PNG ? ").toDataURL('image/png'))"
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

static const struct render_page_codec page_codecs[] = {
	/* Profile 0, 8 bits; the level is not enforced by the browser. */
	{ "libvpx-vp9", "vp09.00.40.08", "VP90", "VP9" },
	{ "libaom-av1", "av01.0.08M.08", "AV01", "AV1" },
};

const struct render_page_codec *render_capture_page_codec(const char *encoder)
{
	for (size_t i = 0; encoder && i < sizeof(page_codecs) / sizeof(page_codecs[0]); i++)
		if (strcmp(page_codecs[i].encoder, encoder) == 0)
			return &page_codecs[i];
	return NULL;
}

/* The page encoder's settings as a JavaScript object. */
static void append_encoder_options(struct helios_buf *out, const struct render_capture_options *o)
{
	helios_buf_printf(out, "{ codec: '%s', width: %lld, height: %lld, fpsNum: %lld, fpsDen: %lld, "
			  "gop: %d, quantizer: %lld }",
			  o->codec->webcodecs, (long long)o->config->width, (long long)o->config->height, (long long)o->config->fps.num,
			  (long long)o->config->fps.den, RENDER_PAGE_GOP, (long long)o->quantizer);
}

enum helios_status render_capture_page_encoder_check(struct render_page *p, const struct render_capture_options *o,
						     struct helios_buf *why, struct helios_error *err)
{
	struct helios_buf expr;
	cJSON *value = NULL;
	enum helios_status st = canvas_prepare(p, o, err);

	if (st != HELIOS_OK)
		return st;
	helios_buf_init(&expr);
	helios_buf_puts(&expr, "__heliosRender.encodeStart(");
	append_selector(&expr, o->config->canvas_selector);
	helios_buf_puts(&expr, ", ");
	append_encoder_options(&expr, o);
	helios_buf_puts(&expr, ")");
	st = expr.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
			 : render_page_eval(p, helios_buf_str(&expr), &value, err);
	helios_buf_release(&expr);
	if (st == HELIOS_OK) {
		helios_buf_clear(why);
		if (!cJSON_IsString(value))
			helios_buf_puts(why, "the page's encoder check gave no answer");
		else
			helios_buf_puts(why, value->valuestring);
	}
	cJSON_Delete(value);
	return st;
}

static void put_le32(struct helios_buf *out, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		helios_buf_putc(out, (char)((v >> (8 * i)) & 0xff));
}

void render_capture_ivf_header(const struct render_capture_options *o, struct helios_buf *out)
{
	helios_buf_puts(out, "DKIF");
	put_le32(out, 0x00200000);	/* version 0, header size 32 (two 16-bit fields) */
	helios_buf_puts(out, o->codec->fourcc);
	put_le32(out, (uint32_t)o->config->width | (uint32_t)o->config->height << 16);
	/* The time base is one frame: a record's timestamp is its index. */
	put_le32(out, (uint32_t)o->config->fps.num);
	put_le32(out, (uint32_t)o->config->fps.den);
	put_le32(out, (uint32_t)o->frame_count);
	put_le32(out, 0);
}

/* The page's base64 answer (may be empty: the encoder has not caught up). */
static enum helios_status take_records(cJSON *value, const char *what, struct helios_buf *out,
				       struct helios_error *err)
{
	if (!cJSON_IsString(value))
		return helios_error_set(err, HELIOS_EFAIL, "%s: the page gave no video", what);
	return decode(value->valuestring, what, out, err);
}

static enum helios_status page_encoder_grab(struct render_page *p, const struct render_capture_options *o,
					    int64_t frame, struct helios_buf *out, struct helios_error *err)
{
	cJSON *value = NULL;
	enum helios_status st;

	/* Seek, draw and encode in one round trip. */
	helios_buf_clear(out);
	render_page_seek_expr(out, frame, o->config->fps);
	helios_buf_printf(out, ".then(() => __heliosRender.encodeFrame(%lld, %lld))", (long long)frame,
			  (long long)(frame - o->start_frame));
	if (out->failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	st = render_page_eval(p, helios_buf_str(out), &value, err);
	if (st == HELIOS_OK)
		st = take_records(value, "VideoEncoder", out, err);
	cJSON_Delete(value);
	return st;
}

static enum helios_status page_encoder_finish(struct render_page *p, const struct render_capture_options *o,
					      struct helios_buf *out, struct helios_error *err)
{
	cJSON *value = NULL;
	enum helios_status st;

	helios_buf_clear(out);
	helios_buf_printf(out, "__heliosRender.encodeEnd(%lld)", (long long)o->frame_count);
	st = render_page_eval(p, helios_buf_str(out), &value, err);
	if (st == HELIOS_OK)
		st = take_records(value, "VideoEncoder", out, err);
	cJSON_Delete(value);
	return st;
}

const struct render_capture render_capture_page_encoder = {
	"page encoder", canvas_prepare, page_encoder_grab, page_encoder_finish,
};

static const struct render_capture captures[] = {
	[HELIOS_MODE_CANVAS] = { "canvas", canvas_prepare, canvas_grab, NULL },
	[HELIOS_MODE_DOM] = { "dom", dom_prepare, dom_grab, NULL },
};

const struct render_capture *render_capture_for(enum helios_mode mode)
{
	return &captures[mode];
}
