/* Exact numbers: integer, decimal and frame-rate parsing, ceil_mul, format. */
#include <check.h>
#include <string.h>

#include "helios/number.h"
#include "suites.h"

static int64_t int_ok(const char *text, int64_t min, int64_t max)
{
	struct helios_error err = { "" };
	int64_t v = -12345;

	ck_assert_msg(helios_number_parse_int(text, min, max, &v, &err) == HELIOS_OK,
		      "'%s' rejected: %s", text, err.text);
	return v;
}

static void int_bad(const char *text, int64_t min, int64_t max, const char *why)
{
	struct helios_error err = { "" };
	int64_t v = 777;

	ck_assert_msg(helios_number_parse_int(text, min, max, &v, &err) == HELIOS_EINVAL,
		      "'%s' accepted", text);
	ck_assert_int_eq(v, 777);	/* untouched on error */
	ck_assert_msg(strstr(err.text, why), "'%s': message '%s' lacks '%s'", text, err.text, why);
}

START_TEST(int_accepts_plain_and_signed)
{
	ck_assert_int_eq(int_ok("0", 0, 10), 0);
	ck_assert_int_eq(int_ok("10", 0, 10), 10);
	ck_assert_int_eq(int_ok("+7", 0, 10), 7);
	ck_assert_int_eq(int_ok("-0", 0, 10), 0);
	ck_assert_int_eq(int_ok("-5", -10, 10), -5);
	ck_assert_int_eq(int_ok("007", 0, 10), 7);
	ck_assert_int_eq(int_ok("9223372036854775807", 0, INT64_MAX), INT64_MAX);
	ck_assert_int_eq(int_ok("9007199254740991", 0, HELIOS_MAX_FRAMES), HELIOS_MAX_FRAMES);
}
END_TEST

START_TEST(int_rejects_overflow)
{
	int_bad("9223372036854775808", 0, INT64_MAX, "too large");
	int_bad("99999999999999999999", 0, INT64_MAX, "too large");
	int_bad("99999999999999999999", 1, 16384, "too large");
	int_bad("-99999999999999999999", INT64_MIN, INT64_MAX, "too large");
	int_bad("9007199254740992", 1, HELIOS_MAX_FRAMES, "too large");
}
END_TEST

START_TEST(int_rejects_range)
{
	int_bad("0", 1, 16384, "out of range (1-16384)");
	int_bad("16385", 1, 16384, "out of range (1-16384)");
	int_bad("-3", 1, 10000000, "out of range");
	int_bad("-1", 0, HELIOS_MAX_FRAMES, "must be at least 0");
}
END_TEST

START_TEST(int_rejects_non_numbers)
{
	static const char *const bad[] = {
		"", " ", " 5", "5 ", "5\n", "\t5", "1e3", "1.0", "0x10", "abc", "5a", "+", "-",
		"--5", "+-5", "1,000", "1_000", "١",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		int_bad(bad[i], INT64_MIN, INT64_MAX, "not a whole number");
}
END_TEST

static struct helios_ratio dec_ok(const char *text)
{
	struct helios_error err = { "" };
	struct helios_ratio r = { -1, -1 };

	ck_assert_msg(helios_number_parse_decimal(text, &r, &err) == HELIOS_OK, "'%s' rejected: %s",
		      text, err.text);
	return r;
}

static void dec_bad(const char *text, const char *why)
{
	struct helios_error err = { "" };
	struct helios_ratio r = { -1, -1 };

	ck_assert_msg(helios_number_parse_decimal(text, &r, &err) == HELIOS_EINVAL, "'%s' accepted",
		      text);
	ck_assert_msg(strstr(err.text, why), "'%s': message '%s' lacks '%s'", text, err.text, why);
}

#define ck_ratio(r, n, d)                                                                   \
	do {                                                                                \
		struct helios_ratio r_ = (r);                                               \
		ck_assert_msg(r_.num == (n) && r_.den == (d), "%lld/%lld, expected %lld/%lld", \
			      (long long)r_.num, (long long)r_.den, (long long)(n), (long long)(d)); \
	} while (0)

START_TEST(decimal_exact_and_reduced)
{
	ck_ratio(dec_ok("2.5"), 5, 2);
	ck_ratio(dec_ok(".25"), 1, 4);
	ck_ratio(dec_ok("0.1"), 1, 10);
	ck_ratio(dec_ok("2"), 2, 1);
	ck_ratio(dec_ok("2."), 2, 1);
	ck_ratio(dec_ok("0"), 0, 1);
	ck_ratio(dec_ok("10.50"), 21, 2);
	ck_ratio(dec_ok("0.000000000000000001"), 1, INT64_C(1000000000000000000));
	ck_ratio(dec_ok("8.999999999999999999"), INT64_C(8999999999999999999), INT64_C(1000000000000000000));
}
END_TEST

START_TEST(decimal_rejects)
{
	dec_bad("-1", "must not be negative");
	dec_bad("-0.5", "must not be negative");
	dec_bad("", "not a number");
	dec_bad(".", "not a number");
	dec_bad("abc", "not a number");
	dec_bad("1.2.3", "not a number");
	dec_bad("1e3", "not a number");
	dec_bad(" 1", "not a number");
	dec_bad("1 ", "not a number");
	dec_bad("+1", "not a number");
	dec_bad("1,5", "not a number");
	dec_bad("0.0000000000000000001", "too many decimals");
	dec_bad("99999999999999999999", "too large");
	dec_bad("9223372036854775807.5", "too large");
	dec_bad("9.999999999999999999", "too large");
}
END_TEST

static struct helios_ratio fps_ok(const char *text)
{
	struct helios_error err = { "" };
	struct helios_ratio r = { -1, -1 };

	ck_assert_msg(helios_number_parse_fps(text, &r, &err) == HELIOS_OK, "'%s' rejected: %s", text,
		      err.text);
	return r;
}

static void fps_bad(const char *text, const char *why)
{
	struct helios_error err = { "" };
	struct helios_ratio r = { -1, -1 };

	ck_assert_msg(helios_number_parse_fps(text, &r, &err) == HELIOS_EINVAL, "'%s' accepted", text);
	ck_assert_msg(strstr(err.text, why), "'%s': message '%s' lacks '%s'", text, err.text, why);
}

START_TEST(fps_forms)
{
	ck_ratio(fps_ok("30"), 30, 1);
	ck_ratio(fps_ok("29.97"), 2997, 100);
	ck_ratio(fps_ok("30000/1001"), 30000, 1001);
	ck_ratio(fps_ok("60/2"), 30, 1);
	ck_ratio(fps_ok("1000"), 1000, 1);
	ck_ratio(fps_ok("0.5"), 1, 2);
	ck_ratio(fps_ok("2000/2"), 1000, 1);
}
END_TEST

START_TEST(fps_rejects)
{
	fps_bad("0", "greater than 0");
	fps_bad("0.0", "greater than 0");
	fps_bad("0/5", "greater than 0");
	fps_bad("-1", "greater than 0");
	fps_bad("1001", "at most 1000");
	fps_bad("1000.001", "at most 1000");
	fps_bad("1001/1", "at most 1000");
	fps_bad("1/0", "division by zero");
	fps_bad("abc", "not a frame rate");
	fps_bad("", "not a frame rate");
	fps_bad("30/", "not a frame rate");
	fps_bad("/1001", "not a frame rate");
	fps_bad("30/1001/2", "not a frame rate");
	fps_bad("-30/1", "not a frame rate");
	fps_bad("30.5/2", "not a frame rate");
	fps_bad("99999999999999999999/1", "too large");
	/* 1000 * den once overflowed int64 and called this "too high". */
	fps_bad("1/10000000000000000", "too low (at least 1/2147483647)");
	fps_bad("0.0000000000000001", "too low");
	fps_bad("1/9223372036854775807", "too low");
	fps_bad("1000/9223372036854775807", "too low");
	fps_bad("9223372036854775807/9223372036854775806", "too fine a fraction");
	fps_bad("2147483648/2147483647", "too fine a fraction");
	ck_ratio(fps_ok("1/2147483647"), 1, 2147483647);
	ck_ratio(fps_ok("2147483647/2147483646"), 2147483647, 2147483646);
	/* A leading '-' on something that is not a number is not "negative". */
	fps_bad("--emit-job", "not a frame rate");
	fps_bad("-abc", "not a frame rate");
}
END_TEST

static int64_t ceil_mul(const char *seconds, const char *fps)
{
	struct helios_ratio a = dec_ok(seconds), b = fps_ok(fps);
	int64_t out = -1;

	ck_assert(helios_ratio_ceil_mul(a, b, &out));
	return out;
}

START_TEST(ceil_mul_is_exact)
{
	ck_assert_int_eq(ceil_mul("2.5", "30"), 75);
	ck_assert_int_eq(ceil_mul("0.1", "30"), 3);
	ck_assert_int_eq(ceil_mul("1", "30000/1001"), 30);
	ck_assert_int_eq(ceil_mul("1", "30"), 30);
	ck_assert_int_eq(ceil_mul("0.7", "30"), 21);	/* 0.7*30 is 21.000000000000004 in doubles */
	ck_assert_int_eq(ceil_mul("1.1", "10"), 11);
	ck_assert_int_eq(ceil_mul("0.01", "30"), 1);
	ck_assert_int_eq(ceil_mul("1001", "30000/1001"), 30000);
	ck_assert_int_eq(ceil_mul("10", "29.97"), 300);	/* 299.7 -> 300 */
	ck_assert_int_eq(ceil_mul("3.3333", "30"), 100);
	ck_assert_int_eq(ceil_mul("0", "30"), 0);
}
END_TEST

START_TEST(ceil_mul_overflow)
{
	struct helios_ratio big = { INT64_MAX, 1 }, two = { 2, 1 }, half = { 1, 2 };
	int64_t out = 5;

	ck_assert(!helios_ratio_ceil_mul(big, two, &out));
	ck_assert_int_eq(out, 5);
	ck_assert(helios_ratio_ceil_mul(big, half, &out));
	ck_assert_int_eq(out, INT64_MAX / 2 + 1);
}
END_TEST

static void format_is(int64_t num, int64_t den, const char *want)
{
	char buf[64];
	struct helios_ratio r = { num, den };

	helios_ratio_format(r, buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
}

START_TEST(ratio_format_shortest)
{
	format_is(30, 1, "30");
	format_is(2997, 100, "29.97");
	format_is(5, 2, "2.5");
	format_is(1, 4, "0.25");
	format_is(1, 10, "0.1");
	format_is(30000, 1001, "30000/1001");
	format_is(1, 3, "1/3");
	format_is(0, 1, "0");
	format_is(1, INT64_C(1000000000000000000), "0.000000000000000001");
	format_is(1, 1024, "0.0009765625");
}
END_TEST

START_TEST(ratio_format_round_trips)
{
	static const char *const texts[] = { "30", "29.97", "2.5", "0.25", "30000/1001", "24000/1001",
					     "12.5", "0.001", "1000" };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char buf[64];
		struct helios_ratio r = fps_ok(texts[i]), again;

		helios_ratio_format(r, buf, sizeof(buf));
		ck_assert_str_eq(buf, texts[i]);
		again = fps_ok(buf);
		ck_ratio(again, r.num, r.den);
	}
}
END_TEST

START_TEST(frames_to_ms)
{
	ck_assert_int_eq(helios_ratio_frames_to_ms(30, fps_ok("30")), 1000);
	ck_assert_int_eq(helios_ratio_frames_to_ms(1, fps_ok("30")), 33);
	ck_assert_int_eq(helios_ratio_frames_to_ms(30000, fps_ok("30000/1001")), 1001000);
	ck_assert_int_eq(helios_ratio_frames_to_ms(0, fps_ok("29.97")), 0);
}
END_TEST

START_TEST(decimal_times_fps_is_exact)
{
	struct helios_ratio d, fps;
	int64_t frames;

	ck_assert_int_eq(helios_number_parse_decimal("0.1", &d, NULL), HELIOS_OK);
	ck_assert_int_eq(helios_number_parse_fps("30", &fps, NULL), HELIOS_OK);
	ck_assert(helios_ratio_ceil_mul(d, fps, &frames));
	ck_assert_int_eq(frames, 3);
}
END_TEST

Suite *suite_number(void)
{
	Suite *s = suite_create("number");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, int_accepts_plain_and_signed);
	tcase_add_test(tc, int_rejects_overflow);
	tcase_add_test(tc, int_rejects_range);
	tcase_add_test(tc, int_rejects_non_numbers);
	tcase_add_test(tc, decimal_exact_and_reduced);
	tcase_add_test(tc, decimal_rejects);
	tcase_add_test(tc, fps_forms);
	tcase_add_test(tc, fps_rejects);
	suite_add_tcase(s, tc);

	tc = tcase_create("arithmetic");
	tcase_add_test(tc, ceil_mul_is_exact);
	tcase_add_test(tc, ceil_mul_overflow);
	tcase_add_test(tc, ratio_format_shortest);
	tcase_add_test(tc, ratio_format_round_trips);
	tcase_add_test(tc, frames_to_ms);
	tcase_add_test(tc, decimal_times_fps_is_exact);
	suite_add_tcase(s, tc);
	return s;
}
