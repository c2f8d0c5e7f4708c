/* helios: entry point and command table. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "helios/version.h"

const struct cli_command cli_commands[] = {
	{ "render", "plan a distributed render (--emit-job) or render frames", cmd_render },
	{ "job", "validate, show, run or export a job file", cmd_job },
	{ "merge", "join chunk files into one video with ffmpeg", cmd_merge },
	{ "probe", "measure a composition: its duration, fps and cost per chunk", cmd_probe },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fputs("usage: helios <command> [arguments]\n"
	      "       helios --help | --version | --completion bash|zsh\n\ncommands:\n", out);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
	fputs("\n'helios <command> --help' describes a command; see also helios(1).\n", out);
}

static void unknown_command(const char *word)
{
	const char *names[16], *near;
	size_t n = 0;

	for (const struct cli_command *c = cli_commands; c->name && n < 16; c++)
		names[n++] = c->name;
	near = word[0] == '-' ? NULL : cli_nearest(names, n, word);
	if (word[0] == '-')
		cli_error("unknown option '%s' (see 'helios --help')", word);
	else if (near)
		cli_error("unknown command '%s' (did you mean '%s'?)", word, near);
	else
		cli_error("unknown command '%s' (see 'helios --help')", word);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--completion") == 0)
		return cli_completion(argc > 2 ? argv[2] : NULL);
	if (strcmp(argv[1], "--version") == 0) {
		printf("helios %s\n", HELIOS_VERSION);
		return 0;
	}
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run(argc - 1, argv + 1);
	unknown_command(argv[1]);
	return EXIT_USAGE;
}
