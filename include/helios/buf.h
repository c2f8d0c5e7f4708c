/* A growable byte string.  Allocation failure is sticky: once a call fails,
 * buf->failed stays set and later appends do nothing, so callers check once. */
#ifndef HELIOS_BUF_H
#define HELIOS_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct helios_buf {
	char *data;	/* NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	bool failed;
};

void helios_buf_init(struct helios_buf *b);
void helios_buf_release(struct helios_buf *b);
void helios_buf_clear(struct helios_buf *b);
void helios_buf_append(struct helios_buf *b, const char *data, size_t len);
void helios_buf_puts(struct helios_buf *b, const char *s);
void helios_buf_putc(struct helios_buf *b, char c);
void helios_buf_printf(struct helios_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Contents as a C string ("" when empty). */
const char *helios_buf_str(const struct helios_buf *b);
/* Hand the string over to the caller (malloc'ed) and reset b; NULL on failure. */
char *helios_buf_take(struct helios_buf *b);

#endif
