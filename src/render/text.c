#include "text.h"

#include <string.h>
#include <strings.h>

#include "helios/number.h"

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Make room for n more bytes after out->len without changing the content. */
static bool reserve(struct helios_buf *out, size_t n)
{
	static const char zeros[4096];
	size_t keep = out->len;

	while (out->len - keep < n && !out->failed) {
		size_t step = n - (out->len - keep);

		helios_buf_append(out, zeros, step < sizeof(zeros) ? step : sizeof(zeros));
	}
	out->len = keep;
	return !out->failed;
}

bool render_text_base64_decode(const char *text, size_t len, struct helios_buf *out)
{
	unsigned acc = 0;
	int bits = 0;

	if (!reserve(out, len / 4 * 3 + 3))
		return false;
	for (size_t i = 0; i < len && text[i] != '='; i++) {
		int v = b64_value((unsigned char)text[i]);

		if (v < 0)
			return false;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out->data[out->len++] = (char)((acc >> bits) & 0xff);
		}
	}
	out->data[out->len] = '\0';
	return true;
}

const char *render_text_data_url_payload(const char *text)
{
	const char *comma;

	if (strncmp(text, "data:", 5) != 0)
		return NULL;
	comma = strchr(text, ',');
	if (!comma || comma - text < 7 || strncmp(comma - 7, ";base64", 7) != 0)
		return NULL;
	return comma + 1;
}

void render_text_url_encode_path(const char *path, struct helios_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    strchr("/._~-", *s))
			helios_buf_putc(out, (char)*s);
		else
			helios_buf_printf(out, "%%%c%c", hex[*s >> 4], hex[*s & 15]);
	}
}

void render_text_file_url(const char *abs_path, struct helios_buf *out)
{
	helios_buf_puts(out, "file://");
	render_text_url_encode_path(abs_path, out);
}

void render_text_url_decode_path(const char *s, struct helios_buf *out)
{
	for (; *s && *s != '?' && *s != '#'; s++) {
		int hi, lo;

		if (*s == '%' && (hi = helios_hex_digit(s[1])) >= 0 && (lo = helios_hex_digit(s[2])) >= 0) {
			helios_buf_putc(out, (char)(hi * 16 + lo));
			s += 2;
		} else {
			helios_buf_putc(out, *s);
		}
	}
}

bool render_text_file_url_path(const char *url, struct helios_buf *out)
{
	const char *s = url;

	if (strncasecmp(s, "file://", 7) == 0) {
		s += 7;
		/* file://host/path: a host other than empty or localhost is kept out. */
		if (strncasecmp(s, "localhost/", 10) == 0)
			s += 9;
	}
	render_text_url_decode_path(s, out);
	return s[0] == '/';
}
