/* Runs every libcheck suite listed in suites.h. */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *runner = srunner_create(NULL);
	int failed;

#define HELIOS_SUITE_ADD(name) srunner_add_suite(runner, suite_##name());
	HELIOS_SUITES(HELIOS_SUITE_ADD)
#undef HELIOS_SUITE_ADD
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
