/* One browser tab under our control: viewport, the time-control script,
 * navigation, and evaluating our script's functions.  Events from the page
 * (load, uncaught exceptions, crashes) are recorded here. */
#ifndef HELIOS_RENDER_PAGE_H
#define HELIOS_RENDER_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "cdp.h"
#include "helios/config.h"
#include "helios/number.h"
#include "helios/status.h"

/* The injected script (timescript.js, embedded by the build); see
 * helios-composition(7). */
extern const char render_time_script[];

/* Where a local input is served from, to name files rather than URLs in
 * messages; both NULL when the input is a URL. */
struct render_site {
	const char *origin;	/* "http://127.0.0.1:PORT" */
	const char *root;	/* the directory it serves */
};

/* A request of the page still in flight, to name it if it fails. */
struct render_request {
	char *id;
	char *url;
	const char *type;	/* as messages name it: "the script" */
};

struct render_page {
	struct render_cdp *cdp;
	struct render_site site;
	char *session;		/* flat session id of the attached target */
	int64_t timeout_ms;	/* for each step */
	bool loaded;		/* Page.loadEventFired seen */
	bool crashed;		/* the renderer process died */
	char *dialog;		/* "the page opened an alert dialog: ..."; NULL when none */
	bool halted;		/* crashed or blocked by a dialog: no reply will come */
	char *exception;	/* first uncaught exception, formatted; NULL when none */
	char *load_error;	/* first failed load of the page or a resource it needs */
	struct render_request *requests;
	size_t request_count, request_alloc;
	/* The handler this page took the connection's events from (another
	 * page): events of other sessions go on to it. */
	render_cdp_event_fn next_event;
	void *next_ctx;
	bool *crash_flag;	/* may be NULL: also set when this page crashes */
};

/* The bytes a page may keep in its origin's storage (IndexedDB, the
 * origin-private file system, caches) during a render. */
#define RENDER_PAGE_STORAGE_MAX (64.0 * 1024 * 1024)

struct render_page_options {
	/* The settings: viewport size, props (NULL: window.__HELIOS_PROPS__
	 * stays undefined), the --timeout of each step. */
	const struct helios_config *config;
	const char *url;
	struct render_site site;
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

/* render_page_eval in two halves, so that two pages can work at once:
 * send returns the command's id, wait takes its result. */
enum helios_status render_page_eval_send(struct render_page *p, const char *expr, int *id,
					 struct helios_error *err);
enum helios_status render_page_eval_wait(struct render_page *p, int id, cJSON **value,
					 struct helios_error *err);

/* HELIOS_EFAIL when the page crashed, opened a dialog, threw, or failed to load the
 * document or a script, stylesheet, font, image or media file (network
 * error or HTTP status >= 400) since the last check. */
enum helios_status render_page_check(struct render_page *p, struct helios_error *err);

/* "__heliosRender.seek(frame, num, den)" for the expressions of a frame. */
void render_page_seek_expr(struct helios_buf *out, int64_t frame, struct helios_ratio fps);

/* Describe a protocol exceptionDetails object: "Error: boom at file.html:3:9";
 * site (may be NULL) turns URLs of a served input into file names. */
void render_page_describe_exception(const cJSON *details, const struct render_site *site,
				    struct helios_buf *out);

/* A URL as messages show it: a file's path for file:// URLs and for those
 * of the site, else the URL itself. */
void render_page_describe_url(const char *url, const struct render_site *site, struct helios_buf *out);

void render_page_release(struct render_page *p);

#endif
