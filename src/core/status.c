#include "helios/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum helios_status helios_error_set(struct helios_error *err, enum helios_status status,
				    const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return status;
}

void helios_error_prefix(struct helios_error *err, const char *fmt, ...)
{
	char prefix[HELIOS_ERROR_MAX];
	char rest[HELIOS_ERROR_MAX];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(rest, err->text, sizeof(rest));
	/* Three pieces so that a long prefix truncates the end, not the format. */
	size_t used = strlen(prefix);
	memcpy(err->text, prefix, used + 1);
	if (used + 2 < sizeof(err->text)) {
		memcpy(err->text + used, ": ", 3);
		used += 2;
		size_t room = sizeof(err->text) - used - 1;
		size_t len = strnlen(rest, room);

		memcpy(err->text + used, rest, len);
		err->text[used + len] = '\0';
	}
}

const char *helios_status_text(enum helios_status status)
{
	switch (status) {
#define HELIOS_STATUS_TEXT(name, code, text) case name: return text;
	HELIOS_STATUS_LIST(HELIOS_STATUS_TEXT)
#undef HELIOS_STATUS_TEXT
	}
	return "unknown status";
}

int helios_status_exit_code(enum helios_status status)
{
	switch (status) {
#define HELIOS_STATUS_CODE(name, code, text) case name: return code;
	HELIOS_STATUS_LIST(HELIOS_STATUS_CODE)
#undef HELIOS_STATUS_CODE
	}
	return HELIOS_EXIT_FAILED;
}

int helios_exit_for_signal(int sig)
{
	return 128 + sig;
}
