/* One browser tab under our control: viewport, the time-control script,
 * navigation, and evaluating our script's functions.  Events from the page
 * (load, uncaught exceptions, crashes) are recorded here. */
#ifndef HELIOS_RENDER_PAGE_H
#define HELIOS_RENDER_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "cdp.h"
#include "helios/number.h"
#include "helios/status.h"

/* The injected script (timescript.c); see helios-composition(7). */
extern const char render_time_script[];

struct render_page {
	struct render_cdp *cdp;
	char *session;		/* flat session id of the attached target */
	int64_t timeout_ms;	/* for each step */
	bool loaded;		/* Page.loadEventFired seen */
	bool crashed;		/* the renderer process died */
	char *exception;	/* first uncaught exception, formatted; NULL when none */
};

struct render_page_options {
	const char *url;
	int64_t width, height;
	const char *props_json;	/* NULL: window.__HELIOS_PROPS__ stays undefined */
	int64_t timeout_ms;
};

/* Open a tab, install the script, navigate and wait until the page, its
 * fonts and its animations are ready.  Errors are the page's own words. */
enum helios_status render_page_open(struct render_page *p, struct render_cdp *cdp,
				    const struct render_page_options *o, struct helios_error *err);

/* Evaluate expr in the page, awaiting a promise; *value (may be NULL) gets
 * the result by value.  A thrown exception is HELIOS_EFAIL with its message
 * and location. */
enum helios_status render_page_eval(struct render_page *p, const char *expr, cJSON **value,
				    struct helios_error *err);

/* HELIOS_EFAIL when the page crashed or threw since the last check. */
enum helios_status render_page_check(struct render_page *p, struct helios_error *err);

/* "__heliosRender.seek(frame, num, den)" for the expressions of a frame. */
void render_page_seek_expr(struct helios_buf *out, int64_t frame, struct helios_ratio fps);

/* Describe a protocol exceptionDetails object: "Error: boom at file.html:3:9". */
void render_page_describe_exception(const cJSON *details, struct helios_buf *out);

void render_page_release(struct render_page *p);

#endif
