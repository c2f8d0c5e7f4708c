/* --to k8s: two Kubernetes Jobs in one YAML stream.  The first is an
 * Indexed Job whose pod i runs chunk i; the second runs the merge and is
 * applied once the first has completed.  Job file and outputs live on a
 * PersistentVolumeClaim mounted at the workdir, which is the job file's
 * directory inside every pod. */
#include <stdio.h>
#include <string.h>

#include "helios/path.h"
#include "helios/quote.h"
#include "escape.h"
#include "format.h"

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

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Kubernetes' own grammar (apimachinery resource.Quantity), unsigned: a
 * request or limit below zero is refused by the API anyway. */
bool helios_export_k8s_quantity(const char *text)
{
	static const char *const suffixes[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m",
						"k", "M", "G", "T", "P", "E" };
	const char *p = text;
	bool digits = false;

	while (is_digit(*p))
		p++, digits = true;
	if (*p == '.')
		for (p++; is_digit(*p); p++)
			digits = true;
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;

		if (*q == '+' || *q == '-')
			q++;
		if (is_digit(*q)) {
			while (is_digit(*q))
				q++;
			return *q == '\0';
		}
	}
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (strcmp(p, suffixes[i]) == 0)
			return true;
	return false;
}

/* A resource name: an optional DNS prefix and '/', then a name of letters,
 * digits, '-', '_' and '.' that starts and ends with a letter or digit. */
static bool resource_name(const char *name, size_t len)
{
	const char *slash = memchr(name, '/', len);
	const char *base = slash ? slash + 1 : name;
	size_t n = len - (size_t)(base - name);

	if (n == 0 || n > 63 || !is_alnum(base[0]) || !is_alnum(base[n - 1]))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!is_alnum(c) && c != '-' && c != '.' && c != '_' && !(c == '/' && name + i == slash))
			return false;
	}
	return !slash || (slash > name && is_alnum(name[0]) && is_alnum(slash[-1]));
}

enum helios_status export_resources_check(const char *list, const char *flag, struct helios_error *err)
{
	const char *p = list;

	if (!list)
		return HELIOS_OK;
	for (;;) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		char quantity[64];
		size_t qlen;

		if (!eq || !resource_name(p, (size_t)(eq - p)))
			return helios_error_set(err, HELIOS_EUSAGE,
						"%s: '%s': expected NAME=QUANTITY[,...] with a resource name such as cpu, memory or nvidia.com/gpu",
						flag, list);
		qlen = len - (size_t)(eq + 1 - p);
		snprintf(quantity, sizeof(quantity), "%.*s", (int)qlen, eq + 1);
		if (qlen >= sizeof(quantity) || !helios_export_k8s_quantity(quantity))
			return helios_error_set(err, HELIOS_EUSAGE,
						"%s: '%.*s': not a Kubernetes quantity (such as 500m, 2 or 1.5Gi)",
						flag, (int)qlen, eq + 1);
		/* A name given twice would be a duplicate key in the YAML. */
		for (const char *q = list; q < p; q += strcspn(q, ",") + 1)
			if (strncmp(q, p, (size_t)(eq - p) + 1) == 0)
				return helios_error_set(err, HELIOS_EUSAGE, "%s: '%.*s' is given twice", flag,
							(int)(eq - p), p);
		if (!p[len])
			return HELIOS_OK;
		p += len + 1;
	}
}

/* "requests:" or "limits:" and one NAME: "QUANTITY" line each; list checked. */
static void put_resource_list(struct helios_buf *out, const char *key, const char *list, struct helios_buf *tmp)
{
	helios_buf_printf(out, "            %s:\n", key);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);

		helios_buf_clear(tmp);
		helios_buf_append(tmp, p, (size_t)(eq - p));
		helios_buf_puts(out, "              ");
		helios_export_yaml_string(out, helios_buf_str(tmp));
		helios_buf_puts(out, ": ");
		helios_buf_clear(tmp);
		helios_buf_append(tmp, eq + 1, len - (size_t)(eq + 1 - p));
		helios_export_yaml_string(out, helios_buf_str(tmp));
		helios_buf_putc(out, '\n');
		p += len + (p[len] != '\0');
	}
}

static void put_resources(struct helios_buf *out, const struct helios_export_options *o, struct helios_buf *tmp)
{
	if (!o->requests && !o->limits)
		return;
	helios_buf_puts(out, "          resources:\n");
	if (o->requests)
		put_resource_list(out, "requests", o->requests, tmp);
	if (o->limits)
		put_resource_list(out, "limits", o->limits, tmp);
}

/* The field, then the pod template's head with the component label. */
static void put_template(struct helios_buf *out, const struct helios_export_options *o, const char *component)
{
	if (o->ttl_after_finished >= 0)
		helios_buf_printf(out, "  ttlSecondsAfterFinished: %lld\n", (long long)o->ttl_after_finished);
	helios_buf_printf(out, "  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: helios\n"
			       "        app.kubernetes.io/component: %s\n    spec:\n", component);
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

static enum helios_status render(const struct helios_job *job, const struct helios_export_options *o,
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

	export_header(out, &export_k8s, "# ", "Kubernetes Jobs", job, o);
	helios_buf_puts(out, "#\n# The job file and its outputs live at the top of the PersistentVolumeClaim\n#   ");
	export_comment_text(out, o->volume_claim);
	helios_buf_puts(out, "\n# mounted in every pod at\n#   ");
	export_comment_text(out, workdir);
	helios_buf_puts(out, "\n# and the image needs helios and ffmpeg on its PATH.  Run the chunks, wait for\n"
			     "# them to complete, then run the merge (a chunks Job that fails never\n"
			     "# completes: the wait ends at its timeout with an error, and no merge runs):\n"
			     "#   kubectl apply -f FILE -l app.kubernetes.io/component=chunks &&\n");
	helios_buf_puts(out, "#   kubectl wait ");
	if (o->namespace) {
		helios_buf_puts(out, "-n ");
		export_comment_text(out, o->namespace);
		helios_buf_putc(out, ' ');
	}
	helios_buf_printf(out, "--for=condition=complete --timeout=24h job/%s-chunks &&\n", helios_buf_str(&name));
	helios_buf_puts(out, "#   kubectl apply -f FILE -l app.kubernetes.io/component=merge\n"
			     "# Pod i runs chunk i (JOB_COMPLETION_INDEX); a chunk is retried\n"
			     "# backoffLimitPerIndex times, and maxFailedIndexes 0 fails the whole Job as\n"
			     "# soon as one chunk has failed for good (Kubernetes 1.29 or later); the\n"
			     "# Job's status.failedIndexes then names the chunks that failed.\n");

	helios_buf_puts(out, "---\n");
	put_metadata(out, o, helios_buf_str(&name), "-chunks", "chunks");
	helios_buf_printf(out, "spec:\n  completionMode: Indexed\n  completions: %lld\n  parallelism: %lld\n"
			       "  backoffLimitPerIndex: %lld\n  maxFailedIndexes: 0\n",
			  (long long)job->chunk_count,
			  (long long)(o->parallelism > 0 ? o->parallelism : job->chunk_count),
			  (long long)o->retries);
	put_template(out, o, "chunks");
	put_container(out, o, "chunk", workdir);
	put_arg(out, "helios", &tmp);
	put_arg(out, "job", &tmp);
	put_arg(out, "run", &tmp);
	put_arg(out, helios_buf_str(&job_in_pod), &tmp);
	put_arg(out, "--chunk", &tmp);
	/* Not doubled: this one Kubernetes is meant to expand. */
	helios_buf_puts(out, "            - \"$(JOB_COMPLETION_INDEX)\"\n");
	put_arg(out, "--no-merge", &tmp);
	put_resources(out, o, &tmp);
	put_volume(out, o, workdir);

	helios_buf_puts(out, "---\n# Apply after `kubectl wait --for=condition=complete` on the chunks Job.\n");
	put_metadata(out, o, helios_buf_str(&name), "-merge", "merge");
	helios_buf_printf(out, "spec:\n  completions: 1\n  backoffLimit: %lld\n", (long long)o->retries);
	put_template(out, o, "merge");
	put_container(out, o, "merge", workdir);
	/* No shell: helios splits the job's merge command itself. */
	put_arg(out, "helios", &tmp);
	put_arg(out, "job", &tmp);
	put_arg(out, "run", &tmp);
	put_arg(out, helios_buf_str(&job_in_pod), &tmp);
	put_arg(out, "--merge-only", &tmp);
	put_resources(out, o, &tmp);
	put_volume(out, o, workdir);

	out->failed |= name.failed || job_in_pod.failed || tmp.failed;
	helios_buf_release(&name);
	helios_buf_release(&job_in_pod);
	helios_buf_release(&tmp);
	(void)i;
	(void)err;
	return HELIOS_OK;
}

const struct export_format export_k8s = {
	.name = "k8s",
	.files = 1,
	.suffix = { NULL },
	.executable = { false },
	.render = render,
};
