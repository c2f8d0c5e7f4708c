/* Job reader and validator: any bytes as a job file.  Nothing may crash or
 * leak; a job that validates must hold the invariants the runner relies on. */
#include <string.h>

#include "job/job.h"
#include "helios/quote.h"
#include "fuzz.h"

static void check_valid(const struct helios_job *job)
{
	int64_t expect = job->start_frame;
	char **argv;
	int argc;

	FUZZ_ASSERT(job->total_frames >= 1 && job->chunk_count >= 1, "empty job validated");
	for (int64_t i = 0; i < job->chunk_count; i++) {
		const struct helios_job_chunk *c = &job->chunks[i];

		FUZZ_ASSERT(c->id == i && c->start_frame == expect && c->frame_count >= 1,
			    "chunk %lld: id %lld start %lld count %lld", (long long)i, (long long)c->id,
			    (long long)c->start_frame, (long long)c->frame_count);
		FUZZ_ASSERT(c->output_file && *c->output_file && c->command, "chunk %lld", (long long)i);
		expect += c->frame_count;
		if (fuzz_strict()) {
			/* DESIGN: a command that validates can be run. */
			FUZZ_ASSERT(helios_quote_split(c->command, &argv, &argc, NULL) == HELIOS_OK &&
					    (argc > 0 || (helios_quote_free(argv), 0)),
				    "chunks[%lld].command '%s' validates but does not split into a program",
				    (long long)i, c->command);
			helios_quote_free(argv);
		}
	}
	FUZZ_ASSERT(expect - job->start_frame == job->total_frames, "cover");
	/* The merge command splits (validate checked it). */
	FUZZ_ASSERT(helios_quote_split(job->merge_command, &argv, &argc, NULL) == HELIOS_OK, "merge split");
	helios_quote_free(argv);
	(void)helios_job_needs_helios_renderer(job);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: a read past the end is an ASan report. */
	char *text = malloc(size ? size : 1);
	struct helios_error err = { "" };
	struct helios_job job;
	enum helios_status st;

	if (!text)
		return 0;
	memcpy(text, data, size);
	helios_job_init(&job);
	st = helios_job_parse(&job, text, size, &err);
	if (st != HELIOS_OK) {
		FUZZ_ASSERT(st == HELIOS_EFORMAT || st == HELIOS_ENOMEM, "status %d", (int)st);
		FUZZ_ASSERT(err.text[0], "rejected without a message");
		FUZZ_ASSERT(job.chunks == NULL && job.merge_command == NULL, "a rejected job keeps fields");
	} else if (helios_job_validate(&job, &err) == HELIOS_OK) {
		check_valid(&job);
	} else {
		FUZZ_ASSERT(err.text[0], "invalid without a message");
	}
	helios_job_release(&job);
	free(text);
	return 0;
}
