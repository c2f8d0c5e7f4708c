/* helios job export: the list of formats, the options and the dispatch to
 * a format's descriptor (format.h). */
#include "export/export.h"

#include <string.h>

#include "escape.h"
#include "format.h"

static const struct export_format *const formats[HELIOS_EXPORT_FORMAT_COUNT] = {
	[HELIOS_EXPORT_PARALLEL] = &export_parallel,
	[HELIOS_EXPORT_MAKE] = &export_make,
	[HELIOS_EXPORT_K8S] = &export_k8s,
	[HELIOS_EXPORT_SLURM] = &export_slurm,
};

/* The descriptor of a format; NULL for a value outside the enum. */
static const struct export_format *format_of(enum helios_export_format format)
{
	return (unsigned)format < HELIOS_EXPORT_FORMAT_COUNT ? formats[format] : NULL;
}

void helios_export_options_init(struct helios_export_options *o, enum helios_export_format format)
{
	memset(o, 0, sizeof(*o));
	o->format = format;
	o->ttl_after_finished = -1;
}

bool helios_export_parse_format(const char *word, enum helios_export_format *out)
{
	for (size_t i = 0; i < HELIOS_EXPORT_FORMAT_COUNT; i++) {
		if (strcmp(word, formats[i]->name) == 0) {
			*out = (enum helios_export_format)i;
			return true;
		}
	}
	return false;
}

const char *helios_export_format_name(enum helios_export_format format)
{
	return format_of(format) ? format_of(format)->name : "?";
}

/* An option set for a format that has no use for it is a mistake worth
 * stopping for: the user expects it to do something. */
static enum helios_status only_for(const struct helios_export_options *o, const char *value,
				   const char *flag, enum helios_export_format format,
				   struct helios_error *err)
{
	if (value && o->format != format)
		return helios_error_set(err, HELIOS_EUSAGE, "%s applies only to --to %s", flag,
					helios_export_format_name(format));
	return HELIOS_OK;
}

enum helios_status helios_export_check(const struct helios_export_options *o, struct helios_error *err)
{
	enum helios_status st;

	if ((st = only_for(o, o->hosts, "--hosts", HELIOS_EXPORT_PARALLEL, err)) ||
	    (st = only_for(o, o->image, "--image", HELIOS_EXPORT_K8S, err)) ||
	    (st = only_for(o, o->namespace, "--namespace", HELIOS_EXPORT_K8S, err)) ||
	    (st = only_for(o, o->volume_claim, "--volume-claim", HELIOS_EXPORT_K8S, err)) ||
	    (st = only_for(o, o->workdir, "--workdir", HELIOS_EXPORT_K8S, err)) ||
	    (st = only_for(o, o->requests, "--requests", HELIOS_EXPORT_K8S, err)) ||
	    (st = only_for(o, o->limits, "--limits", HELIOS_EXPORT_K8S, err)) ||
	    (st = only_for(o, o->ttl_after_finished >= 0 ? "" : NULL, "--ttl-after-finished",
			   HELIOS_EXPORT_K8S, err)) ||
	    (st = export_resources_check(o->requests, "--requests", err)) ||
	    (st = export_resources_check(o->limits, "--limits", err)))
		return st;
	if (o->format == HELIOS_EXPORT_SLURM && !o->out_path)
		return helios_error_set(err, HELIOS_EUSAGE,
					"--to slurm writes three files: name the submit script with -o FILE");
	if (o->format == HELIOS_EXPORT_K8S && (!o->volume_claim || !*o->volume_claim))
		return helios_error_set(err, HELIOS_EUSAGE,
					"--to k8s needs --volume-claim: the PersistentVolumeClaim that holds the job file and its outputs");
	if (o->workdir && o->workdir[0] != '/')
		return helios_error_set(err, HELIOS_EUSAGE, "--workdir: '%s': must be an absolute path", o->workdir);
	if (o->image && !*o->image)
		return helios_error_set(err, HELIOS_EUSAGE, "--image: must not be empty");
	if (o->hosts && !*o->hosts)
		return helios_error_set(err, HELIOS_EUSAGE, "--hosts: must not be empty (use ':' for this machine)");
	return HELIOS_OK;
}

int helios_export_file_count(enum helios_export_format format)
{
	return format_of(format) ? format_of(format)->files : 0;
}

void helios_export_file_path(const struct helios_export_options *o, int i, struct helios_buf *out)
{
	if (i > 0 && (!format_of(o->format) || i >= format_of(o->format)->files)) {
		helios_buf_puts(out, "-");
		return;
	}
	export_file_path(format_of(o->format), o->out_path, i, out);
}

bool helios_export_file_executable(enum helios_export_format format, int i)
{
	const struct export_format *f = format_of(format);

	return f && i >= 0 && i < f->files && f->executable[i];
}

enum helios_status helios_export_render(const struct helios_job *job, const struct helios_export_options *o,
					int i, struct helios_buf *out, struct helios_error *err)
{
	const struct export_format *f = format_of(o->format);
	enum helios_status st;

	if (!f)
		return helios_error_set(err, HELIOS_EUSAGE, "unknown export format");
	st = f->render(job, o, i, out, err);
	if (st == HELIOS_OK && out->failed)
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	return st;
}
