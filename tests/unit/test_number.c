#include <check.h>

#include "helios/number.h"
#include "suites.h"

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

	tcase_add_test(tc, decimal_times_fps_is_exact);
	suite_add_tcase(s, tc);
	return s;
}
