/* helios job: subcommands that work on a job file. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "job/job.h"
#include "helios/utf8.h"

/* The job on standard input ("-"), as helios_job_read_file reads a file. */
static enum helios_status read_stdin(struct helios_job *job, struct helios_error *err)
{
	struct helios_buf text;
	char chunk[65536];
	size_t n;
	enum helios_status st;

	helios_buf_init(&text);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		helios_buf_append(&text, chunk, n);
	if (ferror(stdin))
		st = helios_error_set(err, HELIOS_EIO, "cannot read it");
	else if (text.failed)
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	else
		st = helios_job_parse(job, helios_buf_str(&text), text.len, err);
	if (st != HELIOS_OK)
		helios_error_prefix(err, "standard input");
	helios_buf_release(&text);
	return st;
}

/* How the FILE argument is named in messages and output. */
static const char *file_name(const char *arg)
{
	return strcmp(arg, "-") == 0 ? "standard input" : arg;
}

/* Read and validate the single FILE argument of a subcommand ("-" is
 * standard input). */
static int load(int argc, char **argv, struct helios_job *job)
{
	struct helios_error err;
	enum helios_status st;
	bool is_stdin = argc == 2 && strcmp(argv[1], "-") == 0;

	if (argc != 2 || (argv[1][0] == '-' && !is_stdin)) {
		if (argc >= 2 && argv[1][0] == '-' && strcmp(argv[1], "-") != 0)
			cli_error("job %s: unknown option '%s'", argv[0], argv[1]);
		else
			cli_error("job %s: expects one job file (usage: helios job %s FILE)", argv[0], argv[0]);
		return HELIOS_EXIT_USAGE;
	}
	helios_job_init(job);
	st = is_stdin ? read_stdin(job, &err) : helios_job_read_file(job, argv[1], &err);
	if (st == HELIOS_OK) {
		st = helios_job_validate(job, &err);
		if (st != HELIOS_OK && is_stdin)
			helios_error_prefix(&err, "standard input");
		else if (st != HELIOS_OK)
			helios_error_prefix(&err, "'%s'", argv[1]);
	}
	if (st != HELIOS_OK) {
		char command[32];

		helios_job_release(job);
		snprintf(command, sizeof(command), "job %s", argv[0]);
		return cli_fail_in(command, st, &err);
	}
	return 0;
}

int cmd_job_validate(int argc, char **argv)
{
	struct helios_buf flags;
	struct helios_job job;
	int rc = load(argc, argv, &job);

	if (rc)
		return rc;
	printf("%s: valid: %lld chunk%s, frames %lld-%lld (%lld frames) at %g fps\n", file_name(argv[1]),
	       (long long)job.chunk_count, job.chunk_count == 1 ? "" : "s", (long long)job.start_frame,
	       (long long)(job.start_frame + job.total_frames - 1), (long long)job.total_frames, job.fps);
	helios_buf_init(&flags);
	helios_job_renderer_flags(&job, &flags);
	if (flags.len)
		printf("%s: note: chunk commands use flags that only helios's own renderer accepts: %s\n",
		       file_name(argv[1]), helios_buf_str(&flags));
	helios_buf_release(&flags);
	helios_job_release(&job);
	return 0;
}

/* HH:MM:SS.mmm of a frame boundary. */
static void timecode(char *buf, size_t size, int64_t frame, double fps)
{
	long long ms = llround((double)frame * 1000.0 / fps);

	snprintf(buf, size, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
		 ms % 1000);
}

#define TIMELINE_WIDTH 64

/* A bar of TIMELINE_WIDTH columns with '|' where a chunk starts, and under
 * it the frame number of each boundary that has room for its label. */
static void print_timeline(const struct helios_job *job)
{
	char bar[TIMELINE_WIDTH + 2], labels[TIMELINE_WIDTH + 24];
	int64_t shown = 0;
	int free_from = 0;	/* first column a new label may use */
	char end[24];
	int end_len;

	memset(bar, '=', TIMELINE_WIDTH);
	bar[TIMELINE_WIDTH] = '|';
	bar[TIMELINE_WIDTH + 1] = '\0';
	memset(labels, ' ', sizeof(labels));
	end_len = snprintf(end, sizeof(end), "%lld", (long long)(job->start_frame + job->total_frames));
	for (int64_t i = 0; i < job->chunk_count; i++) {
		int64_t rel = job->chunks[i].start_frame - job->start_frame;
		int col = (int)((double)rel * TIMELINE_WIDTH / (double)job->total_frames);
		char label[24];
		int len;

		if (col >= TIMELINE_WIDTH || bar[col] == '|')
			continue;
		bar[col] = '|';
		shown++;
		len = snprintf(label, sizeof(label), "%lld", (long long)job->chunks[i].start_frame);
		/* Keep one blank between labels and room for the end label. */
		if (col >= free_from && col + len < TIMELINE_WIDTH + 1 - end_len) {
			memcpy(labels + col, label, (size_t)len);
			free_from = col + len + 1;
		}
	}
	memcpy(labels + TIMELINE_WIDTH + 1 - end_len, end, (size_t)end_len);
	labels[TIMELINE_WIDTH + 1] = '\0';
	printf("\ntimeline  %s\n          %s\n", bar, labels);
	if (shown < job->chunk_count)
		printf("          (%lld chunk starts share a column at this width)\n",
		       (long long)(job->chunk_count - shown));
}

/* Text from the job for the terminal: a name holding escape sequences
 * must not move the cursor or recolour it (the TUI's rule, see utf8.h). */
static const char *shown(struct helios_buf *buf, const char *text)
{
	helios_buf_clear(buf);
	helios_utf8_printable(buf, text);
	return buf->failed ? "?" : helios_buf_str(buf);
}

int cmd_job_show(int argc, char **argv)
{
	struct helios_job job;
	struct helios_buf text;
	char from[32], to[32], frames[48], span[48];
	int rc = load(argc, argv, &job);

	if (rc)
		return rc;
	helios_buf_init(&text);
	printf("%s: %lld frames (%lld-%lld) at %g fps, %lldx%lld, %lld chunk%s",
	       shown(&text, file_name(argv[1])), (long long)job.total_frames, (long long)job.start_frame,
	       (long long)(job.start_frame + job.total_frames - 1), job.fps, (long long)job.width,
	       (long long)job.height, (long long)job.chunk_count, job.chunk_count == 1 ? "" : "s");
	if (job.output)
		printf(" -> %s", shown(&text, job.output));
	printf("\n\n%6s  %-19s %-19s %-12s  %-12s  %s\n", "id", "frames", "start+count", "from", "to",
	       "output");
	for (int64_t i = 0; i < job.chunk_count; i++) {
		const struct helios_job_chunk *c = &job.chunks[i];

		snprintf(frames, sizeof(frames), "%lld-%lld", (long long)c->start_frame,
			 (long long)(c->start_frame + c->frame_count - 1));
		snprintf(span, sizeof(span), "%lld+%lld", (long long)c->start_frame, (long long)c->frame_count);
		timecode(from, sizeof(from), c->start_frame, job.fps);
		timecode(to, sizeof(to), c->start_frame + c->frame_count, job.fps);
		printf("%6lld  %-19s %-19s %-12s  %-12s  %s\n", (long long)c->id, frames, span, from, to,
		       shown(&text, c->output_file));
	}
	print_timeline(&job);
	printf("\nmerge: %s\n", shown(&text, job.merge_command));
	helios_buf_release(&text);
	helios_job_release(&job);
	return 0;
}

/* The group's own --help is its listing; "helios job run --help" is run's. */
int cmd_job(int argc, char **argv)
{
	const struct cli_command *job = cli_command_find("job");

	if (argc < 2) {
		cli_command_help(job, stderr);
		return HELIOS_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_command_help(job, stdout);
		return 0;
	}
	return cli_run_command("job", argc, argv);
}
