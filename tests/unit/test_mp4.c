#include <check.h>
#include <string.h>

#include "helios/mp4.h"
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

static void track(struct out *o, const char *handler, const char *format, uint32_t timescale, uint32_t count,
		  uint32_t delta)
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
	u32(o, 0), u32(o, 1), u32(o, 16);
	memcpy(o->b + o->len, format, 4);
	o->len += 4;
	u32(o, 0), u32(o, 0);
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

Suite *suite_mp4(void)
{
	Suite *s = suite_create("mp4");
	TCase *tc = tcase_create("moov");

	tcase_add_test(tc, moov_with_video_and_pcm);
	tcase_add_test(tc, moov_ntsc_rate);
	tcase_add_test(tc, moov_refused_when_fragmented_or_truncated);
	suite_add_tcase(s, tc);
	return s;
}
