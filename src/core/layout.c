#include "helios/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helios/flags.h"
#include "helios/path.h"
#include "helios/quote.h"

void helios_layout_release(struct helios_layout *layout)
{
	free(layout->input);
	free(layout->input_quoted);
	free(layout->input_file);
	free(layout->output);
	free(layout->part_stem);
	free(layout->chunk_flags);
	memset(layout, 0, sizeof(*layout));
}

/* A relative path starting with '-' would be read as a flag by the renderer
 * and by `helios merge`: write it as "./-name" everywhere. */
static void relative_path(struct helios_buf *out, const char *cwd, const char *dir, const char *target)
{
	helios_path_relative(out, cwd, dir, target);
	if (helios_buf_str(out)[0] == '-') {
		struct helios_buf rel;

		helios_buf_init(&rel);
		helios_buf_puts(&rel, "./");
		helios_buf_append(&rel, out->data, out->len);
		helios_buf_release(out);
		*out = rel;
	}
}

/* The flags every chunk command ends with: options marked CHUNK, in table
 * order, with the value in force; those with a default are always passed,
 * the rest only when set.  Our renderer's own flags (RENDERER) make the job
 * need our renderer, and so does a fraction of a frame rate (upstream reads
 * --fps as a number). */
static void chunk_flags(const struct helios_settings *s, const struct helios_config *cfg, const char *cwd,
			const char *job_dir, struct helios_buf *out, int *needs_renderer)
{
	struct helios_buf path;

	*needs_renderer = strchr(cfg->fps_text, '/') != NULL;
	for (int i = 0; s && i < HELIOS_OPTION_COUNT; i++) {
		const struct helios_option *opt = &helios_options[i];
		const char *value = helios_settings_get(s, opt->id);

		if (!(opt->flags & HELIOS_OPT_CHUNK) || !value)
			continue;
		helios_buf_printf(out, " --%s", opt->name);
		if (opt->type == HELIOS_TYPE_DIR) {
			/* Like the input: relative to the job's directory. */
			helios_buf_init(&path);
			relative_path(&path, cwd, job_dir, value);
			helios_buf_putc(out, ' ');
			helios_quote_append(out, helios_buf_str(&path));
			if (path.failed)
				out->failed = true;
			helios_buf_release(&path);
		} else if (opt->type != HELIOS_TYPE_FLAG) {
			helios_buf_putc(out, ' ');
			helios_quote_append(out, value);
		}
		if (opt->flags & HELIOS_OPT_RENDERER)
			*needs_renderer = 1;
	}
}

enum helios_status helios_layout_make(struct helios_layout *layout, const struct helios_config *cfg,
				      const char *cwd, const char *job_path, struct helios_error *err)
{
	struct helios_buf dir, buf, stem;
	const char *ext;

	memset(layout, 0, sizeof(*layout));
	layout->config = cfg;
	helios_buf_init(&dir);
	helios_buf_init(&buf);
	helios_buf_init(&stem);
	helios_path_dirname(&dir, job_path ? job_path : "job.json");
	/* The merge lists the chunk outputs, beside the output, by absolute path. */
	helios_path_absolute(&buf, cwd, cfg->output);
	if (strpbrk(helios_buf_str(&buf), "\n\r")) {
		helios_buf_release(&dir);
		helios_buf_release(&buf);
		return helios_error_set(err, HELIOS_EINVAL,
					"--output: its directory's path holds a line break, which the merge (ffmpeg's concat list) cannot take");
	}
	helios_buf_clear(&buf);

	if (helios_path_is_url(cfg->input)) {
		layout->input = strdup(cfg->input);
	} else {
		relative_path(&buf, cwd, helios_buf_str(&dir), cfg->input);
		if (cfg->base_url) {
			layout->input_file = strdup(helios_buf_str(&buf));
			helios_path_url_join(&stem, cfg->base_url, helios_buf_str(&buf));
			layout->input = helios_buf_take(&stem);
		} else {
			layout->input = helios_buf_take(&buf);
		}
	}
	relative_path(&buf, cwd, helios_buf_str(&dir), cfg->output);
	layout->output = helios_buf_take(&buf);
	if (layout->output) {
		helios_path_split_ext(layout->output, &stem, &ext);
		helios_buf_puts(&stem, "_part_");
		layout->part_stem = helios_buf_take(&stem);
		layout->part_ext = layout->output + (ext - layout->output);
		layout->parts_need_quotes = layout->part_stem &&
			(helios_quote_needed(layout->part_stem) || (*ext && helios_quote_needed(ext)));
	}
	if (layout->input) {
		helios_buf_clear(&buf);
		helios_quote_append(&buf, layout->input);
		layout->input_quoted = helios_buf_take(&buf);
	}
	helios_buf_clear(&buf);
	chunk_flags(cfg->settings, cfg, cwd, helios_buf_str(&dir), &buf, &layout->needs_renderer);
	layout->chunk_flags = helios_buf_take(&buf);

	helios_buf_release(&dir);
	helios_buf_release(&buf);
	helios_buf_release(&stem);
	if (!layout->input || !layout->input_quoted || !layout->output || !layout->part_stem || !layout->chunk_flags ||
	    (cfg->base_url && !layout->input_file)) {
		helios_layout_release(layout);
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	return HELIOS_OK;
}

enum helios_status helios_layout_set_part_stem(struct helios_layout *layout, const char *stem,
					       struct helios_error *err)
{
	char *copy = strdup(stem);

	if (!copy)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	free(layout->part_stem);
	layout->part_stem = copy;
	layout->parts_need_quotes = helios_quote_needed(stem) || (*layout->part_ext && helios_quote_needed(layout->part_ext));
	return HELIOS_OK;
}

void helios_layout_chunk_output(const struct helios_layout *layout, int64_t id, struct helios_buf *out)
{
	if (layout->config->images) {
		struct helios_chunk c = helios_plan_chunk(&layout->config->plan, id);
		struct helios_sequence seq;

		/* The layout's output is relative to the job: the same pattern. */
		if (helios_sequence_parse(layout->output, &seq)) {
			helios_sequence_name(&seq, c.start_frame + c.frame_count - 1, out);
			return;
		}
	}
	helios_buf_puts(out, layout->part_stem);
	helios_buf_put_int(out, (long long)id);
	helios_buf_puts(out, layout->part_ext);
}

/* Quote a chunk output without building it twice when it needs no quotes. */
static void append_chunk_output(const struct helios_layout *layout, int64_t id, struct helios_buf *out)
{
	struct helios_buf name;

	if (!layout->parts_need_quotes && !layout->config->images) {
		helios_layout_chunk_output(layout, id, out);
		return;
	}
	helios_buf_init(&name);
	helios_layout_chunk_output(layout, id, &name);
	helios_quote_append(out, helios_buf_str(&name));
	if (name.failed)
		out->failed = true;
	helios_buf_release(&name);
}

void helios_layout_chunk_command(const struct helios_layout *layout, const struct helios_chunk *chunk,
				 struct helios_buf *out)
{
	helios_buf_puts(out, "helios render ");
	helios_buf_puts(out, layout->input_quoted);
	helios_buf_puts(out, " -o ");
	/* The frames of a sequence are named by their number: one pattern. */
	if (layout->config->images)
		helios_quote_append(out, layout->output);
	else
		append_chunk_output(layout, chunk->id, out);
	helios_buf_puts(out, " --start-frame ");
	helios_buf_put_int(out, (long long)chunk->start_frame);
	helios_buf_puts(out, " --frame-count ");
	helios_buf_put_int(out, (long long)chunk->frame_count);
	helios_buf_puts(out, layout->chunk_flags);
}

void helios_layout_merge_head(const struct helios_layout *layout, struct helios_buf *out)
{
	helios_buf_puts(out, "helios merge ");
	helios_quote_append(out, layout->output);
	if (layout->config->images) {
		helios_buf_puts(out, " --start-frame ");
		helios_buf_put_int(out, (long long)layout->config->start_frame);
	}
}

void helios_layout_merge_append(const struct helios_layout *layout, int64_t id, struct helios_buf *out)
{
	helios_buf_putc(out, ' ');
	append_chunk_output(layout, id, out);
}

void helios_layout_cli_command(const struct helios_settings *s, struct helios_buf *out)
{
	helios_buf_puts(out, "helios render");
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		const struct helios_option *opt = &helios_options[i];

		if (!helios_settings_is_set(s, opt->id))
			continue;
		helios_buf_putc(out, ' ');
		if (!(opt->flags & HELIOS_OPT_POSITIONAL)) {
			if (opt->short_name)
				helios_buf_printf(out, "-%c", opt->short_name);
			else
				helios_buf_printf(out, "--%s", opt->name);
			if (opt->type == HELIOS_TYPE_FLAG)
				continue;
			helios_buf_putc(out, ' ');
		}
		helios_quote_append(out, s->text[i]);
	}
}

/* Where the line keeps the value of merge flag id; NULL when it keeps none. */
static const char **merge_value_slot(struct helios_merge_line *line, int id)
{
	switch (id) {
	case HELIOS_MERGE_FLAG_VIDEO_CODEC:
		return &line->video_codec;
	case HELIOS_MERGE_FLAG_AUDIO_CODEC:
		return &line->audio_codec;
	case HELIOS_MERGE_FLAG_QUALITY:
		return &line->quality;
	case HELIOS_MERGE_FLAG_PRESET:
		return &line->preset;
	case HELIOS_MERGE_FLAG_FPS:
		return &line->fps;
	case HELIOS_MERGE_FLAG_FFMPEG:
		return &line->ffmpeg;
	case HELIOS_MERGE_FLAG_START_FRAME:
		return &line->start_frame;
	default:
		return NULL;
	}
}

enum helios_status helios_layout_merge_words(char **argv, int argc, struct helios_merge_line *line,
					     struct helios_error *err)
{
	memset(line, 0, sizeof(*line));
	line->argv = argv;
	line->argc = argc;
	line->inputs = calloc(argc > 0 ? (size_t)argc : 1, sizeof(*line->inputs));
	if (!line->inputs)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	for (int i = 2; i < argc; i++) {
		const struct helios_flag *flag;
		const char **slot;

		/* "-" alone is an operand, as getopt takes it. */
		if (argv[i][0] != '-' || !argv[i][1]) {
			if (!line->output)
				line->output = argv[i];
			else
				line->inputs[line->input_count++] = argv[i];
			continue;
		}
		/* Which flags take a value is the merge flag table's. */
		flag = helios_flag_find(helios_merge_flags, argv[i]);
		if (!flag || !flag->metavar)
			continue;
		slot = merge_value_slot(line, flag->id);
		if (++i < argc && slot)
			*slot = argv[i];
	}
	return HELIOS_OK;
}

enum helios_status helios_layout_merge_parse(const char *command, struct helios_merge_line *line,
					     struct helios_error *err)
{
	char **argv;
	int argc;
	enum helios_status st;

	memset(line, 0, sizeof(*line));
	st = helios_quote_split(command, &argv, &argc, err);
	if (st != HELIOS_OK)
		return st;
	st = helios_layout_merge_words(argv, argc, line, err);
	if (st != HELIOS_OK)
		helios_merge_line_release(line);
	return st;
}

void helios_merge_line_release(struct helios_merge_line *line)
{
	if (line->argv)
		helios_quote_free(line->argv);
	free(line->inputs);
	memset(line, 0, sizeof(*line));
}
