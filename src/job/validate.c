/* The invariants of a job, whoever planned it. */
#include "job/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helios/codec.h"
#include "helios/json.h"
#include "helios/layout.h"
#include "helios/options.h"
#include "helios/path.h"
#include "helios/quote.h"

/* A chunk output as the file system will resolve it, and whose it is. */
struct output_name {
	char *path;
	int64_t chunk;
};

static int compare_names(const void *a, const void *b)
{
	const struct output_name *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->chunk > y->chunk) - (x->chunk < y->chunk);
}

/* Two chunks writing one file overwrite each other: "p0.mp4", "./p0.mp4"
 * and "a/../p0.mp4" are one file (lexically; a symbolic link named "a"
 * could make the last another, but is then a trap, not a plan). */
static enum helios_status check_outputs_distinct(const struct helios_job *job, struct helios_error *err)
{
	struct output_name *names = calloc((size_t)job->chunk_count, sizeof(*names));
	enum helios_status st = HELIOS_OK;
	struct helios_buf path;

	if (!names)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	helios_buf_init(&path);
	for (int64_t i = 0; i < job->chunk_count && st == HELIOS_OK; i++) {
		helios_path_normalize(&path, job->chunks[i].output_file);
		names[i].path = path.failed ? NULL : strdup(helios_buf_str(&path));
		names[i].chunk = i;
		if (!names[i].path)
			st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	helios_buf_release(&path);
	if (st == HELIOS_OK)
		qsort(names, (size_t)job->chunk_count, sizeof(*names), compare_names);
	for (int64_t i = 1; i < job->chunk_count && st == HELIOS_OK; i++) {
		const struct helios_job_chunk *a = &job->chunks[names[i - 1].chunk], *b = &job->chunks[names[i].chunk];

		if (strcmp(names[i - 1].path, names[i].path) != 0)
			continue;
		if (strcmp(a->output_file, b->output_file) == 0)
			st = helios_error_set(err, HELIOS_EFORMAT, "chunks: output '%s' is used twice", a->output_file);
		else
			st = helios_error_set(err, HELIOS_EFORMAT,
					      "chunks[%lld].outputFile '%s' is the same file as chunks[%lld].outputFile '%s'",
					      (long long)names[i].chunk, b->output_file, (long long)names[i - 1].chunk,
					      a->output_file);
	}
	for (int64_t i = 0; i < job->chunk_count; i++)
		free(names[i].path);
	free(names);
	return st;
}

/* argv[0] of a job's command: "helios", or a path to a program named helios. */
static bool is_helios(const char *program)
{
	const char *slash = strrchr(program, '/');

	return strcmp(slash ? slash + 1 : program, "helios") == 0;
}

/* Split a command of the job; what is the field's JSON path.  A command
 * that cannot be split, is empty or is not `helios SUBCOMMAND …` would only
 * fail once the run reached it. */
static enum helios_status split_helios(const char *command, const char *what, const char *subcommand,
				       char ***argv, int *argc, struct helios_error *err)
{
	enum helios_status st = helios_quote_split(command, argv, argc, err);

	if (st != HELIOS_OK) {
		helios_error_prefix(err, "%s", what);
		return st == HELIOS_ENOMEM ? st : HELIOS_EFORMAT;
	}
	if (*argc == 0)
		st = helios_error_set(err, HELIOS_EFORMAT, "%s: empty", what);
	else if (*argc < 2 || !is_helios((*argv)[0]) || strcmp((*argv)[1], subcommand) != 0)
		st = helios_error_set(err, HELIOS_EFORMAT, "%s: not a 'helios %s' command", what, subcommand);
	if (st != HELIOS_OK)
		helios_quote_free(*argv);
	return st;
}

/* A name ffmpeg's concat list cannot hold: the merge would refuse it only
 * after every chunk has rendered. */
static bool has_line_break(const char *name)
{
	return strpbrk(name, "\n\r") != NULL;
}

/* The merge command must be `helios merge OUTPUT INPUTS…` listing every
 * chunk output, in id order, as its inputs. */
static enum helios_status check_merge(const struct helios_job *job, struct helios_error *err)
{
	struct helios_merge_line line;
	char **argv;
	int argc;
	int64_t next = 0;
	enum helios_status st;

	st = split_helios(job->merge_command, "mergeCommand", "merge", &argv, &argc, err);
	if (st != HELIOS_OK)
		return st;
	st = helios_layout_merge_words(argv, argc, &line, err);
	if (st == HELIOS_OK && !line.output)
		st = helios_error_set(err, HELIOS_EFORMAT, "mergeCommand: names no output");
	else if (st == HELIOS_OK && !*line.output)
		st = helios_error_set(err, HELIOS_EFORMAT, "mergeCommand: the output is empty");
	else if (st == HELIOS_OK && has_line_break(line.output))
		st = helios_error_set(err, HELIOS_EFORMAT, "mergeCommand: the output holds a line break");
	else if (st == HELIOS_OK && job->output && strcmp(line.output, job->output) != 0)
		st = helios_error_set(err, HELIOS_EFORMAT, "mergeCommand: output '%s' is not metadata.output '%s'",
				      line.output, job->output);
	for (int i = 0; st == HELIOS_OK && i < line.input_count; i++) {
		if (next >= job->chunk_count || strcmp(line.inputs[i], job->chunks[next].output_file) != 0) {
			st = helios_error_set(err, HELIOS_EFORMAT,
					      next >= job->chunk_count
						      ? "mergeCommand: input '%s' is not a chunk output"
						      : "mergeCommand: input '%s' is not chunks[%lld].outputFile",
					      line.inputs[i], (long long)next);
			break;
		}
		next++;
	}
	if (st == HELIOS_OK && next < job->chunk_count)
		st = helios_error_set(err, HELIOS_EFORMAT, "mergeCommand: does not list chunks[%lld].outputFile '%s'",
				      (long long)next, job->chunks[next].output_file);
	helios_merge_line_release(&line);
	return st;
}

char *helios_job_merge_output(const struct helios_job *job)
{
	struct helios_merge_line line;
	char *output = NULL;

	if (!job->merge_command || helios_layout_merge_parse(job->merge_command, &line, NULL) != HELIOS_OK)
		return NULL;
	if (line.output)
		output = strdup(line.output);
	helios_merge_line_release(&line);
	return output;
}

char *helios_job_chunk_input(const struct helios_job *job)
{
	return job->chunk_count < 1 ? NULL : helios_job_command_input(job->chunks[0].command);
}

char *helios_job_command_input(const char *command)
{
	char **argv, *input = NULL;
	int argc;

	if (helios_quote_split(command, &argv, &argc, NULL) != HELIOS_OK)
		return NULL;
	/* The first operand of `helios render`, past flags and their values. */
	for (int i = 2; argc >= 2 && strcmp(argv[1], "render") == 0 && i < argc; i++) {
		const char *a = argv[i];
		const struct helios_option *opt;

		if (strcmp(a, "--") == 0) {
			if (i + 1 < argc)
				input = strdup(argv[i + 1]);
			break;
		}
		if (a[0] != '-' || !a[1]) {
			input = strdup(a);
			break;
		}
		if (strchr(a, '='))
			continue;
		opt = a[1] == '-' ? helios_option_find(a + 2) : helios_option_find_short(a[1]);
		/* A flag we do not know is taken to have a value, as most do. */
		if (!opt || opt->type != HELIOS_TYPE_FLAG)
			i++;
	}
	helios_quote_free(argv);
	return input;
}

static enum helios_status check_chunk_command(const struct helios_job_chunk *c, int64_t i,
					       struct helios_error *err)
{
	struct helios_settings settings;
	char what[48], **argv;
	int argc;
	enum helios_status st;

	snprintf(what, sizeof(what), "chunks[%lld].command", (long long)i);
	st = split_helios(c->command, what, "render", &argv, &argc, err);
	if (st != HELIOS_OK)
		return st;
	/* Props the renderer would refuse on every worker: the rule the CLI
	 * and the TUI apply when the value is given. */
	for (int k = 2; k < argc && st == HELIOS_OK; k++) {
		const char *props = NULL;

		if (strcmp(argv[k], "--") == 0)
			break;
		if (strncmp(argv[k], "--props=", 8) == 0)
			props = argv[k] + 8;
		else if (strcmp(argv[k], "--props") == 0 && k + 1 < argc)
			props = argv[++k];
		if (props && helios_json_check(props, err) != HELIOS_OK) {
			helios_error_prefix(err, "%s: --props", what);
			st = HELIOS_EFORMAT;
		}
	}
	/* The renderer's own parser over its own table: a flag it does not
	 * know, or a value it refuses, would fail every worker.  Only for the
	 * program "helios", which job run runs as this helios: a path
	 * (./helios, /opt/x/bin/helios) names another program, whose flags
	 * are its own to judge. */
	if (st == HELIOS_OK && strcmp(argv[0], "helios") == 0) {
		helios_settings_init(&settings);
		st = helios_settings_parse_args(&settings, argc - 2, argv + 2, NULL, err);
		helios_settings_release(&settings);
		if (st != HELIOS_OK) {
			helios_error_prefix(err, "%s", what);
			st = st == HELIOS_ENOMEM ? st : HELIOS_EFORMAT;
		}
	}
	helios_quote_free(argv);
	return st;
}

enum helios_status helios_job_validate(const struct helios_job *job, struct helios_error *err)
{
	int64_t expect = job->start_frame;
	enum helios_status st = HELIOS_OK;

	if (job->total_frames < 1)
		return helios_error_set(err, HELIOS_EFORMAT, "metadata.totalFrames: must be at least 1");
	if (!(job->fps > 0) || job->fps > 1000)
		return helios_error_set(err, HELIOS_EFORMAT, "metadata.fps: %g: must be > 0 and <= 1000", job->fps);
	if (job->width < 1 || job->height < 1)
		return helios_error_set(err, HELIOS_EFORMAT, "metadata: width and height must be at least 1");
	if (job->chunk_count < 1)
		return helios_error_set(err, HELIOS_EFORMAT, "chunks: empty");
	for (int64_t i = 0; i < job->chunk_count; i++) {
		const struct helios_job_chunk *c = &job->chunks[i];

		if (c->id != i)
			return helios_error_set(err, HELIOS_EFORMAT, "chunks[%lld].id: %lld, expected %lld",
						(long long)i, (long long)c->id, (long long)i);
		if (c->frame_count < 1)
			return helios_error_set(err, HELIOS_EFORMAT,
						"chunks[%lld].frameCount: %lld, must be at least 1",
						(long long)i, (long long)c->frame_count);
		if (c->start_frame != expect)
			return helios_error_set(err, HELIOS_EFORMAT,
						"chunks[%lld].startFrame: %lld, expected %lld (%s)",
						(long long)i, (long long)c->start_frame, (long long)expect,
						c->start_frame > expect ? "frames are missing" : "chunks overlap");
		if (!*c->output_file)
			return helios_error_set(err, HELIOS_EFORMAT, "chunks[%lld].outputFile: empty",
						(long long)i);
		if (has_line_break(c->output_file))
			return helios_error_set(err, HELIOS_EFORMAT,
						"chunks[%lld].outputFile: holds a line break, which the merge cannot list",
						(long long)i);
		st = check_chunk_command(c, i, err);
		if (st != HELIOS_OK)
			return st;
		expect += c->frame_count;
	}
	if (expect - job->start_frame != job->total_frames)
		return helios_error_set(err, HELIOS_EFORMAT,
					"chunks: cover %lld frames, metadata.totalFrames is %lld",
					(long long)(expect - job->start_frame), (long long)job->total_frames);

	st = check_outputs_distinct(job, err);
	if (st != HELIOS_OK)
		return st;
	return check_merge(job, err);
}

/* A flag of upstream's `helios render` ("--name" or "-c"), and whether it
 * takes a value: the options marked UPSTREAM in the table. */
static bool upstream_flag(const char *arg, bool *takes_value)
{
	const struct helios_option *opt = NULL;

	if (arg[0] == '-' && arg[1] == '-')
		opt = helios_option_find(arg + 2);
	else if (arg[0] == '-' && arg[1] && !arg[2])
		opt = helios_option_find_short(arg[1]);
	if (!opt || !(opt->flags & HELIOS_OPT_UPSTREAM))
		return false;
	*takes_value = opt->type != HELIOS_TYPE_FLAG;
	return true;
}

void helios_job_renderer_flags(const struct helios_job *job, struct helios_buf *out)
{
	char **argv;
	int argc;

	helios_buf_clear(out);
	/* Every chunk command is built from the same flags; the first tells. */
	if (job->chunk_count < 1 || helios_quote_split(job->chunks[0].command, &argv, &argc, NULL) != HELIOS_OK)
		return;
	/* Only a `helios render` command can need our renderer. */
	if (argc < 2 || strcmp(argv[1], "render") != 0 || !is_helios(argv[0])) {
		helios_quote_free(argv);
		return;
	}
	for (int i = 2; i < argc; i++) {
		const char *word = argv[i];
		bool takes_value;
		size_t len;

		if (strcmp(word, "--") == 0)
			break;
		if (word[0] != '-' || !word[1])
			continue;
		len = word[1] == '-' && strchr(word, '=') ? (size_t)(strchr(word, '=') - word) : strlen(word);
		if (!upstream_flag(word, &takes_value)) {
			const struct helios_option *opt = word[1] == '-' ? NULL : helios_option_find_short(word[1]);
			char name[128];

			snprintf(name, sizeof(name), "%.*s", (int)len, word);
			if (word[1] == '-')
				opt = helios_option_find(name + 2);
			helios_buf_printf(out, "%s%s", out->len ? ", " : "", name);
			/* Skip its value, as the renderer's parser would. */
			if (opt && opt->type != HELIOS_TYPE_FLAG && !strchr(word, '='))
				i++;
		} else if (takes_value && i + 1 < argc) {
			const struct helios_container *c = helios_container_for_path(argv[i + 1]);

			/* Upstream reads --fps with parseFloat: a fraction needs ours. */
			if (strcmp(word, "--fps") == 0 && strchr(argv[i + 1], '/'))
				helios_buf_printf(out, "%s--fps %s", out->len ? ", " : "", argv[i + 1]);
			/* Upstream writes videos only. */
			if ((strcmp(word, "-o") == 0 || strcmp(word, "--output") == 0) && c && (c->bit & HELIOS_MUX_IMAGES))
				helios_buf_printf(out, "%s-o %s", out->len ? ", " : "", argv[i + 1]);
			i++;
		}
	}
	helios_quote_free(argv);
}

bool helios_job_needs_helios_renderer(const struct helios_job *job)
{
	struct helios_buf flags;
	bool needs;

	helios_buf_init(&flags);
	helios_job_renderer_flags(job, &flags);
	needs = flags.len > 0 || flags.failed;
	helios_buf_release(&flags);
	return needs;
}
