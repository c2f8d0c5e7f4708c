#include "helios/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void helios_buf_init(struct helios_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

void helios_buf_release(struct helios_buf *b)
{
	free(b->data);
	helios_buf_init(b);
}

void helios_buf_clear(struct helios_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static bool reserve(struct helios_buf *b, size_t extra)
{
	size_t need, cap;
	char *data;

	if (b->failed)
		return false;
	if (extra > SIZE_MAX - b->len - 1) {
		b->failed = true;
		return false;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	data = realloc(b->data, cap);
	if (!data) {
		b->failed = true;
		return false;
	}
	b->data = data;
	b->cap = cap;
	return true;
}

void helios_buf_append_grow(struct helios_buf *b, const char *data, size_t len)
{
	if (!reserve(b, len))
		return;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void helios_buf_printf(struct helios_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *helios_buf_space(struct helios_buf *b, size_t extra)
{
	return reserve(b, extra) ? b->data + b->len : NULL;
}

void helios_buf_grow(struct helios_buf *b, size_t n)
{
	b->len += n;
	b->data[b->len] = '\0';
}

void helios_buf_put_int(struct helios_buf *b, long long v)
{
	char digits[24];
	char *p = digits + sizeof(digits);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	helios_buf_append(b, p, (size_t)(digits + sizeof(digits) - p));
}

const char *helios_buf_str(const struct helios_buf *b)
{
	return b->data ? b->data : "";
}

char *helios_buf_take(struct helios_buf *b)
{
	char *s;

	if (b->failed) {
		helios_buf_release(b);
		return NULL;
	}
	if (!b->data && !reserve(b, 0))
		return NULL;
	if (!b->len)
		b->data[0] = '\0';
	s = b->data;
	helios_buf_init(b);
	return s;
}
