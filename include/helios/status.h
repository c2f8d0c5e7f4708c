/* Status codes shared by every module, and the error buffer that carries the
 * precise message.  Library code returns a status and fills an error; only a
 * program's main() turns a status into an exit code. */
#ifndef HELIOS_STATUS_H
#define HELIOS_STATUS_H

#include <stddef.h>

/* X(name, exit code, description).  A failure that a caller tells apart
 * from the others has a code of its own (never a match on the message):
 * the kinds of HELIOS_EFAIL below it. */
#define HELIOS_STATUS_LIST(X)                                   \
	X(HELIOS_OK,      0, "success")                         \
	X(HELIOS_EUSAGE,  2, "invalid usage")                   \
	X(HELIOS_EINVAL,  2, "invalid value")                   \
	X(HELIOS_EFORMAT, 2, "malformed job file")              \
	X(HELIOS_ENOMEM,  1, "out of memory")                   \
	X(HELIOS_EIO,     1, "input/output error")              \
	X(HELIOS_EFAIL,   1, "the work failed")                 \
	X(HELIOS_ETIMEDOUT, 1, "timed out")                     \
	X(HELIOS_EINTR,   1, "interrupted")                     \
	X(HELIOS_EGONE,   1, "the browser closed the connection")

enum helios_status {
#define HELIOS_STATUS_ENUM(name, code, text) name,
	HELIOS_STATUS_LIST(HELIOS_STATUS_ENUM)
#undef HELIOS_STATUS_ENUM
};

#define HELIOS_ERROR_MAX 1024

/* One message, already formatted as "<what>: <why>" (without the program
 * name, which the caller prefixes). */
struct helios_error {
	char text[HELIOS_ERROR_MAX];
};

/* Fill err (may be NULL) and return status, so callers can write
 * `return helios_error_set(err, HELIOS_EINVAL, "...", ...);`. */
enum helios_status helios_error_set(struct helios_error *err, enum helios_status status,
				    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Put "<prefix>: " in front of the message already in err. */
void helios_error_prefix(struct helios_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The exit statuses of our programs, one rule for all: 0 done, 1 the
 * work failed, 2 bad usage or input, 128 + N stopped by signal N (as a
 * shell reports it: 130 for SIGINT, 143 for SIGTERM). */
enum helios_exit { HELIOS_EXIT_FAILED = 1, HELIOS_EXIT_USAGE = 2 };

const char *helios_status_text(enum helios_status status);
int helios_status_exit_code(enum helios_status status);
int helios_exit_for_signal(int sig);

#endif
