/* The flag tables of `helios job run`, `helios merge`, `helios job export`
 * and helios probe's own flags, typed as HELIOS_OPTION_LIST is for render:
 * one row per flag is the one source of its getopt entry, the check of its
 * value, its --help entry, its completion, the job validator's view of a
 * merge command and the docs check (tests/cli/t-docs.sh reads the X( lines
 * below). */
#ifndef HELIOS_FLAGS_H
#define HELIOS_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/buf.h"
#include "helios/number.h"
#include "helios/options.h"
#include "helios/status.h"

/*
 * X(id, long name, short, type, min, max, choices, default, metavar, help)
 *
 * type is the render options' vocabulary (enum helios_option_type), read as:
 *   HELIOS_TYPE_FLAG      no value (metavar NULL)
 *   HELIOS_TYPE_INT       a whole number in min..max
 *   HELIOS_TYPE_DECIMAL   a decimal number more than min (seconds)
 *   HELIOS_TYPE_FPS       a frame rate, as --fps of render takes it
 *   HELIOS_TYPE_WORD      one of choices (HELIOS_CHOICES)
 *   HELIOS_TYPE_VCODEC, HELIOS_TYPE_ACODEC
 *                         an encoder name: completes to the codecs helios
 *                         knows; the merge checks it against its output
 *   HELIOS_TYPE_EXPORT    an export format (the CLI knows their names)
 *   HELIOS_TYPE_PATH      a file (completes file names); _DIR a directory
 *   HELIOS_TYPE_TEXT      anything, checked by the command
 * default is the value in force when the flag is not given, as --help shows
 * it: "(default: X)" after the help; NULL shows none.  A help text wraps by
 * itself; a "\n" in it starts a new line.  Order is the order of --help.
 */
#define HELIOS_RUN_FLAG_LIST(X)                                                             \
	X(CONCURRENCY, "concurrency", 0, HELIOS_TYPE_INT, 1, 4096, NULL, "the number of CPUs",  \
	  "N", "chunks at a time")                                                              \
	X(CHUNK, "chunk", 0, HELIOS_TYPE_INT, 0, HELIOS_MAX_FRAMES, NULL, NULL, "ID",           \
	  "run only chunk ID, and no merge")                                                    \
	X(NO_MERGE, "no-merge", 0, HELIOS_TYPE_FLAG, 0, 0, NULL, NULL, NULL,                    \
	  "do not run the merge command")                                                       \
	X(MERGE_ONLY, "merge-only", 0, HELIOS_TYPE_FLAG, 0, 0, NULL, NULL, NULL,                \
	  "run only the merge command, split as for a chunk (the exports' last step); "         \
	  "every chunk must be up to date")                                                      \
	X(RETRIES, "retries", 0, HELIOS_TYPE_INT, 0, 100, NULL, "0", "N",                       \
	  "attempts after the first for a failing chunk; the delay doubles each time from 1 s") \
	X(TIMEOUT, "timeout", 0, HELIOS_TYPE_DECIMAL, 0, 0, NULL,                               \
	  "300 s and 10 s a frame of the chunk", "SECONDS",                                     \
	  "stop an attempt that runs longer (kills its process group)")                         \
	X(RESUME, "resume", 0, HELIOS_TYPE_FLAG, 0, 0, NULL, NULL, NULL,                        \
	  "what every run does, kept for scripts: skip what is up to date")                     \
	X(FORCE, "force", 0, HELIOS_TYPE_FLAG, 0, 0, NULL, NULL, NULL,                          \
	  "render every chunk and run the merge, even when up to date")                         \
	X(KEEP_GOING, "keep-going", 0, HELIOS_TYPE_FLAG, 0, 0, NULL, NULL, NULL,                \
	  "let the other chunks finish after one fails")                                        \
	X(NO_VERIFY, "no-verify", 0, HELIOS_TYPE_FLAG, 0, 0, NULL, NULL, NULL,                  \
	  "do not check that outputs exist with the right frame count")                         \
	X(DRY_RUN, "dry-run", 0, HELIOS_TYPE_FLAG, 0, 0, NULL, NULL, NULL,                      \
	  "print each step's command, quoted; run nothing")                                     \
	X(PROGRESS_FILE, "progress-file", 0, HELIOS_TYPE_PATH, 0, 0, NULL, NULL, "FILE",        \
	  "write machine-readable progress to FILE ('-': standard output): key=value blocks "    \
	  "ending in progress=continue|end")

#define HELIOS_MERGE_FLAG_LIST(X)                                                           \
	X(VIDEO_CODEC, "video-codec", 0, HELIOS_TYPE_VCODEC, 0, 0, NULL, NULL, "C",             \
	  "re-encode the video with encoder C")                                                 \
	X(AUDIO_CODEC, "audio-codec", 0, HELIOS_TYPE_ACODEC, 0, 0, NULL, NULL, "C",             \
	  "re-encode the audio with encoder C")                                                 \
	X(QUALITY, "quality", 0, HELIOS_TYPE_INT, 0, 63, NULL, NULL, "N",                       \
	  "re-encode the video at constant rate factor N")                                      \
	X(PRESET, "preset", 0, HELIOS_TYPE_TEXT, 0, 0, NULL, NULL, "P",                         \
	  "re-encode the video with encoder preset P")                                          \
	X(FPS, "fps", 0, HELIOS_TYPE_FPS, 0, 0, NULL, "the first input's", "F",                 \
	  "frame rate of OUTPUT")                                                               \
	X(FFMPEG, "ffmpeg", 0, HELIOS_TYPE_PATH, 0, 0, NULL, "$HELIOS_FFMPEG, else ffmpeg",     \
	  "PATH", "the ffmpeg to run")                                                          \
	X(START_FRAME, "start-frame", 0, HELIOS_TYPE_INT, 0, HELIOS_MAX_FRAMES, NULL, "0", "N", \
	  "an image sequence's first frame: each input is a chunk's last frame, and every "      \
	  "frame from N on must be there once")

/* Defaults of the Kubernetes export, shown in its --help. */
#define HELIOS_EXPORT_IMAGE "helios:latest"
#define HELIOS_EXPORT_WORKDIR "/work"

#define HELIOS_EXPORT_FLAG_LIST(X)                                                          \
	X(TO, "to", 0, HELIOS_TYPE_EXPORT, 0, 0, NULL, NULL, "FORMAT",                          \
	  "parallel: sh script for GNU parallel; make: makefile;\n"                             \
	  "k8s: Kubernetes Indexed Job + merge Job (YAML);\n"                                   \
	  "slurm: sbatch array + merge scripts and a submit script")                            \
	X(OUTPUT, "output", 'o', HELIOS_TYPE_PATH, 0, 0, NULL, NULL, "FILE",                    \
	  "write FILE atomically instead of stdout (slurm: required; the two .sbatch "          \
	  "scripts are written beside it)")                                                     \
	X(PARALLELISM, "parallelism", 0, HELIOS_TYPE_INT, 1, 1000000, NULL, "the engine's own", \
	  "P", "chunks at a time")                                                              \
	X(RETRIES, "retries", 0, HELIOS_TYPE_INT, 0, 100, NULL, "0", "N",                       \
	  "retries of a failing chunk after its first try")                                     \
	X(HOSTS, "hosts", 0, HELIOS_TYPE_TEXT, 0, 0, NULL, NULL, "H",                           \
	  "parallel: -S host list (':' is this machine)")                                       \
	X(IMAGE, "image", 0, HELIOS_TYPE_TEXT, 0, 0, NULL, HELIOS_EXPORT_IMAGE, "I",            \
	  "k8s: container image")                                                               \
	X(NAMESPACE, "namespace", 0, HELIOS_TYPE_TEXT, 0, 0, NULL, "kubectl's current one",     \
	  "NS", "k8s: namespace")                                                               \
	X(VOLUME_CLAIM, "volume-claim", 0, HELIOS_TYPE_TEXT, 0, 0, NULL, NULL, "C",             \
	  "k8s: PersistentVolumeClaim holding the job (required)")                              \
	X(WORKDIR, "workdir", 0, HELIOS_TYPE_TEXT, 0, 0, NULL, HELIOS_EXPORT_WORKDIR, "W",      \
	  "k8s: where the claim is mounted")                                                    \
	X(REQUESTS, "requests", 0, HELIOS_TYPE_TEXT, 0, 0, NULL, NULL, "R",                     \
	  "k8s: each container's resource requests, as cpu=2,memory=4Gi")                      \
	X(LIMITS, "limits", 0, HELIOS_TYPE_TEXT, 0, 0, NULL, NULL, "L",                         \
	  "k8s: each container's resource limits, in the same form")                            \
	/* ttlSecondsAfterFinished is an int32. */                                              \
	X(TTL, "ttl-after-finished", 0, HELIOS_TYPE_INT, 0, 2147483647, NULL, NULL, "S",        \
	  "k8s: Kubernetes deletes each Job S seconds after it ends")

/* helios probe's own flags; it takes every render option too. */
#define HELIOS_PROBE_FLAG_LIST(X)                                                           \
	X(JSON, "json", 0, HELIOS_TYPE_FLAG, 0, 0, NULL, NULL, NULL,                            \
	  "print the report as one JSON object")                                                \
	X(SAMPLES, "samples", 0, HELIOS_TYPE_INT, 1, 1000, NULL, "10", "N",                     \
	  "frames to measure, spread over the range (1-1000)")                                  \
	X(WORKERS, "workers", 0, HELIOS_TYPE_INT, 1, 10000000, NULL, "the plan's chunk count",  \
	  "N", "workers for the best chunk count")

/* Ids start above every char so that getopt's short options cannot collide. */
#define HELIOS_FLAG_ENUM(prefix, id, ...) prefix##id,
#define HELIOS_RUN_FLAG_ENUM(id, ...) HELIOS_FLAG_ENUM(HELIOS_RUN_FLAG_, id)
#define HELIOS_MERGE_FLAG_ENUM(id, ...) HELIOS_FLAG_ENUM(HELIOS_MERGE_FLAG_, id)
#define HELIOS_EXPORT_FLAG_ENUM(id, ...) HELIOS_FLAG_ENUM(HELIOS_EXPORT_FLAG_, id)
#define HELIOS_PROBE_FLAG_ENUM(id, ...) HELIOS_FLAG_ENUM(HELIOS_PROBE_FLAG_, id)
enum helios_run_flag { HELIOS_RUN_FLAG_FIRST_ = 255, HELIOS_RUN_FLAG_LIST(HELIOS_RUN_FLAG_ENUM) };
enum helios_merge_flag { HELIOS_MERGE_FLAG_FIRST_ = 255, HELIOS_MERGE_FLAG_LIST(HELIOS_MERGE_FLAG_ENUM) };
enum helios_export_flag { HELIOS_EXPORT_FLAG_FIRST_ = 255, HELIOS_EXPORT_FLAG_LIST(HELIOS_EXPORT_FLAG_ENUM) };
enum helios_probe_flag { HELIOS_PROBE_FLAG_FIRST_ = 255, HELIOS_PROBE_FLAG_LIST(HELIOS_PROBE_FLAG_ENUM) };
#undef HELIOS_RUN_FLAG_ENUM
#undef HELIOS_MERGE_FLAG_ENUM
#undef HELIOS_EXPORT_FLAG_ENUM
#undef HELIOS_PROBE_FLAG_ENUM
#undef HELIOS_FLAG_ENUM

struct helios_flag {
	int id;			/* the command's enum value: what its parser returns */
	const char *name;	/* long flag without "--"; NULL ends a table */
	char short_name;	/* 0 when none */
	enum helios_option_type type;
	int64_t min, max;	/* HELIOS_TYPE_INT: the range; _DECIMAL: min, exclusive */
	const char *const *choices;	/* HELIOS_TYPE_WORD: NULL-terminated */
	const char *default_text;	/* as --help shows it; NULL: none shown */
	const char *metavar;	/* NULL: takes no value */
	const char *help;
};

extern const struct helios_flag helios_run_flags[];
extern const struct helios_flag helios_merge_flags[];
extern const struct helios_flag helios_export_flags[];
extern const struct helios_flag helios_probe_flags[];

/* The entry for "--name" (or "-c") in a table; NULL when none. */
const struct helios_flag *helios_flag_find(const struct helios_flag *table, const char *arg);

/* A flag's value as its row reads it. */
struct helios_flag_value {
	const char *text;	/* as given (NULL for a flag without a value) */
	int64_t number;		/* HELIOS_TYPE_INT */
	double seconds;		/* HELIOS_TYPE_DECIMAL */
};

/* Check text against f's type, range and choices and fill v.  On error err
 * says why, without the flag or the value (the caller names both).  An
 * export format, an encoder, a path or a text is not checked here. */
enum helios_status helios_flag_check(const struct helios_flag *f, const char *text, struct helios_flag_value *v,
				     struct helios_error *err);

#define HELIOS_HELP_WIDTH 80

/* The layout of every --help listing: flag (such as "  -o, --output FILE")
 * padded to column, or on a line of its own when it reaches it, then help
 * from column, wrapped within HELIOS_HELP_WIDTH ("\n" in help starts a new line),
 * then " (default: X)" when def is set, never split. */
void helios_help_entry(struct helios_buf *out, const char *flag, const char *help, const char *def, int column);

/* The table's entries in that layout, long names lined up under "-o, "
 * when align_long (the listing has a short flag). */
void helios_flags_help(struct helios_buf *out, const struct helios_flag *table, int column, bool align_long);

#endif
