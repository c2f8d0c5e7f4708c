/* helios: entry point; the commands are in the table of commands.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "helios/version.h"

static void usage(FILE *out)
{
	fputs("usage: helios <command> [arguments]\n"
	      "       helios --help | --version | --completion bash|zsh\n\ncommands:\n", out);
	cli_list_commands(out, NULL);
	fputs("\n'helios <command> --help' describes a command; see also helios(1).\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return HELIOS_EXIT_USAGE;
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
	return cli_run_command(NULL, argc, argv);
}
