#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/mp4.h"
#include "suites.h"

/* A tiny box builder: boxes are written with their size patched at the end. */
struct out {
	unsigned char b[1024];
	size_t len;
};

static void u32(struct out *o, uint32_t v)
{
	o->b[o->len++] = (unsigned char)(v >> 24);
	o->b[o->len++] = (unsigned char)(v >> 16);
	o->b[o->len++] = (unsigned char)(v >> 8);
	o->b[o->len++] = (unsigned char)v;
}

static size_t open_box(struct out *o, const char *type)
{
	size_t at = o->len;

	u32(o, 0);
	memcpy(o->b + o->len, type, 4);
	o->len += 4;
	return at;
}

static void close_box(struct out *o, size_t at)
{
	size_t len = o->len;

	o->len = at;
	u32(o, (uint32_t)(len - at));
	o->len = len;
}

/* A track whose sample entry is followed by extra bytes (an audio entry's fields). */
static void track_with_entry(struct out *o, const char *handler, const char *format, uint32_t timescale,
			     uint32_t count, uint32_t delta, const unsigned char *extra, size_t extra_len)
{
	size_t trak = open_box(o, "trak"), mdia = open_box(o, "mdia"), box, minf, stbl;

	box = open_box(o, "mdhd");
	u32(o, 0), u32(o, 0), u32(o, 0), u32(o, timescale), u32(o, count * delta), u32(o, 0);
	close_box(o, box);
	box = open_box(o, "hdlr");
	u32(o, 0), u32(o, 0);
	memcpy(o->b + o->len, handler, 4);
	o->len += 4;
	u32(o, 0);
	close_box(o, box);
	minf = open_box(o, "minf");
	stbl = open_box(o, "stbl");
	box = open_box(o, "stsd");
	u32(o, 0), u32(o, 1), u32(o, (uint32_t)(16 + extra_len));
	memcpy(o->b + o->len, format, 4);
	o->len += 4;
	u32(o, 0), u32(o, 0);
	if (extra_len) {
		memcpy(o->b + o->len, extra, extra_len);
		o->len += extra_len;
	}
	close_box(o, box);
	box = open_box(o, "stts");
	u32(o, 0), u32(o, 1), u32(o, count), u32(o, delta);
	close_box(o, box);
	box = open_box(o, "stsz");
	u32(o, 0), u32(o, 0), u32(o, count);
	close_box(o, box);
	close_box(o, stbl);
	close_box(o, minf);
	close_box(o, mdia);
	close_box(o, trak);
}

static void track(struct out *o, const char *handler, const char *format, uint32_t timescale, uint32_t count,
		  uint32_t delta)
{
	track_with_entry(o, handler, format, timescale, count, delta, NULL, 0);
}

START_TEST(moov_with_video_and_pcm)
{
	struct out o = { .len = 0 };
	struct helios_media m;

	track(&o, "soun", "sowt", 48000, 12800, 1);
	track(&o, "vide", "avc1", 15360, 8, 512);
	ck_assert(helios_mp4_parse_moov(o.b, o.len, &m));
	ck_assert(m.has_video);
	ck_assert_int_eq(m.frames, 8);
	ck_assert_str_eq(m.rate, "30/1");
	ck_assert_str_eq(m.video_codec, "avc1");
	ck_assert(m.has_audio);
	ck_assert_str_eq(m.audio_codec, "pcm_s16le");
	ck_assert_int_eq(m.sample_rate, 48000);	/* the media timescale */
}
END_TEST

START_TEST(moov_audio_rate_from_the_sample_entry)
{
	/* Version 0 entry: version, revision, vendor, channels, size, compression, packet size, rate 16.16. */
	static const unsigned char v0[20] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 16, 0, 0, 0, 0, 0xac, 0x44, 0, 0 };
	/* Version 2 (QuickTime): the rate is a double at offset 24 of these fields. */
	unsigned char v2[40] = { 0, 2 };
	double rate = 96000;
	uint64_t bits;
	struct out o = { .len = 0 };
	struct helios_media m;

	track_with_entry(&o, "soun", "mp4a", 90000, 10, 1024, v0, sizeof(v0));
	track(&o, "vide", "avc1", 15360, 8, 512);
	ck_assert(helios_mp4_parse_moov(o.b, o.len, &m));
	ck_assert_str_eq(m.audio_codec, "aac");
	ck_assert_int_eq(m.sample_rate, 44100);

	memcpy(&bits, &rate, sizeof(bits));
	for (int i = 0; i < 8; i++)
		v2[24 + i] = (unsigned char)(bits >> (56 - 8 * i));
	o.len = 0;
	track_with_entry(&o, "soun", "lpcm", 1, 10, 1024, v2, sizeof(v2));
	track(&o, "vide", "avc1", 15360, 8, 512);
	ck_assert(helios_mp4_parse_moov(o.b, o.len, &m));
	ck_assert_int_eq(m.sample_rate, 96000);
}
END_TEST

START_TEST(moov_ntsc_rate)
{
	struct out o = { .len = 0 };
	struct helios_media m;

	track(&o, "vide", "avc1", 30000, 24, 1001);
	ck_assert(helios_mp4_parse_moov(o.b, o.len, &m));
	ck_assert_str_eq(m.rate, "30000/1001");
	ck_assert(!m.has_audio);
}
END_TEST

START_TEST(moov_refused_when_fragmented_or_truncated)
{
	struct out o = { .len = 0 };
	struct helios_media m;
	size_t box;

	track(&o, "vide", "avc1", 15360, 8, 512);
	ck_assert(!helios_mp4_parse_moov(o.b, o.len - 4, &m));	/* cut short */
	box = open_box(&o, "mvex");
	close_box(&o, box);
	ck_assert(!helios_mp4_parse_moov(o.b, o.len, &m));
	o.len = 0;
	track(&o, "soun", "mp4a", 48000, 10, 1024);
	ck_assert(!helios_mp4_parse_moov(o.b, o.len, &m));	/* no video */
}
END_TEST

/* A moov of 4 million nested mdia boxes (32 MiB, under the 64 MiB the
 * prober reads) once recursed once per box and overflowed the stack. */
START_TEST(moov_nesting_is_bounded)
{
	const size_t depth = 4u << 20, len = 8 * (depth + 1);
	unsigned char *b = malloc(len);
	struct helios_media m;

	ck_assert_ptr_nonnull(b);
	for (size_t i = 0; i <= depth; i++) {
		size_t size = len - 8 * i;

		b[8 * i] = (unsigned char)(size >> 24);
		b[8 * i + 1] = (unsigned char)(size >> 16);
		b[8 * i + 2] = (unsigned char)(size >> 8);
		b[8 * i + 3] = (unsigned char)size;
		memcpy(b + 8 * i + 4, i ? "mdia" : "trak", 4);
	}
	ck_assert(!helios_mp4_parse_moov(b, len, &m));
	free(b);
}
END_TEST

/* helios_mp4_probe on the file holding b[0..len) (a memory file). */
static bool probe_bytes(const unsigned char *b, size_t len, struct helios_media *m)
{
	char path[64];
	int fd = memfd_create("test-mp4", 0);
	bool ok;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, b, len), (ssize_t)len);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ok = helios_mp4_probe(path, m);
	close(fd);
	return ok;
}

static void ftyp(struct out *o)
{
	size_t box = open_box(o, "ftyp");

	memcpy(o->b + o->len, "isom", 4);
	o->len += 4;
	u32(o, 0x200);
	memcpy(o->b + o->len, "isommp41", 8);
	o->len += 8;
	close_box(o, box);
}

/* A box with a 64-bit size (size field 1). */
static void box64(struct out *o, const char *type, uint64_t size)
{
	u32(o, 1);
	memcpy(o->b + o->len, type, 4);
	o->len += 4;
	u32(o, (uint32_t)(size >> 32));
	u32(o, (uint32_t)size);
}

START_TEST(file_with_moov_after_ftyp)
{
	struct out o = { .len = 0 };
	struct helios_media m;
	size_t moov;

	ftyp(&o);
	moov = open_box(&o, "moov");
	track(&o, "vide", "avc1", 15360, 8, 512);
	close_box(&o, moov);
	ck_assert(probe_bytes(o.b, o.len, &m));
	ck_assert_int_eq(m.frames, 8);
	ck_assert_str_eq(m.rate, "30/1");
}
END_TEST

/* The 56-byte file of issue 23: a 64-bit size pointing 24 bytes before
 * its box (back to the ftyp) sent `helios merge` round for ever. */
START_TEST(file_whose_box_points_before_itself_is_refused)
{
	struct out o = { .len = 0 };
	struct helios_media m;

	ftyp(&o);
	box64(&o, "free", (uint64_t)0 - 24);
	memset(o.b + o.len, 0, 16);
	o.len += 16;
	ck_assert_uint_eq(o.len, 56);
	ck_assert(!probe_bytes(o.b, o.len, &m));
}
END_TEST

START_TEST(file_whose_box_points_past_the_end_is_refused)
{
	struct out o = { .len = 0 };
	struct helios_media m;
	size_t moov;

	ftyp(&o);
	box64(&o, "free", 1000);	/* the moov below is inside it, were it true */
	moov = open_box(&o, "moov");
	track(&o, "vide", "avc1", 15360, 8, 512);
	close_box(&o, moov);
	ck_assert(!probe_bytes(o.b, o.len, &m));
	/* A 32-bit size past the end, and one smaller than its head. */
	o.len = 0;
	ftyp(&o);
	u32(&o, 4000);
	memcpy(o.b + o.len, "mdat", 4);
	o.len += 4;
	ck_assert(!probe_bytes(o.b, o.len, &m));
	box64(&o, "free", 12);
	ck_assert(!probe_bytes(o.b, o.len, &m));
}
END_TEST

/* Not a file to read: refused at once, not waited on for a writer. */
START_TEST(fifo_is_refused_without_waiting)
{
	char dir[] = "/tmp/helios-mp4.XXXXXX", path[64];
	struct helios_media m;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/chunk.mp4", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert(!helios_mp4_probe(path, &m));
	unlink(path);
	rmdir(dir);
}
END_TEST

Suite *suite_mp4(void)
{
	Suite *s = suite_create("mp4");
	TCase *tc = tcase_create("moov");

	tcase_add_test(tc, moov_with_video_and_pcm);
	tcase_add_test(tc, moov_audio_rate_from_the_sample_entry);
	tcase_add_test(tc, moov_ntsc_rate);
	tcase_add_test(tc, moov_refused_when_fragmented_or_truncated);
	tcase_add_test(tc, moov_nesting_is_bounded);
	suite_add_tcase(s, tc);
	tc = tcase_create("file");
	/* A walk that goes round ends as a failure here, not as a hang. */
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, file_with_moov_after_ftyp);
	tcase_add_test(tc, file_whose_box_points_before_itself_is_refused);
	tcase_add_test(tc, file_whose_box_points_past_the_end_is_refused);
	tcase_add_test(tc, fifo_is_refused_without_waiting);
	suite_add_tcase(s, tc);
	return s;
}
