/* The flag tables of `helios job run`, `helios merge` and `helios job
 * export`: the one source of their getopt arrays, their --help listings, the
 * job validator's view of a merge command and the docs check (tests/cli/
 * t-docs.sh reads the X( lines below), as HELIOS_OPTION_LIST is for render. */
#ifndef HELIOS_FLAGS_H
#define HELIOS_FLAGS_H

#include <stdbool.h>

#include "helios/buf.h"

/*
 * X(id, long name, short, metavar, help)
 * metavar NULL: the flag takes no value.  A help text's later lines follow
 * "\n" and are indented under the first.  Order is the order of --help.
 */
#define HELIOS_RUN_FLAG_LIST(X)                                                             \
	X(CONCURRENCY, "concurrency", 0, "N", "chunks at a time (default: the number of CPUs)") \
	X(CHUNK, "chunk", 0, "ID", "run only chunk ID, and no merge")                           \
	X(NO_MERGE, "no-merge", 0, NULL, "do not run the merge command")                        \
	X(MERGE_ONLY, "merge-only", 0, NULL,                                                    \
	  "run only the merge command, split as for a chunk (the\n"                             \
	  "exports' last step); every chunk output must exist")                                 \
	X(RETRIES, "retries", 0, "N",                                                           \
	  "attempts after the first for a failing chunk (default: 0);\n"                         \
	  "the delay doubles each time from 1 s")                                               \
	X(TIMEOUT, "timeout", 0, "SECONDS",                                                     \
	  "stop an attempt that runs longer (kills its process group)")                         \
	X(RESUME, "resume", 0, NULL, "skip chunks that <job>.state.json records as done")       \
	X(KEEP_GOING, "keep-going", 0, NULL, "let the other chunks finish after one fails")     \
	X(NO_VERIFY, "no-verify", 0, NULL,                                                      \
	  "do not check that outputs exist with the right frame count")                         \
	X(DRY_RUN, "dry-run", 0, NULL, "print each step's command, quoted; run nothing")   \
	X(PROGRESS_FILE, "progress-file", 0, "FILE",                                            \
	  "write machine-readable progress to FILE ('-': standard\n"                            \
	  "output): key=value blocks ending in progress=continue|end")

#define HELIOS_MERGE_FLAG_LIST(X)                                                           \
	X(VIDEO_CODEC, "video-codec", 0, "C", "re-encode the video with encoder C")             \
	X(AUDIO_CODEC, "audio-codec", 0, "C", "re-encode the audio with encoder C")             \
	X(QUALITY, "quality", 0, "N", "re-encode the video at constant rate factor N")          \
	X(PRESET, "preset", 0, "P", "re-encode the video with encoder preset P")                \
	X(FPS, "fps", 0, "F", "frame rate of OUTPUT (default: the first input's)")              \
	X(FFMPEG, "ffmpeg", 0, "PATH", "the ffmpeg to run (default: $HELIOS_FFMPEG, else ffmpeg)")

/* Defaults of the Kubernetes export, shown in its --help. */
#define HELIOS_EXPORT_IMAGE "helios:latest"
#define HELIOS_EXPORT_WORKDIR "/work"

#define HELIOS_EXPORT_FLAG_LIST(X)                                                          \
	X(TO, "to", 0, "FORMAT",                                                                \
	  "parallel: sh script for GNU parallel; make: makefile;\n"                             \
	  "k8s: Kubernetes Indexed Job + merge Job (YAML);\n"                                   \
	  "slurm: sbatch array + merge scripts and a submit script")                            \
	X(OUTPUT, "output", 'o', "FILE",                                                        \
	  "write FILE atomically instead of stdout (slurm: required;\n"                         \
	  "the two .sbatch scripts are written beside it)")                                     \
	X(PARALLELISM, "parallelism", 0, "P", "chunks at a time (default: the engine's own)")   \
	X(RETRIES, "retries", 0, "N",                                                           \
	  "retries of a failing chunk after its first try\n(default: 0)") \
	X(HOSTS, "hosts", 0, "H", "parallel: -S host list (':' is this machine)")               \
	X(IMAGE, "image", 0, "I", "k8s: container image (default: " HELIOS_EXPORT_IMAGE ")")     \
	X(NAMESPACE, "namespace", 0, "NS", "k8s: namespace (default: kubectl's current one)")   \
	X(VOLUME_CLAIM, "volume-claim", 0, "C", "k8s: PersistentVolumeClaim holding the job (required)") \
	X(WORKDIR, "workdir", 0, "W", "k8s: where the claim is mounted (default: " HELIOS_EXPORT_WORKDIR ")") \
	X(REQUESTS, "requests", 0, "R", "k8s: each container's resource requests, as\ncpu=2,memory=4Gi") \
	X(LIMITS, "limits", 0, "L", "k8s: each container's resource limits, in the same form")  \
	X(TTL, "ttl-after-finished", 0, "S", "k8s: Kubernetes deletes each Job S seconds after it ends")

/* helios probe's own flags; it takes every render option too. */
#define HELIOS_PROBE_FLAG_LIST(X)                                                           \
	X(JSON, "json", 0, NULL, "print the report as one JSON object")                         \
	X(SAMPLES, "samples", 0, "N", "frames to measure, spread over the range")               \
	X(WORKERS, "workers", 0, "N", "workers for the best chunk count")

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
	const char *metavar;	/* NULL: takes no value */
	const char *help;
};

extern const struct helios_flag helios_run_flags[];
extern const struct helios_flag helios_merge_flags[];
extern const struct helios_flag helios_export_flags[];
extern const struct helios_flag helios_probe_flags[];

/* The entry for "--name" (or "-c") in a table; NULL when none. */
const struct helios_flag *helios_flag_find(const struct helios_flag *table, const char *arg);

/* The option list of a --help text: one flag per entry, its help at column
 * `column` (on the next line when the flag is longer), then -h, --help. */
void helios_flags_help(struct helios_buf *out, const struct helios_flag *table, int column);

#endif
