/* What an export format is: one descriptor per --to target, defined in its
 * own file (parallel.c, make.c, k8s.c, slurm.c) and listed once in
 * export.c.  src/export/ only. */
#ifndef HELIOS_EXPORT_FORMAT_H
#define HELIOS_EXPORT_FORMAT_H

#include <stdbool.h>

#include "export/export.h"

#define EXPORT_MAX_FILES 3

struct export_format {
	const char *name;	/* the --to word */
	int files;		/* how many files the export writes, <= EXPORT_MAX_FILES */
	/* File i > 0 is named <out_path stem><suffix[i]>; suffix[0] is unused
	 * (file 0 is out_path, or standard output). */
	const char *suffix[EXPORT_MAX_FILES];
	bool executable[EXPORT_MAX_FILES];	/* a script a user runs by hand */
	/* Append the text of file i (see helios_export_render). */
	enum helios_status (*render)(const struct helios_job *job, const struct helios_export_options *o,
				     int i, struct helios_buf *out, struct helios_error *err);
};

extern const struct export_format export_parallel;
extern const struct export_format export_make;
extern const struct export_format export_k8s;
extern const struct export_format export_slurm;

/* A --requests or --limits list, "NAME=QUANTITY[,NAME=QUANTITY...]": each
 * NAME a Kubernetes resource name ("cpu", "nvidia.com/gpu") given once,
 * each QUANTITY a quantity.  NULL is fine; HELIOS_EUSAGE naming flag.
 * (k8s.c; helios_export_check applies it.) */
enum helios_status export_resources_check(const char *list, const char *flag, struct helios_error *err);

#endif
