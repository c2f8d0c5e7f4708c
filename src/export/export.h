/* Exports of a job to the cluster engines people already run: GNU parallel,
 * make, Kubernetes and Slurm.  Every export runs chunk ID on a worker as
 * `helios job run JOB --chunk ID --no-merge` and, once every chunk has
 * succeeded, `helios job run JOB --merge-only`: helios splits the job's
 * merge command, no shell, make or Kubernetes expansion ever sees it.
 *
 * Pure: the caller reads and validates the job, resolves the paths and
 * writes the text; nothing here touches the file system. */
#ifndef HELIOS_EXPORT_H
#define HELIOS_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/buf.h"
#include "helios/flags.h"
#include "job/job.h"
#include "helios/status.h"

/* The --to targets; each is described (its word, files and text) by its
 * own file in src/export/. */
enum helios_export_format {
	HELIOS_EXPORT_PARALLEL,
	HELIOS_EXPORT_MAKE,
	HELIOS_EXPORT_K8S,
	HELIOS_EXPORT_SLURM,
	HELIOS_EXPORT_FORMAT_COUNT
};

struct helios_export_options {
	enum helios_export_format format;
	const char *job_path;		/* absolute, normalised path of the job file */
	const char *out_path;		/* absolute path of the file written; NULL: stdout */
	int64_t parallelism;		/* chunks at a time; 0: the engine's default */
	int64_t retries;		/* retries after a chunk's first failed attempt */
	const char *hosts;		/* parallel: -S host list; NULL: this machine */
	const char *image;		/* k8s: container image; NULL: HELIOS_EXPORT_IMAGE */
	const char *namespace;		/* k8s: NULL: kubectl's current namespace */
	const char *volume_claim;	/* k8s: PersistentVolumeClaim holding the job (required) */
	const char *workdir;		/* k8s: where it is mounted; NULL: HELIOS_EXPORT_WORKDIR */
	const char *requests;		/* k8s: "cpu=2,memory=4Gi": every container's requests; NULL: none */
	const char *limits;		/* k8s: the same form: every container's limits; NULL: none */
	int64_t ttl_after_finished;	/* k8s: ttlSecondsAfterFinished of both Jobs; -1: not set */
};

/* Options for format: all unset (zero, NULL, ttl_after_finished -1). */
void helios_export_options_init(struct helios_export_options *o, enum helios_export_format format);

/* "make" -> HELIOS_EXPORT_MAKE; false for an unknown word. */
bool helios_export_parse_format(const char *word, enum helios_export_format *out);
const char *helios_export_format_name(enum helios_export_format format);

/* Check the options against the format: an option the format does not use,
 * a missing required one (slurm: out_path; k8s: volume_claim), a relative
 * workdir, a resource list that is not NAME=QUANTITY[,…] with Kubernetes
 * resource names and quantities.  HELIOS_EUSAGE with one message naming
 * the option. */
enum helios_status helios_export_check(const struct helios_export_options *o, struct helios_error *err);

/* Number of files an export writes: 3 for slurm (the submit script, then
 * the array and merge scripts beside it), 1 for the others. */
int helios_export_file_count(enum helios_export_format format);

/* Path of file i of the export: out_path itself for i == 0; for slurm,
 * <out_path stem>.array.sbatch (1) and <out_path stem>.merge.sbatch (2). */
void helios_export_file_path(const struct helios_export_options *o, int i, struct helios_buf *out);

/* True when file i should be executable (a script a user runs by hand). */
bool helios_export_file_executable(enum helios_export_format format, int i);

/* Append the text of file i.  HELIOS_EINVAL when the job cannot be written
 * in the target's syntax (make cannot name a file holding a newline). */
enum helios_status helios_export_render(const struct helios_job *job, const struct helios_export_options *o,
					int i, struct helios_buf *out, struct helios_error *err);

/* Quoting for the targets' own syntax, shared by the formats. */

/* A file name in a makefile rule: space, '#', ':', '*', '?' and '[' get a
 * backslash, '$' becomes "$$", '%' and '=' become $(percent) and $(equals)
 * (variables every exported makefile defines).  HELIOS_EINVAL for what make
 * cannot name at all: newline, tab, ';', '|', '\', and a name ending in
 * "(…)" (make reads it as an archive member). */
enum helios_status helios_export_make_name(struct helios_buf *out, const char *name,
					   struct helios_error *err);

/* A YAML double-quoted scalar, quotes included: '"' and '\' escaped,
 * control characters as \n, \t or \xNN; other bytes (UTF-8) kept. */
void helios_export_yaml_string(struct helios_buf *out, const char *s);

/* True when text is a Kubernetes resource quantity: a decimal number with an
 * optional suffix (Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent
 * e/E and an integer), as "500m", "2", "1.5Gi", "1e3". */
bool helios_export_k8s_quantity(const char *text);

/* A DNS-1123 label made from text: lower case letters, digits and '-',
 * starting and ending with a letter or digit, at most max bytes; "helios"
 * when nothing is left. */
void helios_export_dns_label(struct helios_buf *out, const char *text, size_t max);

#endif
