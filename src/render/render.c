/* helios_render_run: browser + page + capture strategy + encoder, with
 * every failure path ending the processes and removing the partial file. */
#include "render/render.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "browser.h"
#include "capture.h"
#include "encoder.h"
#include "ffargs.h"
#include "job/file.h"
#include "helios/path.h"
#include "page.h"
#include "proc/signals.h"
#include "proxy.h"
#include "sequence.h"
#include "serve.h"
#include "source.h"
#include "text.h"

enum helios_status helios_render_check_props(const char *text, struct helios_error *err)
{
	const char *end = NULL;
	cJSON *value = cJSON_ParseWithOpts(text, &end, 1);

	if (!value)
		return helios_error_set(err, HELIOS_EINVAL, "--props: '%s': not valid JSON (near byte %ld)",
					text, end ? (long)(end - text) + 1 : 1L);
	cJSON_Delete(value);
	return HELIOS_OK;
}

enum helios_status helios_render_request_from_config(struct helios_render_request *req,
						     const struct helios_config *cfg,
						     struct helios_error *err)
{
	memset(req, 0, sizeof(*req));
	req->config = cfg;
	if (cfg->props_json && helios_render_check_props(cfg->props_json, err) != HELIOS_OK)
		return HELIOS_EINVAL;
	return HELIOS_OK;
}

struct run {
	const struct helios_render_request *req;
	const struct helios_config *cfg;	/* req->config: what to render */
	const char *output;	/* the file written: the config's, or the probe's sample */
	int64_t frame_count;	/* the frames of this encode (the probe's: a sample) */
	char *url;		/* what the browser loads */
	char *temp;		/* the partial output */
	int temp_fd;		/* open on it, for ffmpeg to write through; -1: none */
	struct render_server server;	/* serves a local input */
	struct render_proxy proxy;	/* every request of the page and of ffmpeg goes through it */
	char *proxy_flags[2];		/* the browser's --proxy-server and --proxy-bypass-list */
	const char *browser_flags[4];	/* the browser's flags for the proxy */
	struct render_browser browser;
	struct render_page page;
	/* dom mode: a second browser for every other frame (see two_browsers) */
	struct render_browser browser2;
	struct render_page page2;
	struct helios_buf scratch, image2;
	struct render_encoder encoder;
	struct helios_argv args;
	struct helios_buf image;
	cJSON *media;		/* the page's sound sources */
	struct render_audio_track *tracks;
	size_t track_count;
	struct helios_buf *sources;	/* strings the tracks point into */
	int64_t *frames;	/* --frame: the frames, in order; NULL: the range */
};

/* The composition frame of index i of this render. */
static int64_t frame_at(const struct run *r, int64_t i)
{
	return r->frames ? r->frames[i] : r->cfg->start_frame + i;
}

/* A local input is served over HTTP from its root directory (--root, or
 * its own directory), so that it loads as it would from a web server;
 * suffix (may be NULL) is a file:// input's query and fragment. */
static enum helios_status serve_input(struct run *r, const char *input, const char *suffix,
				      struct helios_error *err)
{
	struct helios_buf url, dir;
	struct stat st;
	char *abs;
	enum helios_status st_serve;

	if (stat(input, &st) != 0)
		return helios_error_set(err, HELIOS_EFAIL, "cannot open '%s': %s", input, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return helios_error_set(err, HELIOS_EFAIL, "cannot open '%s': is a directory", input);
	abs = realpath(input, NULL);
	if (!abs)
		return helios_error_set(err, HELIOS_EFAIL, "cannot open '%s': %s", input, strerror(errno));
	if (r->cfg->root && stat(r->cfg->root, &st) != 0) {
		free(abs);
		return helios_error_set(err, HELIOS_EINVAL, "--root: '%s': %s", r->cfg->root, strerror(errno));
	}
	if (r->cfg->root && !S_ISDIR(st.st_mode)) {
		free(abs);
		return helios_error_set(err, HELIOS_EINVAL, "--root: '%s': not a directory", r->cfg->root);
	}
	helios_buf_init(&dir);
	helios_path_dirname(&dir, abs);
	st_serve = render_server_start(&r->server, r->cfg->root ? r->cfg->root : helios_buf_str(&dir), err);
	helios_buf_release(&dir);
	if (st_serve != HELIOS_OK) {
		free(abs);
		return st_serve;
	}
	helios_buf_init(&url);
	if (!render_server_url(&r->server, abs, &url)) {
		helios_buf_release(&url);
		free(abs);
		return helios_error_set(err, HELIOS_EINVAL, "--root: '%s' does not contain the input '%s'",
					r->cfg->root, input);
	}
	free(abs);
	if (suffix)
		helios_buf_puts(&url, suffix);
	r->url = helios_buf_take(&url);
	return r->url ? HELIOS_OK : helios_error_set(err, HELIOS_ENOMEM, "out of memory");
}

/* A file:// input is served like a path: the browser never gets file access. */
static enum helios_status resolve_input(struct run *r, struct helios_error *err)
{
	const char *input = r->cfg->input;
	struct helios_buf path;
	enum helios_status st;

	if (strncasecmp(input, "file://", 7) != 0 && helios_path_is_url(input)) {
		r->url = strdup(input);
		return r->url ? HELIOS_OK : helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	if (strncasecmp(input, "file://", 7) != 0)
		return serve_input(r, input, NULL, err);
	helios_buf_init(&path);
	if (!render_text_file_url_path(input, &path))
		st = helios_error_set(err, HELIOS_EFAIL, "cannot open '%s': not a file on this machine", input);
	else if (path.failed)
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	else
		st = serve_input(r, helios_buf_str(&path), strpbrk(input + 7, "?#"), err);
	helios_buf_release(&path);
	return st;
}

/* The network policy: the proxy allows --allow-net's hosts, our file
 * server and the input's own host (the user named them), else public
 * addresses unless --offline.  The browser sends loopback requests through
 * it too (<-loopback>) but those to our own server, which go straight
 * there (the rule after <-loopback> is what Chromium honours), and WebRTC
 * sends no UDP of its own. */
static enum helios_status start_proxy(struct run *r, struct helios_error *err)
{
	struct render_proxy_rules rules = { NULL, helios_config_int(r->cfg, HELIOS_OPTION_OFFLINE) == 1,
					    r->cfg->timeout_ms };
	const char *given = helios_config_text(r->cfg, HELIOS_OPTION_ALLOW_NET);
	struct helios_buf allow, host, flag, bypass;
	const char *path;
	unsigned port;
	enum helios_status st;

	helios_buf_init(&allow);
	helios_buf_init(&host);
	helios_buf_init(&flag);
	helios_buf_init(&bypass);
	helios_buf_puts(&allow, given ? given : "");
	helios_buf_puts(&bypass, "--proxy-bypass-list=<-loopback>");
	if (r->server.origin) {
		helios_buf_printf(&allow, "%s127.0.0.1:%u", allow.len ? "," : "", r->server.service.port);
		helios_buf_printf(&bypass, ";127.0.0.1:%u", r->server.service.port);
	}
	if (render_proxy_target(r->url, false, &host, &port, &path))
		helios_buf_printf(&allow, "%s%s%s%s:%u", allow.len ? "," : "", strchr(helios_buf_str(&host), ':') ? "[" : "",
				  helios_buf_str(&host), strchr(helios_buf_str(&host), ':') ? "]" : "", port);
	rules.allow = helios_buf_str(&allow);
	st = allow.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
			  : render_proxy_start(&r->proxy, &rules, err);
	if (st == HELIOS_OK) {
		helios_buf_printf(&flag, "--proxy-server=%s", r->proxy.url);
		r->proxy_flags[0] = helios_buf_take(&flag);
		r->proxy_flags[1] = helios_buf_take(&bypass);
		r->browser_flags[0] = r->proxy_flags[0];
		r->browser_flags[1] = r->proxy_flags[1];
		r->browser_flags[2] = "--force-webrtc-ip-handling-policy=disable_non_proxied_udp";
		if (!r->proxy_flags[0] || !r->proxy_flags[1])
			st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	helios_buf_release(&allow);
	helios_buf_release(&host);
	helios_buf_release(&flag);
	helios_buf_release(&bypass);
	return st;
}

/* A request the proxy refused fails the render, naming it: whatever
 * else went wrong followed from it (a signal stays a signal). */
static enum helios_status check_blocked(struct run *r, enum helios_status st, struct helios_error *err)
{
	struct helios_buf line;

	if (st == HELIOS_EINTR)
		return st;
	helios_buf_init(&line);
	if (render_proxy_blocked(&r->proxy, &line))
		st = helios_error_set(err, HELIOS_EFAIL, "%s", helios_buf_str(&line));
	helios_buf_release(&line);
	return st;
}

/* The partial output lives beside the final one and is renamed at the end.
 * mkstemp's O_EXCL: a name planted there (a link to a victim) is never
 * opened.  ffmpeg writes through the descriptor kept here (/dev/fd/N, see
 * start_encoder), never by name: a name swapped meanwhile in a directory
 * others can write to is not followed. */
static enum helios_status make_temp_file(struct run *r, struct helios_error *err)
{
	struct helios_buf name;
	const char *out = r->output;
	int fd;

	enum helios_status st = helios_file_make_parents(out, err);

	if (st == HELIOS_OK && r->cfg->images)
		return render_sequence_start(r->cfg->output, &r->temp, &r->temp_fd, err);
	if (st == HELIOS_OK)
		st = helios_file_replaceable(out, err);
	if (st != HELIOS_OK)
		return st;
	helios_buf_init(&name);
	/* "./" keeps a name that starts with '-' from looking like an option. */
	helios_buf_printf(&name, "%s%s.part-XXXXXX", out[0] == '/' ? "" : "./", out);
	if (name.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	fd = helios_file_temp(name.data, 0, 0666);
	if (fd < 0) {
		int saved = errno;

		helios_buf_release(&name);
		return helios_error_set(err, HELIOS_EIO, "cannot create a temporary file beside '%s': %s", out,
					strerror(saved));
	}
	r->temp_fd = fd;
	r->temp = helios_buf_take(&name);
	return HELIOS_OK;
}

/* Whether source has sound, and its length: a silent video is no input
 * (ffmpeg refuses a graph that names its missing audio stream). */
static enum helios_status probe_sound(struct run *r, const char *source, bool *has_audio, double *duration,
				      struct helios_error *err)
{
	struct helios_argv argv;
	struct helios_buf out, msg;
	int wstatus = 0;
	enum helios_status st;

	helios_argv_init(&argv);
	helios_buf_init(&out);
	helios_buf_init(&msg);
	render_ffargs_probe(source, r->cfg->timeout_ms, r->proxy.url, &argv);
	st = argv.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
			 : helios_proc_capture(argv.v, &out, &msg, &wstatus, helios_stop_flag(), err);
	/* A signal ended ffprobe: the render is interrupted, not the source bad. */
	if (st == HELIOS_OK && helios_stop_signal())
		st = helios_error_set(err, HELIOS_EINTR, "interrupted");
	if (st == HELIOS_OK &&
	    (wstatus != 0 || !render_ffargs_parse_probe(helios_buf_str(&out), has_audio, duration))) {
		size_t len = strcspn(helios_buf_str(&msg), "\n");

		st = helios_error_set(err, HELIOS_EFAIL, "the media source '%s' cannot be read: %.*s", source,
				      (int)len, len ? helios_buf_str(&msg) : "ffprobe found no stream");
	}
	helios_argv_release(&argv);
	helios_buf_release(&out);
	helios_buf_release(&msg);
	return st;
}

/* A number member of obj; 0 when it is not one. */
static double number_of(const cJSON *obj, const char *name)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsNumber(item) ? item->valuedouble : 0;
}

/* The page's audible media elements as encoder inputs. */
static enum helios_status collect_tracks(struct run *r, struct helios_error *err)
{
	const cJSON *item;
	size_t n;
	struct render_source_rules rules = { r->server.origin, r->server.root };
	enum helios_status st = render_page_eval(&r->page, "__heliosRender.media()", &r->media, err);

	if (st != HELIOS_OK)
		return st;
	n = (size_t)cJSON_GetArraySize(r->media);
	if (n == 0)
		return HELIOS_OK;
	r->tracks = calloc(n, sizeof(*r->tracks));
	r->sources = calloc(n, sizeof(*r->sources));
	if (!r->tracks || !r->sources)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	cJSON_ArrayForEach(item, r->media) {
		const cJSON *src = cJSON_GetObjectItemCaseSensitive(item, "src");
		const cJSON *offset = cJSON_GetObjectItemCaseSensitive(item, "offset");
		const cJSON *seek = cJSON_GetObjectItemCaseSensitive(item, "seek");
		const cJSON *volume = cJSON_GetObjectItemCaseSensitive(item, "volume");
		const cJSON *easing;
		struct render_audio_track *t = &r->tracks[r->track_count];
		struct helios_buf *path = &r->sources[r->track_count];
		bool has_audio;

		if (!cJSON_IsString(src))
			continue;
		helios_buf_init(path);
		/* Our own files are read directly; nothing the server would
		 * refuse reaches ffmpeg. */
		st = render_source_resolve(&rules, src->valuestring, path, err);
		if (st == HELIOS_OK)
			st = probe_sound(r, helios_buf_str(path), &has_audio, &t->duration, err);
		if (st != HELIOS_OK)
			return helios_buf_release(path), st;
		if (!has_audio) {
			helios_buf_release(path);
			continue;
		}
		t->source = helios_buf_str(path);
		t->offset = cJSON_IsNumber(offset) ? offset->valuedouble : 0;
		t->seek = cJSON_IsNumber(seek) ? seek->valuedouble : 0;
		t->volume = cJSON_IsNumber(volume) ? volume->valuedouble : 1;
		t->loop = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "loop"));
		t->fade_in = number_of(item, "fadeIn");
		t->fade_out = number_of(item, "fadeOut");
		t->end = number_of(item, "end");
		t->rate = number_of(item, "rate");
		easing = cJSON_GetObjectItemCaseSensitive(item, "easing");
		t->fade_easing = cJSON_IsString(easing) ? easing->valuestring : NULL;
		r->track_count++;
	}
	return HELIOS_OK;
}

static enum helios_status start_encoder(struct run *r, bool encoded, struct helios_error *err)
{
	const struct helios_config *cfg = r->cfg;
	struct render_encode_spec spec = { 0 };
	struct helios_buf pattern;
	enum helios_status st;

	/* The file we created, on ffmpeg's RENDER_ENCODER_OUTPUT_FD; -f names
	 * the muxer, as the name has no extension.  The mov muxer's faststart
	 * pass opens the name again and finds the same file (measured in merge.c). */
	helios_buf_init(&pattern);
	spec.output = RENDER_ENCODER_OUTPUT;
	if (cfg->images) {
		/* Files inside the directory we made, through its descriptor. */
		render_sequence_pattern(RENDER_ENCODER_OUTPUT, cfg->container->extension, &pattern);
		spec.output = helios_buf_str(&pattern);
	}
	spec.container = cfg->container;
	spec.video_codec = helios_config_video_codec(cfg);
	spec.audio_codec = helios_config_audio_codec(cfg);
	spec.quality = cfg->quality;
	spec.width = cfg->width;
	spec.height = cfg->height;
	spec.start_frame = cfg->start_frame;
	spec.frame_count = r->frame_count;
	spec.fps = cfg->fps;
	spec.image_format = cfg->image_format;
	spec.pixel_format = cfg->pixel_format;
	spec.preset = helios_config_text(cfg, HELIOS_OPTION_PRESET);
	spec.timeout_ms = r->cfg->timeout_ms;
	spec.http_proxy = r->proxy.url;
	spec.video_encoded = encoded;
	spec.encode = cfg->encode;
	spec.tracks = r->tracks;
	spec.track_count = r->track_count;
	spec.fingerprint = r->req->fingerprint;
	render_ffargs_encode(&spec, &r->args);
	st = r->args.failed || pattern.failed ? HELIOS_ENOMEM : HELIOS_OK;
	helios_buf_release(&pattern);
	if (st != HELIOS_OK)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	return render_encoder_start(&r->encoder, r->args.v, r->temp_fd, r->cfg->timeout_ms, helios_stop_flag(), err);
}

/* Make a failure st of frame (-1: before the frames) say what happened: a
 * timeout, a signal, a lost browser (b). */
static void explain_in(struct run *r, struct render_browser *b, int64_t frame, enum helios_status st,
		       struct helios_error *err)
{
	char words[300];

	if (st == HELIOS_EINTR) {
		helios_error_set(err, st, "interrupted");
		return;
	}
	if (st == HELIOS_ETIMEDOUT && frame >= 0) {
		helios_error_set(err, st, "frame %lld was not ready within the --timeout of %.3g s "
				 "(does window.helios.waitUntilStable() resolve?)",
				 (long long)frame, (double)r->cfg->timeout_ms / 1000);
		return;
	}
	if (st == HELIOS_ETIMEDOUT) {
		helios_error_prefix(err, "after the --timeout of %.3g s", (double)r->cfg->timeout_ms / 1000);
	} else if (st == HELIOS_EGONE) {
		render_browser_describe_exit(b, words, sizeof(words));
		helios_error_set(err, st, "the browser crashed or quit%s%s%s", *words ? " (" : "",
				 words, *words ? ")" : "");
	}
	if (frame >= 0)
		helios_error_prefix(err, "frame %lld", (long long)frame);
}

static void explain(struct run *r, int64_t frame, enum helios_status st, struct helios_error *err)
{
	explain_in(r, &r->browser, frame, st, err);
}

static void vnote(struct run *r, const char *fmt, va_list ap)
{
	char text[400];

	if (!r->req->note)
		return;
	vsnprintf(text, sizeof(text), fmt, ap);
	r->req->note(r->req->note_ctx, text);
}

static void note(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(r, fmt, ap);
	va_end(ap);
}

/* A note only --verbose asks for. */
static void detail(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void detail(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->req->verbose)
		return;
	va_start(ap, fmt);
	vnote(r, fmt, ap);
	va_end(ap);
}

/* Canvas frames to VP9 or AV1 are encoded in the page when the browser
 * can: no image per frame to compress, send, decode and scale, and ffmpeg
 * only muxes.  Lossless renders (--quality 0) stay with ffmpeg, whose
 * encoders have a true lossless mode.  Sets *capture and fills o. */
static enum helios_status choose_capture(struct run *r, const struct render_capture **capture,
					 struct render_capture_options *o, struct helios_error *err)
{
	const struct helios_config *cfg = r->cfg;
	const struct helios_codec *codec = helios_config_video_codec(cfg);
	/* The page's encoder knows none of the encoder controls. */
	bool encoder_controls = cfg->encode.video_bitrate > 0 || helios_settings_is_set(cfg->settings, HELIOS_OPTION_PIXEL_FORMAT) ||
				helios_settings_is_set(cfg->settings, HELIOS_OPTION_PRESET);
	struct helios_buf why;
	enum helios_status st;

	*capture = render_capture_for(cfg->mode);
	o->codec = render_capture_page_codec(codec ? codec->name : NULL);
	if (cfg->mode != HELIOS_MODE_CANVAS || !o->codec || cfg->quality == 0 || encoder_controls) {
		detail(r, "%s mode: each frame %s as %s, encoded by ffmpeg (%s)%s",
		       cfg->mode == HELIOS_MODE_DOM ? "dom" : "canvas",
		       cfg->mode == HELIOS_MODE_DOM ? "a screenshot" : "read with toDataURL",
		       cfg->image_format == HELIOS_IMAGE_PNG ? "PNG" : "JPEG", codec ? codec->name : "?",
		       cfg->mode != HELIOS_MODE_CANVAS || !o->codec ? ""
		       : cfg->quality == 0 ? " (--quality 0: ffmpeg's lossless mode)"
					    : " (encoder controls are ffmpeg's)");
		o->codec = NULL;
		return (*capture)->prepare(&r->page, o, err);
	}
	o->quantizer = cfg->quality > 0 ? cfg->quality : RENDER_PAGE_DEFAULT_QUANTIZER;
	o->start_frame = cfg->start_frame;
	o->frame_count = r->frame_count;
	helios_buf_init(&why);
	st = render_capture_page_encoder_check(&r->page, o, &why, err);
	if (st == HELIOS_OK && why.failed)
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	if (st == HELIOS_OK && why.len == 0) {
		*capture = &render_capture_page_encoder;
		note(r, "%s encoded in the browser (WebCodecs), ffmpeg muxes", o->codec->label);
	} else if (st == HELIOS_OK) {
		note(r, "%s encoded by ffmpeg from images: %s", o->codec->label, helios_buf_str(&why));
		o->codec = NULL;
	}
	helios_buf_release(&why);
	return st;
}

/* Spawn b with the settings' browser flags (the sandbox's, the proxy's). */
static enum helios_status spawn_browser(struct run *r, struct render_browser *b, struct helios_error *err)
{
	return render_browser_spawn(b, r->cfg->headless, !helios_config_text(r->cfg, HELIOS_OPTION_NO_SANDBOX),
				    r->browser_flags, err);
}

/* A slow browser start (a loaded machine, a cold disk) is not the page's
 * fault: it gets at least the default limit, whatever --timeout says.
 * b was spawned already when spawned is true. */
static enum helios_status start_browser_as(struct run *r, struct render_browser *b, bool spawned,
					   struct helios_error *err)
{
	int64_t default_ms = helios_config_default_timeout_ms();
	enum helios_status st = spawned ? HELIOS_OK : spawn_browser(r, b, err);

	if (st == HELIOS_OK)
		st = render_browser_ready(b, render_clock_ms() + (r->cfg->timeout_ms > default_ms ? r->cfg->timeout_ms
											       : default_ms),
					  err);
	if (st != HELIOS_OK) {
		explain_in(r, b, -1, st, err);
		return st;
	}
	b->cdp.interrupted = helios_stop_flag();
	return HELIOS_OK;
}

static enum helios_status start_browser(struct run *r, struct helios_error *err)
{
	return start_browser_as(r, &r->browser, false, err);
}

static enum helios_status open_page_as(struct run *r, struct render_page *page, struct helios_error *err)
{
	struct render_page_options popts = { r->cfg, r->url, { r->server.origin, r->server.root } };

	return render_page_open(page, page == &r->page2 ? &r->browser2.cdp : &r->browser.cdp, &popts, err);
}

static enum helios_status open_page(struct run *r, struct helios_error *err)
{
	return open_page_as(r, &r->page, err);
}

/* Browser b answering (spawned: it was started already) and its page
 * open, or the failure explained. */
static enum helios_status start_and_open(struct run *r, struct render_browser *b, bool spawned,
					 struct render_page *page, struct helios_error *err)
{
	enum helios_status st = start_browser_as(r, b, spawned, err);	/* explained */

	if (st == HELIOS_OK && (st = open_page_as(r, page, err)) != HELIOS_OK)
		explain_in(r, b, -1, st, err);
	return st;
}

/* The browser started and the page open.  A browser that crashes before
 * the first frame (a fault of Chromium's own, seen once in hundreds of
 * starts on some machines) is started once more: nothing of the render is
 * lost yet, and there is nothing for the user to do about it, so only
 * --verbose tells.  A second failure is reported, saying so. */
static enum helios_status load_the_page(struct run *r, struct helios_error *err)
{
	enum helios_status st = start_and_open(r, &r->browser, false, &r->page, err);

	if (st == HELIOS_OK || !r->browser.crash_signal || helios_stop_signal())
		return st;
	detail(r, "%s; starting it once more", err->text);
	render_page_release(&r->page);
	render_browser_close(&r->browser);
	st = start_and_open(r, &r->browser, false, &r->page, err);
	if (st != HELIOS_OK && !helios_stop_signal())
		snprintf(err->text + strlen(err->text), sizeof(err->text) - strlen(err->text),
			 " (at its second start: the first crashed)");
	return st;
}

/* One frame: captured, checked, handed to the encoder. */
static enum helios_status grab_and_encode(struct run *r, const struct render_capture *capture,
					  const struct render_capture_options *copts, int64_t frame,
					  struct helios_error *err)
{
	enum helios_status st = capture->grab(&r->page, copts, frame, &r->image, err);

	if (st == HELIOS_OK)
		st = render_page_check(&r->page, err);
	if (st == HELIOS_OK && helios_stop_signal())
		st = helios_error_set(err, HELIOS_EINTR, "interrupted");
	if (st != HELIOS_OK) {
		explain(r, frame, st, err);
		return st;
	}
	return render_encoder_write(&r->encoder, r->image.data, r->image.len, err);
}

/* A dom render may take a second browser for every other frame: while one
 * captures a frame (its compositor, its JPEG encoder), the other lays out
 * and paints the next one.  That pays only when cores are idle: alone on
 * two cores one browser keeps about 1.6 of them busy, but two chunks
 * rendered at once on two cores leave none, and a second browser each
 * then makes them slower.  So the first WATCH_FRAMES frames are rendered
 * by one browser while the machine's idle time is measured; with cores to
 * spare the second starts, and the first renders BOOT_FRAMES more while it
 * does.  Two pages in one browser gain nothing: they share its compositor,
 * which then draws both of them for every frame. */
#define WATCH_FRAMES 20
#define BOOT_FRAMES 12
#define SHARED_MIN_FRAMES 48	/* left after those, or the start costs more than it saves */
#define IDLE_CORES_MIN 0.08	/* measured: 0.13-0.30 alone on two cores, 0.01-0.03 beside another render */

enum second_browser { SECOND_NEVER, SECOND_IF_IDLE, SECOND_ALWAYS };

/* HELIOS_BROWSERS=1 or 2 decides; else it depends on the idle cores.
 * *why: the words for --verbose. */
static enum second_browser second_browser_rule(const struct run *r, const char **why)
{
	const char *browsers = getenv("HELIOS_BROWSERS");
	cpu_set_t cpus;

	*why = "";
	if (!r->cfg->headless)
		*why = "--no-headless";
	else if (r->frames)
		*why = "--frame";
	else if (r->frame_count < WATCH_FRAMES + BOOT_FRAMES + SHARED_MIN_FRAMES)
		*why = "fewer than 80 frames";
	else if (browsers && strcmp(browsers, "1") == 0)
		*why = "HELIOS_BROWSERS=1";
	else if (browsers && strcmp(browsers, "2") == 0)
		return *why = "HELIOS_BROWSERS=2", SECOND_ALWAYS;
	/* A task given one core (Slurm, a cpuset, taskset) has none to spare. */
	else if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) < 2)
		*why = "this process may use one core";
	return **why ? SECOND_NEVER : SECOND_IF_IDLE;
}

/* The machine's CPU time so far, idle and in all, in clock ticks. */
static bool cpu_ticks(unsigned long long *idle, unsigned long long *all)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int n = f ? fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
			   &v[4], &v[5], &v[6], &v[7])
		  : 0;

	if (f)
		fclose(f);
	if (n < 4)
		return false;
	*idle = v[3] + v[4];	/* idle, waiting for I/O */
	*all = 0;
	for (int i = 0; i < 8; i++)
		*all += v[i];
	return true;
}

static enum helios_status seek(struct run *r, int k, const struct render_capture_options *o, int64_t frame,
			       int *id, struct helios_error *err)
{
	enum helios_status st = render_capture_dom_seek(k ? &r->page2 : &r->page, o, frame, id, &r->scratch, err);

	if (st != HELIOS_OK)
		explain_in(r, k ? &r->browser2 : &r->browser, frame, st, err);
	return st;
}

/* Hand frame index done - 1's image to the encoder. */
static enum helios_status encode(struct run *r, const struct helios_buf *image, int64_t done,
				 struct helios_error *err)
{
	enum helios_status st = render_encoder_write(&r->encoder, image->data, image->len, err);

	if (st == HELIOS_OK && r->req->progress)
		r->req->progress(r->req->progress_ctx, done, r->frame_count);
	return st;
}

/* Wait for browser k's seek and ask for its screenshot. */
static enum helios_status ask(struct run *r, int k, const struct render_capture_options *o, int seek_id,
			      int64_t frame, int *shot_id, struct helios_error *err)
{
	enum helios_status st = render_capture_dom_ask(k ? &r->page2 : &r->page, o, seek_id, shot_id, err);

	if (st != HELIOS_OK)
		explain_in(r, k ? &r->browser2 : &r->browser, frame, st, err);
	return st;
}

/* Take browser k's screenshot, check its page. */
static enum helios_status take(struct run *r, int k, int shot_id, int64_t frame, struct helios_buf *out,
			       struct helios_error *err)
{
	struct render_page *p = k ? &r->page2 : &r->page;
	enum helios_status st = render_capture_dom_take(p, shot_id, out, err);

	if (st == HELIOS_OK)
		st = render_page_check(p, err);
	if (st == HELIOS_OK && helios_stop_signal())
		st = helios_error_set(err, HELIOS_EINTR, "interrupted");
	if (st != HELIOS_OK)
		explain_in(r, k ? &r->browser2 : &r->browser, frame, st, err);
	return st;
}

/* The frames of a page that keeps state from one frame to the next (a
 * counter, a step per callback) depend on the frames it showed before, and
 * a browser that shows every other frame would render them wrongly.  The
 * first browser shows frame index i after all before it, the second shows
 * it first: different images, and the second browser goes.  *same says
 * which; frame i is encoded. */
static enum helios_status check_frames_stand_alone(struct run *r, const struct render_capture_options *o,
						   int64_t i, bool *same, struct helios_error *err)
{
	int64_t frame = r->cfg->start_frame + i;
	int id[2];
	enum helios_status st = HELIOS_OK;

	for (int k = 0; k < 2 && st == HELIOS_OK; k++)
		st = seek(r, k, o, frame, &id[k], err);
	for (int k = 0; k < 2 && st == HELIOS_OK; k++)
		st = ask(r, k, o, id[k], frame, &id[k], err);
	if (st == HELIOS_OK)
		st = take(r, 0, id[0], frame, &r->image, err);
	if (st == HELIOS_OK)
		st = take(r, 1, id[1], frame, &r->image2, err);
	if (st != HELIOS_OK)
		return st;
	*same = r->image.len == r->image2.len && memcmp(r->image.data, r->image2.data, r->image.len) == 0;
	return encode(r, &r->image, i + 1, err);
}

/* Frame indexes from `from` on in pairs, the first of each pair taken by
 * the first browser: both capture at once, and each is sent to its next
 * frame as soon as its screenshot is in, so that it paints while the
 * other's is read.  The frames reach the encoder in order. */
static enum helios_status render_dom_two_browsers(struct run *r, const struct render_capture_options *o,
						  int64_t from, struct helios_error *err)
{
	int64_t first = r->cfg->start_frame, n = r->frame_count;
	int seek_id[2], shot_id[2];
	enum helios_status st = HELIOS_OK;

	for (int k = 0; k < 2 && from + k < n && st == HELIOS_OK; k++)
		st = seek(r, k, o, first + from + k, &seek_id[k], err);
	for (int64_t i = from; st == HELIOS_OK && i < n; i += 2) {
		int pair = i + 1 < n ? 2 : 1;

		for (int k = 0; k < pair && st == HELIOS_OK; k++)
			st = ask(r, k, o, seek_id[k], first + i + k, &shot_id[k], err);
		for (int k = 0; k < pair && st == HELIOS_OK; k++) {
			st = take(r, k, shot_id[k], first + i + k, &r->image, err);
			if (st == HELIOS_OK && i + k + 2 < n)
				st = seek(r, k, o, first + i + k + 2, &seek_id[k], err);
			if (st == HELIOS_OK)
				st = encode(r, &r->image, i + k + 1, err);
		}
	}
	return st;
}

/* The second browser only saves time: when it does not start (why_not),
 * a note says so and the first renders every frame. */
static enum helios_status without_second_browser(struct run *r, const struct helios_error *why_not,
						 struct helios_error *err)
{
	render_page_release(&r->page2);
	render_browser_close(&r->browser2);
	if (helios_stop_signal())
		return helios_error_set(err, HELIOS_EINTR, "interrupted");
	note(r, "a second browser did not start: %s; one browser renders every frame", why_not->text);
	return HELIOS_OK;
}

/* The second browser (spawned) takes over every other frame from index
 * *done on, when the page allows it; *done: the frames encoded after. */
static enum helios_status render_dom_shared(struct run *r, const struct render_capture_options *o,
					    int64_t *done, struct helios_error *err)
{
	bool same = false;
	struct helios_error why_not;
	enum helios_status st = start_and_open(r, &r->browser2, true, &r->page2, &why_not);

	if (st != HELIOS_OK)
		return without_second_browser(r, &why_not, err);
	st = check_frames_stand_alone(r, o, *done, &same, err);
	if (st != HELIOS_OK)
		return st;
	(*done)++;
	if (!same) {
		note(r, "frame %lld differs when the frames before it were not shown: the page keeps state "
		     "between frames, so one browser renders every frame (see helios-composition(7))",
		     (long long)(r->cfg->start_frame + *done - 1));
		render_page_release(&r->page2);
		render_browser_close(&r->browser2);
		return HELIOS_OK;
	}
	st = render_dom_two_browsers(r, o, *done, err);
	*done = r->frame_count;
	return st;
}

/* Frame indexes [from, to) by the first browser alone. */
static enum helios_status render_alone(struct run *r, const struct render_capture *capture,
				       const struct render_capture_options *copts, int64_t from, int64_t to,
				       struct helios_error *err)
{
	const struct helios_render_request *req = r->req;
	enum helios_status st = HELIOS_OK;

	for (int64_t i = from; st == HELIOS_OK && i < to; i++) {
		st = grab_and_encode(r, capture, copts, frame_at(r, i), err);
		if (st == HELIOS_OK && req->progress)
			req->progress(req->progress_ctx, i + 1, r->frame_count);
	}
	return st;
}

/* dom mode: the first frames alone, then (see second_browser_rule) with a
 * second browser when cores are idle; *done: the frames encoded. */
static enum helios_status render_dom_start(struct run *r, const struct render_capture *capture,
					   const struct render_capture_options *copts, int64_t *done,
					   struct helios_error *err)
{
	const char *why;
	enum second_browser rule = second_browser_rule(r, &why);
	unsigned long long idle0 = 0, all0 = 0, idle1 = 0, all1 = 0;
	double idle_cores = 0;
	bool measured;
	struct helios_error why_not;
	enum helios_status st;

	if (rule == SECOND_NEVER) {
		detail(r, "dom mode: one browser renders every frame (%s)", why);
		return HELIOS_OK;
	}
	measured = cpu_ticks(&idle0, &all0);
	st = render_alone(r, capture, copts, 0, WATCH_FRAMES, err);
	*done = WATCH_FRAMES;
	measured = measured && cpu_ticks(&idle1, &all1) && all1 > all0;
	if (measured)
		idle_cores = (double)(idle1 - idle0) / (double)(all1 - all0) * (double)sysconf(_SC_NPROCESSORS_ONLN);
	if (st != HELIOS_OK)
		return st;
	if (rule == SECOND_IF_IDLE && idle_cores < IDLE_CORES_MIN) {
		detail(r, "dom mode: %.2f cores idle over the first %d frames: one browser renders every frame",
		       idle_cores, WATCH_FRAMES);
		return st;
	}
	if (rule == SECOND_IF_IDLE)
		detail(r, "dom mode: %.2f cores idle over the first %d frames: a second browser takes every other "
		       "frame from frame %lld", idle_cores, WATCH_FRAMES,
		       (long long)(r->cfg->start_frame + WATCH_FRAMES + BOOT_FRAMES));
	else
		detail(r, "dom mode: %s: a second browser takes every other frame from frame %lld", why,
		       (long long)(r->cfg->start_frame + WATCH_FRAMES + BOOT_FRAMES));
	if (spawn_browser(r, &r->browser2, &why_not) != HELIOS_OK)
		return without_second_browser(r, &why_not, err);
	st = render_alone(r, capture, copts, *done, *done + BOOT_FRAMES, err);
	*done += BOOT_FRAMES;
	return st == HELIOS_OK ? render_dom_shared(r, copts, done, err) : st;
}

/* The encoder started for capture: with the page encoder, the IVF
 * header its records follow. */
static enum helios_status start_video(struct run *r, const struct render_capture *capture,
				      const struct render_capture_options *copts, struct helios_error *err)
{
	enum helios_status st = start_encoder(r, capture->finish != NULL, err);

	if (st != HELIOS_OK || !capture->finish)
		return st;
	helios_buf_clear(&r->image);
	render_capture_ivf_header(copts, &r->image);
	return r->image.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
			       : render_encoder_write(&r->encoder, r->image.data, r->image.len, err);
}

/* What the capture still holds after the last frame, then the encoder's end. */
static enum helios_status end_video(struct run *r, const struct render_capture *capture,
				    const struct render_capture_options *copts, int64_t last_frame,
				    struct helios_error *err)
{
	enum helios_status st = HELIOS_OK;

	if (capture->finish) {
		st = capture->finish(&r->page, copts, &r->image, err);
		if (st != HELIOS_OK)
			explain(r, last_frame, st, err);
		else
			st = render_encoder_write(&r->encoder, r->image.data, r->image.len, err);
	}
	return st == HELIOS_OK ? render_encoder_finish(&r->encoder, err) : st;
}

static enum helios_status render_frames(struct run *r, struct helios_error *err)
{
	const struct render_capture *capture = NULL;
	struct render_capture_options copts = { .config = r->cfg };
	int64_t done = 0;
	enum helios_status st = load_the_page(r, err);

	if (st != HELIOS_OK)
		return st;	/* explained */
	st = choose_capture(r, &capture, &copts, err);
	/* Image files hold no sound. */
	if (st == HELIOS_OK && !r->cfg->images)
		st = collect_tracks(r, err);
	if (st != HELIOS_OK) {
		explain(r, -1, st, err);
		return st;
	}
	st = start_video(r, capture, &copts, err);
	if (st == HELIOS_OK && r->cfg->mode == HELIOS_MODE_DOM)
		st = render_dom_start(r, capture, &copts, &done, err);
	if (st == HELIOS_OK)
		st = render_alone(r, capture, &copts, done, r->frame_count, err);
	return st == HELIOS_OK ? end_video(r, capture, &copts, frame_at(r, r->frame_count - 1), err) : st;
}

/* A stop signal ends the waits (they return EINTR); a dead ffmpeg is an
 * error, not a signal. */
static void catch_signals(void)
{
	helios_stop_push(0);
	helios_signal_push(SIGPIPE, SIG_IGN, 0);
}

static void release(struct run *r)
{
	render_encoder_abort(&r->encoder);
	render_page_release(&r->page2);
	render_browser_close(&r->browser2);
	render_page_release(&r->page);
	render_browser_close(&r->browser);
	render_server_stop(&r->server);
	render_proxy_stop(&r->proxy);
	free(r->proxy_flags[0]);
	free(r->proxy_flags[1]);
	helios_argv_release(&r->args);
	helios_buf_release(&r->image);
	helios_buf_release(&r->image2);
	helios_buf_release(&r->scratch);
	for (size_t i = 0; i < r->track_count; i++)
		helios_buf_release(&r->sources[i]);
	free(r->sources);
	free(r->tracks);
	cJSON_Delete(r->media);
	free(r->url);
	free(r->frames);
	free(r->temp);
	if (r->temp_fd >= 0)
		close(r->temp_fd);
	helios_signal_pop(SIGPIPE);
	helios_stop_pop(0);
}

/* What helios_render_run and helios_render_probe check before anything
 * starts (helios_config_resolve has, for a config of its making). */
static enum helios_status check_request(const struct helios_render_request *req, const char *what,
					struct helios_error *err)
{
	const struct helios_config *cfg = req->config;

	if (cfg->total_frames < 1 || cfg->width < 1 || cfg->height < 1 || cfg->fps.num < 1 || cfg->fps.den < 1)
		return helios_error_set(err, HELIOS_EINVAL, "%s: empty frame range or size", what);
	return HELIOS_OK;
}

/* A run ready to start: nothing open yet, the signals caught. */
static void begin(struct run *r, const struct helios_render_request *req, const char *output,
		  int64_t frame_count)
{
	memset(r, 0, sizeof(*r));
	r->encoder.in_fd = r->encoder.log_fd = -1;
	r->temp_fd = -1;
	r->proxy.service.log_fd = -1;
	r->server.service.log_fd = -1;
	r->browser.cdp.wfd = r->browser.cdp.rfd = -1;
	r->browser2.cdp.wfd = r->browser2.cdp.rfd = -1;
	r->req = req;
	r->cfg = req->config;
	r->output = output;
	r->frame_count = frame_count;
	helios_argv_init(&r->args);
	helios_buf_init(&r->image);
	helios_buf_init(&r->image2);
	helios_buf_init(&r->scratch);
	catch_signals();
}

/* The final name of image index i of the render: a still's output, else
 * its frame's name in the sequence. */
static void image_name(void *ctx, int64_t i, struct helios_buf *out)
{
	const struct run *r = ctx;

	if (r->cfg->still)
		helios_buf_puts(out, r->cfg->output);
	else
		helios_sequence_name(&r->cfg->sequence, frame_at(r, i), out);
}

/* The temporary output in place after st (keep: when it worked), else gone. */
static enum helios_status finish_output(struct run *r, enum helios_status st, bool keep, struct helios_error *err)
{
	const struct helios_config *cfg = r->cfg;

	if (cfg->images) {
		if (st == HELIOS_OK && keep)
			return render_sequence_publish(cfg->container->extension, r->temp_fd, r->temp, r->frame_count,
						       image_name, r, err);
		if (r->temp)
			render_sequence_discard(r->temp_fd, r->temp);
		return st;
	}
	if (st == HELIOS_OK && keep && rename(r->temp, r->output) != 0)
		st = helios_error_set(err, HELIOS_EIO, "cannot rename '%s' to '%s': %s", r->temp, r->output,
				      strerror(errno));
	if ((st != HELIOS_OK || !keep) && r->temp)
		unlink(r->temp);
	return st;
}

/* --frame's list, when given (checked by helios_config_resolve). */
static enum helios_status take_frames(struct run *r, struct helios_error *err)
{
	int64_t count;

	if (!r->cfg->frames)
		return HELIOS_OK;
	r->frames = calloc((size_t)r->cfg->total_frames, sizeof(*r->frames));
	if (!r->frames)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	if (helios_sequence_frames_parse(r->cfg->frames, NULL, &count, err) != HELIOS_OK ||
	    count != r->cfg->total_frames)
		return helios_error_set(err, HELIOS_EINVAL, "--frame: '%s': not the frames of the render", r->cfg->frames);
	return helios_sequence_frames_parse(r->cfg->frames, r->frames, &count, err);
}

enum helios_status helios_render_run(const struct helios_render_request *req, struct helios_error *err)
{
	struct run r;
	enum helios_status st;

	if ((st = check_request(req, "render", err)) != HELIOS_OK)
		return st;
	begin(&r, req, req->config->output, req->config->total_frames);

	st = take_frames(&r, err);
	if (st == HELIOS_OK)
		st = resolve_input(&r, err);
	if (st == HELIOS_OK)
		st = start_proxy(&r, err);
	if (st == HELIOS_OK)
		st = make_temp_file(&r, err);
	if (st == HELIOS_OK)
		st = render_frames(&r, err);
	render_encoder_abort(&r.encoder);
	render_browser_close(&r.browser2);
	render_browser_close(&r.browser);
	st = check_blocked(&r, st, err);
	if (st == HELIOS_OK && req->served)
		render_server_served(&r.server, req->served);
	render_server_stop(&r.server);
	st = finish_output(&r, st, true, err);
	if (req->stop_signal)
		*req->stop_signal = helios_stop_signal();
	release(&r);
	return st;
}

/* --- helios probe: one load of the page, timed ------------------------ */

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void helios_render_probe_release(struct helios_render_probe *p)
{
	for (size_t i = 0; i < p->sound_count; i++)
		free(p->sounds[i]);
	free(p->sounds);
	free(p->sample_frames);
	free(p->sample_s);
	memset(p, 0, sizeof(*p));
}

/* The page's declarations: window.helios and the canvas. */
static enum helios_status read_composition(struct run *r, struct helios_render_probe *out,
					   struct helios_error *err)
{
	struct helios_buf expr;
	cJSON *value = NULL, *selector = cJSON_CreateString(r->cfg->canvas_selector);
	char *literal = selector ? cJSON_PrintUnformatted(selector) : NULL;
	enum helios_status st;

	cJSON_Delete(selector);
	if (!literal)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	helios_buf_init(&expr);
	helios_buf_printf(&expr, "__heliosRender.composition(%s)", literal);
	cJSON_free(literal);
	st = expr.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
			 : render_page_eval(&r->page, helios_buf_str(&expr), &value, err);
	helios_buf_release(&expr);
	if (st != HELIOS_OK)
		return st;
	out->has_helios = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(value, "helios"));
	out->duration = number_of(value, "duration");
	out->fps = number_of(value, "fps");
	out->page_width = (int64_t)number_of(value, "width");
	out->page_height = (int64_t)number_of(value, "height");
	out->canvas_found = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(value, "canvas"));
	out->canvas_width = (int64_t)number_of(value, "canvasWidth");
	out->canvas_height = (int64_t)number_of(value, "canvasHeight");
	cJSON_Delete(value);
	return HELIOS_OK;
}

static enum helios_status keep_sounds(struct run *r, struct helios_render_probe *out,
				      struct helios_error *err)
{
	const cJSON *item;
	size_t n = (size_t)cJSON_GetArraySize(r->media);

	out->sounds = n ? calloc(n, sizeof(*out->sounds)) : NULL;
	if (n && !out->sounds)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	cJSON_ArrayForEach(item, r->media) {
		const cJSON *src = cJSON_GetObjectItemCaseSensitive(item, "src");

		if (!cJSON_IsString(src))
			continue;
		out->sounds[out->sound_count] = strdup(src->valuestring);
		if (!out->sounds[out->sound_count])
			return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
		out->sound_count++;
	}
	return HELIOS_OK;
}

/* Frames are measured in runs of this many in a row: an encoder spends
 * more on a frame unlike the one before (a jump across the video) than on
 * the next frame of a render, so isolated frames would cost too much. */
#define SAMPLE_RUN 5

/* Frame i of n: runs of SAMPLE_RUN consecutive frames spread evenly over
 * the range, the first at its start, the last SAMPLE_RUN frames before its end. */
static int64_t sample_frame(const struct helios_config *cfg, int64_t i, int64_t n)
{
	int64_t runs = (n + SAMPLE_RUN - 1) / SAMPLE_RUN, run = i / SAMPLE_RUN;
	int64_t len = n < SAMPLE_RUN ? n : SAMPLE_RUN, room = cfg->total_frames - len;

	if (cfg->total_frames <= n)
		return cfg->start_frame + i;
	return cfg->start_frame + (runs > 1 ? run * room / (runs - 1) : 0) + i % SAMPLE_RUN;
}

/* One encode of n frames spread over the config's, timed from the
 * encoder's start to its end; the frames' own times go into out when keep.
 * With the page encoder the frames are encoded as a chunk starting at the
 * first sample would be. */
static enum helios_status probe_encode(struct run *r, int64_t n, bool keep,
				       const struct render_capture *capture, struct render_capture_options *copts,
				       struct helios_render_probe *out, double *seconds, struct helios_error *err)
{
	double start = seconds_now(), t;
	enum helios_status st = HELIOS_OK;

	r->frame_count = n;
	helios_argv_release(&r->args);
	helios_argv_init(&r->args);
	if (capture->finish) {
		struct helios_buf why;

		/* A new encoder, counting its frames from the first sample. */
		copts->start_frame = sample_frame(r->cfg, 0, n);
		copts->frame_count = n;
		helios_buf_init(&why);
		st = render_capture_page_encoder_check(&r->page, copts, &why, err);
		if (st == HELIOS_OK && why.len)
			st = helios_error_set(err, HELIOS_EFAIL, "VideoEncoder: %s", helios_buf_str(&why));
		helios_buf_release(&why);
	}
	if (st == HELIOS_OK)
		st = start_video(r, capture, copts, err);
	for (int64_t i = 0; st == HELIOS_OK && i < n; i++) {
		int64_t frame = sample_frame(r->cfg, i, n);

		t = seconds_now();
		st = grab_and_encode(r, capture, copts, frame, err);
		if (st == HELIOS_OK && keep) {
			out->sample_frames[i] = frame;
			out->sample_s[i] = seconds_now() - t;
			out->sample_count++;
		}
	}
	t = seconds_now();
	if (st == HELIOS_OK)
		st = end_video(r, capture, copts, sample_frame(r->cfg, n - 1, n), err);
	if (keep)
		out->finish_s = seconds_now() - t;
	*seconds = seconds_now() - start;
	return st;
}

static enum helios_status probe_frames(struct run *r, int64_t n, struct helios_render_probe *out,
				       struct helios_error *err)
{
	const struct helios_config *cfg = r->cfg;
	const struct render_capture *capture = render_capture_for(HELIOS_MODE_DOM);
	struct render_capture_options copts = { .config = cfg };
	double t = seconds_now();
	enum helios_status st;

	if ((st = start_browser(r, err)) != HELIOS_OK)
		return st;
	out->launch_s = seconds_now() - t;
	t = seconds_now();
	st = open_page(r, err);
	if (st == HELIOS_OK)
		st = read_composition(r, out, err);
	out->measured_mode = cfg->mode == HELIOS_MODE_CANVAS && !out->canvas_found ? HELIOS_MODE_DOM : cfg->mode;
	/* The capture the render would use: canvas to VP9 or AV1 is encoded
	 * in the page. */
	if (st == HELIOS_OK && out->measured_mode == HELIOS_MODE_CANVAS)
		st = choose_capture(r, &capture, &copts, err);
	else if (st == HELIOS_OK)
		st = capture->prepare(&r->page, &copts, err);
	out->encoded_in_page = capture->finish != NULL;
	if (st == HELIOS_OK)
		st = collect_tracks(r, err);
	if (st == HELIOS_OK)
		st = keep_sounds(r, out, err);
	if (st != HELIOS_OK) {
		explain(r, -1, st, err);
		return st;
	}
	out->load_s = seconds_now() - t;
	out->sample_frames = calloc((size_t)n, sizeof(*out->sample_frames));
	out->sample_s = calloc((size_t)n, sizeof(*out->sample_s));
	if (!out->sample_frames || !out->sample_s)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	/* The first frame alone pays the first paint and the encoder's fixed
	 * costs once, as every chunk does; the difference to the run of n
	 * frames is n - 1 frames' worth. */
	if (n > 1)
		st = probe_encode(r, 1, false, capture, &copts, out, &out->one_s, err);
	if (st == HELIOS_OK)
		st = probe_encode(r, n, true, capture, &copts, out, &out->run_s, err);
	return st;
}

enum helios_status helios_render_probe(const struct helios_render_request *req, const char *output,
				       int64_t samples, struct helios_render_probe *out,
				       struct helios_error *err)
{
	struct run r;
	enum helios_status st;
	double t, serve_s;

	memset(out, 0, sizeof(*out));
	if ((st = check_request(req, "probe", err)) != HELIOS_OK)
		return st;
	if (samples < 1)
		return helios_error_set(err, HELIOS_EINVAL, "probe: empty frame range or size");
	if (samples > req->config->total_frames)
		samples = req->config->total_frames;
	/* The sample is encoded as a chunk of `samples` frames would be. */
	begin(&r, req, output, samples);

	t = seconds_now();
	st = resolve_input(&r, err);
	if (st == HELIOS_OK)
		st = start_proxy(&r, err);
	if (st == HELIOS_OK)
		st = make_temp_file(&r, err);
	serve_s = seconds_now() - t;
	if (st == HELIOS_OK)
		st = probe_frames(&r, samples, out, err);
	out->launch_s += serve_s;	/* serving the input is start-up too */
	render_encoder_abort(&r.encoder);
	t = seconds_now();
	render_browser_close(&r.browser);
	st = check_blocked(&r, st, err);
	render_server_stop(&r.server);
	out->close_s = seconds_now() - t;	/* a chunk waits for its browser to go */
	/* A sequence's sample frames are not the render's: never kept. */
	st = finish_output(&r, st, !req->config->images, err);
	if (st != HELIOS_OK)
		helios_render_probe_release(out);
	if (req->stop_signal)
		*req->stop_signal = helios_stop_signal();
	release(&r);
	return st;
}
