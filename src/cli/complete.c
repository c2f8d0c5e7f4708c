/* helios --completion bash|zsh: completion scripts written from the command
 * table, the render option table and the flag tables, so that a new flag,
 * choice or codec completes without anyone editing a script.  The Makefile
 * runs it at build time and `make install` installs what it wrote. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "helios/codec.h"
#include "export/export.h"
#include "helios/options.h"

/* What the value of a flag completes to. */
enum value_kind { VALUE_NONE, VALUE_FILE, VALUE_DIR, VALUE_WORDS, VALUE_OTHER };

/* One flag of one command, whichever table it comes from. */
struct flag_view {
	const char *name;		/* long name without "--" */
	char short_name;
	const char *metavar;		/* NULL: takes no value */
	const char *help;		/* first line used */
	enum value_kind kind;
	char words[512];		/* VALUE_WORDS: space-separated */
};

/* The view of a flag: its value's kind from its type, the type's words. */
static void view(struct flag_view *v, const char *name, char short_name, enum helios_option_type type,
		 const char *metavar, const char *help, const char *const *choices)
{
	size_t used = 0;

	memset(v, 0, sizeof(*v));
	v->name = name;
	v->short_name = short_name;
	v->metavar = type == HELIOS_TYPE_FLAG ? NULL : metavar;
	v->help = help;
	switch (type) {
	case HELIOS_TYPE_INPUT:
	case HELIOS_TYPE_PATH:
		v->kind = VALUE_FILE;
		break;
	case HELIOS_TYPE_DIR:
		v->kind = VALUE_DIR;
		break;
	case HELIOS_TYPE_WORD:
		v->kind = VALUE_WORDS;
		for (const char *const *w = choices; *w && used < sizeof(v->words); w++)
			used += (size_t)snprintf(v->words + used, sizeof(v->words) - used, "%s%s",
						 used ? " " : "", *w);
		break;
	case HELIOS_TYPE_VCODEC:
	case HELIOS_TYPE_ACODEC:
		v->kind = VALUE_WORDS;
		helios_codec_names(type == HELIOS_TYPE_VCODEC ? HELIOS_CODEC_VIDEO : HELIOS_CODEC_AUDIO, " ",
			    v->words, sizeof(v->words));
		break;
	case HELIOS_TYPE_EXPORT:
		v->kind = VALUE_WORDS;
		for (int i = 0; i < HELIOS_EXPORT_FORMAT_COUNT && used < sizeof(v->words); i++)
			used += (size_t)snprintf(v->words + used, sizeof(v->words) - used, "%s%s", used ? " " : "",
						 helios_export_format_name((enum helios_export_format)i));
		break;
	case HELIOS_TYPE_FLAG:
		v->kind = VALUE_NONE;
		break;
	default:
		v->kind = VALUE_OTHER;
		break;
	}
}

/* The flags of a command, in --help order; returns how many. */
static size_t flags_of(const struct cli_command *c, struct flag_view *out, size_t max)
{
	size_t n = 0;

	for (const struct helios_flag *f = c->flags; f && f->name && n < max; f++)
		view(&out[n++], f->name, f->short_name, f->type, f->metavar, f->help, f->choices);
	if (c->render_options) {
		for (int i = 0; i < HELIOS_OPTION_COUNT && n < max; i++) {
			const struct helios_option *o = &helios_options[i];

			if (o->flags & (HELIOS_OPT_POSITIONAL | c->render_unused))
				continue;
			view(&out[n++], o->name, o->short_name, o->type, o->metavar, o->help, o->choices);
			if (o->alias && n < max) {
				out[n] = out[n - 1];
				out[n].short_name = 0;
				out[n++].name = o->alias;
			}
		}
	}
	return n;
}

/* The zsh function of a command: "_helios_job_run" for "job run". */
static void function_name(const struct cli_command *c)
{
	fputs("_helios_", stdout);
	for (const char *p = c->name; *p; p++)
		putchar(*p == ' ' ? '_' : *p);
}

/* --- bash ------------------------------------------------------------- */

static void bash_command(const struct cli_command *c)
{
	struct flag_view flags[64];
	size_t n = flags_of(c, flags, 64);
	bool any = false;

	printf("\t'%s')\n\t\tcase $prev in\n", c->name);
	for (size_t i = 0; i < n; i++) {
		const struct flag_view *f = &flags[i];

		if (!f->metavar)
			continue;
		printf("\t\t");
		if (f->short_name)
			printf("-%c|", f->short_name);
		printf("--%s)\n\t\t\t", f->name);
		switch (f->kind) {
		case VALUE_FILE: printf("COMPREPLY=($(compgen -f -- \"$cur\"))"); break;
		case VALUE_DIR: printf("COMPREPLY=($(compgen -d -- \"$cur\"))"); break;
		case VALUE_WORDS: printf("COMPREPLY=($(compgen -W '%s' -- \"$cur\"))", f->words); break;
		default: printf("COMPREPLY=()"); break;
		}
		printf("\n\t\t\treturn ;;\n");
		any = true;
	}
	if (!any)
		printf("\t\t*) ;;\n");
	printf("\t\tesac\n\t\topts='");
	for (size_t i = 0; i < n; i++) {
		if (flags[i].short_name)
			printf("-%c ", flags[i].short_name);
		printf("--%s ", flags[i].name);
	}
	printf("--help'\n\t\t;;\n");
}

static void bash_script(void)
{

	printf("# bash completion for helios(1), written by 'helios --completion bash' from\n"
	       "# helios's command, option and flag tables; do not edit.\n"
	       "_helios()\n{\n"
	       "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	       "\tlocal cmd= opts= i w\n\n"
	       "\t# The command: the first word that is not a flag; after 'job', the next.\n"
	       "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	       "\t\tw=${COMP_WORDS[i]}\n"
	       "\t\tcase $w in -*) continue ;; esac\n"
	       "\t\tif [[ -z $cmd ]]; then\n"
	       "\t\t\tcmd=$w\n"
	       "\t\t\t[[ $cmd == job ]] || break\n"
	       "\t\telse\n"
	       "\t\t\tcmd=\"$cmd $w\"\n"
	       "\t\t\tbreak\n"
	       "\t\tfi\n"
	       "\tdone\n"
	       "\tcase $cmd in\n"
	       "\t'')\n"
	       "\t\t[[ $prev == --completion ]] && { COMPREPLY=($(compgen -W 'bash zsh' -- \"$cur\")); return; }\n"
	       "\t\tCOMPREPLY=($(compgen -W '");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (cli_command_in(c, NULL))
			printf("%s ", c->name);
	printf("--help --version --completion' -- \"$cur\"))\n\t\treturn ;;\n\tjob)\n\t\tCOMPREPLY=($(compgen -W '");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (cli_command_in(c, "job"))
			printf("%s ", cli_command_word(c));
	printf("--help' -- \"$cur\"))\n\t\treturn ;;\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (!c->group)
			bash_command(c);
	printf("\t*)\n\t\topts='--help'\n\t\t;;\n\tesac\n"
	       "\tif [[ $cur == -* ]]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	       "\telse\n"
	       "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	       "\tfi\n"
	       "}\n"
	       "complete -o filenames -F _helios helios\n");
}

/* --- zsh -------------------------------------------------------------- */

/* text's first line for a zsh spec inside single quotes: brackets and
 * colons escaped, a quote closed and reopened. */
static void zsh_text(const char *text, const char *special)
{
	for (; *text && *text != '\n'; text++) {
		if (*text == '\'')
			fputs("'\\''", stdout);
		else if (strchr(special, *text))
			printf("\\%c", *text);
		else
			putchar(*text);
	}
}

static void zsh_action(const struct flag_view *f)
{
	switch (f->kind) {
	case VALUE_FILE: fputs(":_files", stdout); break;
	case VALUE_DIR: fputs(":_files -/", stdout); break;
	case VALUE_WORDS: printf(":(%s)", f->words); break;
	default: fputs(": ", stdout); break;
	}
}

static void zsh_flag(const struct flag_view *f, bool is_short)
{
	fputs("\t\t'", stdout);
	if (is_short)
		printf("-%c%s", f->short_name, f->metavar ? "+" : "");
	else
		printf("--%s%s", f->name, f->metavar ? "=" : "");
	putchar('[');
	zsh_text(f->help, "[]\\");
	putchar(']');
	if (f->metavar) {
		putchar(':');
		zsh_text(f->metavar, ":\\");
		zsh_action(f);
	}
	fputs("' \\\n", stdout);
}

static void zsh_command(const struct cli_command *c)
{
	struct flag_view flags[64];
	size_t n = flags_of(c, flags, 64);

	function_name(c);
	printf("() {\n\t_arguments -s -S \\\n");
	for (size_t i = 0; i < n; i++) {
		if (flags[i].short_name)
			zsh_flag(&flags[i], true);
		zsh_flag(&flags[i], false);
	}
	printf("\t\t'(- *)'{-h,--help}'[show this help]' \\\n\t\t'*:%s'\n}\n\n", c->operand);
}

static void zsh_describe(const char *name, const char *summary)
{
	printf("\t\t'%s:", name);
	zsh_text(summary, "");
	fputs("'\n", stdout);
}

static void zsh_script(void)
{
	printf("#compdef helios\n"
	       "# zsh completion for helios(1), written by 'helios --completion zsh' from\n"
	       "# helios's command, option and flag tables; do not edit.\n\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (!c->group)
			zsh_command(c);
	printf("_helios_job() {\n"
	       "\tlocal curcontext=$curcontext state state_descr line\n"
	       "\tlocal -a subcommands\n"
	       "\tsubcommands=(\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (cli_command_in(c, "job"))
			zsh_describe(cli_command_word(c), c->summary);
	printf("\t)\n"
	       "\t_arguments -C '(- *)'{-h,--help}'[list the subcommands]' '1:subcommand:->sub' '*::argument:->arg'\n"
	       "\tcase $state in\n"
	       "\tsub) _describe -t commands 'helios job subcommand' subcommands ;;\n"
	       "\targ) (( $+functions[_helios_job_$words[1]] )) && _helios_job_$words[1] ;;\n"
	       "\tesac\n"
	       "}\n\n"
	       "_helios() {\n"
	       "\tlocal curcontext=$curcontext state state_descr line\n"
	       "\tlocal -a commands_\n"
	       "\tcommands_=(\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (cli_command_in(c, NULL))
			zsh_describe(c->name, c->summary);
	printf("\t)\n"
	       "\t_arguments -C \\\n"
	       "\t\t'(- *)'{-h,--help}'[list the commands]' \\\n"
	       "\t\t'(- *)--version[show the version]' \\\n"
	       "\t\t'(- *)--completion[print a completion script]:shell:(bash zsh)' \\\n"
	       "\t\t'1:command:->command' '*::argument:->arg'\n"
	       "\tcase $state in\n"
	       "\tcommand) _describe -t commands 'helios command' commands_ ;;\n"
	       "\targ) (( $+functions[_helios_$words[1]] )) && _helios_$words[1] ;;\n"
	       "\tesac\n"
	       "}\n\n"
	       "_helios \"$@\"\n");
}

int cli_completion(const char *shell)
{
	if (shell && strcmp(shell, "bash") == 0)
		bash_script();
	else if (shell && strcmp(shell, "zsh") == 0)
		zsh_script();
	else {
		cli_error("--completion: '%s': not a shell helios writes completion for (use bash or zsh)",
			  shell ? shell : "");
		return HELIOS_EXIT_USAGE;
	}
	return fflush(stdout) == 0 ? 0 : HELIOS_EXIT_FAILED;
}
