#include "fixture.h"

#include <check.h>
#include <stdarg.h>

void test_fixture_make(struct test_fixture *fx, const char *cwd, const char *job_path, ...)
{
	char *argv[40];
	int argc = 0;
	struct helios_error err = { "" };
	va_list ap;

	va_start(ap, job_path);
	while (argc < 39 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	helios_settings_init(&fx->settings);
	ck_assert_msg(helios_settings_parse_args(&fx->settings, argc, argv, NULL, &err) == HELIOS_OK,
		      "%s", err.text);
	ck_assert_msg(helios_config_resolve(&fx->settings, &fx->config, NULL, &err) == HELIOS_OK, "%s",
		      err.text);
	ck_assert_msg(helios_layout_make(&fx->layout, &fx->config, cwd, job_path, &err) == HELIOS_OK, "%s",
		      err.text);
}

void test_fixture_release(struct test_fixture *fx)
{
	helios_layout_release(&fx->layout);
	helios_settings_release(&fx->settings);
}
