#include "helios/json.h"

#include <stdbool.h>
#include <string.h>

#include "helios/number.h"

struct scan {
	const char *s;
	size_t at;
	const char *why;	/* set at the first error; at is its byte */
};

static bool fail(struct scan *p, const char *why)
{
	if (!p->why)
		p->why = why;
	return false;
}

static void skip_space(struct scan *p)
{
	while (p->s[p->at] == ' ' || p->s[p->at] == '\t' || p->s[p->at] == '\n' || p->s[p->at] == '\r')
		p->at++;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Four hex digits after "\u"; -1 when they are not. */
static long hex4(struct scan *p)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int h = helios_hex_digit(p->s[p->at]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
		p->at++;
	}
	return v;
}

static bool string(struct scan *p)
{
	p->at++;	/* the opening quote */
	for (;;) {
		unsigned char c = (unsigned char)p->s[p->at];

		if (c == '"') {
			p->at++;
			return true;
		}
		if (c == '\0')
			return fail(p, "unterminated string");
		if (c < 0x20)
			return fail(p, "control character in a string (write it as \\n, \\t or \\u00XX)");
		if (c != '\\') {
			p->at++;
			continue;
		}
		p->at++;
		c = (unsigned char)p->s[p->at];
		if (strchr("\"\\/bfnrt", c) && c) {
			p->at++;
			continue;
		}
		if (c != 'u')
			return fail(p, "unknown escape in a string");
		p->at++;
		{
			size_t start = p->at;
			long u = hex4(p);

			if (u < 0) {
				p->at = start;
				return fail(p, "\\u needs four hex digits");
			}
			/* A surrogate must come as a pair, or it decodes to nothing. */
			if (u >= 0xDC00 && u <= 0xDFFF) {
				p->at = start;
				return fail(p, "a lone UTF-16 surrogate");
			}
			if (u >= 0xD800 && u <= 0xDBFF) {
				long low;

				if (p->s[p->at] != '\\' || p->s[p->at + 1] != 'u') {
					p->at = start;
					return fail(p, "a lone UTF-16 surrogate");
				}
				p->at += 2;
				low = hex4(p);
				if (low < 0xDC00 || low > 0xDFFF) {
					p->at = start;
					return fail(p, "a lone UTF-16 surrogate");
				}
			}
		}
	}
}

static bool number(struct scan *p)
{
	if (p->s[p->at] == '-')
		p->at++;
	if (p->s[p->at] == '0') {
		p->at++;
	} else if (is_digit(p->s[p->at])) {
		while (is_digit(p->s[p->at]))
			p->at++;
	} else {
		return fail(p, "a number needs a digit");
	}
	if (p->s[p->at] == '.') {
		p->at++;
		if (!is_digit(p->s[p->at]))
			return fail(p, "a digit must follow the decimal point");
		while (is_digit(p->s[p->at]))
			p->at++;
	}
	if (p->s[p->at] == 'e' || p->s[p->at] == 'E') {
		p->at++;
		if (p->s[p->at] == '+' || p->s[p->at] == '-')
			p->at++;
		if (!is_digit(p->s[p->at]))
			return fail(p, "an exponent needs a digit");
		while (is_digit(p->s[p->at]))
			p->at++;
	}
	return true;
}

static bool word(struct scan *p, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(p->s + p->at, w, n) != 0)
		return fail(p, "expected a value (an object, array, string, number, true, false or null)");
	p->at += n;
	return true;
}

static bool value(struct scan *p, int depth);

/* An object or an array: open and close are its brackets. */
static bool container(struct scan *p, int depth, char close)
{
	bool object = close == '}';

	if (depth >= HELIOS_JSON_MAX_DEPTH)
		return fail(p, "nested too deep");
	p->at++;
	skip_space(p);
	if (p->s[p->at] == close) {
		p->at++;
		return true;
	}
	for (;;) {
		if (object) {
			if (p->s[p->at] != '"')
				return fail(p, "expected a key in double quotes");
			if (!string(p))
				return false;
			skip_space(p);
			if (p->s[p->at] != ':')
				return fail(p, "expected ':' after the key");
			p->at++;
			skip_space(p);
		}
		if (!value(p, depth + 1))
			return false;
		skip_space(p);
		if (p->s[p->at] == close) {
			p->at++;
			return true;
		}
		if (p->s[p->at] != ',')
			return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
		p->at++;
		skip_space(p);
	}
}

static bool value(struct scan *p, int depth)
{
	switch (p->s[p->at]) {
	case '{':
		return container(p, depth, '}');
	case '[':
		return container(p, depth, ']');
	case '"':
		return string(p);
	case 't':
		return word(p, "true");
	case 'f':
		return word(p, "false");
	case 'n':
		return word(p, "null");
	case '\0':
		return fail(p, "empty, or ends where a value should be");
	default:
		if (p->s[p->at] == '-' || is_digit(p->s[p->at]))
			return number(p);
		return fail(p, p->s[p->at] == '\''
				       ? "strings and keys take double quotes, not single ones"
				       : "expected a value (an object, array, string, number, true, false or null)");
	}
}

enum helios_status helios_json_check(const char *text, struct helios_error *err)
{
	struct scan p = { text, 0, NULL };

	skip_space(&p);
	if (value(&p, 0)) {
		skip_space(&p);
		if (p.s[p.at] != '\0')
			fail(&p, "text after the value");
	}
	if (!p.why)
		return HELIOS_OK;
	return helios_error_set(err, HELIOS_EINVAL, "not valid JSON (at byte %zu: %s)", p.at + 1, p.why);
}
