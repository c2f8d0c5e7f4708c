/* Shared by the libFuzzer harnesses: the entry point's prototype and a
 * failure that libFuzzer reports as a crash, with the input saved. */
#ifndef HELIOS_FUZZ_H
#define HELIOS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant the library broke: print why and abort (libFuzzer keeps
 * the input as a crash-* artifact). */
#define FUZZ_ASSERT(cond, ...)                                                      \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);   \
			fprintf(stderr, __VA_ARGS__);                               \
			fputc('\n', stderr);                                        \
			abort();                                                    \
		}                                                                   \
	} while (0)

/* HELIOS_FUZZ_STRICT=1 also checks rules of DESIGN.md that the library is
 * known not to keep yet (README.md, "Fuzzing"); off in `make check`. */
static inline int fuzz_strict(void)
{
	static int strict = -1;

	if (strict < 0) {
		const char *v = getenv("HELIOS_FUZZ_STRICT");

		strict = v && *v && *v != '0';
	}
	return strict;
}

#endif
