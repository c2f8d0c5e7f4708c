/* The runner's log files: one per chunk and one for the merge, each
 * holding what the program wrote and the runner's own lines about it. */
#ifndef HELIOS_RUN_LOG_H
#define HELIOS_RUN_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "helios/buf.h"

/* <log_dir>/chunk-<id>.log and <log_dir>/merge.log */
void run_log_chunk_path(const char *log_dir, int64_t id, struct helios_buf *out);
void run_log_merge_path(const char *log_dir, struct helios_buf *out);

/* open(2) a log with O_CREAT and close-on-exec, never through a link. */
int run_log_open(const char *path, int flags);

/* Append one line of ours, starting a line of its own. */
void run_log_line(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The last lines of a log, at most max, oldest first: lines[] point into
 * block (size bytes).  Returns how many. */
int run_log_tail(const char *path, char *block, size_t size, const char **lines, int max);

#endif
