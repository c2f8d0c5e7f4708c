/* Pure text conversions the renderer needs: base64 images from the
 * protocol, and file URLs to and from paths. */
#ifndef HELIOS_RENDER_TEXT_H
#define HELIOS_RENDER_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "helios/buf.h"

/* Decode base64 (standard alphabet, padding optional) into out; false on a
 * character outside the alphabet. */
bool render_text_base64_decode(const char *text, size_t len, struct helios_buf *out);

/* The payload of "data:<type>;base64,<payload>"; NULL when text is not such a URL. */
const char *render_text_data_url_payload(const char *text);

/* path with every byte outside [A-Za-z0-9/._~-] percent-encoded. */
void render_text_url_encode_path(const char *path, struct helios_buf *out);

/* The path part of a URL's path with %XX decoded, up to a '?' or '#'. */
void render_text_url_decode_path(const char *path, struct helios_buf *out);

/* "file://" + abs_path with every byte outside [A-Za-z0-9/._~-] percent-encoded. */
void render_text_file_url(const char *abs_path, struct helios_buf *out);

/* The path of a file:// URL with %XX decoded (query and fragment dropped);
 * false when it names no local absolute path (file://host/x). */
bool render_text_file_url_path(const char *url, struct helios_buf *out);

#endif
