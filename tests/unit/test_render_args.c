/* The renderer's pure pieces: ffmpeg command lines, time bases, audio
 * windows, base64 and file URLs, how media sources are resolved.  No
 * browser, no ffmpeg. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helios/codec.h"
#include "helios/config.h"
#include "helios/layout.h"
#include "helios/options.h"
#include "render/capture.h"
#include "render/ffargs.h"
#include "render/page.h"
#include "render/proxy.h"
#include "render/serve.h"
#include "render/source.h"
#include "render/text.h"
#include "suites.h"

static struct render_encode_spec spec_mp4(void)
{
	struct render_encode_spec s = { 0 };

	s.output = "./out.mp4.part-1";
	s.container = helios_container_for_path("out.mp4");
	s.video_codec = helios_codec_find("libx264");
	s.audio_codec = helios_codec_find("aac");
	s.quality = -1;
	s.width = 320;
	s.height = 240;
	s.start_frame = 0;
	s.frame_count = 30;
	s.fps = (struct helios_ratio){ 30, 1 };
	return s;
}

static char *joined(const struct render_encode_spec *s)
{
	struct helios_argv a;
	struct helios_buf b;

	helios_argv_init(&a);
	helios_buf_init(&b);
	render_ffargs_encode(s, &a);
	ck_assert(!a.failed);
	ck_assert_ptr_null(a.v[a.n]);
	helios_argv_join(&a, &b);
	helios_argv_release(&a);
	return helios_buf_take(&b);
}

START_TEST(video_only_mp4)
{
	struct render_encode_spec s = spec_mp4();
	char *cmd = joined(&s);

	ck_assert_str_eq(cmd, "ffmpeg -hide_banner -nostdin -loglevel error -y -probesize 32 -f image2pipe -framerate 30/1 "
			      "-c:v mjpeg -i pipe:0 -filter_complex [0:v]scale=320:240:flags=bicubic,format=yuv420p[v] "
			      "-map [v] -c:v libx264 -preset veryfast -video_track_timescale 90000 -movie_timescale 90000 "
			      "-movflags +faststart -f mp4 ./out.mp4.part-1");
	free(cmd);
}
END_TEST

START_TEST(png_webm_quality)
{
	struct render_encode_spec s = spec_mp4();
	char *cmd;

	s.container = helios_container_for_path("x.webm");
	s.video_codec = helios_codec_find("libvpx-vp9");
	s.quality = 31;
	s.image_format = HELIOS_IMAGE_PNG;
	s.output = "x.webm.part-1";
	cmd = joined(&s);
	ck_assert_ptr_nonnull(strstr(cmd, "-c:v png -i pipe:0"));
	/* Matroska's random UIDs off: two renders give the same bytes. */
	ck_assert_ptr_nonnull(strstr(cmd, "-c:v libvpx-vp9 -crf 31 -b:v 0 -fflags +bitexact -f webm x.webm.part-1"));
	ck_assert_ptr_null(strstr(cmd, "timescale"));	/* only mp4 and mov have one */
	ck_assert_ptr_null(strstr(cmd, "faststart"));
	free(cmd);
}
END_TEST

START_TEST(encoded_video_is_copied_with_its_colours)
{
	struct render_encode_spec s = spec_mp4();
	char *cmd;

	s.container = helios_container_for_path("x.webm");
	s.video_codec = helios_codec_find("libvpx-vp9");
	s.quality = 31;	/* the page's encoder applied it */
	s.video_encoded = true;
	s.output = "x.webm.part-1";
	cmd = joined(&s);
	ck_assert_str_eq(cmd, "ffmpeg -hide_banner -nostdin -loglevel error -y -probesize 32 -f ivf -i pipe:0 "
			      "-map 0:v -c:v copy -color_range pc -color_primaries bt709 -color_trc bt709 "
			      "-colorspace bt709 -fflags +bitexact -f webm x.webm.part-1");
	free(cmd);
}
END_TEST

START_TEST(encoded_video_with_audio)
{
	struct render_audio_track t = { "/a/tone.wav", 0, 0, 1 };
	struct render_encode_spec s = spec_mp4();
	char *cmd;

	s.video_codec = helios_codec_find("libvpx-vp9");
	s.video_encoded = true;
	s.tracks = &t;
	s.track_count = 1;
	cmd = joined(&s);
	ck_assert_ptr_nonnull(strstr(cmd, "-filter_complex [1:a]aresample=48000,"));
	ck_assert_ptr_nonnull(strstr(cmd, "-map 0:v -c:v copy "));
	ck_assert_ptr_nonnull(strstr(cmd, "-map [aout] -c:a aac -ar 48000"));
	ck_assert_ptr_nonnull(strstr(cmd, "-video_track_timescale 90000"));
	ck_assert_ptr_null(strstr(cmd, "scale="));
	free(cmd);
}
END_TEST

START_TEST(ivf_header)
{
	struct helios_config cfg = { 0 };
	struct render_capture_options o = { .config = &cfg };
	struct helios_buf b;
	static const unsigned char want[32] = {
		'D', 'K', 'I', 'F', 0, 0, 32, 0, 'V', 'P', '9', '0', 0x80, 0x02, 0xd0, 0x02,
		0x30, 0x75, 0, 0, 0xe9, 0x03, 0, 0, 31, 0, 0, 0, 0, 0, 0, 0,
	};

	o.codec = render_capture_page_codec("libvpx-vp9");
	ck_assert_ptr_nonnull(o.codec);
	ck_assert_ptr_null(render_capture_page_codec("libx264"));
	ck_assert_str_eq(render_capture_page_codec("libaom-av1")->fourcc, "AV01");
	cfg.width = 640;
	cfg.height = 720;
	cfg.fps = (struct helios_ratio){ 30000, 1001 };
	o.frame_count = 31;
	helios_buf_init(&b);
	render_capture_ivf_header(&o, &b);
	ck_assert(!b.failed);
	ck_assert_uint_eq(b.len, 32);
	ck_assert_mem_eq(b.data, want, 32);
	helios_buf_release(&b);
}
END_TEST

START_TEST(prores_is_422)
{
	struct render_encode_spec s = spec_mp4();
	char *cmd;

	s.container = helios_container_for_path("x.mov");
	s.video_codec = helios_codec_find("prores_ks");
	cmd = joined(&s);
	ck_assert_ptr_nonnull(strstr(cmd, "format=yuv422p10le[v]"));
	ck_assert_ptr_nonnull(strstr(cmd, "-f mov "));
	free(cmd);
}
END_TEST

START_TEST(audio_before_the_window_is_delayed)
{
	/* Chunk of frames 10..19 at 30 fps is samples [16000, 32000); a track
	 * starting at 0.5 s (sample 24000) is delayed by 8000 samples. */
	struct render_audio_track t = { "/a/tone.wav", 0.5, 0, 1 };
	struct render_encode_spec s = spec_mp4();
	char *cmd;

	s.start_frame = 10;
	s.frame_count = 10;
	s.tracks = &t;
	s.track_count = 1;
	cmd = joined(&s);
	ck_assert_ptr_nonnull(strstr(cmd, "-t 1.333333 -format_whitelist mov,mp4,matroska,webm,ogg,wav,mp3,flac,aac "
					  "-protocol_whitelist file -i /a/tone.wav"));
	ck_assert_ptr_null(strstr(cmd, "-ss"));
	ck_assert_ptr_nonnull(strstr(cmd, "volume=1.000000,adelay=8000S:all=1[a0];[a0]anull,apad,"
					  "atrim=end_sample=16000[aout]"));
	ck_assert_ptr_nonnull(strstr(cmd, "-map [aout] -c:a aac -ar 48000"));
	free(cmd);
}
END_TEST

START_TEST(audio_started_before_the_window_is_seeked)
{
	/* Frames 30..59: the track began at 0.5 s from its second 2, so the
	 * window starts 0.5 s into it: seek 2.5 s, no delay. */
	struct render_audio_track t[2] = { { "/a/x.wav", 0.5, 2, 0.5 }, { "https://h/y.ogg", 0, 0, 1 } };
	struct render_encode_spec s = spec_mp4();
	char *cmd;

	s.start_frame = 30;
	s.frame_count = 30;
	s.tracks = t;
	s.track_count = 2;
	s.timeout_ms = 5000;
	s.http_proxy = "http://127.0.0.1:9";
	cmd = joined(&s);
	ck_assert_ptr_nonnull(strstr(cmd, "-ss 2.500000 -t 2.000000 -format_whitelist "));
	ck_assert_ptr_nonnull(strstr(cmd, "-protocol_whitelist file -i /a/x.wav -ss 1.000000 -t 2.000000 "));
	/* A network source goes through the proxy and fails within the timeout when it stalls. */
	ck_assert_ptr_nonnull(strstr(cmd, "-protocol_whitelist http,https,tcp,tls,httpproxy -http_proxy http://127.0.0.1:9 "
					  "-rw_timeout 5000000 -i https://h/y.ogg"));
	ck_assert_ptr_nonnull(strstr(cmd, "volume=0.500000,adelay=0S:all=1[a0]"));
	ck_assert_ptr_nonnull(strstr(cmd, "[a0][a1]amix=inputs=2:normalize=0:duration=longest,apad,"
					  "atrim=end_sample=48000[aout]"));
	free(cmd);
}
END_TEST

/* The command line of frames 30..59 at 30 fps with the one track t. */
static char *line_of_second_1(const struct render_audio_track *t)
{
	struct render_encode_spec s = spec_mp4();

	s.start_frame = 30;
	s.tracks = t;
	s.track_count = 1;
	return joined(&s);
}

/* That command line holds part (or, with present false, does not). */
static void expect_part(const struct render_audio_track *t, const char *part, bool present)
{
	char *line = line_of_second_1(t);

	if (present)
		ck_assert_ptr_nonnull(strstr(line, part));
	else
		ck_assert_ptr_null(strstr(line, part));
	free(line);
}

START_TEST(looping_audio_counts_samples_from_the_file_start)
{
	struct render_audio_track t = { "a.wav", 0.5, 0.25, 1, true, 1, .rate = 1 };
	char *line;

	line = line_of_second_1(&t);
	/* 0.25 s of seek plus the 0.5 s of it that came before the chunk. */
	ck_assert_ptr_nonnull(strstr(line, "-stream_loop -1 "));
	ck_assert_ptr_nonnull(strstr(line, "atrim=start_sample=36000,"));
	ck_assert_ptr_nonnull(strstr(line, "adelay=0S:all=1,atrim=end_sample=48000[a0]"));
	ck_assert_ptr_null(strstr(line, " -ss "));
	free(line);
}
END_TEST

START_TEST(fades_are_gains_of_composition_samples)
{
	struct render_audio_track t = { "a.wav", 0.5, 0.25, 1, false, 2, .fade_in = 1, .fade_out = 0.5,
					.fade_easing = "quad.in", .end = 10 };
	char *line;

	line = line_of_second_1(&t);
	/* Sample n of the chunk is sample 48000 + n of the composition; the
	 * file's end (0.5 + 2 - 0.25) comes before the composition's. */
	ck_assert_ptr_nonnull(strstr(line, ",aeval=exprs='val(ch)*clip(1*(st(0,clip(((n+48000)/48000-0.5)/1,0,1));"
					   "ld(0)*ld(0))*(st(0,clip((2.25-(n+48000)/48000)/0.5,0,1));ld(0)*ld(0)),0,1)'"
					   ":c=same[a0]"));
	free(line);
	/* Looping, it ends with the composition; no fade, no filter. */
	t.loop = true;
	t.fade_in = 0;
	t.fade_easing = "no.such";
	expect_part(&t, "*(st(0,clip((10-(n+48000)/48000)/0.5,0,1));ld(0)),0,1)'", true);
	t.fade_out = 0;
	expect_part(&t, "aeval", false);
}
END_TEST

START_TEST(playback_rate_is_a_tempo_change_from_the_clips_start)
{
	struct render_audio_track t = { "a.wav", 0.5, 0.25, 1, false, 10, .rate = 5 };
	char *line;

	/* Frames 30..59: the clip began 0.5 s (24000 samples) before. */
	line = line_of_second_1(&t);
	ck_assert_ptr_null(strstr(line, " -ss "));
	/* The file up to the window's end: 0.25 + 1.5 s x 5, and a second. */
	ck_assert_ptr_nonnull(strstr(line, " -t 8.750000 "));
	ck_assert_ptr_nonnull(strstr(line, "atrim=start_sample=12000,asetpts=N/SR/TB,atempo=2,atempo=2,atempo=1.25,"
					   "asetpts=N/SR/TB,atrim=start_sample=24000,asetpts=N/SR/TB,aformat="));
	ck_assert_ptr_nonnull(strstr(line, "adelay=0S:all=1,atrim=end_sample=48000[a0]"));
	free(line);
	t.rate = 0.2;
	expect_part(&t, ",atempo=0.5,atempo=0.5,atempo=0.8,", true);
}
END_TEST

START_TEST(easings_are_upstreams)
{
	ck_assert_str_eq(render_ffargs_easing("linear"), "X");
	ck_assert_str_eq(render_ffargs_easing("cubic.out"), "1-pow(1-X,3)");
	ck_assert_ptr_nonnull(render_ffargs_easing("bounce.inOut"));
	ck_assert_ptr_null(render_ffargs_easing("quad"));
	ck_assert_ptr_null(render_ffargs_easing(NULL));
}
END_TEST

START_TEST(probe_tells_sound_and_length)
{
	bool audio;
	double d;

	ck_assert(render_ffargs_parse_probe("codec_type=video\ncodec_type=audio\nduration=2.500000\n", &audio, &d));
	ck_assert(audio);
	ck_assert(d == 2.5);
	ck_assert(render_ffargs_parse_probe("codec_type=video\nduration=N/A\n", &audio, &d));
	ck_assert(!audio);
	ck_assert(d == -1);
	ck_assert(!render_ffargs_parse_probe("", &audio, &d));
}
END_TEST

START_TEST(timescale_divides_every_frame)
{
	ck_assert_int_eq(render_ffargs_timescale((struct helios_ratio){ 30, 1 }), 90000);
	ck_assert_int_eq(render_ffargs_timescale((struct helios_ratio){ 30000, 1001 }), 90000);
	ck_assert_int_eq(render_ffargs_timescale((struct helios_ratio){ 24000, 1001 }), 72000);
	/* 29.97 = 2997/100: 90000 is not a multiple of 2997. */
	ck_assert_int_eq(render_ffargs_timescale((struct helios_ratio){ 2997, 100 }), 2997 * 30);
	ck_assert_int_eq(render_ffargs_timescale((struct helios_ratio){ 7, 1 }) % 7, 0);
	ck_assert_int_eq(render_ffargs_timescale((struct helios_ratio){ 999, 1 }) % 999, 0);
}
END_TEST

START_TEST(sample_windows_meet)
{
	struct helios_ratio ntsc = { 30000, 1001 };
	int64_t a_first, a_count, b_first, b_count, all_first, all_count;

	render_ffargs_sample_window(0, 7, ntsc, 48000, &a_first, &a_count);
	render_ffargs_sample_window(7, 13, ntsc, 48000, &b_first, &b_count);
	render_ffargs_sample_window(0, 20, ntsc, 48000, &all_first, &all_count);
	ck_assert_int_eq(a_first, 0);
	ck_assert_int_eq(b_first, a_first + a_count);
	ck_assert_int_eq(a_count + b_count, all_count);
	ck_assert_int_eq(all_count, 20 * 1001 * 48000 / 30000);
	render_ffargs_sample_window(10, 10, (struct helios_ratio){ 30, 1 }, 48000, &a_first, &a_count);
	ck_assert_int_eq(a_first, 16000);
	ck_assert_int_eq(a_count, 16000);
}
END_TEST

START_TEST(muxer_names)
{
	ck_assert_str_eq(render_ffargs_muxer(helios_container_for_path("a.mkv")), "matroska");
	ck_assert_str_eq(render_ffargs_muxer(helios_container_for_path("a.MP4")), "mp4");
	ck_assert_str_eq(render_ffargs_muxer(helios_container_for_path("a.webm")), "webm");
}
END_TEST

START_TEST(base64_round_trip)
{
	struct helios_buf b;

	helios_buf_init(&b);
	ck_assert(render_text_base64_decode("aGVsaW9z", 8, &b));
	ck_assert_str_eq(helios_buf_str(&b), "helios");
	helios_buf_clear(&b);
	ck_assert(render_text_base64_decode("aGk=", 4, &b));
	ck_assert_int_eq(b.len, 2);
	helios_buf_clear(&b);
	ck_assert(render_text_base64_decode("/+8A", 4, &b));
	ck_assert_int_eq(b.len, 3);
	ck_assert_int_eq((unsigned char)b.data[0], 0xff);
	ck_assert_int_eq((unsigned char)b.data[1], 0xef);
	ck_assert_int_eq((unsigned char)b.data[2], 0x00);
	ck_assert(!render_text_base64_decode("a b", 3, &b));
	helios_buf_release(&b);
	ck_assert_str_eq(render_text_data_url_payload("data:image/png;base64,QUJD"), "QUJD");
	ck_assert_ptr_null(render_text_data_url_payload("data:,"));
	ck_assert_ptr_null(render_text_data_url_payload("file:///x"));
}
END_TEST

START_TEST(file_urls)
{
	struct helios_buf b;

	helios_buf_init(&b);
	render_text_file_url("/tmp/a b/caf\xc3\xa9#1?.html", &b);
	ck_assert_str_eq(helios_buf_str(&b), "file:///tmp/a%20b/caf%C3%A9%231%3F.html");
	helios_buf_clear(&b);
	render_text_file_url_path("file:///tmp/a%20b/caf%C3%A9%231%3F.html", &b);
	ck_assert_str_eq(helios_buf_str(&b), "/tmp/a b/caf\xc3\xa9#1?.html");
	helios_buf_clear(&b);
	render_text_file_url_path("file://localhost/x/t.wav?v=1#f", &b);
	ck_assert_str_eq(helios_buf_str(&b), "/x/t.wav");
	helios_buf_release(&b);
}
END_TEST

START_TEST(exception_messages)
{
	const char *json = "{\"text\":\"Uncaught\",\"lineNumber\":4,\"columnNumber\":8,"
			   "\"url\":\"file:///tmp/a%20b/t.html\",\"exception\":{\"description\":"
			   "\"Error: boom\\n    at go (file:///tmp/t.html:5:9)\"}}";
	cJSON *details = cJSON_Parse(json);
	struct helios_buf b;

	helios_buf_init(&b);
	render_page_describe_exception(details, NULL, &b);
	ck_assert_str_eq(helios_buf_str(&b), "Error: boom at /tmp/a b/t.html:5:9");
	cJSON_Delete(details);
	details = cJSON_Parse("{\"text\":\"Uncaught\",\"exception\":{\"value\":\"plain\"}}");
	helios_buf_clear(&b);
	render_page_describe_exception(details, NULL, &b);
	ck_assert_str_eq(helios_buf_str(&b), "Uncaught plain");
	cJSON_Delete(details);
	/* A served input's URLs read as its files. */
	details = cJSON_Parse("{\"text\":\"Uncaught\",\"lineNumber\":0,\"url\":"
			      "\"http://127.0.0.1:5000/assets/a%20b.js?v=1\",\"exception\":{\"description\":\"Error: x\"}}");
	helios_buf_clear(&b);
	render_page_describe_exception(details, &(struct render_site){ "http://127.0.0.1:5000", "/srv/dist" }, &b);
	ck_assert_str_eq(helios_buf_str(&b), "Error: x at /srv/dist/assets/a b.js:1");
	cJSON_Delete(details);
	helios_buf_release(&b);
}
END_TEST

START_TEST(served_paths)
{
	struct render_server server = { { 0, 5000, -1 }, "/srv/my site", "http://127.0.0.1:5000" };
	struct helios_buf b;

	helios_buf_init(&b);
	ck_assert(render_server_url(&server, "/srv/my site/dist/index.html", &b));
	ck_assert_str_eq(helios_buf_str(&b), "http://127.0.0.1:5000/dist/index.html");
	helios_buf_clear(&b);
	ck_assert(!render_server_url(&server, "/srv/my sites/index.html", &b));
	ck_assert(!render_server_url(&server, "/etc/passwd", &b));
	helios_buf_clear(&b);
	ck_assert(render_server_path(server.origin, server.root, "http://127.0.0.1:5000/t%C3%A9.wav#x", &b));
	ck_assert_str_eq(helios_buf_str(&b), "/srv/my site/t\xc3\xa9.wav");
	ck_assert(!render_server_path(server.origin, server.root, "http://127.0.0.1:50000/x", &b));
	ck_assert(!render_server_path(NULL, NULL, "http://127.0.0.1:5000/x", &b));

	ck_assert(render_server_decode_target("/assets/a%20b.js?v=1", &b));
	ck_assert_str_eq(helios_buf_str(&b), "/assets/a b.js");
	ck_assert(render_server_decode_target("/a/..b/c..", &b));
	ck_assert(!render_server_decode_target("/../etc/passwd", &b));
	ck_assert(!render_server_decode_target("/a/%2e%2e/%2E%2E/etc", &b));
	ck_assert(!render_server_decode_target("/a/..", &b));
	ck_assert(!render_server_decode_target("/a%00.html", &b));
	ck_assert(!render_server_decode_target("a.html", &b));
	helios_buf_release(&b);

	ck_assert_str_eq(render_server_mime_type("/x/index.HTML"), "text/html; charset=utf-8");
	ck_assert_str_eq(render_server_mime_type("/x/m.mjs"), "text/javascript; charset=utf-8");
	ck_assert_str_eq(render_server_mime_type("/x/f.woff2"), "font/woff2");
	ck_assert_str_eq(render_server_mime_type("/x/w.wasm"), "application/wasm");
	ck_assert_str_eq(render_server_mime_type("/x.d/README"), "application/octet-stream");
}
END_TEST

START_TEST(range_requests)
{
	off_t a = -1, b = -1;

	ck_assert_int_eq(render_server_parse_range(NULL, 100, &a, &b), 0);
	ck_assert_int_eq(render_server_parse_range("bytes=0-9", 100, &a, &b), 1);
	ck_assert(a == 0 && b == 9);
	ck_assert_int_eq(render_server_parse_range("bytes=90-", 100, &a, &b), 1);
	ck_assert(a == 90 && b == 99);
	ck_assert_int_eq(render_server_parse_range("bytes=50-500", 100, &a, &b), 1);
	ck_assert(a == 50 && b == 99);
	ck_assert_int_eq(render_server_parse_range("bytes=-10", 100, &a, &b), 1);
	ck_assert(a == 90 && b == 99);
	ck_assert_int_eq(render_server_parse_range("bytes=-1000", 100, &a, &b), 1);
	ck_assert(a == 0 && b == 99);
	ck_assert_int_eq(render_server_parse_range("bytes=100-", 100, &a, &b), -1);
	ck_assert_int_eq(render_server_parse_range("bytes=0-", 0, &a, &b), -1);
	ck_assert_int_eq(render_server_parse_range("bytes=-0", 100, &a, &b), -1);
	ck_assert_int_eq(render_server_parse_range("bytes=0-1,5-6", 100, &a, &b), 0);
	ck_assert_int_eq(render_server_parse_range("bytes=9-1", 100, &a, &b), 0);
	ck_assert_int_eq(render_server_parse_range("items=0-1", 100, &a, &b), 0);
	ck_assert_int_eq(render_server_parse_range("bytes=99999999999999999999-", 100, &a, &b), 0);
}
END_TEST

START_TEST(renderer_flags_reach_chunk_commands_only_when_set)
{
	struct helios_render_request req;
	struct helios_settings s;
	struct helios_config cfg;
	struct helios_layout layout;
	struct helios_error err;

	helios_settings_init(&s);
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_INPUT, "comp.html", &err), HELIOS_OK);
	ck_assert_int_eq(helios_config_resolve(&s, &cfg, NULL, &err), HELIOS_OK);
	ck_assert_int_eq(helios_layout_make(&layout, &cfg, "/w", NULL, &err), HELIOS_OK);
	ck_assert_int_eq(layout.needs_renderer, 0);
	ck_assert_ptr_null(strstr(layout.chunk_flags, "--image-format"));
	helios_layout_release(&layout);
	/* Not passed on, but the renderer has its defaults: the ones the TUI shows. */
	ck_assert_int_eq(helios_render_request_from_config(&req, &cfg, &err), HELIOS_OK);
	ck_assert_int_eq(req.config->image_format, HELIOS_IMAGE_JPEG);
	ck_assert_str_eq(req.config->canvas_selector, helios_option_renderer_default(HELIOS_OPTION_CANVAS_SELECTOR));
	ck_assert_int_eq(req.config->timeout_ms, 30000);
	ck_assert_str_eq(helios_option_renderer_default(HELIOS_OPTION_TIMEOUT), "30");
	ck_assert_str_eq(helios_option_renderer_default(HELIOS_OPTION_IMAGE_FORMAT), "jpeg");
	ck_assert_ptr_null(helios_option_renderer_default(HELIOS_OPTION_PROPS));

	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_IMAGE_FORMAT, "png", &err), HELIOS_OK);
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_PROPS, "{\"title\": \"it's\"}", &err),
			 HELIOS_OK);
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_IMAGE_FORMAT, "gif", &err), HELIOS_EINVAL);
	ck_assert_int_eq(helios_config_resolve(&s, &cfg, NULL, &err), HELIOS_OK);
	ck_assert_int_eq(helios_layout_make(&layout, &cfg, "/w", NULL, &err), HELIOS_OK);
	ck_assert_int_eq(layout.needs_renderer, 1);
	ck_assert_str_eq(layout.chunk_flags, " --width 1920 --height 1080 --fps 30 --mode canvas "
					     "--image-format png --props '{\"title\": \"it'\\''s\"}'");
	helios_layout_release(&layout);
	helios_settings_release(&s);
}
END_TEST

static void target_is(const char *target, bool connect, const char *host, unsigned port, const char *path)
{
	struct helios_buf b;
	unsigned got_port = 0;
	const char *got_path = NULL;
	bool ok;

	helios_buf_init(&b);
	ok = render_proxy_target(target, connect, &b, &got_port, &got_path);
	ck_assert_msg(ok == (host != NULL), "%s: %s", target, ok ? "split" : "refused");
	if (host) {
		ck_assert_str_eq(helios_buf_str(&b), host);
		ck_assert_uint_eq(got_port, port);
		ck_assert_str_eq(got_path, path);
	}
	helios_buf_release(&b);
}

START_TEST(proxy_targets_split_into_host_port_and_path)
{
	target_is("http://localhost:18801/secret?x=1", false, "localhost", 18801, "/secret?x=1");
	target_is("http://Example.com", false, "Example.com", 80, "/");
	target_is("https://example.com/a", false, "example.com", 443, "/a");
	target_is("http://[::ffff:7f00:1]:9/x", false, "::ffff:7f00:1", 9, "/x");
	target_is("localhost:443", true, "localhost", 443, "/");
	target_is("[::1]:8443", true, "::1", 8443, "/");
	/* userinfo would hide the host that is checked */
	target_is("http://example.com@127.0.0.1/", false, NULL, 0, NULL);
	target_is("http://h:0/", false, NULL, 0, NULL);
	target_is("http://h:65536/", false, NULL, 0, NULL);
	target_is("http://h:/", false, NULL, 0, NULL);
	target_is("http:///x", false, NULL, 0, NULL);
	target_is("/x", false, NULL, 0, NULL);
	target_is("ftp://h/", false, NULL, 0, NULL);
	target_is("localhost", true, NULL, 0, NULL);
	target_is("[::1:443", true, NULL, 0, NULL);
}
END_TEST

START_TEST(media_sources_resolve_as_the_server_does)
{
	char dir[] = "/tmp/helios-unit-XXXXXX", *real = NULL, *file = NULL;
	struct helios_buf b, path, url;
	struct helios_error err;
	struct render_source_rules rules = { "http://127.0.0.1:5000", NULL };
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	helios_buf_init(&b);
	helios_buf_init(&path);
	helios_buf_init(&url);
	helios_buf_printf(&path, "%s/.git", dir);
	ck_assert_int_eq(mkdir(helios_buf_str(&path), 0700), 0);
	helios_buf_printf(&path, "/config");
	f = fopen(helios_buf_str(&path), "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	helios_buf_clear(&path);
	helios_buf_printf(&path, "%s/a.wav", dir);
	f = fopen(helios_buf_str(&path), "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	real = realpath(dir, NULL);
	rules.root = real;

	ck_assert_int_eq(render_server_resolve(real, "/.git/config", &file), 404);
	ck_assert_int_eq(render_server_resolve(real, "/%2egit/config", &file), 404);
	ck_assert_int_eq(render_server_resolve(real, "/..%2F..%2Fetc%2Fpasswd", &file), 400);
	ck_assert_int_eq(render_server_resolve(real, "/missing.wav", &file), 404);
	ck_assert_int_eq(render_server_resolve(real, "/a.wav?x=1", &file), 200);
	free(file);
	/* A root whose own path is hidden serves what it holds. */
	helios_buf_clear(&path);
	helios_buf_printf(&path, "%s/.git", real);
	ck_assert_int_eq(render_server_resolve(helios_buf_str(&path), "/config", &file), 200);
	free(file);

	ck_assert_int_eq(render_source_resolve(&rules, "http://127.0.0.1:5000/a.wav#t=1", &b, &err), HELIOS_OK);
	helios_buf_clear(&path);
	helios_buf_printf(&path, "%s/a.wav", real);
	ck_assert_str_eq(helios_buf_str(&b), helios_buf_str(&path));
	render_text_file_url(helios_buf_str(&path), &url);
	ck_assert_int_eq(render_source_resolve(&rules, helios_buf_str(&url), &b, &err), HELIOS_OK);
	ck_assert_str_eq(helios_buf_str(&b), helios_buf_str(&path));
	ck_assert_int_eq(render_source_resolve(&rules, "http://127.0.0.1:5000/.git/config", &b, &err), HELIOS_EFAIL);
	ck_assert_str_eq(err.text, "audio: 'http://127.0.0.1:5000/.git/config': the file server refuses it (404 Not Found)");
	ck_assert_int_eq(render_source_resolve(&rules, "file:///etc/passwd", &b, &err), HELIOS_EFAIL);
	ck_assert_int_eq(render_source_resolve(&rules, "data:audio/wav;base64,AA==", &b, &err), HELIOS_OK);
	ck_assert_int_eq(render_source_resolve(&rules, "blob:http://127.0.0.1:5000/x", &b, &err), HELIOS_EFAIL);
	/* Another host's URL goes to ffmpeg as it is, and through the proxy. */
	ck_assert_int_eq(render_source_resolve(&rules, "http://127.0.0.1:5001/a.wav", &b, &err), HELIOS_OK);
	ck_assert_str_eq(helios_buf_str(&b), "http://127.0.0.1:5001/a.wav");
	rules = (struct render_source_rules){ NULL, NULL };
	ck_assert_int_eq(render_source_resolve(&rules, helios_buf_str(&url), &b, &err), HELIOS_EFAIL);

	remove(helios_buf_str(&path));
	helios_buf_clear(&path);
	helios_buf_printf(&path, "%s/.git/config", real);
	remove(helios_buf_str(&path));
	helios_buf_clear(&path);
	helios_buf_printf(&path, "%s/.git", real);
	rmdir(helios_buf_str(&path));
	rmdir(real);
	free(real);
	helios_buf_release(&b);
	helios_buf_release(&path);
	helios_buf_release(&url);
}
END_TEST

Suite *suite_render_args(void)
{
	Suite *s = suite_create("render_args");
	TCase *tc = tcase_create("ffmpeg");
	TCase *text = tcase_create("text");

	tcase_add_test(tc, video_only_mp4);
	tcase_add_test(tc, png_webm_quality);
	tcase_add_test(tc, prores_is_422);
	tcase_add_test(tc, encoded_video_is_copied_with_its_colours);
	tcase_add_test(tc, encoded_video_with_audio);
	tcase_add_test(tc, ivf_header);
	tcase_add_test(tc, audio_before_the_window_is_delayed);
	tcase_add_test(tc, audio_started_before_the_window_is_seeked);
	tcase_add_test(tc, probe_tells_sound_and_length);
	tcase_add_test(tc, looping_audio_counts_samples_from_the_file_start);
	tcase_add_test(tc, fades_are_gains_of_composition_samples);
	tcase_add_test(tc, easings_are_upstreams);
	tcase_add_test(tc, playback_rate_is_a_tempo_change_from_the_clips_start);
	tcase_add_test(tc, timescale_divides_every_frame);
	tcase_add_test(tc, sample_windows_meet);
	tcase_add_test(tc, muxer_names);
	tcase_add_test(text, base64_round_trip);
	tcase_add_test(text, file_urls);
	tcase_add_test(text, exception_messages);
	tcase_add_test(text, served_paths);
	tcase_add_test(text, range_requests);
	tcase_add_test(text, proxy_targets_split_into_host_port_and_path);
	tcase_add_test(text, media_sources_resolve_as_the_server_does);
	tcase_add_test(text, renderer_flags_reach_chunk_commands_only_when_set);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, text);
	return s;
}
