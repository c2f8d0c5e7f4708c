#include "helios/path.h"

#include <string.h>
#include <strings.h>

bool helios_path_is_url(const char *s)
{
	static const char *const schemes[] = { "http://", "https://", "file://", "data:" };

	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(s, schemes[i], strlen(schemes[i])) == 0)
			return true;
	return false;
}

/* Append the normalised components of path to out, which holds an absolute
 * directory ("/" or "/a/b" without a trailing slash). */
static void fold_components(struct helios_buf *out, const char *path)
{
	const char *p = path;

	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = out->len ? strrchr(out->data, '/') : NULL;

			if (slash) {
				out->len = slash == out->data ? 1 : (size_t)(slash - out->data);
				out->data[out->len] = '\0';
			}
		} else {
			if (out->len > 1)
				helios_buf_putc(out, '/');
			helios_buf_append(out, p, len);
		}
		p += len;
		if (*p == '/')
			p++;
	}
}

void helios_path_absolute(struct helios_buf *out, const char *base, const char *path)
{
	helios_buf_clear(out);
	helios_buf_putc(out, '/');
	if (path[0] != '/')
		fold_components(out, base);
	fold_components(out, path);
}

void helios_path_normalize(struct helios_buf *out, const char *path)
{
	const char *p = path;
	size_t keep = 0;	/* leading "../" that cannot fold: out[0..keep) */

	if (path[0] == '/') {
		helios_path_absolute(out, "/", path);
		return;
	}
	helios_buf_clear(out);
	while (*p) {
		size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (out->len > keep) {
				/* Drop the last component (and its '/'). */
				char *slash = strrchr(out->data + keep, '/');

				out->len = slash ? (size_t)(slash - out->data) : keep;
				out->data[out->len] = '\0';
			} else {
				helios_buf_puts(out, out->len ? "/.." : "..");
				keep = out->len;
			}
		} else if (len && !(len == 1 && p[0] == '.')) {
			if (out->len)
				helios_buf_putc(out, '/');
			helios_buf_append(out, p, len);
		}
		p += len;
		if (*p == '/')
			p++;
	}
	if (!out->len)
		helios_buf_putc(out, '.');
}

void helios_path_dirname(struct helios_buf *out, const char *path)
{
	const char *slash = strrchr(path, '/');

	helios_buf_clear(out);
	if (!slash)
		helios_buf_putc(out, '.');
	else if (slash == path)
		helios_buf_putc(out, '/');
	else
		helios_buf_append(out, path, (size_t)(slash - path));
}

/* Length of the next component of an absolute normalised path at p ("/a/b"). */
static size_t component_len(const char *p)
{
	const char *end = strchr(p, '/');

	return end ? (size_t)(end - p) : strlen(p);
}

void helios_path_relative(struct helios_buf *out, const char *cwd, const char *dir,
			  const char *target)
{
	struct helios_buf from, to;
	const char *a, *b;

	helios_buf_init(&from);
	helios_buf_init(&to);
	helios_path_absolute(&from, cwd, dir);
	helios_path_absolute(&to, cwd, target);
	a = helios_buf_str(&from) + 1;	/* skip the leading '/' */
	b = helios_buf_str(&to) + 1;

	/* Drop the components both share. */
	while (*a && *b) {
		size_t la = component_len(a), lb = component_len(b);

		if (la != lb || memcmp(a, b, la) != 0)
			break;
		a += la + (a[la] == '/');
		b += lb + (b[lb] == '/');
	}
	helios_buf_clear(out);
	/* One ".." for each component of dir that target does not share. */
	while (*a) {
		size_t la = component_len(a);

		helios_buf_puts(out, out->len ? "/.." : "..");
		a += la + (a[la] == '/');
	}
	if (*b) {
		if (out->len)
			helios_buf_putc(out, '/');
		helios_buf_puts(out, b);
	}
	if (!out->len)
		helios_buf_putc(out, '.');
	helios_buf_release(&from);
	helios_buf_release(&to);
}

void helios_path_join(struct helios_buf *out, const char *dir, const char *path)
{
	helios_buf_clear(out);
	if (path[0] == '/' || helios_path_is_url(path) || strcmp(dir, ".") == 0 || !*dir) {
		helios_buf_puts(out, path);
		return;
	}
	helios_buf_puts(out, dir);
	if (dir[strlen(dir) - 1] != '/')
		helios_buf_putc(out, '/');
	helios_buf_puts(out, path);
}

void helios_path_url_join(struct helios_buf *out, const char *base_url, const char *rel)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(base_url);

	helios_buf_clear(out);
	while (len && base_url[len - 1] == '/')
		len--;
	helios_buf_append(out, base_url, len);
	helios_buf_putc(out, '/');
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/!$&()*+,;=:@", *p) != NULL) {
			helios_buf_putc(out, (char)*p);
		} else {
			helios_buf_putc(out, '%');
			helios_buf_putc(out, hex[*p >> 4]);
			helios_buf_putc(out, hex[*p & 15]);
		}
	}
}

void helios_path_split_ext(const char *path, struct helios_buf *stem, const char **ext)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');

	if (!dot || dot == base)
		dot = path + strlen(path);
	helios_buf_clear(stem);
	helios_buf_append(stem, path, (size_t)(dot - path));
	*ext = dot;
}
