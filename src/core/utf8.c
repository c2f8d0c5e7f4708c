#include "helios/utf8.h"

#include <string.h>

size_t helios_utf8_next(const char *s, size_t len, long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	long c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		n = 0, c = 0;
	for (size_t i = 1; i < n; i++) {
		if (i >= len || (p[i] & 0xc0) != 0x80) {
			n = 0;
			break;
		}
		c = c << 6 | (p[i] & 0x3f);
	}
	if (n == 0 || (n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff))) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return n;
}

size_t helios_utf8_check(const char *s, size_t len)
{
	size_t i = 0;
	long cp;

	while (i < len && s[i]) {
		size_t n = helios_utf8_next(s + i, len - i, &cp);

		if (cp < 0)
			break;
		i += n;
	}
	return i;
}

bool helios_utf8_is_control(long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

void helios_utf8_printable(struct helios_buf *out, const char *s)
{
	size_t len = strlen(s);
	long cp;

	for (size_t i = 0; i < len;) {
		size_t n = helios_utf8_next(s + i, len - i, &cp);

		if (helios_utf8_is_control(cp))
			helios_buf_putc(out, '?');
		else
			helios_buf_append(out, s + i, n);
		i += n;
	}
}

void helios_utf8_escape(struct helios_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	long cp;

	for (size_t i = 0; i < len;) {
		size_t n = helios_utf8_next(s + i, len - i, &cp);

		if (!helios_utf8_is_control(cp)) {
			helios_buf_append(out, s + i, n);
		} else {
			for (size_t k = 0; k < n; k++) {
				unsigned char b = (unsigned char)s[i + k];

				helios_buf_printf(out, "\\x%c%c", hex[b >> 4], hex[b & 15]);
			}
		}
		i += n;
	}
}
