/* Text for a terminal: what a page or a program controls is shown, never
 * obeyed (issue 23). */
#include <check.h>
#include <string.h>

#include "helios/buf.h"
#include "helios/utf8.h"
#include "suites.h"

static void expect_escaped(const char *text, size_t len, const char *want)
{
	struct helios_buf out;

	helios_buf_init(&out);
	helios_utf8_escape(&out, text, len);
	ck_assert_msg(!out.failed, "out of memory");
	ck_assert_str_eq(helios_buf_str(&out), want);
	helios_buf_release(&out);
}

START_TEST(terminal_sequences_are_shown_not_sent)
{
	const char *pwned = "\x1b]0;pwned\x07\x1b[2J\x1b[32mhelios: render: done";

	expect_escaped(pwned, strlen(pwned), "\\x1b]0;pwned\\x07\\x1b[2J\\x1b[32mhelios: render: done");
}
END_TEST

START_TEST(every_control_character_is_escaped)
{
	expect_escaped("a\rb\nc\td\x7f" "e", 9, "a\\x0db\\x0ac\\x09d\\x7fe");
	/* C1 (U+009B, the one-byte CSI of some terminals) as its two bytes. */
	expect_escaped("\xc2\x9b" "2J", 4, "\\xc2\\x9b2J");
	expect_escaped("nul\0byte", 8, "nul\\x00byte");
}
END_TEST

START_TEST(invalid_utf8_is_escaped_byte_by_byte)
{
	expect_escaped("\xff\xfe", 2, "\\xff\\xfe");
	expect_escaped("\xe2\x82", 2, "\\xe2\\x82");	/* cut short */
	expect_escaped("\xc0\xaf", 2, "\\xc0\\xaf");	/* overlong '/' */
	expect_escaped("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");	/* a surrogate */
}
END_TEST

START_TEST(printable_text_is_kept)
{
	const char *text = "né ü 日本語 ✓ \\x1b 'quoted' 100%";

	expect_escaped(text, strlen(text), text);
	expect_escaped("", 0, "");
}
END_TEST

Suite *suite_utf8(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("escape");

	tcase_add_test(tc, terminal_sequences_are_shown_not_sent);
	tcase_add_test(tc, every_control_character_is_escaped);
	tcase_add_test(tc, invalid_utf8_is_escaped_byte_by_byte);
	tcase_add_test(tc, printable_text_is_kept);
	suite_add_tcase(s, tc);
	return s;
}
