/* helios job export: the formats, their options and their files. */
#include "helios/export.h"

#include <string.h>

#include "helios/path.h"
#include "internal.h"

static const char *const format_names[] = {
#define HELIOS_EXPORT_FORMAT_NAME(name, word) word,
	HELIOS_EXPORT_FORMAT_LIST(HELIOS_EXPORT_FORMAT_NAME)
#undef HELIOS_EXPORT_FORMAT_NAME
};

#define FORMAT_COUNT (sizeof(format_names) / sizeof(format_names[0]))

void helios_export_options_init(struct helios_export_options *o, enum helios_export_format format)
{
	memset(o, 0, sizeof(*o));
	o->format = format;
	o->ttl_after_finished = -1;
}

bool helios_export_parse_format(const char *word, enum helios_export_format *out)
{
	for (size_t i = 0; i < FORMAT_COUNT; i++) {
		if (strcmp(word, format_names[i]) == 0) {
			*out = (enum helios_export_format)i;
			return true;
		}
	}
	return false;
}

const char *helios_export_format_name(enum helios_export_format format)
{
	return (size_t)format < FORMAT_COUNT ? format_names[format] : "?";
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
	return format == HELIOS_EXPORT_SLURM ? 3 : 1;
}

void helios_export_file_path(const struct helios_export_options *o, int i, struct helios_buf *out)
{
	static const char *const suffix[] = { "", ".array.sbatch", ".merge.sbatch" };
	struct helios_buf stem;
	const char *ext;

	if (i == 0 || !o->out_path) {
		helios_buf_puts(out, o->out_path ? o->out_path : "-");
		return;
	}
	helios_buf_init(&stem);
	helios_path_split_ext(o->out_path, &stem, &ext);
	helios_buf_puts(out, helios_buf_str(&stem));
	helios_buf_puts(out, suffix[i]);
	out->failed |= stem.failed;
	helios_buf_release(&stem);
}

bool helios_export_file_executable(enum helios_export_format format, int i)
{
	return (format == HELIOS_EXPORT_PARALLEL || format == HELIOS_EXPORT_SLURM) && i == 0;
}

enum helios_status helios_export_render(const struct helios_job *job, const struct helios_export_options *o,
					int i, struct helios_buf *out, struct helios_error *err)
{
	enum helios_status st;

	switch (o->format) {
	case HELIOS_EXPORT_PARALLEL:
		st = export_parallel(job, o, i, out, err);
		break;
	case HELIOS_EXPORT_MAKE:
		st = export_make(job, o, i, out, err);
		break;
	case HELIOS_EXPORT_K8S:
		st = export_k8s(job, o, i, out, err);
		break;
	case HELIOS_EXPORT_SLURM:
		st = export_slurm(job, o, i, out, err);
		break;
	default:
		st = helios_error_set(err, HELIOS_EUSAGE, "unknown export format");
	}
	if (st == HELIOS_OK && out->failed)
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	return st;
}
