/* A growable byte string.  Allocation failure is sticky: once a call fails,
 * buf->failed stays set and later appends do nothing, so callers check once. */
#ifndef HELIOS_BUF_H
#define HELIOS_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct helios_buf {
	char *data;	/* NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	bool failed;
};

void helios_buf_init(struct helios_buf *b);
void helios_buf_release(struct helios_buf *b);
void helios_buf_clear(struct helios_buf *b);
/* Slow path of the appends below: grows the buffer. */
void helios_buf_append_grow(struct helios_buf *b, const char *data, size_t len);

/* Inline so that appending a literal costs a compare and a copy: the job
 * writer appends a dozen pieces per chunk, a million chunks at a time. */
static inline void helios_buf_append(struct helios_buf *b, const char *data, size_t len)
{
	if (b->len + len < b->cap) {
		memcpy(b->data + b->len, data, len);
		b->len += len;
		b->data[b->len] = '\0';
	} else {
		helios_buf_append_grow(b, data, len);
	}
}

static inline void helios_buf_puts(struct helios_buf *b, const char *s)
{
	helios_buf_append(b, s, strlen(s));
}

static inline void helios_buf_putc(struct helios_buf *b, char c)
{
	helios_buf_append(b, &c, 1);
}
void helios_buf_printf(struct helios_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Room for at least `extra` more bytes, written by the caller at the
 * returned end of the contents and then counted with helios_buf_grow.
 * NULL when allocation fails. */
char *helios_buf_space(struct helios_buf *b, size_t extra);
void helios_buf_grow(struct helios_buf *b, size_t n);
/* Decimal digits of v, without printf: the job writer calls this per field. */
void helios_buf_put_int(struct helios_buf *b, long long v);
/* Contents as a C string ("" when empty). */
const char *helios_buf_str(const struct helios_buf *b);
/* Hand the string over to the caller (malloc'ed) and reset b; NULL on failure. */
char *helios_buf_take(struct helios_buf *b);

#endif
