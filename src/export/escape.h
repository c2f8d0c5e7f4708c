/* Pieces shared by the export formats (src/export/ only): quoting, the
 * header, the commands every format runs, the files of a format.  Below the
 * formats: nothing here knows which formats exist. */
#ifndef HELIOS_EXPORT_ESCAPE_H
#define HELIOS_EXPORT_ESCAPE_H

#include "format.h"
#include "export/export.h"

/* "#!/bin/sh" and a shellcheck directive: a '$' inside single quotes is
 * part of a path, which shellcheck would otherwise question. */
void export_sh_start(struct helios_buf *out);

/* text for a comment line: control characters (a newline would end the
 * comment and start code) become '?'. */
void export_comment_text(struct helios_buf *out, const char *text);

/* "<prefix><what> for the helios job JOB (N chunks), written by\n
 * <prefix>`helios job export --to FORMAT`.\n" */
void export_header(struct helios_buf *out, const struct export_format *format, const char *prefix,
		   const char *what, const struct helios_job *job, const struct helios_export_options *o);

/* Path of file i of format: out_path itself for i == 0 (or "-" when there
 * is none), else out_path's stem with the format's suffix for i. */
void export_file_path(const struct export_format *format, const char *out_path, int i,
		      struct helios_buf *out);

/* The command line that runs one chunk, quoted for /bin/sh:
 * helios job run JOB --chunk ID --no-merge [--retries N].  id is inserted
 * as given ("3", "{}", "\"$SLURM_ARRAY_TASK_ID\""); retries > 0 adds
 * --retries for engines that do not retry by themselves. */
void export_chunk_command(struct helios_buf *out, const char *job_path, const char *id, int64_t retries);

/* Directory of the job file. */
void export_job_dir(struct helios_buf *out, const char *job_path);

/* helios job run JOB --merge-only, quoted for /bin/sh.  The job's
 * mergeCommand never reaches a shell: helios splits it, as `helios job run`
 * does, and runs it from the job's directory. */
void export_merge_command(struct helios_buf *out, const char *job_path);

/* A DNS-1123 label naming the export's jobs: from the final output's name
 * without extension, else the job file's. */
void export_base_name(struct helios_buf *out, const struct helios_job *job,
		      const struct helios_export_options *o, size_t max);

/* Every '$' doubled: make recipes and Kubernetes command arguments both
 * read "$$" as one literal '$'. */
void export_double_dollars(struct helios_buf *out, const char *text);

#endif
