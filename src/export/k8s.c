/* --to k8s: two Kubernetes Jobs in one YAML stream.  The first is an
 * Indexed Job whose pod i runs chunk i; the second runs the merge and is
 * applied once the first has completed.  Job file and outputs live on a
 * PersistentVolumeClaim mounted at the workdir, which is the job file's
 * directory inside every pod. */
#include <string.h>

#include "helios/path.h"
#include "helios/quote.h"
#include "internal.h"

/* Kubernetes expands $(VAR) in command arguments: a path holding "$(" must
 * reach the program as written, so every '$' is doubled first. */
static void put_arg(struct helios_buf *out, const char *arg, struct helios_buf *tmp)
{
	helios_buf_clear(tmp);
	export_double_dollars(tmp, arg);
	helios_buf_puts(out, "            - ");
	helios_export_yaml_string(out, helios_buf_str(tmp));
	helios_buf_putc(out, '\n');
}

static void put_metadata(struct helios_buf *out, const struct helios_export_options *o, const char *name,
			 const char *suffix, const char *component)
{
	helios_buf_printf(out, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: %s%s\n", name, suffix);
	if (o->namespace) {
		helios_buf_puts(out, "  namespace: ");
		helios_export_yaml_string(out, o->namespace);
		helios_buf_putc(out, '\n');
	}
	helios_buf_printf(out, "  labels:\n    app.kubernetes.io/name: helios\n"
			       "    app.kubernetes.io/component: %s\n", component);
}

static void put_container(struct helios_buf *out, const struct helios_export_options *o, const char *name,
			  const char *workdir)
{
	helios_buf_printf(out, "      restartPolicy: Never\n      containers:\n        - name: %s\n"
			       "          image: ", name);
	helios_export_yaml_string(out, o->image ? o->image : HELIOS_EXPORT_IMAGE);
	helios_buf_puts(out, "\n          workingDir: ");
	helios_export_yaml_string(out, workdir);
	helios_buf_puts(out, "\n          command:\n");
}

static void put_volume(struct helios_buf *out, const struct helios_export_options *o, const char *workdir)
{
	helios_buf_puts(out, "          volumeMounts:\n            - name: work\n              mountPath: ");
	helios_export_yaml_string(out, workdir);
	helios_buf_puts(out, "\n      volumes:\n        - name: work\n          persistentVolumeClaim:\n"
			     "            claimName: ");
	helios_export_yaml_string(out, o->volume_claim);
	helios_buf_putc(out, '\n');
}

enum helios_status export_k8s(const struct helios_job *job, const struct helios_export_options *o,
			      int i, struct helios_buf *out, struct helios_error *err)
{
	const char *workdir = o->workdir ? o->workdir : HELIOS_EXPORT_WORKDIR;
	const char *job_name = strrchr(o->job_path, '/');
	struct helios_buf name, job_in_pod, tmp;

	helios_buf_init(&name);
	helios_buf_init(&job_in_pod);
	helios_buf_init(&tmp);
	/* Short enough that "<name>-chunks-<index>", the pods' host name, stays
	 * within a 63-byte DNS label. */
	export_base_name(&name, job, o, 40);
	helios_path_join(&job_in_pod, workdir, job_name ? job_name + 1 : o->job_path);

	export_header(out, "# ", "Kubernetes Jobs", job, o);
	helios_buf_puts(out, "#\n# The job file and its outputs live at the top of the PersistentVolumeClaim\n#   ");
	export_comment_text(out, o->volume_claim);
	helios_buf_puts(out, "\n# mounted in every pod at\n#   ");
	export_comment_text(out, workdir);
	helios_buf_puts(out, "\n# and the image needs helios and ffmpeg on its PATH.  Run the chunks, wait for\n"
			     "# them, then run the merge:\n"
			     "#   kubectl apply -f FILE -l app.kubernetes.io/component=chunks\n");
	helios_buf_puts(out, "#   kubectl wait ");
	if (o->namespace) {
		helios_buf_puts(out, "-n ");
		export_comment_text(out, o->namespace);
		helios_buf_putc(out, ' ');
	}
	helios_buf_printf(out, "--for=condition=complete --timeout=24h job/%s-chunks\n", helios_buf_str(&name));
	helios_buf_puts(out, "#   kubectl apply -f FILE -l app.kubernetes.io/component=merge\n"
			     "# Pod i runs chunk i (JOB_COMPLETION_INDEX); a chunk is retried\n"
			     "# backoffLimitPerIndex times, and maxFailedIndexes 0 fails the whole Job as\n"
			     "# soon as one chunk has failed for good (Kubernetes 1.29 or later).\n");

	helios_buf_puts(out, "---\n");
	put_metadata(out, o, helios_buf_str(&name), "-chunks", "chunks");
	helios_buf_printf(out, "spec:\n  completionMode: Indexed\n  completions: %lld\n  parallelism: %lld\n"
			       "  backoffLimitPerIndex: %lld\n  maxFailedIndexes: 0\n  template:\n"
			       "    metadata:\n      labels:\n        app.kubernetes.io/name: helios\n"
			       "        app.kubernetes.io/component: chunks\n    spec:\n",
			  (long long)job->chunk_count,
			  (long long)(o->parallelism > 0 ? o->parallelism : job->chunk_count),
			  (long long)o->retries);
	put_container(out, o, "chunk", workdir);
	put_arg(out, "helios", &tmp);
	put_arg(out, "job", &tmp);
	put_arg(out, "run", &tmp);
	put_arg(out, helios_buf_str(&job_in_pod), &tmp);
	put_arg(out, "--chunk", &tmp);
	/* Not doubled: this one Kubernetes is meant to expand. */
	helios_buf_puts(out, "            - \"$(JOB_COMPLETION_INDEX)\"\n");
	put_arg(out, "--no-merge", &tmp);
	put_volume(out, o, workdir);

	helios_buf_puts(out, "---\n# Apply after `kubectl wait --for=condition=complete` on the chunks Job.\n");
	put_metadata(out, o, helios_buf_str(&name), "-merge", "merge");
	helios_buf_printf(out, "spec:\n  completions: 1\n  backoffLimit: %lld\n  template:\n"
			       "    metadata:\n      labels:\n        app.kubernetes.io/name: helios\n"
			       "        app.kubernetes.io/component: merge\n    spec:\n",
			  (long long)o->retries);
	put_container(out, o, "merge", workdir);
	/* No shell: helios splits the job's merge command itself. */
	put_arg(out, "helios", &tmp);
	put_arg(out, "job", &tmp);
	put_arg(out, "run", &tmp);
	put_arg(out, helios_buf_str(&job_in_pod), &tmp);
	put_arg(out, "--merge-only", &tmp);
	put_volume(out, o, workdir);

	out->failed |= name.failed || job_in_pod.failed || tmp.failed;
	helios_buf_release(&name);
	helios_buf_release(&job_in_pod);
	helios_buf_release(&tmp);
	(void)i;
	(void)err;
	return HELIOS_OK;
}
