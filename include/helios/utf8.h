/* UTF-8 text: strict decoding, and the one rule for what can be shown on a
 * terminal, shared by `helios job show` and the TUI.  Pure. */
#ifndef HELIOS_UTF8_H
#define HELIOS_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "helios/buf.h"

/* Decode the character at s: its length in bytes, and its code point in
 * *cp, or -1 and length 1 for a byte that does not start a valid sequence
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 * len >= 1 bytes are available; 4 is enough in a NUL-terminated string,
 * as decoding stops at the first byte that does not continue a sequence. */
size_t helios_utf8_next(const char *s, size_t len, long *cp);

/* Offset of the first byte of s[0..len) that is not UTF-8 text, NUL
 * included; len when there is none. */
size_t helios_utf8_check(const char *s, size_t len);

/* True for what a terminal must never be sent as is: an invalid byte
 * (cp < 0), C0 and C1 control characters and DEL. */
bool helios_utf8_is_control(long cp);

/* s with every control character and invalid byte shown as '?', so a
 * name cannot move the cursor or change colours. */
void helios_utf8_printable(struct helios_buf *out, const char *s);

/* s[0..len) for a terminal with every control character (C0 such as ESC,
 * CR, BEL and newline, DEL, C1) and every byte that is not UTF-8 written
 * as \xNN, one per byte: text a page or a program controls can then
 * neither move the cursor, retitle the window nor start a line of its own.
 * Printable text, non-ASCII letters included, is kept as it is. */
void helios_utf8_escape(struct helios_buf *out, const char *s, size_t len);

#endif
