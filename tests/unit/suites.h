/* Every libcheck suite; tests/unit/main.c runs them all. */
#ifndef HELIOS_TEST_SUITES_H
#define HELIOS_TEST_SUITES_H

#include <check.h>

#define HELIOS_SUITES(X) \
	X(number) \
	X(sha256) \
	X(plan) \
	X(cost) \
	X(quote) \
	X(utf8) \
	X(path) \
	X(netpolicy) \
	X(options) \
	X(config) \
	X(job) \
	X(layout) \
	X(merge) \
	X(mp4) \
	X(probe) \
	X(proc) \
	X(progress) \
	X(state) \
	X(export) \
	X(tui_state) \
	X(render_args) \
	X(sequence)

#define HELIOS_SUITE_DECLARE(name) Suite *suite_##name(void);
HELIOS_SUITES(HELIOS_SUITE_DECLARE)
#undef HELIOS_SUITE_DECLARE

#endif
