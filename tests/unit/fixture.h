/* A plan made the way `helios render` makes it, shared by the unit tests. */
#ifndef HELIOS_TEST_FIXTURE_H
#define HELIOS_TEST_FIXTURE_H

#include "helios/config.h"
#include "helios/layout.h"
#include "helios/options.h"

struct test_fixture {
	struct helios_settings settings;
	struct helios_config config;
	struct helios_layout layout;
};

/* Parse the render arguments (NULL-terminated), resolve them and lay the
 * plan out for a job at job_path with cwd as working directory; any error
 * fails the running test. */
void test_fixture_make(struct test_fixture *fx, const char *cwd, const char *job_path, ...);
void test_fixture_release(struct test_fixture *fx);

#endif
