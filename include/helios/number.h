/* Exact numbers for frame arithmetic: checked integers and rationals, so that
 * 0.1 s at 30 fps is 3 frames and 30000/1001 fps stays exact. */
#ifndef HELIOS_NUMBER_H
#define HELIOS_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helios/status.h"

/* Largest frame number we accept: JSON numbers are doubles, and every frame
 * number must survive a round trip through a job file exactly. */
#define HELIOS_MAX_FRAMES INT64_C(9007199254740991)

/* num/den with den > 0, always reduced. */
struct helios_ratio {
	int64_t num;
	int64_t den;
};

/* Whole decimal number in [min, max].  Messages say why, without naming the flag. */
enum helios_status helios_number_parse_int(const char *text, int64_t min, int64_t max,
					   int64_t *out, struct helios_error *err);

/* Non-negative decimal such as "2", "2.5" or ".25", kept exact. */
enum helios_status helios_number_parse_decimal(const char *text, struct helios_ratio *out,
					       struct helios_error *err);

/* Largest numerator or denominator of a reduced frame rate. */
#define HELIOS_FPS_TERM_MAX INT64_C(2147483647)

/* Frame rate: "30", "29.97" or "30000/1001"; must be > 0 and <= 1000, and
 * reduced, its numerator and denominator at most HELIOS_FPS_TERM_MAX. */
enum helios_status helios_number_parse_fps(const char *text, struct helios_ratio *out,
					   struct helios_error *err);

/* ceil(a * b), or false when the result does not fit in int64. */
bool helios_ratio_ceil_mul(struct helios_ratio a, struct helios_ratio b, int64_t *out);

/* floor(frames * den / num): whole milliseconds of `frames` frames at fps. */
int64_t helios_ratio_frames_to_ms(int64_t frames, struct helios_ratio fps);

double helios_ratio_to_double(struct helios_ratio r);

/* A timescale (ticks per second) in which one frame at fps lasts a whole
 * number of ticks: 90000 when it divides evenly, else a multiple of fps.num.
 * MP4/MOV durations written in it are exact. */
int64_t helios_ratio_timescale(struct helios_ratio fps);

/* Shortest exact text: "30", "29.97" (when den is a power of ten dividing
 * evenly), otherwise "30000/1001". */
void helios_ratio_format(struct helios_ratio r, char *buf, size_t size);

/* The value of a hexadecimal digit, -1 when c is not one. */
int helios_hex_digit(char c);

#endif
