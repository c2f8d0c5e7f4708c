/* Shared by the helios subcommands: the command table (commands.c), message
 * helpers and the getopt loop over a flag table (cli.c). */
#ifndef HELIOS_CLI_H
#define HELIOS_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "helios/flags.h"
#include "helios/status.h"	/* the exit statuses: helios_exit */

/* One row of the command table: a command of helios ("render") or of a
 * group of them ("job run"). */
struct cli_command {
	const char *name;
	const char *summary;	/* the listings' line; --help's text when head is NULL */
	const char *usage;	/* after "usage: helios NAME "; its first word is the
				 * operand shown in the group's listing */
	int (*run)(int argc, char **argv);	/* argv[0] is the command's last word */
	const struct helios_flag *flags;	/* its own flags; NULL: none */
	bool render_options;	/* takes every render option */
	unsigned render_unused;	/* HELIOS_OPT_* bits of render options it accepts but
				 * has no use for: left out of --help and completion */
	bool group;		/* its subcommands are the rows "NAME word" */
	const char *operand;	/* what its operands complete to (a zsh _arguments spec) */
	const char *head, *tail;	/* --help: the text before "options:" and after them */
	int column;		/* --help: where the flags' help starts */
};

/* Every command, helios's own first, in the order of the listings; a row
 * with a NULL name ends it. */
extern const struct cli_command cli_commands[];

/* The row named name ("job run"); NULL when none. */
const struct cli_command *cli_command_find(const char *name);
/* The command's last word ("run" of "job run"). */
const char *cli_command_word(const struct cli_command *c);
/* True when c is a command of group ("job"; NULL: of helios itself). */
bool cli_command_in(const struct cli_command *c, const char *group);
/* The "commands:" or "subcommands:" list of --help. */
void cli_list_commands(FILE *out, const char *group);
/* c's --help text: usage, head, its flags and render options, tail. */
void cli_command_help(const struct cli_command *c, FILE *out);
/* Run the command of group (NULL: helios's own) that argv[1] names, or
 * print its --help; an unknown one is said with a "did you mean". */
int cli_run_command(const char *group, int argc, char **argv);

/* "helios: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print err with the prefix and return the exit code for status. */
int cli_fail(enum helios_status status, const struct helios_error *err);
/* The same as "helios: <command>: <err>" (the command's name once, even
 * when err already starts with it): every message names its subcommand. */
int cli_fail_in(const char *command, enum helios_status status, const struct helios_error *err);
void cli_error_in(const char *command, const char *text);

/* Check a flag's value against its row (helios_flag_check, and an export
 * format's name) into *v; on a bad value print "helios: <command>:
 * --<flag>: '<text>': <why>" and return HELIOS_EXIT_USAGE, else 0. */
int cli_flag_value(const char *command, const struct helios_flag *f, const char *text, struct helios_flag_value *v);

/* "parallel, make, k8s or slurm": the export formats, for messages. */
void cli_export_formats(char *buf, size_t size);

/* getopt_long driven by a flag table (helios/flags.h). */
struct cli_getopt {
	const char *command;	/* for messages: "job run" */
	const struct helios_flag *table;
	struct option longs[24];
	char shorts[16];
	struct helios_flag_value value;	/* of the flag cli_getopt_next returned */
};

#define CLI_GETOPT_FAILED (-2)

void cli_getopt_init(struct cli_getopt *g, const char *command, const struct helios_flag *table);
/* The next flag's id (short flags too) with its value checked against its
 * row and parsed into g->value; -1 after the last; CLI_GETOPT_FAILED when a
 * flag is unknown, ambiguous, lacks its value or has a bad one, after
 * saying so: "helios: <command>: --flag: missing value", "… --re:
 * ambiguous: could be --retries, --resume", "… unknown option '--x' (did
 * you mean --y?)". */
int cli_getopt_next(struct cli_getopt *g, int argc, char **argv);

/* "did you mean" for a word that names no subcommand: the nearest of
 * names, or NULL. */
const char *cli_nearest(const char *const *names, size_t n, const char *typed);

/* True when any argument before "--" is -h or --help. */
int cli_wants_help(int argc, char **argv);

/* helios --completion bash|zsh: print the shell's completion script. */
int cli_completion(const char *shell);

int cmd_render(int argc, char **argv);
int cmd_job(int argc, char **argv);
int cmd_job_run(int argc, char **argv);
int cmd_job_export(int argc, char **argv);
int cmd_job_validate(int argc, char **argv);
int cmd_job_show(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_probe(int argc, char **argv);

/* helios probe's measurement (probe.c): load cfg's page, time `samples`
 * frames and the merge, and fill the cost model.  On success p holds the
 * page's declarations (release it). */
struct helios_config;
struct helios_render_probe;
struct helios_cost;
enum helios_status cli_probe_measure(const struct helios_config *cfg, int64_t samples,
				     struct helios_render_probe *p, struct helios_cost *cost,
				     struct helios_error *err);

/* helios_config_resolve, except that the page is loaded first for what
 * needs it: --from-page sets the --duration and --fps not given from what
 * the page declares (cfg->from_page says which), and a --chunk-time is
 * measured (cli_probe_measure) and turned into the --chunk-size it stands
 * for; each says so on stderr, and s keeps what was set. */
struct helios_settings;
enum helios_status cli_resolve_timed(const char *command, struct helios_settings *s, struct helios_config *cfg,
				    struct helios_error *err);

#endif
