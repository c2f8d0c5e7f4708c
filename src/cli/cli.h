/* Shared by the helios subcommands (cli.c): the command table (main.c) and message helpers. */
#ifndef HELIOS_CLI_H
#define HELIOS_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "helios/flags.h"
#include "helios/status.h"

/* Exit statuses (see helios(1)). */
enum { EXIT_WORK_FAILED = 1, EXIT_USAGE = 2 };

struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);	/* argv[0] is the command name */
};

extern const struct cli_command cli_commands[];

/* "helios: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print err with the prefix and return the exit code for status. */
int cli_fail(enum helios_status status, const struct helios_error *err);
/* The same as "helios: <command>: <err>" (the command's name once, even
 * when err already starts with it): every message names its subcommand. */
int cli_fail_in(const char *command, enum helios_status status, const struct helios_error *err);
void cli_error_in(const char *command, const char *text);

/* Parse an integer option value in [min, max] into *out; on a bad value print
 * "helios: <command>: --<flag>: '<text>': <why>" and return EXIT_USAGE. */
int cli_int_option(const char *command, const char *flag, const char *text, int64_t min,
		   int64_t max, int64_t *out);

/* getopt_long driven by a flag table (helios/flags.h). */
struct cli_getopt {
	const struct helios_flag *table;
	struct option longs[24];
	char shorts[16];
};

void cli_getopt_init(struct cli_getopt *g, const struct helios_flag *table);
/* The next flag's id (short flags too), ':' for a missing value, '?' for an
 * unknown flag, -1 after the last; the value is in optarg. */
int cli_getopt_next(struct cli_getopt *g, int argc, char **argv);

/* Print why cli_getopt_next returned ':' or '?' as "helios: <command>:
 * --flag: missing value", "… --re: ambiguous: could be --retries, --resume"
 * or "… unknown option '--x' (did you mean --y?)"; returns EXIT_USAGE. */
int cli_getopt_error(const char *command, const struct cli_getopt *g, int c, char **argv);

/* "did you mean" for a word that names no subcommand: the nearest of
 * names, or NULL. */
const char *cli_nearest(const char *const *names, size_t n, const char *typed);

/* A --help text on stdout: head, the table's flags with their help at
 * column, tail. */
void cli_print_help(const char *head, const struct helios_flag *table, int column, const char *tail);

/* True when any argument before "--" is -h or --help. */
int cli_wants_help(int argc, char **argv);

/* The i-th subcommand of `helios job` and its summary; NULL past the last. */
const char *cli_job_subcommand(int i, const char **summary);

/* helios --completion bash|zsh: print the shell's completion script. */
int cli_completion(const char *shell);

int cmd_render(int argc, char **argv);
int cmd_job(int argc, char **argv);
int cmd_job_run(int argc, char **argv);
int cmd_job_export(int argc, char **argv);
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

/* Full --help texts of the commands that have their own options. */
void cli_run_help(void);
void cli_export_help(void);
void cli_merge_help(void);

#endif
