/* POSIX quoting and the splitter: hostile strings survive quote -> split,
 * and /bin/sh reads the quoted text as exactly the same words. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "helios/buf.h"
#include "helios/quote.h"
#include "suites.h"

static const char *const hostile[] = {
	"plain",
	"with space",
	"  leading and trailing  ",
	"it's",
	"''",
	"'",
	"say \"hi\"",
	"\"",
	"$HOME",
	"${HOME}",
	"$(id)",
	"a;b",
	"a && b || c",
	"`id`",
	"back\\slash",
	"\\",
	"trailing\\",
	"\\'",
	"new\nline",
	"\n",
	"tab\there",
	"né ü 日本語 ✓",
	"",
	"~",
	"~root/x",
	"=x",
	"a=b",
	"-n",
	"--fps",
	"*",
	"?",
	"[a]",
	"{a,b}",
	"#comment",
	"a#b",
	"!",
	"a&b|c<d>e",
	"(sub)",
	"%s%n",
	"\x01\x1b[31m\x7f",
	"\xff\xfe invalid utf-8",
	"../dir with 'all' \"of\" $them;`x`\\\n\tné.html",
};
#define HOSTILE_COUNT (sizeof(hostile) / sizeof(hostile[0]))

/* All hostile strings quoted into one command line. */
static char *quoted_line(void)
{
	struct helios_buf b;

	helios_buf_init(&b);
	for (size_t i = 0; i < HOSTILE_COUNT; i++) {
		if (i)
			helios_buf_putc(&b, ' ');
		helios_quote_append(&b, hostile[i]);
	}
	ck_assert(!b.failed);
	return helios_buf_take(&b);
}

START_TEST(quote_only_where_needed)
{
	static const char *const safe[] = { "comp.html", "final_part_0.mp4", "--fps", "30000/1001",
					    "a=b", "x@y:z,w%+", "../a/b-c_d.mp4", "/abs/path" };
	struct helios_buf b;

	for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++) {
		ck_assert_msg(!helios_quote_needed(safe[i]), "'%s' quoted", safe[i]);
		helios_buf_init(&b);
		helios_quote_append(&b, safe[i]);
		ck_assert_str_eq(helios_buf_str(&b), safe[i]);
		helios_buf_release(&b);
	}
	for (size_t i = 1; i < HOSTILE_COUNT; i++)
		if (strcmp(hostile[i], "a=b") && strcmp(hostile[i], "-n") && strcmp(hostile[i], "--fps") &&
		    strcmp(hostile[i], "%s%n"))
			ck_assert_msg(helios_quote_needed(hostile[i]), "'%s' not quoted", hostile[i]);
}
END_TEST

START_TEST(quote_forms)
{
	struct helios_buf b;

	helios_buf_init(&b);
	helios_quote_append(&b, "");
	ck_assert_str_eq(helios_buf_str(&b), "''");
	helios_buf_clear(&b);
	helios_quote_append(&b, "it's");
	ck_assert_str_eq(helios_buf_str(&b), "'it'\\''s'");
	helios_buf_clear(&b);
	helios_quote_append(&b, "a b");
	ck_assert_str_eq(helios_buf_str(&b), "'a b'");
	helios_buf_clear(&b);
	helios_quote_append(&b, "~");
	ck_assert_str_eq(helios_buf_str(&b), "'~'");
	/* A backslash outside the quotes, escaped: inside them upstream's
	 * runner would read it as an escape, /bin/sh as itself. */
	helios_buf_clear(&b);
	helios_quote_append(&b, "\xc3\xa9\\b.html");
	ck_assert_str_eq(helios_buf_str(&b), "'\xc3\xa9'\\\\'b.html'");
	helios_buf_release(&b);
}
END_TEST

static void split_is(const char *line, int want_argc, const char *const *want)
{
	char **argv = NULL;
	int argc = -1;
	struct helios_error err = { "" };

	ck_assert_msg(helios_quote_split(line, &argv, &argc, &err) == HELIOS_OK, "'%s': %s", line,
		      err.text);
	ck_assert_msg(argc == want_argc, "'%s': %d words, expected %d", line, argc, want_argc);
	for (int i = 0; i < argc; i++)
		ck_assert_msg(strcmp(argv[i], want[i]) == 0, "'%s': word %d is '%s', expected '%s'",
			      line, i, argv[i], want[i]);
	ck_assert(argv[argc] == NULL);
	helios_quote_free(argv);
}

START_TEST(quote_then_split_round_trips)
{
	char *line = quoted_line();

	split_is(line, (int)HOSTILE_COUNT, hostile);
	free(line);
	/* Each one alone as well, so an error cannot hide behind a neighbour. */
	for (size_t i = 0; i < HOSTILE_COUNT; i++) {
		struct helios_buf b;

		helios_buf_init(&b);
		helios_quote_append(&b, hostile[i]);
		split_is(helios_buf_str(&b), 1, &hostile[i]);
		helios_buf_release(&b);
	}
}
END_TEST

START_TEST(split_shell_forms)
{
	split_is("", 0, NULL);
	split_is(" \t\n ", 0, NULL);
	split_is("a  b\tc\nd", 4, (const char *const[]){ "a", "b", "c", "d" });
	split_is("''", 1, (const char *const[]){ "" });
	split_is("\"\"", 1, (const char *const[]){ "" });
	split_is("a''b", 1, (const char *const[]){ "ab" });
	split_is("'a b'c\" d\"", 1, (const char *const[]){ "a bc d" });
	split_is("'a\\b'", 1, (const char *const[]){ "a\\b" });
	split_is("\"a\\\"b\\\\c\\$d\\`e\\nf\"", 1, (const char *const[]){ "a\"b\\c$d`e\\nf" });
	split_is("a\\ b", 1, (const char *const[]){ "a b" });
	split_is("\\'", 1, (const char *const[]){ "'" });
	split_is("a\\\nb", 1, (const char *const[]){ "ab" });
	split_is("\"a\\\nb\"", 1, (const char *const[]){ "ab" });
	split_is("\"it's\"", 1, (const char *const[]){ "it's" });
	split_is("'say \"x\"'", 1, (const char *const[]){ "say \"x\"" });
}
END_TEST

static void split_bad(const char *line, const char *why)
{
	char **argv = (char **)0x1;
	int argc = -1;
	struct helios_error err = { "" };

	ck_assert_int_eq(helios_quote_split(line, &argv, &argc, &err), HELIOS_EINVAL);
	ck_assert_msg(strstr(err.text, why), "'%s': message '%s' lacks '%s'", line, err.text, why);
}

START_TEST(split_errors)
{
	split_bad("'open", "unterminated single quote");
	split_bad("a 'b", "unterminated single quote");
	split_bad("\"open", "unterminated double quote");
	split_bad("\"a\\\"", "unterminated double quote");
	split_bad("a\\", "backslash at the end");
}
END_TEST

/* Run `printf '%s\0' <text>` under /bin/sh and return the words it printed,
 * NUL-separated, in *out (malloc'ed) with its length. */
static size_t sh_words(const char *text, char **out)
{
	struct helios_buf cmd, got;
	char block[4096];
	size_t n;
	FILE *p;

	helios_buf_init(&cmd);
	helios_buf_init(&got);
	helios_buf_puts(&cmd, "printf '%s\\0' ");
	helios_buf_puts(&cmd, text);
	p = popen(helios_buf_str(&cmd), "r");
	ck_assert(p != NULL);
	while ((n = fread(block, 1, sizeof(block), p)) > 0)
		helios_buf_append(&got, block, n);
	ck_assert_int_eq(pclose(p), 0);
	ck_assert(!got.failed);
	helios_buf_release(&cmd);
	n = got.len;
	*out = helios_buf_take(&got);
	return n;
}

/* The words as /bin/sh would print them: each followed by a NUL. */
static size_t joined(const char *const *words, int count, char **out)
{
	struct helios_buf b;
	size_t n;

	helios_buf_init(&b);
	for (int i = 0; i < count; i++)
		helios_buf_append(&b, words[i], strlen(words[i]) + 1);
	n = b.len;
	*out = helios_buf_take(&b);
	return n;
}

static void same_bytes(const char *what, const char *a, size_t alen, const char *b, size_t blen)
{
	ck_assert_msg(alen == blen && memcmp(a, b, alen) == 0, "%s: %zu bytes vs %zu bytes differ", what,
		      alen, blen);
}

START_TEST(sh_reads_quoted_words_back)
{
	char *line = quoted_line(), *sh, *want;
	size_t shlen = sh_words(line, &sh), wantlen = joined(hostile, (int)HOSTILE_COUNT, &want);

	same_bytes("all hostile strings", sh, shlen, want, wantlen);
	free(sh);
	free(want);
	free(line);
	for (size_t i = 0; i < HOSTILE_COUNT; i++) {
		struct helios_buf b;

		helios_buf_init(&b);
		helios_quote_append(&b, hostile[i]);
		shlen = sh_words(helios_buf_str(&b), &sh);
		wantlen = joined(&hostile[i], 1, &want);
		same_bytes(hostile[i], sh, shlen, want, wantlen);
		free(sh);
		free(want);
		helios_buf_release(&b);
	}
}
END_TEST

/* Shell text without expansions: our splitter and /bin/sh agree. */
START_TEST(splitter_agrees_with_sh)
{
	static const char *const lines[] = {
		"a b c",
		"  a\t\tb  ",
		"'a b' \"c d\" e\\ f",
		"a'b'\"c\"\\d",
		"'it'\\''s'",
		"\"a\\\"b\" \"c\\\\d\" \"e\\$f\" \"g\\`h\" \"i\\jk\"",
		"\"$\" '$x' \\$y",
		"a\\\nb \"c\\\nd\"",
		"'' \"\" x''",
		"'new\nline' \"tab\there\"",
		"né 'ü ö' \"日本\"",
		"\\\\ \\' \\\" \\a",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char **argv, *sh, *want;
		int argc;
		size_t shlen, wantlen;

		ck_assert_int_eq(helios_quote_split(lines[i], &argv, &argc, NULL), HELIOS_OK);
		shlen = sh_words(lines[i], &sh);
		wantlen = joined((const char *const *)argv, argc, &want);
		same_bytes(lines[i], sh, shlen, want, wantlen);
		free(sh);
		free(want);
		helios_quote_free(argv);
	}
}
END_TEST

Suite *suite_quote(void)
{
	Suite *s = suite_create("quote");
	TCase *tc = tcase_create("quote");

	tcase_add_test(tc, quote_only_where_needed);
	tcase_add_test(tc, quote_forms);
	tcase_add_test(tc, quote_then_split_round_trips);
	tcase_add_test(tc, split_shell_forms);
	tcase_add_test(tc, split_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("sh");
	tcase_add_test(tc, sh_reads_quoted_words_back);
	tcase_add_test(tc, splitter_agrees_with_sh);
	suite_add_tcase(s, tc);
	return s;
}
