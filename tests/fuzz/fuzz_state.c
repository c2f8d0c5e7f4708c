/* Run state reader: any bytes as <job>.state.json for a fixed job of three
 * chunks.  Whatever it takes, each entry must be sane. */
#include <math.h>
#include <string.h>

#include "job/state.h"
#include "fuzz.h"

static const char job_text[] =
	"{\"metadata\":{\"totalFrames\":6,\"fps\":30,\"width\":8,\"height\":8,\"duration\":0.2},"
	"\"chunks\":["
	"{\"id\":0,\"startFrame\":0,\"frameCount\":2,\"outputFile\":\"a.mp4\",\"command\":\"r a\"},"
	"{\"id\":1,\"startFrame\":2,\"frameCount\":2,\"outputFile\":\"b.mp4\",\"command\":\"r b\"},"
	"{\"id\":2,\"startFrame\":4,\"frameCount\":2,\"outputFile\":\"c \\\"q\\\".mp4\",\"command\":\"r 'c \\\"q\\\".mp4'\"}],"
	"\"mergeCommand\":\"helios merge o.mp4 a.mp4 b.mp4 'c \\\"q\\\".mp4'\"}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct helios_job job;
	static int have_job;
	struct helios_state_chunk chunks[3];
	struct helios_error err = { "" };
	char *text = malloc(size ? size : 1);
	bool merged;

	if (!have_job) {
		helios_job_init(&job);
		FUZZ_ASSERT(helios_job_parse(&job, job_text, strlen(job_text), &err) == HELIOS_OK, "%s",
			    err.text);
		have_job = 1;
	}
	if (!text)
		return 0;
	memcpy(text, data, size);
	memset(chunks, 0x5a, sizeof(chunks));
	if (helios_state_parse(text, size, &job, chunks, &merged, &err) == HELIOS_OK) {
		for (int i = 0; i < 3; i++) {
			const struct helios_state_chunk *c = &chunks[i];

			FUZZ_ASSERT(c->status == HELIOS_CHUNK_PENDING || c->status == HELIOS_CHUNK_DONE ||
					    c->status == HELIOS_CHUNK_FAILED,
				    "chunk %d: status %d", i, (int)c->status);
			FUZZ_ASSERT(c->size >= -1 && c->attempts >= 0 && isfinite(c->seconds) &&
					    c->seconds >= 0,
				    "chunk %d: size %lld attempts %d seconds %g", i, (long long)c->size,
				    c->attempts, c->seconds);
		}
	} else {
		FUZZ_ASSERT(err.text[0], "rejected without a message");
	}
	free(text);
	return 0;
}
