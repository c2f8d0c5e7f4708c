#include "helios/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helios/codec.h"
#include "helios/flags.h"
#include "helios/guess.h"
#include "helios/json.h"
#include "helios/netpolicy.h"
#include "helios/utf8.h"
#include "helios/path.h"
#include "helios/plan.h"

const struct helios_option helios_options[HELIOS_OPTION_COUNT] = {
#define HELIOS_OPTION_ROW(id_, name_, alias_, short_, type_, metavar_, default_, min_, max_,  \
			  flags_, label_, help_, choices_, fallback_, unset_)                \
	[HELIOS_OPTION_##id_] = { HELIOS_OPTION_##id_, name_, alias_, short_, type_, metavar_, \
				  default_, min_, max_, flags_, label_, help_, choices_,       \
				  fallback_, unset_ },
	HELIOS_OPTION_LIST(HELIOS_OPTION_ROW)
#undef HELIOS_OPTION_ROW
};

const struct helios_option *helios_option_find(const char *name)
{
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		const struct helios_option *o = &helios_options[i];

		if (o->flags & HELIOS_OPT_POSITIONAL)
			continue;
		if (strcmp(o->name, name) == 0 || (o->alias && strcmp(o->alias, name) == 0))
			return o;
	}
	return NULL;
}

const struct helios_option *helios_option_find_short(char short_name)
{
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++)
		if (short_name && helios_options[i].short_name == short_name)
			return &helios_options[i];
	return NULL;
}

const char *helios_option_renderer_default(enum helios_option_id id)
{
	return helios_options[id].fallback;
}

const char *helios_option_flag(const struct helios_option *opt)
{
	/* Static storage per option: the table is constant, so are the names. */
	static const char *const flags[HELIOS_OPTION_COUNT] = {
#define HELIOS_OPTION_FLAG(id_, name_, ...) [HELIOS_OPTION_##id_] = "--" name_,
		HELIOS_OPTION_LIST(HELIOS_OPTION_FLAG)
#undef HELIOS_OPTION_FLAG
	};

	if (opt->flags & HELIOS_OPT_POSITIONAL)
		return opt->name;
	return flags[opt->id];
}

void helios_settings_init(struct helios_settings *s)
{
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++)
		s->text[i] = NULL;
}

void helios_settings_release(struct helios_settings *s)
{
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		free(s->text[i]);
		s->text[i] = NULL;
	}
}

enum helios_status helios_settings_copy(struct helios_settings *dst,
					const struct helios_settings *src)
{
	struct helios_settings copy;

	helios_settings_init(&copy);
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		if (!src->text[i])
			continue;
		copy.text[i] = strdup(src->text[i]);
		if (!copy.text[i]) {
			helios_settings_release(&copy);
			return HELIOS_ENOMEM;
		}
	}
	helios_settings_release(dst);
	*dst = copy;
	return HELIOS_OK;
}

static bool word_in(const char *word, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(word, *list) == 0)
			return true;
	return false;
}

/* Check text for opt; on success write the canonical text into canon. */
static enum helios_status check_value(const struct helios_option *opt, const char *text,
				      char *canon, size_t size, struct helios_error *err)
{
	struct helios_ratio r;
	int64_t n;
	char list[256];

	snprintf(canon, size, "%s", text);
	/* Every value may end up in a job file (metadata.settings, commands). */
	if (helios_utf8_check(text, strlen(text)) != strlen(text))
		return helios_error_set(err, HELIOS_EINVAL,
					"not valid UTF-8 (job files are JSON, which holds only UTF-8)");
	switch (opt->type) {
	case HELIOS_TYPE_INPUT:
	case HELIOS_TYPE_PATH:
		/* Chunk outputs are named after it and listed in the merge's concat list. */
		if (opt->id == HELIOS_OPTION_OUTPUT && strpbrk(text, "\n\r"))
			return helios_error_set(err, HELIOS_EINVAL,
						"holds a line break, which the merge (ffmpeg's concat list) cannot take");
		if (opt->id == HELIOS_OPTION_OUTPUT && !helios_container_for_path(text))
			return helios_error_set(err, HELIOS_EINVAL,
						"unknown container (use " HELIOS_OUTPUT_KINDS ")");
		if (opt->type == HELIOS_TYPE_PATH && text[strlen(text) - 1] == '/')
			return helios_error_set(err, HELIOS_EINVAL, "is a directory, not a file name");
		return HELIOS_OK;
	case HELIOS_TYPE_DIR:
		return HELIOS_OK;
	case HELIOS_TYPE_URL:
		if (strncmp(text, "http://", 7) != 0 && strncmp(text, "https://", 8) != 0 &&
		    strncmp(text, "file://", 7) != 0)
			return helios_error_set(err, HELIOS_EINVAL,
						"not a URL (use http://, https:// or file://)");
		return HELIOS_OK;
	case HELIOS_TYPE_INT:
		if (helios_number_parse_int(text, opt->min, opt->max, &n, err) != HELIOS_OK)
			return HELIOS_EINVAL;
		snprintf(canon, size, "%lld", (long long)n);
		return HELIOS_OK;
	case HELIOS_TYPE_DECIMAL:
		if (helios_number_parse_decimal(text, &r, err) != HELIOS_OK)
			return HELIOS_EINVAL;
		if (r.num == 0)
			return helios_error_set(err, HELIOS_EINVAL, "must be greater than 0");
		helios_ratio_format(r, canon, size);
		return HELIOS_OK;
	case HELIOS_TYPE_FPS:
		if (helios_number_parse_fps(text, &r, err) != HELIOS_OK)
			return HELIOS_EINVAL;
		helios_ratio_format(r, canon, size);
		return HELIOS_OK;
	case HELIOS_TYPE_WORD:
		if (!word_in(text, opt->choices)) {
			size_t used = 0;

			list[0] = '\0';
			for (const char *const *w = opt->choices; *w && used < sizeof(list); w++)
				used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
							 used ? ", " : "", *w);
			return helios_error_set(err, HELIOS_EINVAL, "not one of: %s", list);
		}
		return HELIOS_OK;
	case HELIOS_TYPE_VCODEC:
	case HELIOS_TYPE_ACODEC: {
		enum helios_codec_kind kind = opt->type == HELIOS_TYPE_VCODEC ? HELIOS_CODEC_VIDEO
									       : HELIOS_CODEC_AUDIO;
		const struct helios_codec *c = helios_codec_find(text);

		/* A name we know must be of the right kind; another one is
		 * ffmpeg's to know (GPU encoders, libsvtav1, aliases), so it is
		 * accepted with a warning (helios_config_warnings). */
		if (c && c->kind != kind)
			return helios_error_set(err, HELIOS_EINVAL, "%s is an %s encoder, not a%s one", text,
						c->kind == HELIOS_CODEC_VIDEO ? "video" : "audio",
						kind == HELIOS_CODEC_VIDEO ? " video" : "n audio");
		if (!c && !helios_codec_name_ok(text)) {
			helios_codec_names(kind, ", ", list, sizeof(list));
			return helios_error_set(err, HELIOS_EINVAL,
						"not an encoder name (letters, digits, '_', '-', '.'; known: %s)", list);
		}
		return HELIOS_OK;
	}
	case HELIOS_TYPE_TEXT:
		if (opt->id == HELIOS_OPTION_RANGES) {
			int64_t first, end, count;

			return helios_plan_ranges_parse(text, &first, &end, &count, err);
		}
		if (opt->id == HELIOS_OPTION_ALLOW_NET)
			return helios_netpolicy_check(text, err);
		return HELIOS_OK;
	case HELIOS_TYPE_JSON:
		return helios_json_check(text, err);
	case HELIOS_TYPE_EXPORT:
		break;	/* no render option is one */
	case HELIOS_TYPE_FLAG:
		if (strcmp(text, "1") == 0 || strcmp(text, "true") == 0 || strcmp(text, "on") == 0 ||
		    strcmp(text, "yes") == 0) {
			snprintf(canon, size, "1");
			return HELIOS_OK;
		}
		return helios_error_set(err, HELIOS_EINVAL, "takes no value");
	}
	return helios_error_set(err, HELIOS_EINVAL, "unknown option type");
}

static bool is_off(const char *text)
{
	return !text || !*text || strcmp(text, "0") == 0 || strcmp(text, "false") == 0 ||
	       strcmp(text, "off") == 0 || strcmp(text, "no") == 0;
}

enum helios_status helios_settings_set(struct helios_settings *s, enum helios_option_id id,
				       const char *text, struct helios_error *err)
{
	const struct helios_option *opt = &helios_options[id];
	size_t size;
	char *canon;
	enum helios_status st;

	if (!text || !*text || (opt->type == HELIOS_TYPE_FLAG && is_off(text))) {
		free(s->text[id]);
		s->text[id] = NULL;
		return HELIOS_OK;
	}
	size = strlen(text) + 64;
	canon = malloc(size);
	if (!canon)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	st = check_value(opt, text, canon, size, err);
	if (st != HELIOS_OK) {
		struct helios_buf shown;

		/* One line on the terminal, whatever bytes the value holds. */
		free(canon);
		helios_buf_init(&shown);
		helios_utf8_printable(&shown, text);
		helios_error_prefix(err, "%s: '%s'", helios_option_flag(opt), shown.failed ? "?" : helios_buf_str(&shown));
		helios_buf_release(&shown);
		return st;
	}
	free(s->text[id]);
	s->text[id] = canon;
	return HELIOS_OK;
}

const char *helios_settings_get(const struct helios_settings *s, enum helios_option_id id)
{
	return s->text[id] ? s->text[id] : helios_options[id].default_text;
}

bool helios_settings_is_set(const struct helios_settings *s, enum helios_option_id id)
{
	return s->text[id] != NULL;
}

/* Every long name (aliases too) and the option it names, in table order;
 * "help" last, for suggestions only.  Returns the number of names. */
static size_t long_names(const char *names[], const struct helios_option *opts[])
{
	size_t n = 0;

	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		const struct helios_option *o = &helios_options[i];

		if (o->flags & HELIOS_OPT_POSITIONAL)
			continue;
		opts[n] = o;
		names[n++] = o->name;
		if (o->alias) {
			opts[n] = o;
			names[n++] = o->alias;
		}
	}
	return n;
}

/* What a long flag as typed stands for: a render option's name or alias, a
 * name of extra, or an unambiguous prefix of one of them.  Returns the
 * option, or NULL with *extra_name set to the caller's flag, or NULL with
 * the error set. */
static const struct helios_option *find_long(const char *name, const struct helios_extra_flags *extra,
					     const char **extra_name, struct helios_error *err)
{
	const char *names[2 * HELIOS_OPTION_COUNT + HELIOS_EXTRA_FLAGS_MAX + 1];
	const struct helios_option *opts[2 * HELIOS_OPTION_COUNT + HELIOS_EXTRA_FLAGS_MAX];
	size_t n = long_names(names, opts), at = 0, len = strlen(name);
	const char *near;
	struct helios_buf list;

	*extra_name = NULL;
	for (size_t i = 0; extra && extra->names && extra->names[i] && i < HELIOS_EXTRA_FLAGS_MAX; i++) {
		opts[n] = NULL;
		names[n++] = extra->names[i];
	}
	switch (helios_guess_match(names, n, name, len, &at)) {
	case HELIOS_GUESS_EXACT:
	case HELIOS_GUESS_PREFIX:
		if (!opts[at])
			*extra_name = names[at];
		return opts[at];
	case HELIOS_GUESS_AMBIGUOUS:
		/* Two names of one option are not two candidates. */
		for (size_t i = 0; i < n; i++)
			if (strncmp(names[i], name, len) == 0 && (opts[i] != opts[at] || !opts[i]))
				break;
			else if (i + 1 == n)
				return opts[at];
		helios_buf_init(&list);
		helios_guess_candidates(names, n, name, len, "--", &list);
		helios_error_set(err, HELIOS_EUSAGE, "--%s: ambiguous: could be %s", name,
				 list.failed ? "several options" : helios_buf_str(&list));
		helios_buf_release(&list);
		return NULL;
	case HELIOS_GUESS_NONE:
		break;
	}
	names[n++] = "help";
	near = helios_guess_nearest(names, n, name, len);
	if (near)
		helios_error_set(err, HELIOS_EUSAGE, "unknown option '--%s' (did you mean --%s?)", name, near);
	else
		helios_error_set(err, HELIOS_EUSAGE, "unknown option '--%s' (see --help)", name);
	return NULL;
}

enum helios_status helios_settings_parse_args(struct helios_settings *s, int argc,
					      char *const argv[], const struct helios_extra_flags *extra,
					      struct helios_error *err)
{
	bool only_positional = false;

	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		const struct helios_option *opt = NULL;
		const char *value = NULL;
		char name[128];

		if (only_positional || arg[0] != '-' || arg[1] == '\0') {
			const struct helios_option *in = &helios_options[HELIOS_OPTION_INPUT];

			if (s->text[HELIOS_OPTION_INPUT])
				return helios_error_set(err, HELIOS_EUSAGE,
							"unexpected argument '%s' (the input is already '%s')",
							arg, s->text[HELIOS_OPTION_INPUT]);
			if (!*arg)
				return helios_error_set(err, HELIOS_EUSAGE, "%s: empty", in->name);
			if (helios_settings_set(s, HELIOS_OPTION_INPUT, arg, err) != HELIOS_OK)
				return HELIOS_EUSAGE;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_positional = true;
			continue;
		}
		if (arg[1] == '-') {
			const char *eq = strchr(arg + 2, '=');
			size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);

			if (len >= sizeof(name))
				len = sizeof(name) - 1;
			memcpy(name, arg + 2, len);
			name[len] = '\0';
			value = eq ? eq + 1 : NULL;
			opt = helios_option_find(name);
			if (!opt) {
				const char *own = NULL;

				opt = find_long(name, extra, &own, err);
				if (own) {
					int takes = extra->take(own, NULL, extra->ctx);

					if (takes == 0 && value)
						return helios_error_set(err, HELIOS_EUSAGE,
									"--%s: '%s': takes no value", own, value);
					if (takes == 1 && !value && i + 1 >= argc)
						return helios_error_set(err, HELIOS_EUSAGE,
									"--%s: missing value", own);
					extra->take(own, takes == 0 ? "" : value ? value : argv[++i], extra->ctx);
					continue;
				}
				if (!opt)
					return HELIOS_EUSAGE;
			}
		} else {
			opt = helios_option_find_short(arg[1]);
			if (!opt)
				return helios_error_set(err, HELIOS_EUSAGE,
							"unknown option '-%c' (see --help)", arg[1]);
			if (arg[2])
				value = arg + 2;
		}
		if (opt->type == HELIOS_TYPE_FLAG) {
			if (value)
				return helios_error_set(err, HELIOS_EUSAGE, "%s: '%s': takes no value",
							helios_option_flag(opt), value);
			value = "1";
		} else if (!value) {
			if (i + 1 >= argc)
				return helios_error_set(err, HELIOS_EUSAGE, "%s: missing value",
							helios_option_flag(opt));
			value = argv[++i];
		}
		if (!*value)
			return helios_error_set(err, HELIOS_EUSAGE, "%s: empty value",
						helios_option_flag(opt));
		if ((opt->flags & HELIOS_OPT_LIST) && s->text[opt->id] && *value) {
			/* Each value is checked alone, then added to the list. */
			struct helios_buf list;
			char *before = s->text[opt->id];

			s->text[opt->id] = NULL;
			if (helios_settings_set(s, opt->id, value, err) != HELIOS_OK) {
				s->text[opt->id] = before;
				return HELIOS_EUSAGE;
			}
			helios_buf_init(&list);
			helios_buf_printf(&list, "%s,%s", before, s->text[opt->id]);
			free(before);
			free(s->text[opt->id]);
			s->text[opt->id] = helios_buf_take(&list);
			if (!s->text[opt->id])
				return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
			continue;
		}
		if (helios_settings_set(s, opt->id, value, err) != HELIOS_OK)
			return HELIOS_EUSAGE;
	}
	return HELIOS_OK;
}

/* Render options are listed from this column, long names lined up under "-o, ". */
#define HELP_COLUMN 30

void helios_options_help(struct helios_buf *out, unsigned hide)
{
	struct helios_buf flag;

	helios_buf_init(&flag);
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		const struct helios_option *o = &helios_options[i];

		if (o->flags & (HELIOS_OPT_POSITIONAL | hide))
			continue;
		helios_buf_clear(&flag);
		helios_buf_printf(&flag, "  %s--%s", o->short_name ? (char[]){ '-', o->short_name, ',', ' ', 0 } : "    ",
				  o->name);
		if (o->alias)
			helios_buf_printf(&flag, ", --%s", o->alias);
		if (o->metavar)
			helios_buf_printf(&flag, " %s", o->metavar);
		/* One way to write a default: "(default: X)", from the table. */
		helios_help_entry(out, helios_buf_str(&flag), o->help, o->default_text ? o->default_text : o->fallback,
				  HELP_COLUMN);
	}
	if (flag.failed)
		out->failed = true;
	helios_buf_release(&flag);
}
