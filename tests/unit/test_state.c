#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "job/state.h"
#include "suites.h"

static const char job_text[] =
	"{\"metadata\":{\"totalFrames\":4,\"fps\":30,\"width\":8,\"height\":8,\"duration\":0.1},"
	"\"chunks\":[{\"id\":0,\"startFrame\":0,\"frameCount\":2,\"outputFile\":\"a \\\"q\\\".mp4\","
	"\"command\":\"make 'a \\\"q\\\".mp4'\"},"
	"{\"id\":1,\"startFrame\":2,\"frameCount\":2,\"outputFile\":\"b.mp4\",\"command\":\"make b.mp4\"}],"
	"\"mergeCommand\":\"helios merge o.mp4 'a \\\"q\\\".mp4' b.mp4\"}";

START_TEST(state_round_trip)
{
	struct helios_job job;
	struct helios_state_chunk in[2] = { { .status = HELIOS_CHUNK_DONE, .size = 1234, .attempts = 2, .seconds = 0.5 },
					    { .status = HELIOS_CHUNK_FAILED, .size = 0, .attempts = 3, .seconds = 1 } };
	struct helios_state_chunk out[2] = { { 0 } };
	struct helios_state_merge merge = { true, "", 5, "1.000000002" }, merge_back;
	char path[] = "/tmp/helios-state-test-XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	helios_job_init(&job);
	ck_assert_int_eq(helios_job_parse(&job, job_text, strlen(job_text), NULL), HELIOS_OK);
	memset(merge.fingerprint, 'e', 64);
	memset(in[0].fingerprint, 'a', 64);
	strcpy(in[0].mtime, "1712345678.123456789");
	ck_assert(helios_state_chunk_add_read(&in[0], "img/a \"b\".png",
					      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	ck_assert_int_eq(helios_state_write(path, &job, in, &merge, NULL), HELIOS_OK);
	ck_assert_int_eq(helios_state_read(path, &job, out, &merge_back, NULL), HELIOS_OK);
	ck_assert(merge_back.done);
	ck_assert_str_eq(merge_back.fingerprint, merge.fingerprint);
	ck_assert_str_eq(merge_back.mtime, "1.000000002");
	ck_assert_int_eq(merge_back.size, 5);
	ck_assert_int_eq(out[0].status, HELIOS_CHUNK_DONE);
	ck_assert_int_eq(out[0].size, 1234);
	ck_assert_int_eq(out[0].attempts, 2);
	ck_assert_str_eq(out[0].fingerprint, in[0].fingerprint);
	ck_assert_str_eq(out[0].mtime, "1712345678.123456789");
	ck_assert_uint_eq(out[0].read_count, 1);
	ck_assert_str_eq(out[0].reads[0].path, "img/a \"b\".png");
	ck_assert_str_eq(out[0].reads[0].sha256, in[0].reads[0].sha256);
	ck_assert_int_eq(out[1].status, HELIOS_CHUNK_FAILED);
	helios_state_chunks_clear(out, 2);
	/* A re-planned chunk (other command) is not taken for done. */
	free(job.chunks[0].command);
	job.chunks[0].command = strdup("make other");
	ck_assert_int_eq(helios_state_read(path, &job, out, &merge_back, NULL), HELIOS_OK);
	ck_assert_int_eq(out[0].status, HELIOS_CHUNK_PENDING);
	helios_state_chunks_clear(out, 2);
	unlink(path);
	ck_assert_int_eq(helios_state_read(path, &job, out, &merge_back, NULL), HELIOS_OK);
	ck_assert_int_eq(out[1].status, HELIOS_CHUNK_PENDING);
	ck_assert(!merge_back.done);
	helios_state_chunks_clear(in, 2);
	helios_job_release(&job);
}
END_TEST

START_TEST(state_rejects_other_files)
{
	struct helios_job job;
	struct helios_state_chunk out[2];
	struct helios_error err;
	struct helios_state_merge merged;

	helios_job_init(&job);
	ck_assert_int_eq(helios_job_parse(&job, job_text, strlen(job_text), NULL), HELIOS_OK);
	ck_assert_int_eq(helios_state_parse("[1]", 3, &job, out, &merged, &err), HELIOS_EFORMAT);
	ck_assert_int_eq(helios_state_parse("{\"formatVersion\":9}", 19, &job, out, &merged, &err), HELIOS_EFORMAT);
	ck_assert(strstr(err.text, "formatVersion 9") != NULL);
	helios_job_release(&job);
}
END_TEST

/* Numbers no integer holds are ignored, not converted (undefined behaviour). */
START_TEST(state_ignores_huge_numbers)
{
	static const char text[] =
		"{\"formatVersion\":1,\"chunks\":["
		"{\"id\":1e300,\"status\":\"done\",\"outputFile\":\"b.mp4\",\"command\":\"make b.mp4\"},"
		"{\"id\":-1e400,\"status\":\"done\",\"outputFile\":\"b.mp4\",\"command\":\"make b.mp4\"},"
		"{\"id\":1,\"status\":\"done\",\"size\":1e300,\"attempts\":1e300,\"seconds\":1e400,"
		"\"outputFile\":\"b.mp4\",\"command\":\"make b.mp4\"}]}";
	struct helios_job job;
	struct helios_state_chunk out[2];
	struct helios_error err = { "" };
	struct helios_state_merge merged;

	helios_job_init(&job);
	ck_assert_int_eq(helios_job_parse(&job, job_text, strlen(job_text), NULL), HELIOS_OK);
	ck_assert_msg(helios_state_parse(text, strlen(text), &job, out, &merged, &err) == HELIOS_OK,
		      "%s", err.text);
	ck_assert_int_eq(out[0].status, HELIOS_CHUNK_PENDING);
	ck_assert_int_eq(out[1].status, HELIOS_CHUNK_DONE);
	ck_assert_int_eq(out[1].size, -1);
	ck_assert_int_eq(out[1].attempts, 0);
	ck_assert(out[1].seconds == 0);
	helios_state_chunks_clear(out, 2);
	helios_job_release(&job);
}
END_TEST

/* A version 1 file (no fingerprints) and damaged fingerprint fields are
 * read, but nothing in them can count as up to date: "" is no fingerprint. */
START_TEST(state_damaged_fingerprints_are_unknown)
{
	static const char text[] =
		"{\"formatVersion\":2,\"merged\":true,\"merge\":{\"fingerprint\":\"XYZ\",\"size\":3,\"mtime\":\"1.2.3\"},"
		"\"chunks\":["
		"{\"id\":0,\"status\":\"done\",\"size\":1,\"outputFile\":\"a \\\"q\\\".mp4\","
		"\"command\":\"make 'a \\\"q\\\".mp4'\",\"fingerprint\":\"aaaa\",\"mtime\":\"-1\"},"
		"{\"id\":1,\"status\":\"done\",\"size\":1,\"outputFile\":\"b.mp4\",\"command\":\"make b.mp4\","
		"\"fingerprint\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
		"\"reads\":[{\"path\":\"x\",\"sha256\":\"short\"}]}]}";
	struct helios_job job;
	struct helios_state_chunk out[2];
	struct helios_state_merge merge;
	struct helios_error err = { "" };

	helios_job_init(&job);
	ck_assert_int_eq(helios_job_parse(&job, job_text, strlen(job_text), NULL), HELIOS_OK);
	ck_assert_msg(helios_state_parse(text, strlen(text), &job, out, &merge, &err) == HELIOS_OK, "%s", err.text);
	ck_assert(merge.done);
	ck_assert_str_eq(merge.fingerprint, "");
	ck_assert_str_eq(merge.mtime, "");
	ck_assert_int_eq(out[0].status, HELIOS_CHUNK_DONE);
	ck_assert_str_eq(out[0].fingerprint, "");
	ck_assert_str_eq(out[0].mtime, "");
	/* A bad read makes the whole record unknown. */
	ck_assert_int_eq(out[1].status, HELIOS_CHUNK_DONE);
	ck_assert_str_eq(out[1].fingerprint, "");
	ck_assert_uint_eq(out[1].read_count, 0);
	helios_state_chunks_clear(out, 2);
	helios_job_release(&job);
}
END_TEST

Suite *suite_state(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("file");

	tcase_add_test(tc, state_round_trip);
	tcase_add_test(tc, state_rejects_other_files);
	tcase_add_test(tc, state_ignores_huge_numbers);
	tcase_add_test(tc, state_damaged_fingerprints_are_unknown);
	suite_add_tcase(s, tc);
	return s;
}
