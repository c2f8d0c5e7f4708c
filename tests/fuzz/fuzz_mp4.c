/* MP4/MOV header reader.  The first byte picks the entry point: even, the
 * rest is the body of a 'moov' box (helios_mp4_parse_moov); odd, the rest
 * is a whole file (helios_mp4_probe, through a memory file). */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "run/mp4.h"
#include "fuzz.h"

static void check_media(const struct helios_media *m)
{
	FUZZ_ASSERT(m->has_video && m->frames >= 0, "frames %lld", (long long)m->frames);
	FUZZ_ASSERT(memchr(m->video_codec, 0, sizeof(m->video_codec)) &&
			    memchr(m->rate, 0, sizeof(m->rate)) &&
			    memchr(m->audio_codec, 0, sizeof(m->audio_codec)),
		    "unterminated string");
	FUZZ_ASSERT(strchr(m->rate, '/') && m->rate[0] != '0' && strstr(m->rate, "/0") == NULL,
		    "rate '%s'", m->rate);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct helios_media m;

	if (size < 1)
		return 0;
	if (!(data[0] & 1)) {
		unsigned char *moov = malloc(size - 1 ? size - 1 : 1);

		if (!moov)
			return 0;
		memcpy(moov, data + 1, size - 1);
		if (helios_mp4_parse_moov(moov, size - 1, &m))
			check_media(&m);
		free(moov);
		return 0;
	}
	if (fd < 0) {
		fd = memfd_create("fuzz-mp4", 0);
		FUZZ_ASSERT(fd >= 0, "memfd_create");
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	FUZZ_ASSERT(ftruncate(fd, 0) == 0 && pwrite(fd, data + 1, size - 1, 0) == (ssize_t)(size - 1),
		    "memory file");
	if (helios_mp4_probe(path, &m))
		check_media(&m);
	return 0;
}
