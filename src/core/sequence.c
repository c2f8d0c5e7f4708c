#include "helios/sequence.h"

#include <string.h>

#include "helios/number.h"

bool helios_sequence_has_directive(const char *path)
{
	return strchr(path, '%') != NULL;
}

bool helios_sequence_parse(const char *pattern, struct helios_sequence *seq)
{
	const char *pct = strchr(pattern, '%'), *p;
	const char *slash = strrchr(pattern, '/');
	int digits = 0;

	/* A number in a directory would spread the frames over directories. */
	if (!pct || (slash && pct < slash))
		return false;
	p = pct + 1;
	if (*p == '0') {
		p++;
		if (*p < '1' || *p > '9')
			return false;
		digits = *p++ - '0';
	}
	if (*p != 'd' || strchr(p + 1, '%'))
		return false;
	seq->pattern = pattern;
	seq->at = (size_t)(pct - pattern);
	seq->len = (size_t)(p + 1 - pct);
	seq->digits = digits;
	return true;
}

void helios_sequence_name(const struct helios_sequence *seq, int64_t frame, struct helios_buf *out)
{
	helios_buf_append(out, seq->pattern, seq->at);
	helios_buf_printf(out, "%0*lld", seq->digits, (long long)frame);
	helios_buf_puts(out, seq->pattern + seq->at + seq->len);
}

bool helios_sequence_frame_of(const struct helios_sequence *seq, const char *name, int64_t *frame)
{
	const char *tail = seq->pattern + seq->at + seq->len;
	size_t name_len = strlen(name), tail_len = strlen(tail), n;
	int64_t v = 0;

	if (name_len < seq->at + tail_len || strncmp(name, seq->pattern, seq->at) != 0 ||
	    strcmp(name + name_len - tail_len, tail) != 0)
		return false;
	n = name_len - seq->at - tail_len;
	/* Padded to the width, or longer without a leading zero: what
	 * helios_sequence_name writes, and nothing else. */
	if (n == 0 || n < (size_t)seq->digits || (n > (size_t)seq->digits && n > 1 && name[seq->at] == '0'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[seq->at + i];

		if (c < '0' || c > '9' || v > (HELIOS_MAX_FRAMES - (c - '0')) / 10)
			return false;
		v = v * 10 + (c - '0');
	}
	*frame = v;
	return true;
}

enum helios_status helios_sequence_frames_parse(const char *text, int64_t *frames, int64_t *count,
						struct helios_error *err)
{
	const char *p = text;
	int64_t n = 0, last = -1;

	for (;;) {
		int64_t v = 0;
		const char *digits = p;

		for (; *p >= '0' && *p <= '9'; p++) {
			if (v > (HELIOS_MAX_FRAMES - (*p - '0')) / 10)
				return helios_error_set(err, HELIOS_EINVAL, "frame numbers go up to %lld",
							(long long)HELIOS_MAX_FRAMES);
			v = v * 10 + (*p - '0');
		}
		if (p == digits || (*p && *p != ','))
			return helios_error_set(err, HELIOS_EINVAL,
						"not a frame number or a list of them (such as 45 or 0,45,90)");
		if (v <= last)
			return helios_error_set(err, HELIOS_EINVAL,
						"frame %lld after frame %lld: list the frames in ascending order, each once",
						(long long)v, (long long)last);
		if (n == HELIOS_SEQUENCE_MAX_STILLS)
			return helios_error_set(err, HELIOS_EINVAL, "more than %d frames (render a range instead)",
						HELIOS_SEQUENCE_MAX_STILLS);
		if (frames)
			frames[n] = v;
		n++;
		last = v;
		if (!*p)
			break;
		p++;
	}
	*count = n;
	return HELIOS_OK;
}
