/* The one table of render settings.  Parsing, --help, the TUI form, the job
 * metadata and the docs check are all derived from HELIOS_OPTION_LIST. */
#ifndef HELIOS_OPTIONS_H
#define HELIOS_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/buf.h"
#include "helios/number.h"
#include "helios/status.h"

enum helios_option_type {
	HELIOS_TYPE_INPUT,	/* file path or URL */
	HELIOS_TYPE_PATH,
	HELIOS_TYPE_DIR,	/* a directory's path */
	HELIOS_TYPE_URL,
	HELIOS_TYPE_INT,
	HELIOS_TYPE_DECIMAL,
	HELIOS_TYPE_FPS,
	HELIOS_TYPE_WORD,	/* one of option->choices */
	HELIOS_TYPE_VCODEC,
	HELIOS_TYPE_ACODEC,
	HELIOS_TYPE_FLAG,	/* no value; set means "on" */
	HELIOS_TYPE_TEXT,	/* any non-empty text, checked by its user */
	HELIOS_TYPE_JSON,	/* one JSON value (helios/json.h) */
	HELIOS_TYPE_EXPORT,	/* a format of helios job export (its flag tables only) */
};

/* Option flags. */
#define HELIOS_OPT_POSITIONAL 0x1	/* given without a flag (the input) */
#define HELIOS_OPT_CHUNK      0x2	/* passed on to every chunk command when set */
#define HELIOS_OPT_PLAN       0x4	/* shapes the plan; recorded in metadata.settings */
#define HELIOS_OPT_RENDERER   0x8	/* our renderer's own flag: a job using it needs helios render */
#define HELIOS_OPT_UPSTREAM   0x10	/* upstream's `helios render` accepts it too */
#define HELIOS_OPT_RUN        0x20	/* says how this run reports, not what it renders:
					 * no field of the TUI form, not in a job */
#define HELIOS_OPT_JOB        0x40	/* where the job spec goes: render writes it, the
					 * planner saves to it, probe has no use for it */
#define HELIOS_OPT_LIST       0x80	/* a comma list: given again, the values add up */

/* The choices of a HELIOS_TYPE_WORD option, as a table cell. */
#define HELIOS_CHOICES(...) ((const char *const[]){ __VA_ARGS__, NULL })

/*
 * X(id, long name, alias, short, type, metavar, default, min, max, flags, label, help,
 *   choices, fallback, unset)
 * min/max apply to HELIOS_TYPE_INT; choices to HELIOS_TYPE_WORD.  default is
 * the value in force when the option is not given; an option without one may
 * have a fallback, what our renderer does when its flag is absent (such a
 * flag has no default because a chunk command passes it only when set), and
 * an unset text, what the TUI form shows for it.  Order is the order of
 * --help, the man page, the TUI form and the flags of a chunk command.
 */
#define HELIOS_OPTION_LIST(X)                                                              \
	X(INPUT, "input", NULL, 0, HELIOS_TYPE_INPUT, "INPUT", NULL, 0, 0,                 \
	  HELIOS_OPT_POSITIONAL, "Input",                                                  \
	  "composition to render: an HTML file or an http(s)/file URL",                    \
	  NULL, NULL, "(none: press Enter)")                                               \
	X(OUTPUT, "output", NULL, 'o', HELIOS_TYPE_PATH, "PATH", "output.mp4", 0, 0,       \
	  HELIOS_OPT_UPSTREAM, "Output",                                                   \
	  "final video; its extension (.mp4, .mov, .mkv, .webm) picks the container; "     \
	  ".png, .jpg or .webp: one image per frame, named by its number (f_%05d.png)",    \
	  NULL, NULL, NULL)                                                                \
	X(EMIT_JOB, "emit-job", NULL, 0, HELIOS_TYPE_PATH, "PATH", NULL, 0, 0, HELIOS_OPT_JOB, \
	  "Job file",                                                                      \
	  "write the job spec to PATH and exit without rendering",                         \
	  NULL, NULL, NULL)                                                                \
	X(PROGRESS_FILE, "progress-file", NULL, 0, HELIOS_TYPE_PATH, "FILE", NULL, 0, 0,  \
	  HELIOS_OPT_RUN, "Progress file",                                                 \
	  "write machine-readable progress to FILE ('-': standard output), blocks of "     \
	  "key=value lines ending in progress=continue, the last in progress=end",         \
	  NULL, NULL, NULL)                                                                \
	X(VERBOSE, "verbose", NULL, 0, HELIOS_TYPE_FLAG, NULL, NULL, 0, 0, HELIOS_OPT_RUN, \
	  "Verbose", "say how the frames are captured and encoded, and why",               \
	  NULL, NULL, NULL)                                                                \
	X(WIDTH, "width", NULL, 0, HELIOS_TYPE_INT, "N", "1920", 1, 16384,                 \
	  HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM | HELIOS_OPT_CHUNK, "Width", "frame width in pixels (1-16384)", \
	  NULL, NULL, NULL)                                                                \
	X(HEIGHT, "height", NULL, 0, HELIOS_TYPE_INT, "N", "1080", 1, 16384,               \
	  HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM | HELIOS_OPT_CHUNK, "Height", "frame height in pixels (1-16384)", \
	  NULL, NULL, NULL)                                                                \
	X(FPS, "fps", NULL, 0, HELIOS_TYPE_FPS, "F", "30", 0, 0,                           \
	  HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM | HELIOS_OPT_CHUNK, "FPS",                 \
	  "frames per second: 30, 29.97 or 30000/1001 (> 0, <= 1000)",                     \
	  NULL, NULL, NULL)                                                                \
	X(DURATION, "duration", NULL, 0, HELIOS_TYPE_DECIMAL, "SECONDS", "1", 0, 0,        \
	  HELIOS_OPT_PLAN, "Duration",                                                     \
	  "length in seconds, fractions kept (2.5 s at 30 fps is 75 frames)",              \
	  NULL, NULL, NULL)                                                                \
	X(FRAME_COUNT, "frame-count", NULL, 0, HELIOS_TYPE_INT, "N", NULL, 1,              \
	  HELIOS_MAX_FRAMES, HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM, "Frame count",         \
	  "number of frames to render; overrides --duration",                              \
	  NULL, NULL, "(from duration)")                                                   \
	X(START_FRAME, "start-frame", NULL, 0, HELIOS_TYPE_INT, "N", "0", 0,               \
	  HELIOS_MAX_FRAMES, HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM, "Start frame",         \
	  "first composition frame to render",                                             \
	  NULL, NULL, NULL)                                                                \
	X(FROM_PAGE, "from-page", NULL, 0, HELIOS_TYPE_FLAG, NULL, NULL, 0, 0,             \
	  HELIOS_OPT_PLAN, "From page",                                                    \
	  "take --duration and --fps the page declares (window.helios) if not given",      \
	  NULL, NULL, NULL)                                                                \
	X(QUALITY, "quality", NULL, 0, HELIOS_TYPE_INT, "CRF", NULL, 0, 63,                \
	  HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM | HELIOS_OPT_CHUNK, "Quality",             \
	  "constant rate factor: 0-51 for x264/x265, 0-63 for vpx and av1",                \
	  NULL, NULL, "(encoder default)")                                                 \
	X(MODE, "mode", NULL, 0, HELIOS_TYPE_WORD, "MODE", "canvas", 0, 0,                 \
	  HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM | HELIOS_OPT_CHUNK, "Mode",                \
	  "capture the first <canvas> (canvas) or the whole page (dom)",                   \
	  HELIOS_CHOICES("canvas", "dom"), NULL, NULL)                                     \
	X(VIDEO_CODEC, "video-codec", NULL, 0, HELIOS_TYPE_VCODEC, "CODEC", NULL, 0, 0,    \
	  HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM | HELIOS_OPT_CHUNK, "Video codec",         \
	  "ffmpeg video encoder, checked against the container when helios knows it",      \
	  NULL, NULL, "(container default)")                                               \
	X(AUDIO_CODEC, "audio-codec", NULL, 0, HELIOS_TYPE_ACODEC, "CODEC", NULL, 0, 0,    \
	  HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM | HELIOS_OPT_CHUNK, "Audio codec",         \
	  "ffmpeg audio encoder, checked against the container when helios knows it",      \
	  NULL, NULL, "(container default)")                                               \
	X(CONCURRENCY, "concurrency", NULL, 0, HELIOS_TYPE_INT, "N", "1", 1, 10000000,     \
	  HELIOS_OPT_PLAN, "Chunks",                                                       \
	  "number of chunks to split the render into",                                     \
	  NULL, NULL, NULL)                                                                \
	X(CHUNK_SIZE, "chunk-size", NULL, 0, HELIOS_TYPE_INT, "FRAMES", NULL, 1,           \
	  HELIOS_MAX_FRAMES, HELIOS_OPT_PLAN, "Frames per chunk",                          \
	  "split into chunks of FRAMES frames instead of by count",                        \
	  NULL, NULL, NULL)                                                                \
	X(CHUNK_DURATION, "chunk-duration", NULL, 0, HELIOS_TYPE_DECIMAL, "SECONDS", NULL, \
	  0, 0, HELIOS_OPT_PLAN, "Seconds per chunk",                                      \
	  "split into chunks of SECONDS seconds (rounded up to whole frames)",             \
	  NULL, NULL, NULL)                                                                \
	X(BALANCE, "balance", NULL, 0, HELIOS_TYPE_FLAG, NULL, NULL, 0, 0,                 \
	  HELIOS_OPT_PLAN, "Balance",                                                      \
	  "make chunk sizes differ by at most one frame",                                  \
	  NULL, NULL, NULL)                                                                \
	X(KEYFRAME_INTERVAL, "keyframe-interval", NULL, 0, HELIOS_TYPE_INT, "FRAMES", NULL, \
	  1, HELIOS_MAX_FRAMES, HELIOS_OPT_PLAN, "Keyframe interval",                      \
	  "put every chunk boundary on a multiple of FRAMES from the start frame",         \
	  NULL, NULL, NULL)                                                                \
	X(MAX_CHUNKS, "max-chunks", NULL, 0, HELIOS_TYPE_INT, "N", NULL, 1, 10000000,     \
	  HELIOS_OPT_PLAN, "Max chunks",                                                   \
	  "never split into more than N chunks (larger chunks instead)",                   \
	  NULL, NULL, "(no limit)")                                                        \
	X(CHUNK_TIME, "chunk-time", NULL, 0, HELIOS_TYPE_DECIMAL, "SECONDS", NULL, 0, 0,   \
	  HELIOS_OPT_PLAN, "Chunk time",                                                   \
	  "size chunks to render in about SECONDS each here (probes the page)",            \
	  NULL, NULL, "(not set)")                                                         \
	X(RANGES, "ranges", NULL, 0, HELIOS_TYPE_TEXT, "A-B,...", NULL, 0, 0,              \
	  HELIOS_OPT_PLAN, "Ranges",                                                       \
	  "explicit chunks: frame ranges in order, such as 0-99,100-249",                  \
	  NULL, NULL, "(not set)")                                                         \
	X(NO_HEADLESS, "no-headless", NULL, 0, HELIOS_TYPE_FLAG, NULL, NULL, 0, 0,         \
	  HELIOS_OPT_PLAN | HELIOS_OPT_UPSTREAM | HELIOS_OPT_CHUNK, "Show browser",        \
	  "run the browser with a visible window",                                         \
	  NULL, NULL, NULL)                                                                \
	X(IMAGE_FORMAT, "image-format", NULL, 0, HELIOS_TYPE_WORD, "FORMAT", NULL, 0, 0,   \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Frame images",        \
	  "images passed from the browser to ffmpeg: jpeg (fast) or png (lossless)",       \
	  HELIOS_CHOICES("jpeg", "png"), "jpeg", NULL)                                     \
	X(CANVAS_SELECTOR, "canvas-selector", NULL, 0, HELIOS_TYPE_TEXT, "SELECTOR", NULL, \
	  0, 0, HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Canvas",        \
	  "CSS selector of the canvas captured in canvas mode",                            \
	  NULL, "canvas", NULL)                                                            \
	X(PROPS, "props", NULL, 0, HELIOS_TYPE_JSON, "JSON", NULL, 0, 0,                   \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Props",               \
	  "one JSON value the page reads as window.__HELIOS_PROPS__",                      \
	  NULL, NULL, NULL)                                                                \
	X(TIMEOUT, "timeout", NULL, 0, HELIOS_TYPE_DECIMAL, "SECONDS", NULL, 0, 0,         \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Timeout",             \
	  "give up when the page load or one frame takes longer, in seconds",              \
	  NULL, "30", NULL)                                                                \
	X(ROOT, "root", NULL, 0, HELIOS_TYPE_DIR, "DIR", NULL, 0, 0,                       \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Site root",           \
	  "serve a local input over HTTP from DIR, so /absolute paths resolve inside it " \
	  "(default: the input's directory)",                                              \
	  NULL, NULL, NULL)                                                                \
	X(VIDEO_BITRATE, "video-bitrate", NULL, 0, HELIOS_TYPE_TEXT, "RATE", NULL, 0, 0,   \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Video bitrate",       \
	  "average video bitrate in bits per second, such as 2M or 800k; not with --quality", \
	  NULL, NULL, "(by quality)")                                                      \
	X(ALLOW_NET, "allow-net", NULL, 0, HELIOS_TYPE_TEXT, "HOST[:PORT],...", NULL, 0, 0, \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN | HELIOS_OPT_LIST, "Allow network", \
	  "let the page reach these hosts even on loopback, private or link-local "       \
	  "addresses (repeatable)",                                                        \
	  NULL, NULL, "(public addresses only)")                                          \
	X(OFFLINE, "offline", NULL, 0, HELIOS_TYPE_FLAG, NULL, NULL, 0, 0,                 \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Offline",             \
	  "keep the page to its own files (and --allow-net's hosts): no other request, no DNS", \
	  NULL, NULL, NULL)                                                                \
	X(NO_SANDBOX, "no-sandbox", NULL, 0, HELIOS_TYPE_FLAG, NULL, NULL, 0, 0,           \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "No sandbox",          \
	  "run the browser without Chromium's sandbox, as this user (root too): only "     \
	  "where the sandbox cannot start",                                                \
	  NULL, NULL, NULL)                                                                \
	X(FRAME, "frame", NULL, 0, HELIOS_TYPE_TEXT, "N[,N...]", NULL, 0, 0,              \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Stills",              \
	  "render only these frames as images: one (-o poster.png) or several in "         \
	  "ascending order (--frame 0,45,90 -o thumb_%d.jpg); in one piece",               \
	  NULL, NULL, "(every frame)")                                                     \
	X(PIXEL_FORMAT, "pixel-format", NULL, 0, HELIOS_TYPE_TEXT, "FORMAT", NULL, 0, 0,  \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Pixel format",        \
	  "the encoder's pixel format, checked against it; one with alpha (yuva420p, "     \
	  "yuva444p10le, rgba) keeps a transparent page transparent",                      \
	  NULL, NULL, "(the encoder's)")                                                   \
	X(PRESET, "preset", NULL, 0, HELIOS_TYPE_TEXT, "PRESET", NULL, 0, 0,              \
	  HELIOS_OPT_RENDERER | HELIOS_OPT_CHUNK | HELIOS_OPT_PLAN, "Preset",              \
	  "the encoder's speed against size, checked against it: ultrafast ... placebo "   \
	  "for libx264 and libx265",                                                       \
	  NULL, NULL, "(veryfast for x264)")                                               \
	X(BASE_URL, "base-url", "job-base-url", 0, HELIOS_TYPE_URL, "URL", NULL, 0, 0,     \
	  HELIOS_OPT_PLAN, "Base URL",                                                     \
	  "workers fetch the input from URL plus its path relative to the job directory",  \
	  NULL, NULL, NULL)

enum helios_option_id {
#define HELIOS_OPTION_ENUM(id, ...) HELIOS_OPTION_##id,
	HELIOS_OPTION_LIST(HELIOS_OPTION_ENUM)
#undef HELIOS_OPTION_ENUM
	HELIOS_OPTION_COUNT
};

struct helios_option {
	enum helios_option_id id;
	const char *name;	/* long flag without "--" */
	const char *alias;	/* second long name or NULL */
	char short_name;	/* 0 when none */
	enum helios_option_type type;
	const char *metavar;
	const char *default_text;	/* NULL: unset by default */
	int64_t min, max;
	unsigned flags;
	const char *label;	/* TUI form label */
	const char *help;
	const char *const *choices;	/* HELIOS_TYPE_WORD: NULL-terminated list */
	const char *fallback;	/* renderer's own flag: what applies when unset */
	const char *unset;	/* TUI form text when unset; NULL: from fallback */
};

extern const struct helios_option helios_options[HELIOS_OPTION_COUNT];

/* Lookup by long name or alias (without "--"); NULL when unknown. */
const struct helios_option *helios_option_find(const char *name);
const struct helios_option *helios_option_find_short(char short_name);

/* "--fps" or "-o/--output"; for messages and help. */
const char *helios_option_flag(const struct helios_option *opt);

/* The table's fallback column: what our renderer does when one of its own
 * flags is not given, as the value the flag would take ("jpeg" for
 * --image-format, "30" for --timeout); NULL when the flag has none. */
const char *helios_option_renderer_default(enum helios_option_id id);

enum helios_mode { HELIOS_MODE_CANVAS, HELIOS_MODE_DOM };

/*
 * The settings as a user gives them: one canonical text per option, NULL
 * when unset (the default applies).  Flags are stored as "1".  Every setter
 * validates the single value; helios_config_resolve checks the whole.
 */
struct helios_settings {
	char *text[HELIOS_OPTION_COUNT];
};

void helios_settings_init(struct helios_settings *s);
void helios_settings_release(struct helios_settings *s);
enum helios_status helios_settings_copy(struct helios_settings *dst,
					const struct helios_settings *src);

/* Validate text for opt and store it (text NULL or "" unsets).  On error the
 * old value is kept and err says "--flag: 'value': why". */
enum helios_status helios_settings_set(struct helios_settings *s, enum helios_option_id id,
				       const char *text, struct helios_error *err);

/* The value in force: the set text or the default (NULL when neither). */
const char *helios_settings_get(const struct helios_settings *s, enum helios_option_id id);
bool helios_settings_is_set(const struct helios_settings *s, enum helios_option_id id);

/* A command's own long flags beside the render options (helios probe's
 * --json, helios-tui's --load).  take(name, NULL, ctx) returns how many
 * values the flag takes (0 or 1); take(name, value, ctx) receives it ("" for
 * a flag without one).  name is always the flag's full name. */
typedef int (*helios_extra_flag_fn)(const char *name, const char *value, void *ctx);
#define HELIOS_EXTRA_FLAGS_MAX 32
struct helios_extra_flags {
	const char *const *names;	/* NULL-terminated, at most HELIOS_EXTRA_FLAGS_MAX */
	helios_extra_flag_fn take;
	void *ctx;
};

/*
 * Parse render arguments (everything after "helios render").  Accepts
 * "--flag value", "--flag=value", "-o value", "-oVALUE", "--" and one
 * positional input.  A long flag is a render option or one of extra's (NULL:
 * none), by its name or an unambiguous prefix among both: one rule for
 * every command.  Returns after the first error.
 */
enum helios_status helios_settings_parse_args(struct helios_settings *s, int argc,
					      char *const argv[], const struct helios_extra_flags *extra,
					      struct helios_error *err);

/* The option list of --help, one option per line, from the table; options
 * with any of the HELIOS_OPT_* bits in hide are left out (what a program
 * accepts but has no use for). */
void helios_options_help(struct helios_buf *out, unsigned hide);

#endif
