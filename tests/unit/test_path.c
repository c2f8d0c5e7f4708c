/* Lexical path arithmetic: absolute, relative, dirname, join, URLs, extensions. */
#include <check.h>
#include <string.h>

#include "helios/buf.h"
#include "helios/path.h"
#include "suites.h"

static void absolute_is(const char *base, const char *path, const char *want)
{
	struct helios_buf b;

	helios_buf_init(&b);
	helios_path_absolute(&b, base, path);
	ck_assert_msg(strcmp(helios_buf_str(&b), want) == 0, "absolute('%s', '%s') = '%s', expected '%s'",
		      base, path, helios_buf_str(&b), want);
	helios_buf_release(&b);
}

static void relative_is(const char *cwd, const char *dir, const char *target, const char *want)
{
	struct helios_buf b;

	helios_buf_init(&b);
	helios_path_relative(&b, cwd, dir, target);
	ck_assert_msg(strcmp(helios_buf_str(&b), want) == 0,
		      "relative(cwd '%s', dir '%s', '%s') = '%s', expected '%s'", cwd, dir, target,
		      helios_buf_str(&b), want);
	helios_buf_release(&b);
}

static void normal_is(const char *path, const char *want)
{
	struct helios_buf b;

	helios_buf_init(&b);
	helios_path_normalize(&b, path);
	ck_assert_str_eq(helios_buf_str(&b), want);
	helios_buf_release(&b);
}

/* Issue 22: chunk outputs are compared as the file system resolves them. */
START_TEST(normalize_without_a_base)
{
	normal_is("p0.mp4", "p0.mp4");
	normal_is("./p0.mp4", "p0.mp4");
	normal_is("a/../p0.mp4", "p0.mp4");
	normal_is("a//b/./c/../p0.mp4", "a/b/p0.mp4");
	normal_is("../x/../p0.mp4", "../p0.mp4");
	normal_is("../../p0.mp4", "../../p0.mp4");
	normal_is("a/../../p0.mp4", "../p0.mp4");
	normal_is("./", ".");
	normal_is("a/..", ".");
	normal_is("/a/../p0.mp4", "/p0.mp4");
	normal_is(".../p0.mp4", ".../p0.mp4");
}
END_TEST

START_TEST(absolute_folds)
{
	absolute_is("/w", "x", "/w/x");
	absolute_is("/w", "../x", "/x");
	absolute_is("/w", "../../../x", "/x");
	absolute_is("/", "..", "/");
	absolute_is("/w", ".", "/w");
	absolute_is("/w", "", "/w");
	absolute_is("/w/", "a//b/./c/../d/", "/w/a/b/d");
	absolute_is("/w", "/a//b/./c/..", "/a/b");
	absolute_is("/w", "...", "/w/...");
	absolute_is("/w", "..x/y", "/w/..x/y");
}
END_TEST

START_TEST(relative_to_job_dir)
{
	relative_is("/w", "out", "out/final.mp4", "final.mp4");
	relative_is("/w", "out", "comp.html", "../comp.html");
	relative_is("/w", ".", "comp.html", "comp.html");
	relative_is("/w", ".", "./comp.html", "comp.html");
	relative_is("/w", "out", "out", ".");
	relative_is("/w", ".", ".", ".");
	relative_is("/w", "out", "../comp.html", "../../comp.html");
	relative_is("/w/sub", "..", "comp.html", "sub/comp.html");
	relative_is("/w", "a/b", "/abs/x.html", "../../../abs/x.html");
	relative_is("/w", "/", "x", "w/x");
	relative_is("/w", "/w", "/w/x", "x");
	relative_is("/w", "out/../out/./", "out//x.mp4", "x.mp4");
	relative_is("/", "..", "a", "a");
	/* Components are compared whole, not as string prefixes. */
	relative_is("/w", "ab", "abc/x", "../abc/x");
	relative_is("/w", "abc", "ab/x", "../ab/x");
	relative_is("/w", "a b", "a b/c d.mp4", "c d.mp4");
	relative_is("/w", "jobs", "/w/jobs/deep/er/x.mp4", "deep/er/x.mp4");
}
END_TEST

static void dirname_is(const char *path, const char *want)
{
	struct helios_buf b;

	helios_buf_init(&b);
	helios_path_dirname(&b, path);
	ck_assert_msg(strcmp(helios_buf_str(&b), want) == 0, "dirname('%s') = '%s', expected '%s'", path,
		      helios_buf_str(&b), want);
	helios_buf_release(&b);
}

START_TEST(dirname_forms)
{
	dirname_is("a/b.json", "a");
	dirname_is("b.json", ".");
	dirname_is("/b.json", "/");
	dirname_is("/x/y/z", "/x/y");
	dirname_is("a b/c d", "a b");
}
END_TEST

static void join_is(const char *dir, const char *path, const char *want)
{
	struct helios_buf b;

	helios_buf_init(&b);
	helios_path_join(&b, dir, path);
	ck_assert_msg(strcmp(helios_buf_str(&b), want) == 0, "join('%s', '%s') = '%s', expected '%s'", dir,
		      path, helios_buf_str(&b), want);
	helios_buf_release(&b);
}

START_TEST(join_forms)
{
	join_is("out", "x.mp4", "out/x.mp4");
	join_is("out/", "x.mp4", "out/x.mp4");
	join_is(".", "x.mp4", "x.mp4");
	join_is("", "x.mp4", "x.mp4");
	join_is("out", "/abs/x.mp4", "/abs/x.mp4");
	join_is("out", "https://h/x.html", "https://h/x.html");
	join_is("out", "../comp.html", "out/../comp.html");
}
END_TEST

START_TEST(url_detection)
{
	ck_assert(helios_path_is_url("http://h/x"));
	ck_assert(helios_path_is_url("HTTPS://h/x"));
	ck_assert(helios_path_is_url("file:///x"));
	ck_assert(helios_path_is_url("data:text/html,x"));
	ck_assert(!helios_path_is_url("comp.html"));
	ck_assert(!helios_path_is_url("http/comp.html"));
	ck_assert(!helios_path_is_url("/http://x"));
	ck_assert(!helios_path_is_url("ftp://h/x"));
}
END_TEST

static void url_join_is(const char *base, const char *rel, const char *want)
{
	struct helios_buf b;

	helios_buf_init(&b);
	helios_path_url_join(&b, base, rel);
	ck_assert_msg(strcmp(helios_buf_str(&b), want) == 0, "url_join('%s', '%s') = '%s', expected '%s'",
		      base, rel, helios_buf_str(&b), want);
	helios_buf_release(&b);
}

START_TEST(url_join_encodes)
{
	url_join_is("http://h/base/", "comp.html", "http://h/base/comp.html");
	url_join_is("http://h/base", "comp.html", "http://h/base/comp.html");
	url_join_is("http://h/base///", "comp.html", "http://h/base/comp.html");
	url_join_is("http://h", "./dir/comp.html", "http://h/dir/comp.html");
	url_join_is("http://h/", "a b/c.html", "http://h/a%20b/c.html");
	url_join_is("http://h/", "né.html", "http://h/n%C3%A9.html");
	url_join_is("http://h/", "100%.html", "http://h/100%25.html");
	url_join_is("http://h/", "a#b?c.html", "http://h/a%23b%3Fc.html");
	url_join_is("http://h/", "q\"<>\\^`{|}.html", "http://h/q%22%3C%3E%5C%5E%60%7B%7C%7D.html");
	url_join_is("http://h/", "a\nb\tc", "http://h/a%0Ab%09c");
	url_join_is("http://h/", "keep-._~!$&'()*+,;=:@/x", "http://h/keep-._~!$&%27()*+,;=:@/x");
	url_join_is("https://cdn.example/p", "../comp.html", "https://cdn.example/p/../comp.html");
}
END_TEST

static void split_ext_is(const char *path, const char *stem, const char *ext)
{
	struct helios_buf b;
	const char *e = NULL;

	helios_buf_init(&b);
	helios_path_split_ext(path, &b, &e);
	ck_assert_msg(strcmp(helios_buf_str(&b), stem) == 0 && strcmp(e, ext) == 0,
		      "split_ext('%s') = '%s' + '%s', expected '%s' + '%s'", path, helios_buf_str(&b), e,
		      stem, ext);
	helios_buf_release(&b);
}

START_TEST(split_ext_forms)
{
	split_ext_is("final.mp4", "final", ".mp4");
	split_ext_is("dir/name.ext", "dir/name", ".ext");
	split_ext_is("a.tar.gz", "a.tar", ".gz");
	split_ext_is("name", "name", "");
	split_ext_is(".hidden", ".hidden", "");
	split_ext_is("dir/.hidden", "dir/.hidden", "");
	split_ext_is("dir.d/name", "dir.d/name", "");
	split_ext_is("../x.MP4", "../x", ".MP4");
	split_ext_is("a b/c d.webm", "a b/c d", ".webm");
}
END_TEST

Suite *suite_path(void)
{
	Suite *s = suite_create("path");
	TCase *tc = tcase_create("path");

	tcase_add_test(tc, absolute_folds);
	tcase_add_test(tc, normalize_without_a_base);
	tcase_add_test(tc, relative_to_job_dir);
	tcase_add_test(tc, dirname_forms);
	tcase_add_test(tc, join_forms);
	tcase_add_test(tc, url_detection);
	tcase_add_test(tc, url_join_encodes);
	tcase_add_test(tc, split_ext_forms);
	suite_add_tcase(s, tc);
	return s;
}
