#include "helios/number.h"

#include <stdio.h>
#include <string.h>

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a < 0 ? -a : a;
}

static struct helios_ratio reduce(int64_t num, int64_t den)
{
	int64_t g = gcd64(num, den);
	struct helios_ratio r = { num, den };

	if (g > 1) {
		r.num /= g;
		r.den /= g;
	}
	return r;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits only, no sign, no blanks: "12".  Fails on overflow. */
static bool parse_digits(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return false;
		if (v > (INT64_MAX - (s[i] - '0')) / 10)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return false;
	return len > 0;
}

enum helios_status helios_number_parse_int(const char *text, int64_t min, int64_t max,
					   int64_t *out, struct helios_error *err)
{
	const char *digits = text;
	bool negative = false;
	size_t len;
	int64_t v;

	if (*digits == '-' || *digits == '+') {
		negative = *digits == '-';
		digits++;
	}
	len = strlen(digits);
	if (!all_digits(digits, len))
		return helios_error_set(err, HELIOS_EINVAL, "not a whole number");
	if (!parse_digits(digits, len, &v))
		return helios_error_set(err, HELIOS_EINVAL, "too large (at most %lld)", (long long)max);
	if (negative)
		v = -v;
	if (v < min || v > max) {
		if (v < min && max == HELIOS_MAX_FRAMES)
			return helios_error_set(err, HELIOS_EINVAL, "must be at least %lld",
						(long long)min);
		if (v > max && max == HELIOS_MAX_FRAMES)
			return helios_error_set(err, HELIOS_EINVAL, "too large (at most %lld)",
						(long long)max);
		return helios_error_set(err, HELIOS_EINVAL, "out of range (%lld-%lld)",
					(long long)min, (long long)max);
	}
	*out = v;
	return HELIOS_OK;
}

enum helios_status helios_number_parse_decimal(const char *text, struct helios_ratio *out,
					       struct helios_error *err)
{
	const char *dot = strchr(text, '.');
	size_t int_len = dot ? (size_t)(dot - text) : strlen(text);
	size_t frac_len = dot ? strlen(dot + 1) : 0;
	int64_t whole = 0, frac = 0, scale = 1;

	if (*text == '-')
		return helios_error_set(err, HELIOS_EINVAL, "must not be negative");
	if ((int_len && !all_digits(text, int_len)) || (dot && frac_len && !all_digits(dot + 1, frac_len)) ||
	    (int_len == 0 && frac_len == 0))
		return helios_error_set(err, HELIOS_EINVAL, "not a number");
	if (frac_len > 18)
		return helios_error_set(err, HELIOS_EINVAL, "too many decimals (at most 18)");
	if (int_len && !parse_digits(text, int_len, &whole))
		return helios_error_set(err, HELIOS_EINVAL, "too large");
	if (frac_len && !parse_digits(dot + 1, frac_len, &frac))
		return helios_error_set(err, HELIOS_EINVAL, "not a number");
	for (size_t i = 0; i < frac_len; i++)
		scale *= 10;
	if (whole > (INT64_MAX - frac) / scale)
		return helios_error_set(err, HELIOS_EINVAL, "too large");
	*out = reduce(whole * scale + frac, scale);
	return HELIOS_OK;
}

enum helios_status helios_number_parse_fps(const char *text, struct helios_ratio *out,
					   struct helios_error *err)
{
	const char *slash = strchr(text, '/');
	struct helios_ratio r;

	if (slash) {
		int64_t num, den;
		size_t num_len = (size_t)(slash - text);

		if (!all_digits(text, num_len) || !all_digits(slash + 1, strlen(slash + 1)))
			return helios_error_set(err, HELIOS_EINVAL,
						"not a frame rate (use 30, 29.97 or 30000/1001)");
		if (!parse_digits(text, num_len, &num) ||
		    !parse_digits(slash + 1, strlen(slash + 1), &den))
			return helios_error_set(err, HELIOS_EINVAL, "too large");
		if (den == 0)
			return helios_error_set(err, HELIOS_EINVAL, "division by zero");
		r = reduce(num, den);
	} else if (helios_number_parse_decimal(text, &r, NULL) != HELIOS_OK) {
		/* "-1" is negative; "--emit-job" (a flag taken as the value) is not. */
		if (*text == '-' && helios_number_parse_decimal(text + 1, &r, NULL) == HELIOS_OK)
			return helios_error_set(err, HELIOS_EINVAL, "must be greater than 0");
		return helios_error_set(err, HELIOS_EINVAL,
					"not a frame rate (use 30, 29.97 or 30000/1001)");
	}
	if (r.num == 0)
		return helios_error_set(err, HELIOS_EINVAL, "must be greater than 0");
	/* In 128 bits: 1000 * den overflows int64 for a tiny rate. */
	if ((__int128)r.num > (__int128)1000 * r.den)
		return helios_error_set(err, HELIOS_EINVAL, "too high (at most 1000)");
	/* ffmpeg keeps a rate and the MP4 timescale derived from it in 32 bits. */
	if ((__int128)r.num * HELIOS_FPS_TERM_MAX < r.den)
		return helios_error_set(err, HELIOS_EINVAL, "too low (at least 1/%lld)",
					(long long)HELIOS_FPS_TERM_MAX);
	if (r.num > HELIOS_FPS_TERM_MAX || r.den > HELIOS_FPS_TERM_MAX)
		return helios_error_set(err, HELIOS_EINVAL,
					"too fine a fraction (numerator and denominator at most %lld)",
					(long long)HELIOS_FPS_TERM_MAX);
	*out = r;
	return HELIOS_OK;
}

bool helios_ratio_ceil_mul(struct helios_ratio a, struct helios_ratio b, int64_t *out)
{
	__int128 num = (__int128)a.num * b.num;
	__int128 den = (__int128)a.den * b.den;
	__int128 q = num / den + (num % den != 0);

	if (q > INT64_MAX)
		return false;
	*out = (int64_t)q;
	return true;
}

int64_t helios_ratio_frames_to_ms(int64_t frames, struct helios_ratio fps)
{
	__int128 ms = (__int128)frames * fps.den * 1000 / fps.num;

	return ms > INT64_MAX ? INT64_MAX : (int64_t)ms;
}

double helios_ratio_to_double(struct helios_ratio r)
{
	return (double)r.num / (double)r.den;
}

void helios_ratio_format(struct helios_ratio r, char *buf, size_t size)
{
	int64_t scale = 1;
	int decimals = 0;

	if (r.den == 1) {
		snprintf(buf, size, "%lld", (long long)r.num);
		return;
	}
	/* A denominator made of 2s and 5s divides a power of ten. */
	while (decimals < 18 && scale % r.den != 0) {
		scale *= 10;
		decimals++;
	}
	if (scale % r.den == 0 && r.num <= INT64_MAX / (scale / r.den)) {
		int64_t scaled = r.num * (scale / r.den);
		snprintf(buf, size, "%lld.%0*lld", (long long)(scaled / scale), decimals,
			 (long long)(scaled % scale));
		return;
	}
	snprintf(buf, size, "%lld/%lld", (long long)r.num, (long long)r.den);
}

int64_t helios_ratio_timescale(struct helios_ratio fps)
{
	/* A frame lasts den/num seconds = timescale*den/num ticks: whole when
	 * num divides the timescale (the ratio is reduced). */
	if (90000 % fps.num == 0)
		return 90000;
	return fps.num * (fps.num < 90000 ? 90000 / fps.num : 1);
}

int helios_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
