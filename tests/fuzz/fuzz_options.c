/* Render options and config resolution: the input is argv, words separated
 * by NUL bytes.  Every plan accepted must be written as a job that reads
 * back, validates, and whose commands split (with helios's own splitter,
 * the one `helios job run` uses) into exactly the argv intended. */
#include <stdarg.h>
#include <string.h>

#include "helios/config.h"
#include "job/job.h"
#include "helios/layout.h"
#include "helios/quote.h"
#include "fuzz.h"

#define MAX_ARGS 64
#define MAX_CHUNKS 64	/* larger plans are checked by the unit tests, not here */

struct words {
	char *v[MAX_ARGS + 64];
	int n;
};

static void add(struct words *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct words *w, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	FUZZ_ASSERT(vasprintf(&s, fmt, ap) >= 0, "out of memory");
	va_end(ap);
	FUZZ_ASSERT(w->n < (int)(sizeof(w->v) / sizeof(w->v[0])), "too many words");
	w->v[w->n++] = s;
}

static void words_release(struct words *w)
{
	for (int i = 0; i < w->n; i++)
		free(w->v[i]);
	w->n = 0;
}

/* What DESIGN.md says a chunk command holds, built from the settings
 * rather than from the layout's own text. */
static void expected_chunk(struct words *w, const struct helios_layout *layout, const struct helios_job_chunk *c)
{
	const struct helios_config *cfg = layout->config;
	const struct helios_settings *s = cfg->settings;

	add(w, "helios");
	add(w, "render");
	add(w, "%s", layout->input);
	add(w, "-o");
	/* A sequence's chunks all write its pattern; outputFile is the last frame. */
	add(w, "%s", cfg->images ? layout->output : c->output_file);
	add(w, "--start-frame");
	add(w, "%lld", (long long)c->start_frame);
	add(w, "--frame-count");
	add(w, "%lld", (long long)c->frame_count);
	add(w, "--width");
	add(w, "%lld", (long long)cfg->width);
	add(w, "--height");
	add(w, "%lld", (long long)cfg->height);
	add(w, "--fps");
	add(w, "%s", helios_settings_get(s, HELIOS_OPTION_FPS));
	if (helios_settings_is_set(s, HELIOS_OPTION_QUALITY)) {
		add(w, "--quality");
		add(w, "%s", helios_settings_get(s, HELIOS_OPTION_QUALITY));
	}
	add(w, "--mode");
	add(w, "%s", helios_settings_get(s, HELIOS_OPTION_MODE));
	if (helios_settings_is_set(s, HELIOS_OPTION_VIDEO_CODEC)) {
		add(w, "--video-codec");
		add(w, "%s", helios_settings_get(s, HELIOS_OPTION_VIDEO_CODEC));
	}
	if (helios_settings_is_set(s, HELIOS_OPTION_AUDIO_CODEC)) {
		add(w, "--audio-codec");
		add(w, "%s", helios_settings_get(s, HELIOS_OPTION_AUDIO_CODEC));
	}
	if (helios_settings_is_set(s, HELIOS_OPTION_NO_HEADLESS))
		add(w, "--no-headless");
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		const struct helios_option *o = &helios_options[i];

		if (!(o->flags & HELIOS_OPT_RENDERER) || !helios_settings_is_set(s, o->id))
			continue;
		add(w, "--%s", o->name);
		if (o->type != HELIOS_TYPE_FLAG)
			add(w, "%s", helios_settings_get(s, o->id));
	}
}

/* Length of the JavaScript whitespace (\s) character at p, else 0. */
static size_t js_space(const unsigned char *p)
{
	if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return 3;
	if (p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80)
		return 3;
	if (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xA8 ||
					     p[2] == 0xA9 || p[2] == 0xAF))
		return 3;
	if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)
		return 3;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/* Upstream's runner splits commands as DESIGN.md describes (parseCommand):
 * a backslash escapes the next character everywhere, quotes toggle and
 * are dropped, JavaScript whitespace outside quotes separates words. */
static void upstream_split(const char *command, struct words *out)
{
	const unsigned char *p = (const unsigned char *)command;
	char quote = 0;
	bool in_word = false;
	struct helios_buf word;

	helios_buf_init(&word);
	while (*p) {
		size_t space = quote ? 0 : js_space(p);

		if (space) {
			if (in_word)
				add(out, "%s", helios_buf_str(&word));
			helios_buf_clear(&word);
			in_word = false;
			p += space;
			continue;
		}
		in_word = true;
		if (*p == '\\' && p[1]) {
			helios_buf_putc(&word, (char)p[1]);
			p += 2;
		} else if ((*p == '\'' || *p == '"') && (!quote || quote == (char)*p)) {
			quote = quote ? 0 : (char)*p;
			p++;
		} else {
			helios_buf_putc(&word, (char)*p++);
		}
	}
	if (in_word)
		add(out, "%s", helios_buf_str(&word));
	helios_buf_release(&word);
}

static void same_words(const char *what, const char *command, const struct words *want)
{
	struct helios_error err = { "" };
	char **argv;
	int argc;

	FUZZ_ASSERT(helios_quote_split(command, &argv, &argc, &err) == HELIOS_OK, "%s: '%s': %s", what,
		    command, err.text);
	FUZZ_ASSERT(argc == want->n, "%s: '%s': %d words, want %d", what, command, argc, want->n);
	for (int i = 0; i < argc; i++)
		FUZZ_ASSERT(strcmp(argv[i], want->v[i]) == 0, "%s: '%s': word %d is '%s', want '%s'", what,
			    command, i, argv[i], want->v[i]);
	helios_quote_free(argv);
	if (fuzz_strict()) {
		struct words up = { .n = 0 };

		upstream_split(command, &up);
		FUZZ_ASSERT(up.n == want->n, "%s: '%s': %d words for upstream, want %d", what, command,
			    up.n, want->n);
		for (int i = 0; i < up.n; i++)
			FUZZ_ASSERT(strcmp(up.v[i], want->v[i]) == 0,
				    "%s: '%s': upstream reads word %d as '%s', want '%s'", what, command, i,
				    up.v[i], want->v[i]);
		words_release(&up);
	}
}

/* Well-formed UTF-8 (DESIGN: job files are JSON). */
static bool utf8_ok(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned c = p[i], cp;
		int extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;

		if (extra < 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || len - i <= (size_t)extra)
			return false;
		cp = c & (0x7F >> extra);
		for (int k = 1; k <= extra; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3F);
		}
		if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		i += (size_t)extra + 1;
	}
	return true;
}

static void check_job(const struct helios_settings *s, const struct helios_config *cfg)
{
	struct helios_layout layout;
	struct helios_error err = { "" };
	struct helios_job job;
	struct words want = { .n = 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	FUZZ_ASSERT(helios_layout_make(&layout, cfg, "/work/project", cfg->job_path, &err) == HELIOS_OK, "%s",
		    err.text);
	f = open_memstream(&text, &len);
	FUZZ_ASSERT(f, "open_memstream");
	FUZZ_ASSERT(helios_job_write_stream(f, &layout, s, &err) == HELIOS_OK, "write: %s", err.text);
	FUZZ_ASSERT(fclose(f) == 0, "fclose");
	if (fuzz_strict())
		FUZZ_ASSERT(utf8_ok((const unsigned char *)text, len), "job is not UTF-8:\n%s", text);

	helios_job_init(&job);
	FUZZ_ASSERT(helios_job_parse(&job, text, len, &err) == HELIOS_OK, "written job does not read: %s\n%s",
		    err.text, text);
	FUZZ_ASSERT(helios_job_validate(&job, &err) == HELIOS_OK, "written job does not validate: %s\n%s",
		    err.text, text);
	FUZZ_ASSERT(job.total_frames == cfg->plan.total_frames && job.start_frame == cfg->plan.start_frame &&
			    job.chunk_count == cfg->plan.chunk_count && job.width == cfg->width &&
			    job.height == cfg->height,
		    "metadata differs from the plan:\n%s", text);
	/* The settings that shaped the plan come back as they were given. */
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		const char *a, *b;

		if (!(helios_options[i].flags & HELIOS_OPT_PLAN))
			continue;
		a = helios_settings_get(s, i);
		b = helios_settings_get(&job.settings, i);
		FUZZ_ASSERT((!a && !b) || (a && b && strcmp(a, b) == 0), "settings.%s: '%s' read back as '%s'",
			    helios_options[i].name, a ? a : "(null)", b ? b : "(null)");
	}
	for (int64_t i = 0; i < job.chunk_count; i++) {
		struct helios_buf name;

		helios_buf_init(&name);
		helios_layout_chunk_output(&layout, i, &name);
		FUZZ_ASSERT(strcmp(job.chunks[i].output_file, helios_buf_str(&name)) == 0, "chunk output");
		FUZZ_ASSERT(job.chunks[i].output_file[0] != '-' && layout.input[0] != '-',
			    "a path that reads as a flag");
		helios_buf_release(&name);
		expected_chunk(&want, &layout, &job.chunks[i]);
		same_words("chunk command", job.chunks[i].command, &want);
		words_release(&want);
	}
	add(&want, "helios");
	add(&want, "merge");
	add(&want, "%s", layout.output);
	if (cfg->images) {
		add(&want, "--start-frame");
		add(&want, "%lld", (long long)cfg->start_frame);
	}
	for (int64_t i = 0; i < job.chunk_count; i++)
		add(&want, "%s", job.chunks[i].output_file);
	same_words("mergeCommand", job.merge_command, &want);
	words_release(&want);

	helios_job_release(&job);
	helios_layout_release(&layout);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[MAX_ARGS], *p;
	struct helios_settings s;
	struct helios_config cfg;
	struct helios_error err = { "" };
	int argc = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (p = copy; p < copy + size && argc < MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	helios_settings_init(&s);
	if (helios_settings_parse_args(&s, argc, argv, NULL, &err) != HELIOS_OK) {
		FUZZ_ASSERT(err.text[0], "arguments rejected without a message");
	} else if (helios_config_resolve(&s, &cfg, NULL, &err) != HELIOS_OK) {
		FUZZ_ASSERT(err.text[0], "settings rejected without a message");
	} else {
		FUZZ_ASSERT(cfg.plan.chunk_count >= 1 && cfg.plan.total_frames >= 1, "empty plan");
		if (cfg.plan.chunk_count <= MAX_CHUNKS)
			check_job(&s, &cfg);
	}
	helios_settings_release(&s);
	free(copy);
	return 0;
}
