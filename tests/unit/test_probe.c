#include <check.h>

#include "run/probe.h"
#include "suites.h"

START_TEST(parse_count)
{
	int64_t n = 0;

	ck_assert(helios_probe_parse_count("24\n", &n));
	ck_assert_int_eq(n, 24);
	ck_assert(helios_probe_parse_count("7,\n", &n));
	ck_assert_int_eq(n, 7);
	ck_assert(!helios_probe_parse_count("", &n));
	ck_assert(!helios_probe_parse_count("N/A\n", &n));
	ck_assert(!helios_probe_parse_count("12 frames\n", &n));
}
END_TEST

START_TEST(parse_media_takes_first_video_and_audio)
{
	struct helios_media m;

	helios_probe_parse_media("[STREAM]\ncodec_name=h264\ncodec_type=video\nr_frame_rate=30000/1001\n"
				 "nb_frames=8\n[/STREAM]\n[STREAM]\ncodec_name=pcm_s16le\ncodec_type=audio\n"
				 "r_frame_rate=0/0\nnb_frames=12800\nsample_rate=44100\n[/STREAM]\n[STREAM]\n"
				 "codec_name=aac\ncodec_type=audio\nsample_rate=48000\n[/STREAM]\n", &m);
	ck_assert(m.has_video);
	ck_assert_str_eq(m.video_codec, "h264");
	ck_assert_str_eq(m.rate, "30000/1001");
	ck_assert_int_eq(m.frames, 8);
	ck_assert(m.has_audio);
	ck_assert_str_eq(m.audio_codec, "pcm_s16le");
	ck_assert_int_eq(m.sample_rate, 44100);
}
END_TEST

START_TEST(parse_media_takes_size_format_and_layout)
{
	struct helios_media m;

	helios_probe_parse_media("[STREAM]\ncodec_type=video\nwidth=320\nheight=180\npix_fmt=yuv420p\n"
				 "time_base=1/15360\n[/STREAM]\n[STREAM]\ncodec_type=audio\nchannels=2\n"
				 "channel_layout=stereo\n[/STREAM]\n", &m);
	ck_assert_int_eq(m.width, 320);
	ck_assert_int_eq(m.height, 180);
	ck_assert_str_eq(m.pix_fmt, "yuv420p");
	ck_assert_str_eq(m.time_base, "1/15360");
	ck_assert_int_eq(m.channels, 2);
	ck_assert_str_eq(m.channel_layout, "stereo");
	helios_probe_parse_media("[STREAM]\ncodec_type=video\nwidth=N/A\npix_fmt=unknown\n[/STREAM]\n", &m);
	ck_assert_int_eq(m.width, 0);
	ck_assert_str_eq(m.pix_fmt, "");
}
END_TEST

START_TEST(parse_media_without_frame_count)
{
	struct helios_media m;

	helios_probe_parse_media("[STREAM]\r\ncodec_name=vp9\r\ncodec_type=video\r\nr_frame_rate=30/1\r\n"
				 "nb_frames=N/A\r\n[/STREAM]\r\n", &m);
	ck_assert(m.has_video);
	ck_assert_str_eq(m.rate, "30/1");
	ck_assert_int_eq(m.frames, -1);
	ck_assert(!m.has_audio);
}
END_TEST

START_TEST(count_argv_protects_file_names)
{
	struct helios_argv argv;
	struct helios_buf line;

	helios_argv_init(&argv);
	helios_buf_init(&line);
	helios_probe_count_argv(&argv, "ffprobe", "a:b.mp4");
	helios_argv_format(&argv, &line);
	ck_assert_str_eq(helios_buf_str(&line), "ffprobe -v quiet -count_frames -select_streams v:0 "
			 "-show_entries stream=nb_read_frames -of csv=p=0 file:a:b.mp4");
	helios_argv_release(&argv);
	helios_buf_release(&line);
}
END_TEST

Suite *suite_probe(void)
{
	Suite *s = suite_create("probe");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, parse_count);
	tcase_add_test(tc, parse_media_takes_first_video_and_audio);
	tcase_add_test(tc, parse_media_without_frame_count);
	tcase_add_test(tc, parse_media_takes_size_format_and_layout);
	tcase_add_test(tc, count_argv_protects_file_names);
	suite_add_tcase(s, tc);
	return s;
}
