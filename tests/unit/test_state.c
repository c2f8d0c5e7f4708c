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
	struct helios_state_chunk in[2] = { { HELIOS_CHUNK_DONE, 1234, 2, 0.5 }, { HELIOS_CHUNK_FAILED, 0, 3, 1 } };
	struct helios_state_chunk out[2];
	char path[] = "/tmp/helios-state-test-XXXXXX";
	bool merged = true;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	helios_job_init(&job);
	ck_assert_int_eq(helios_job_parse(&job, job_text, strlen(job_text), NULL), HELIOS_OK);
	ck_assert_int_eq(helios_state_write(path, &job, in, false, NULL), HELIOS_OK);
	ck_assert_int_eq(helios_state_read(path, &job, out, &merged, NULL), HELIOS_OK);
	ck_assert(!merged);
	ck_assert_int_eq(out[0].status, HELIOS_CHUNK_DONE);
	ck_assert_int_eq(out[0].size, 1234);
	ck_assert_int_eq(out[0].attempts, 2);
	ck_assert_int_eq(out[1].status, HELIOS_CHUNK_FAILED);
	/* A re-planned chunk (other command) is not taken for done. */
	free(job.chunks[0].command);
	job.chunks[0].command = strdup("make other");
	ck_assert_int_eq(helios_state_read(path, &job, out, &merged, NULL), HELIOS_OK);
	ck_assert_int_eq(out[0].status, HELIOS_CHUNK_PENDING);
	unlink(path);
	ck_assert_int_eq(helios_state_read(path, &job, out, &merged, NULL), HELIOS_OK);
	ck_assert_int_eq(out[1].status, HELIOS_CHUNK_PENDING);
	helios_job_release(&job);
}
END_TEST

START_TEST(state_rejects_other_files)
{
	struct helios_job job;
	struct helios_state_chunk out[2];
	struct helios_error err;
	bool merged;

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
	bool merged;

	helios_job_init(&job);
	ck_assert_int_eq(helios_job_parse(&job, job_text, strlen(job_text), NULL), HELIOS_OK);
	ck_assert_msg(helios_state_parse(text, strlen(text), &job, out, &merged, &err) == HELIOS_OK,
		      "%s", err.text);
	ck_assert_int_eq(out[0].status, HELIOS_CHUNK_PENDING);
	ck_assert_int_eq(out[1].status, HELIOS_CHUNK_DONE);
	ck_assert_int_eq(out[1].size, -1);
	ck_assert_int_eq(out[1].attempts, 0);
	ck_assert(out[1].seconds == 0);
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
	suite_add_tcase(s, tc);
	return s;
}
