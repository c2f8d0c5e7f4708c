/* Run state reader: any bytes as <job>.state.json for a fixed job of three
 * chunks.  Whatever it takes, each entry must be sane, and a chunk that
 * keeps a fingerprint has a whole record: 64 hex digits, reads each with a
 * path and a hash. */
#include <math.h>
#include <string.h>

#include "helios/sha256.h"

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
	struct helios_state_merge merge;

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
	memset(&merge, 0x5a, sizeof(merge));
	if (helios_state_parse(text, size, &job, chunks, &merge, &err) == HELIOS_OK) {
		FUZZ_ASSERT(!merge.fingerprint[0] || helios_sha256_is_hex(merge.fingerprint), "merge fingerprint '%.70s'",
			    merge.fingerprint);
		FUZZ_ASSERT(strlen(merge.mtime) < HELIOS_STATE_MTIME && merge.size >= -1, "merge size %lld",
			    (long long)merge.size);
		for (int i = 0; i < 3; i++) {
			const struct helios_state_chunk *c = &chunks[i];

			FUZZ_ASSERT(c->status == HELIOS_CHUNK_PENDING || c->status == HELIOS_CHUNK_DONE ||
					    c->status == HELIOS_CHUNK_FAILED,
				    "chunk %d: status %d", i, (int)c->status);
			FUZZ_ASSERT(c->size >= -1 && c->attempts >= 0 && isfinite(c->seconds) &&
					    c->seconds >= 0,
				    "chunk %d: size %lld attempts %d seconds %g", i, (long long)c->size,
				    c->attempts, c->seconds);
			FUZZ_ASSERT(!c->fingerprint[0] || helios_sha256_is_hex(c->fingerprint), "chunk %d: fingerprint '%.70s'",
				    i, c->fingerprint);
			FUZZ_ASSERT(c->status == HELIOS_CHUNK_DONE || (!c->fingerprint[0] && !c->read_count),
				    "chunk %d: a record without being done", i);
			FUZZ_ASSERT(!c->read_count || c->fingerprint[0], "chunk %d: reads without a fingerprint", i);
			for (size_t r = 0; r < c->read_count; r++)
				FUZZ_ASSERT(c->reads[r].path[0] && helios_sha256_is_hex(c->reads[r].sha256),
					    "chunk %d: read %zu", i, r);
		}
		helios_state_chunks_clear(chunks, 3);
	} else {
		FUZZ_ASSERT(err.text[0], "rejected without a message");
	}
	free(text);
	return 0;
}
