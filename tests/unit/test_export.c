#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "job/job.h"
#include "suites.h"

/* A parsed job of n chunks of 10 frames: final_part_<i>.mp4 -> final.mp4. */
static void make_job(struct helios_job *job, int n)
{
	struct helios_buf text;
	struct helios_error err;

	helios_buf_init(&text);
	helios_buf_printf(&text, "{\"metadata\": {\"output\": \"final.mp4\", \"totalFrames\": %d, \"fps\": 30,"
				 " \"width\": 64, \"height\": 48, \"duration\": 1}, \"chunks\": [", n * 10);
	for (int i = 0; i < n; i++)
		helios_buf_printf(&text, "%s{\"id\": %d, \"startFrame\": %d, \"frameCount\": 10,"
					 " \"outputFile\": \"final_part_%d.mp4\", \"command\": \"helios render c.html\"}",
				  i ? ", " : "", i, i * 10, i);
	helios_buf_puts(&text, "], \"mergeCommand\": \"helios merge final.mp4");
	for (int i = 0; i < n; i++)
		helios_buf_printf(&text, " final_part_%d.mp4", i);
	helios_buf_puts(&text, "\"}");
	helios_job_init(job);
	ck_assert_int_eq(helios_job_parse(job, text.data, text.len, &err), HELIOS_OK);
	ck_assert_int_eq(helios_job_validate(job, &err), HELIOS_OK);
	helios_buf_release(&text);
}

/* The text of file i of an export, which must succeed. */
static char *render(const struct helios_job *job, const struct helios_export_options *o, int i)
{
	struct helios_buf out;
	struct helios_error err;
	enum helios_status st;

	helios_buf_init(&out);
	st = helios_export_render(job, o, i, &out, &err);
	ck_assert_msg(st == HELIOS_OK, "%s", err.text);
	return helios_buf_take(&out);
}

static int count(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void make_name_is(const char *name, const char *want)
{
	struct helios_buf out;
	struct helios_error err;

	helios_buf_init(&out);
	ck_assert_int_eq(helios_export_make_name(&out, name, &err), HELIOS_OK);
	ck_assert_str_eq(helios_buf_str(&out), want);
	helios_buf_release(&out);
}

static void make_name_rejected(const char *name, const char *why)
{
	struct helios_buf out;
	struct helios_error err;

	helios_buf_init(&out);
	ck_assert_int_eq(helios_export_make_name(&out, name, &err), HELIOS_EINVAL);
	ck_assert_msg(strstr(err.text, why), "'%s' does not say '%s'", err.text, why);
	helios_buf_release(&out);
}

START_TEST(make_names_are_escaped)
{
	make_name_is("/r/final_part_0.mp4", "/r/final_part_0.mp4");
	make_name_is("/r/my dir/a b.mp4", "/r/my\\ dir/a\\ b.mp4");
	make_name_is("/r/$HOME#1:2", "/r/$$HOME\\#1\\:2");
	make_name_is("/r/50%=x", "/r/50$(percent)$(equals)x");
	make_name_is("/r/*?[ab]", "/r/\\*\\?\\[ab]");
	make_name_is("/r/it's \"q\" (1).mp4", "/r/it's\\ \"q\"\\ (1).mp4");
}
END_TEST

START_TEST(make_names_make_cannot_hold_are_rejected)
{
	make_name_rejected("/r/a\nb", "newline");
	make_name_rejected("/r/a\tb", "tab");
	make_name_rejected("/r/a;b", "';'");
	make_name_rejected("/r/a|b", "'|'");
	make_name_rejected("/r/a\\b", "backslash");
	make_name_rejected("/r/lib(member)", "(...)");
}
END_TEST

START_TEST(yaml_strings_are_escaped)
{
	struct helios_buf out;

	helios_buf_init(&out);
	helios_export_yaml_string(&out, "a\"b\\c\nd\te\x01 \xc3\xa9 $x: #y");
	ck_assert_str_eq(helios_buf_str(&out), "\"a\\\"b\\\\c\\nd\\te\\x01 \xc3\xa9 $x: #y\"");
	helios_buf_release(&out);
}
END_TEST

START_TEST(dns_labels_are_sanitised)
{
	struct helios_buf out;

	helios_buf_init(&out);
	helios_export_dns_label(&out, "My Final $Render.v2", 63);
	ck_assert_str_eq(helios_buf_str(&out), "my-final-render-v2");
	helios_buf_clear(&out);
	helios_export_dns_label(&out, "--'$'--", 63);
	ck_assert_str_eq(helios_buf_str(&out), "helios");
	helios_buf_clear(&out);
	helios_export_dns_label(&out, "abcde fghij", 6);
	ck_assert_str_eq(helios_buf_str(&out), "abcde");
	helios_buf_release(&out);
}
END_TEST

START_TEST(options_are_checked_against_the_format)
{
	struct helios_export_options o;
	struct helios_error err;

	helios_export_options_init(&o, HELIOS_EXPORT_MAKE);
	o.job_path = "/r/job.json";
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_OK);
	o.hosts = ":";
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_EUSAGE);
	ck_assert_str_eq(err.text, "--hosts applies only to --to parallel");

	helios_export_options_init(&o, HELIOS_EXPORT_SLURM);
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_EUSAGE);
	ck_assert(strstr(err.text, "-o FILE"));

	helios_export_options_init(&o, HELIOS_EXPORT_K8S);
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_EUSAGE);
	ck_assert(strstr(err.text, "--volume-claim"));
	o.volume_claim = "renders";
	o.workdir = "work";
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_EUSAGE);
	o.workdir = "/work";
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_OK);
}
END_TEST

START_TEST(formats_parse_by_name)
{
	enum helios_export_format f;

	ck_assert(helios_export_parse_format("k8s", &f));
	ck_assert_int_eq(f, HELIOS_EXPORT_K8S);
	ck_assert_str_eq(helios_export_format_name(HELIOS_EXPORT_SLURM), "slurm");
	ck_assert(!helios_export_parse_format("kubernetes", &f));
}
END_TEST

START_TEST(parallel_script_feeds_every_chunk)
{
	struct helios_export_options o;
	struct helios_job job;
	char *text;

	make_job(&job, 7);
	helios_export_options_init(&o, HELIOS_EXPORT_PARALLEL);
	o.job_path = "/r/my job.json";
	o.parallelism = 4;
	o.retries = 2;
	o.hosts = ":,host b";
	text = render(&job, &o, 0);
	ck_assert(strstr(text, "seq 0 6 | parallel -q -j 4 --joblog \"$joblog\" --retries 3 "
			       "--halt soon,fail=1 -S ':,host b' \\\n"
			       "\tsh -c 'helios job run \"$1\" --chunk \"$2\" --no-merge || { s=$?; "));
	ck_assert(strstr(text, "\tsh \"$job\" {} \"$failed\" || status=$?\n"));
	ck_assert(strstr(text, "failed='/r/my job.parallel.failed.log'\n"));
	/* The merge only after parallel succeeded. */
	ck_assert(strstr(text, "\n[ \"$status\" -eq 0 ] || exit \"$status\"\nexec helios job run "));
	ck_assert(strstr(text, "job='/r/my job.json'\n"));
	ck_assert(strstr(text, "joblog='/r/my job.parallel.log'\n"));
	/* Every chunk runs each time: helios, not the job log, knows what is up to date. */
	ck_assert(!strstr(text, "--resume-failed"));
	ck_assert(strstr(text, "\nexec helios job run '/r/my job.json' --merge-only\n"));
	free(text);
	helios_job_release(&job);
}
END_TEST

START_TEST(makefile_has_a_rule_per_chunk)
{
	struct helios_export_options o;
	struct helios_job job;
	struct helios_buf out;
	struct helios_error err;
	char *text;

	make_job(&job, 7);
	helios_export_options_init(&o, HELIOS_EXPORT_MAKE);
	o.job_path = "/r/$x/job.json";
	text = render(&job, &o, 0);
	ck_assert_int_eq(count(text, "\n/r/$$x/final_part_"), 7);
	ck_assert(strstr(text, "\n/r/$$x/final_part_6.mp4: FORCE\n"
			       "\thelios job run '/r/$$x/job.json' --chunk 6 --no-merge\n"));
	ck_assert(strstr(text, "\nall: /r/$$x/final.mp4\n"));
	ck_assert(strstr(text, "\n/r/$$x/final.mp4: FORCE \\\n\t/r/$$x/final_part_0.mp4 \\\n"));
	ck_assert(strstr(text, "\n.PHONY: all FORCE\n"));
	ck_assert(strstr(text, "\n\thelios job run '/r/$$x/job.json' --merge-only\n"));
	ck_assert(strstr(text, "\n.DELETE_ON_ERROR:\n"));

	ck_assert(!strstr(text, "MAKEFLAGS"));
	free(text);

	/* Without a shell loop of its own, make retries through the runner. */
	o.retries = 2;
	o.parallelism = 3;
	text = render(&job, &o, 0);
	ck_assert(strstr(text, "\nMAKEFLAGS += -j3\n"));
	ck_assert(strstr(text, " --chunk 0 --no-merge --retries 2\n"));
	free(text);

	o.job_path = "/r/a\nb/job.json";
	helios_buf_init(&out);
	ck_assert_int_eq(helios_export_render(&job, &o, 0, &out, &err), HELIOS_EINVAL);
	ck_assert(strstr(err.text, "newline"));
	helios_buf_release(&out);
	helios_job_release(&job);
}
END_TEST

START_TEST(k8s_indexed_job_and_merge_job)
{
	struct helios_export_options o;
	struct helios_job job;
	char *text;

	make_job(&job, 7);
	helios_export_options_init(&o, HELIOS_EXPORT_K8S);
	o.job_path = "/r/job $(X).json";
	o.parallelism = 3;
	o.retries = 2;
	o.volume_claim = "renders";
	o.namespace = "video";
	text = render(&job, &o, 0);
	ck_assert(strstr(text, "  completionMode: Indexed\n  completions: 7\n  parallelism: 3\n"
			       "  backoffLimitPerIndex: 2\n  maxFailedIndexes: 0\n"));
	ck_assert_int_eq(count(text, "restartPolicy: Never"), 2);
	ck_assert_int_eq(count(text, "\n---\n"), 2);
	ck_assert(strstr(text, "            - \"/work/job $$(X).json\"\n            - \"--chunk\"\n"
			       "            - \"$(JOB_COMPLETION_INDEX)\"\n"));
	ck_assert(strstr(text, "  name: final-chunks\n  namespace: \"video\"\n"));
	ck_assert(strstr(text, "            - \"helios\"\n            - \"job\"\n            - \"run\"\n"
			       "            - \"/work/job $$(X).json\"\n            - \"--merge-only\"\n"));
	ck_assert(!strstr(text, "\"sh\""));
	ck_assert(strstr(text, "claimName: \"renders\""));
	free(text);
	helios_job_release(&job);
}
END_TEST

START_TEST(k8s_quantities_and_resource_lists)
{
	static const char *const good[] = { "2", "500m", "1.5Gi", "0.5", ".5", "1e3", "2E-2", "4k", "100M", "3Ei" };
	static const char *const bad[] = { "", "x", "-1", "1.5gi", "2 ", "1KiB", "e3", "1e", "1.2.3", "Gi" };
	struct helios_export_options o;
	struct helios_error err;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(helios_export_k8s_quantity(good[i]), "%s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!helios_export_k8s_quantity(bad[i]), "%s", bad[i]);

	helios_export_options_init(&o, HELIOS_EXPORT_K8S);
	o.job_path = "/r/job.json";
	o.volume_claim = "renders";
	o.requests = "cpu=2,memory=4Gi,nvidia.com/gpu=1";
	o.limits = "memory=6Gi";
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_OK);
	o.limits = "memory=6Gi,memory=7Gi";
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_EUSAGE);
	ck_assert_str_eq(err.text, "--limits: 'memory' is given twice");
	o.limits = "memory=6 Gi";
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_EUSAGE);
	ck_assert_str_eq(err.text, "--limits: '6 Gi': not a Kubernetes quantity (such as 500m, 2 or 1.5Gi)");
	for (const char *const *l = (const char *const[]){ "cpu", "cpu=1,", "=1", "-cpu=1", "a/=1", "/b=1", "c d=1", NULL };
	     *l; l++) {
		o.limits = *l;
		ck_assert_msg(helios_export_check(&o, &err) == HELIOS_EUSAGE, "%s", *l);
		ck_assert(strstr(err.text, "expected NAME=QUANTITY"));
	}

	helios_export_options_init(&o, HELIOS_EXPORT_SLURM);
	o.out_path = "/r/submit.sh";
	o.ttl_after_finished = 0;
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_EUSAGE);
	ck_assert_str_eq(err.text, "--ttl-after-finished applies only to --to k8s");
	o.ttl_after_finished = -1;
	o.requests = "cpu=1";
	ck_assert_int_eq(helios_export_check(&o, &err), HELIOS_EUSAGE);
	ck_assert_str_eq(err.text, "--requests applies only to --to k8s");
}
END_TEST

START_TEST(k8s_resources_and_ttl)
{
	struct helios_export_options o;
	struct helios_job job;
	char *text;

	make_job(&job, 3);
	helios_export_options_init(&o, HELIOS_EXPORT_K8S);
	o.job_path = "/r/job.json";
	o.volume_claim = "renders";
	text = render(&job, &o, 0);
	ck_assert(!strstr(text, "resources:"));
	ck_assert(!strstr(text, "ttlSecondsAfterFinished"));
	free(text);
	o.requests = "cpu=500m,nvidia.com/gpu=1";
	o.limits = "memory=2Gi";
	o.ttl_after_finished = 0;
	text = render(&job, &o, 0);
	ck_assert_int_eq(count(text, "  ttlSecondsAfterFinished: 0\n  template:\n"), 2);
	ck_assert_int_eq(count(text, "          resources:\n            requests:\n"
				     "              \"cpu\": \"500m\"\n              \"nvidia.com/gpu\": \"1\"\n"
				     "            limits:\n              \"memory\": \"2Gi\"\n          volumeMounts:\n"), 2);
	free(text);
	helios_job_release(&job);
}
END_TEST

START_TEST(slurm_array_merge_and_submit)
{
	struct helios_export_options o;
	struct helios_job job;
	struct helios_buf path;
	char *text;

	make_job(&job, 7);
	helios_export_options_init(&o, HELIOS_EXPORT_SLURM);
	o.job_path = "/r/job.json";
	o.out_path = "/r/50% done/render.sh";
	o.parallelism = 4;
	ck_assert_int_eq(helios_export_file_count(o.format), 3);
	helios_buf_init(&path);
	helios_export_file_path(&o, 1, &path);
	ck_assert_str_eq(helios_buf_str(&path), "/r/50% done/render.array.sbatch");
	helios_buf_clear(&path);
	helios_export_file_path(&o, 2, &path);
	ck_assert_str_eq(helios_buf_str(&path), "/r/50% done/render.merge.sbatch");
	helios_buf_release(&path);

	text = render(&job, &o, 1);
	ck_assert(strstr(text, "\n#SBATCH --array=0-6%4\n"));
	ck_assert(strstr(text, "\nexec helios job run /r/job.json --chunk \"$SLURM_ARRAY_TASK_ID\" --no-merge --resume\n"));
	/* The log path needs quoting: it is passed by the submit script only. */
	ck_assert(!strstr(text, "--output"));
	free(text);
	text = render(&job, &o, 0);
	ck_assert(strstr(text, "jid=$(sbatch --parsable '--output=/r/50%% done/render_%A_%a.log' "
			       "'/r/50% done/render.array.sbatch')\n"));
	ck_assert(strstr(text, "\necho \"$jid\"\nsbatch --parsable --kill-on-invalid-dep=yes --dependency=afterok:\"$jid\" "
			       "'--output=/r/50%% done/render_merge_%j.log' '/r/50% done/render.merge.sbatch'\n"));
	free(text);
	text = render(&job, &o, 2);
	ck_assert(strstr(text, "\nexec helios job run /r/job.json --merge-only\n"));
	free(text);
	helios_job_release(&job);
}
END_TEST

/* Issue 10 item 2: the job's mergeCommand is never written into an export,
 * where a shell would run "$(touch PWNED)" in it; helios splits it. */
START_TEST(merge_command_never_reaches_a_shell)
{
	static const enum helios_export_format formats[] = {
		HELIOS_EXPORT_PARALLEL, HELIOS_EXPORT_MAKE, HELIOS_EXPORT_K8S, HELIOS_EXPORT_SLURM,
	};
	struct helios_export_options o;
	struct helios_job job;
	char *text;

	make_job(&job, 2);
	free(job.merge_command);
	job.merge_command = strdup("helios merge final.mp4 final_part_0.mp4 final_part_1.mp4 --preset \"$(touch PWNED)\"");
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		helios_export_options_init(&o, formats[f]);
		o.job_path = "/r/job.json";
		o.out_path = "/r/out.sh";
		o.volume_claim = formats[f] == HELIOS_EXPORT_K8S ? "c" : NULL;
		for (int i = 0; i < helios_export_file_count(formats[f]); i++) {
			text = render(&job, &o, i);
			ck_assert_msg(!strstr(text, "PWNED") && !strstr(text, "helios merge"), "%s file %d:\n%s",
				      helios_export_format_name(formats[f]), i, text);
			free(text);
		}
	}
	helios_job_release(&job);
}
END_TEST

START_TEST(comments_never_hold_a_newline)
{
	struct helios_export_options o;
	struct helios_job job;
	char *text;

	make_job(&job, 2);
	helios_export_options_init(&o, HELIOS_EXPORT_PARALLEL);
	o.job_path = "/r/x\nrm -rf y/job.json";
	text = render(&job, &o, 0);
	ck_assert(strstr(text, "# GNU parallel script for the helios job /r/x?rm -rf y/job.json"));
	/* In the code the path stays inside quotes. */
	ck_assert(strstr(text, "\njob='/r/x\nrm -rf y/job.json'\n"));
	free(text);
	helios_job_release(&job);
}
END_TEST

Suite *suite_export(void)
{
	Suite *s = suite_create("export");
	TCase *quoting = tcase_create("quoting");
	TCase *formats = tcase_create("formats");

	tcase_add_test(quoting, make_names_are_escaped);
	tcase_add_test(quoting, make_names_make_cannot_hold_are_rejected);
	tcase_add_test(quoting, yaml_strings_are_escaped);
	tcase_add_test(quoting, dns_labels_are_sanitised);
	tcase_add_test(formats, options_are_checked_against_the_format);
	tcase_add_test(formats, formats_parse_by_name);
	tcase_add_test(formats, parallel_script_feeds_every_chunk);
	tcase_add_test(formats, makefile_has_a_rule_per_chunk);
	tcase_add_test(formats, k8s_indexed_job_and_merge_job);
	tcase_add_test(formats, k8s_quantities_and_resource_lists);
	tcase_add_test(formats, k8s_resources_and_ttl);
	tcase_add_test(formats, slurm_array_merge_and_submit);
	tcase_add_test(formats, comments_never_hold_a_newline);
	tcase_add_test(formats, merge_command_never_reaches_a_shell);
	suite_add_tcase(s, quoting);
	suite_add_tcase(s, formats);
	return s;
}
