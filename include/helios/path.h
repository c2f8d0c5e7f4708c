/* Lexical path arithmetic (no file system access): job paths are stored
 * relative to the job file's directory. */
#ifndef HELIOS_PATH_H
#define HELIOS_PATH_H

#include <stdbool.h>

#include "helios/buf.h"
#include "helios/status.h"

/* "http://…", "https://…", "file://…", "data:…": stays as written. */
bool helios_path_is_url(const char *s);

/* Absolute, normalised form of path ("." and ".." folded, repeated '/'
 * removed), taking relative paths from base (an absolute directory). */
void helios_path_absolute(struct helios_buf *out, const char *base, const char *path);

/* path with "." and ".." folded and repeated '/' removed, without a base:
 * "./p0.mp4" and "a/../p0.mp4" are "p0.mp4"; a ".." that cannot fold stays
 * ("../x/../p" is "../p"); "." when nothing is left. */
void helios_path_normalize(struct helios_buf *out, const char *path);

/* Directory part of path ("." when none). */
void helios_path_dirname(struct helios_buf *out, const char *path);

/* Path of target relative to directory dir, both taken relative to cwd
 * (absolute).  The result never ends in '/'; "." when they are equal. */
void helios_path_relative(struct helios_buf *out, const char *cwd, const char *dir,
			  const char *target);

/* dir/path, unless path is absolute or a URL. */
void helios_path_join(struct helios_buf *out, const char *dir, const char *path);

/* base_url joined with a relative path, percent-encoding what a URL path
 * cannot hold.  Exactly one '/' between them. */
void helios_path_url_join(struct helios_buf *out, const char *base_url, const char *rel);

/* Split "dir/name.ext" into "dir/name" and ".ext" (ext may be ""). */
void helios_path_split_ext(const char *path, struct helios_buf *stem, const char **ext);

#endif
