/* Capture strategies: how one frame becomes an image.  dom screenshots the
 * whole viewport; canvas reads one <canvas> with toDataURL. */
#ifndef HELIOS_RENDER_CAPTURE_H
#define HELIOS_RENDER_CAPTURE_H

#include <stdint.h>

#include "helios/buf.h"
#include "helios/options.h"
#include "helios/render.h"
#include "page.h"

struct render_capture_options {
	struct helios_ratio fps;
	enum helios_image_format format;
	const char *canvas_selector;	/* canvas mode; never NULL */
};

struct render_capture {
	const char *name;
	/* Check that the page can be captured this way (once, after loading). */
	enum helios_status (*prepare)(struct render_page *p, const struct render_capture_options *o,
				      struct helios_error *err);
	/* Seek the page to frame and put the encoded image into out. */
	enum helios_status (*grab)(struct render_page *p, const struct render_capture_options *o,
				   int64_t frame, struct helios_buf *out, struct helios_error *err);
};

const struct render_capture *render_capture_for(enum helios_mode mode);

#endif
