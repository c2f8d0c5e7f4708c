#include "source.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "serve.h"
#include "text.h"

static const char *status_reason(int code)
{
	switch (code) {
	case 400: return "400 Bad Request";
	case 404: return "404 Not Found";
	case 301: return "a directory";
	default: return "403 Forbidden";
	}
}

/* A path below the root, as a request target, to the file the server would serve. */
static enum helios_status served_file(const struct render_source_rules *rules, const char *src,
				      const char *target, struct helios_buf *out, struct helios_error *err)
{
	char *real = NULL;
	int code = render_server_resolve(rules->root, target, &real);

	if (code != 200) {
		free(real);
		return helios_error_set(err, HELIOS_EFAIL, "audio: '%.200s': the file server refuses it (%s)", src,
					status_reason(code));
	}
	helios_buf_puts(out, real);
	free(real);
	return out->failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory") : HELIOS_OK;
}

static enum helios_status file_url(const struct render_source_rules *rules, const char *src,
				   struct helios_buf *out, struct helios_error *err)
{
	struct helios_buf path, target;
	size_t n = rules->root ? strlen(rules->root) : 0;
	enum helios_status st;

	helios_buf_init(&path);
	helios_buf_init(&target);
	if (!render_text_file_url_path(src, &path) || !rules->root ||
	    (n > 1 && (strncmp(helios_buf_str(&path), rules->root, n) != 0 || helios_buf_str(&path)[n] != '/'))) {
		helios_buf_release(&path);
		return helios_error_set(err, HELIOS_EFAIL,
					"audio: '%.200s': a file outside the served directory, which a composition may not read",
					src);
	}
	render_text_url_encode_path(helios_buf_str(&path) + (n > 1 ? n : 0), &target);
	st = target.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
			   : served_file(rules, src, helios_buf_str(&target), out, err);
	helios_buf_release(&path);
	helios_buf_release(&target);
	return st;
}

enum helios_status render_source_resolve(const struct render_source_rules *rules, const char *src,
					 struct helios_buf *out, struct helios_error *err)
{
	size_t n = rules->origin ? strlen(rules->origin) : 0;

	helios_buf_clear(out);
	if (strncasecmp(src, "file:", 5) == 0)
		return file_url(rules, src, out, err);
	if (n && rules->root && strncmp(src, rules->origin, n) == 0 && src[n] == '/')
		return served_file(rules, src, src + n, out, err);
	if (strncasecmp(src, "data:", 5) != 0 && strncasecmp(src, "http://", 7) != 0 &&
	    strncasecmp(src, "https://", 8) != 0)
		return helios_error_set(err, HELIOS_EFAIL,
					"audio: '%.200s': ffmpeg cannot read this source "
					"(mark the element data-helios-no-audio to leave it out)",
					src);
	/* ffmpeg reaches an http(s) URL through the network proxy, which
	 * decides (proxy.h). */
	helios_buf_puts(out, src);
	return out->failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory") : HELIOS_OK;
}
