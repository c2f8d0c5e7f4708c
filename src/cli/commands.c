/* The one command table of helios and `helios job`: every command's name,
 * summary, usage, run function, flag table, --help text and what its
 * operands complete to.  main.c, cmd_job.c and complete.c read it; the
 * dispatch, the "did you mean" and the --help layout are written here once. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "helios/options.h"

const struct cli_command cli_commands[] = {
	{
		.name = "render",
		.summary = "plan a distributed render (--emit-job) or render frames",
		.usage = "INPUT [options] --emit-job PATH\n       helios render INPUT [options]",
		.run = cmd_render,
		.render_options = true,
		.operand = "input:_files",
		.head = "Plan a render split into chunks and write the job spec (--emit-job), or\n"
			"render frames [--start-frame, +--frame-count) of the composition INPUT (an\n"
			"HTML file or URL) into -o with headless Chromium and ffmpeg.\n",
		.tail = "See helios-render(1).\n",
		.column = 30,
	},
	{
		.name = "job",
		.summary = "validate, show, run or export a job file",
		.usage = "<subcommand> FILE",
		.run = cmd_job,
		.group = true,
		.tail = "See helios-job(1) and, for the format, helios-job(5).\n",
	},
	{
		.name = "merge",
		.summary = "join chunk files into one video with ffmpeg",
		.usage = "OUTPUT INPUT... [options]",
		.run = cmd_merge,
		.flags = helios_merge_flags,
		.operand = "file:_files",
		.head = "Join INPUTs, in order, into OUTPUT with ffmpeg's concat demuxer.  Video is\n"
			"copied, not re-encoded, unless a video codec, quality or preset is given.\n"
			"Audio that OUTPUT's container cannot hold (PCM in MP4) is encoded once.\n",
		.tail = "INPUTs that cannot be one video (codec, size, rate, time base, pixel format,\n"
			"audio) are refused before ffmpeg runs.  With ffprobe present, OUTPUT must\n"
			"decode to as many frames as the INPUTs together.\n"
			"See helios-merge(1).\n",
		.column = 22,
	},
	{
		.name = "probe",
		.summary = "measure a composition: its duration, fps and cost per chunk",
		.usage = "INPUT [--json] [--samples N] [--workers N] [options]",
		.run = cmd_probe,
		.flags = helios_probe_flags,
		.render_options = true,
		.render_unused = HELIOS_OPT_RUN | HELIOS_OPT_JOB,
		.operand = "input:_files",
		.head = "Load the composition INPUT as a render would, report what it declares\n"
			"(window.helios: duration, fps, size; a canvas; sound sources) and what\n"
			"it costs: start-up per chunk and time per frame, measured on a few frames\n"
			"rendered and encoded as a chunk would be, then thrown away.  From these,\n"
			"the wall time of the plan that the options describe on 1, 2, 4 ... workers\n"
			"and the chunk count that finishes soonest on --workers workers.\n",
		.tail = "See helios-probe(1).\n",
		.column = 30,
	},
	{
		.name = "job validate",
		.summary = "check a job file's fields and invariants ('-': stdin)",
		.usage = "FILE",
		.run = cmd_job_validate,
		.operand = "job file:_files",
		.tail = "See helios-job(1).\n",
		.column = 22,
	},
	{
		.name = "job show",
		.summary = "print a job's chunks as a table and a timeline ('-': stdin)",
		.usage = "FILE",
		.run = cmd_job_show,
		.operand = "job file:_files",
		.tail = "See helios-job(1).\n",
		.column = 22,
	},
	{
		.name = "job run",
		.summary = "run a job's chunks in parallel, then the merge",
		.usage = "FILE [options]",
		.run = cmd_job_run,
		.flags = helios_run_flags,
		.operand = "job file:_files",
		.head = "Run a job's chunks as child processes, at most N at a time, check each\n"
			"output, then run the merge.  Commands run in the job file's directory;\n"
			"a command whose program is 'helios' runs this helios ($HELIOS_BIN overrides).\n",
		.tail = "Logs go to <job>.logs/chunk-<id>.log.  Exit status: 0 done, 1 a chunk or\n"
			"the merge failed, 2 invalid usage or job, 130/143 interrupted.\n"
			"See helios-job(1).\n",
		.column = 22,
	},
	{
		.name = "job export",
		.summary = "write a job for GNU parallel, make, Kubernetes or Slurm",
		.usage = "FILE --to parallel|make|k8s|slurm [options]",
		.run = cmd_job_export,
		.flags = helios_export_flags,
		.operand = "job file:_files",
		.head = "Write FILE's job for a cluster engine: every chunk runs as\n"
			"'helios job run JOB --chunk ID --no-merge' on a worker, and once every chunk\n"
			"has succeeded the merge runs as 'helios job run JOB --merge-only' (no shell\n"
			"sees the job's commands).  JOB is the job file's absolute path: workers\n"
			"must share the filesystem.\n",
		.tail = "Exit status: 0 written, 1 cannot write, 2 invalid usage or job.\n"
			"See helios-job(1).\n",
		.column = 23,
	},
	{ 0 },
};

const struct cli_command *cli_command_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const char *cli_command_word(const struct cli_command *c)
{
	const char *space = strrchr(c->name, ' ');

	return space ? space + 1 : c->name;
}

bool cli_command_in(const struct cli_command *c, const char *group)
{
	size_t n = group ? strlen(group) : 0;

	if (!group)
		return !strchr(c->name, ' ');
	return strncmp(c->name, group, n) == 0 && c->name[n] == ' ' && !strchr(c->name + n + 1, ' ');
}

void cli_list_commands(FILE *out, const char *group)
{
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		if (!cli_command_in(c, group))
			continue;
		if (group)	/* a subcommand's operand beside it: "run FILE" */
			fprintf(out, "  %-9s %-5.*s %s\n", cli_command_word(c), (int)strcspn(c->usage, " "), c->usage,
				c->summary);
		else
			fprintf(out, "  %-8s %s\n", c->name, c->summary);
	}
}

void cli_command_help(const struct cli_command *c, FILE *out)
{
	struct helios_buf text;

	fprintf(out, "usage: helios %s %s\n\n", c->name, c->usage);
	if (c->group) {
		fputs("subcommands:\n", out);
		cli_list_commands(out, c->name);
		fprintf(out, "\n%s", c->tail);
		return;
	}
	if (c->head)
		fputs(c->head, out);
	else
		fprintf(out, "%s.\n", c->summary);
	helios_buf_init(&text);
	/* Beside the render options, long names line up as theirs do. */
	if (c->flags)
		helios_flags_help(&text, c->flags, c->column, c->render_options);
	if (c->render_options)
		helios_options_help(&text, c->render_unused);
	helios_help_entry(&text, "  -h, --help", "show this help", NULL, c->column);
	fprintf(out, "\noptions:\n%s\n%s", helios_buf_str(&text), c->tail);
	helios_buf_release(&text);
}

static void unknown_command(const char *group, const char *word)
{
	const char *names[32], *near;
	size_t n = 0;

	for (const struct cli_command *c = cli_commands; c->name && n < 32; c++)
		if (cli_command_in(c, group))
			names[n++] = cli_command_word(c);
	if (!group && word[0] == '-') {
		cli_error("unknown option '%s' (see 'helios --help')", word);
		return;
	}
	near = cli_nearest(names, n, word);
	if (near)
		cli_error("%s%sunknown %s '%s' (did you mean '%s'?)", group ? group : "", group ? ": " : "",
			  group ? "subcommand" : "command", word, near);
	else
		cli_error("%s%sunknown %s '%s' (see 'helios %s%s--help')", group ? group : "", group ? ": " : "",
			  group ? "subcommand" : "command", word, group ? group : "", group ? " " : "");
}

int cli_run_command(const char *group, int argc, char **argv)
{
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		if (!cli_command_in(c, group) || strcmp(cli_command_word(c), argv[1]) != 0)
			continue;
		if (!c->group && cli_wants_help(argc - 1, argv + 1)) {
			cli_command_help(c, stdout);
			return 0;
		}
		return c->run(argc - 1, argv + 1);
	}
	unknown_command(group, argv[1]);
	return HELIOS_EXIT_USAGE;
}
