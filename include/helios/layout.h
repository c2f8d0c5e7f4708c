/* How a plan looks inside a job file: paths relative to the job directory,
 * chunk output names and the exact commands.  Pure: the caller passes the
 * working directory. */
#ifndef HELIOS_LAYOUT_H
#define HELIOS_LAYOUT_H

#include "helios/buf.h"
#include "helios/config.h"
#include "helios/plan.h"
#include "helios/status.h"

struct helios_layout {
	const struct helios_config *config;
	char *input;		/* as workers see it: relative to the job directory, or a URL */
	char *input_quoted;	/* the same, quoted for the command line */
	char *input_file;	/* local input relative to the job directory when base_url rewrote it, else NULL */
	char *output;		/* relative to the job directory */
	char *part_stem;	/* output without extension, plus "_part_" */
	const char *part_ext;	/* output extension, e.g. ".mp4" */
	int parts_need_quotes;	/* chunk output names need quoting (digits never do) */
	char *chunk_flags;	/* quoted flags every chunk command ends with */
	int needs_renderer;	/* a chunk flag only our renderer knows */
};

/* cwd: absolute working directory; job_path: the job file (NULL: cwd). */
enum helios_status helios_layout_make(struct helios_layout *layout, const struct helios_config *cfg,
				      const char *cwd, const char *job_path, struct helios_error *err);
void helios_layout_release(struct helios_layout *layout);

/* Name chunk outputs "<stem><id><ext>" in the job directory instead of
 * beside the output (a private work directory keeps them out of the way).
 * stem must not start with '-'. */
enum helios_status helios_layout_set_part_stem(struct helios_layout *layout, const char *stem,
					       struct helios_error *err);

/* Output file of chunk id, unquoted ("final_part_3.mp4"); of an image
 * sequence, the chunk's last frame ("f_00024.png"), which it writes last. */
void helios_layout_chunk_output(const struct helios_layout *layout, int64_t id, struct helios_buf *out);

/* The whole command of a chunk, ready for /bin/sh or our splitter. */
void helios_layout_chunk_command(const struct helios_layout *layout, const struct helios_chunk *chunk,
				 struct helios_buf *out);

/* "helios merge <output>" (a sequence: and its --start-frame) — the chunk outputs follow, each appended with
 * helios_layout_merge_append so a million chunks never need one big string. */
void helios_layout_merge_head(const struct helios_layout *layout, struct helios_buf *out);
void helios_layout_merge_append(const struct helios_layout *layout, int64_t id, struct helios_buf *out);

/* A merge command read back: `PROGRAM merge OUTPUT INPUT...`, with flags
 * (those of helios merge that take a value take the next word) anywhere
 * after "merge".  Every string points into argv. */
struct helios_merge_line {
	char **argv;		/* the split words (helios_quote_split) */
	int argc;
	const char *output;	/* the first operand after argv[1]; NULL: none */
	const char **inputs;	/* the operands after it */
	int input_count;
	/* The values of helios merge's flags; NULL: not given. */
	const char *video_codec, *audio_codec, *quality, *preset, *fps, *ffmpeg, *start_frame;
};

/* The one reader of merge lines (the writer is helios_layout_merge_head
 * and _append): split command and take it apart.  argv[0] and argv[1] are
 * not checked; a line of fewer than two words has no output. */
enum helios_status helios_layout_merge_parse(const char *command, struct helios_merge_line *line,
					     struct helios_error *err);

/* The same for words already split: takes argv (freed by _release). */
enum helios_status helios_layout_merge_words(char **argv, int argc, struct helios_merge_line *line,
					     struct helios_error *err);
void helios_merge_line_release(struct helios_merge_line *line);

/* "helios render … --emit-job …" reproducing the settings: only options that
 * are set, in table order, each value quoted. */
void helios_layout_cli_command(const struct helios_settings *s, struct helios_buf *out);

#endif
