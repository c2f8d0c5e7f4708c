# Media of a composition as Helios pages write them: silent videos, loop,
# fades, playback rate.  Sources are made by ffmpeg here; the effects are
# measured in the decoded output (PCM samples, loudness per window).

# A page of one media element (the attributes given) and a 3 s clock.
media_page() {
	printf '<!doctype html><body style="margin:0;background:#000">%s\n' "$1" >page.html
	printf '<script>window.helios = { duration: 3, fps: 30 };</script>\n' >>page.html
}

# render_pcm OUTPUT.mov ARGS...: a small dom render with PCM sound, and its
# sound as mono s16le in OUTPUT.pcm.
render_pcm() {
	local output=$1
	shift
	mkdir -p tmp
	TMPDIR=$PWD/tmp expect_exit 0 helios render page.html -o "$output" --mode dom --width 32 --height 32 \
		--audio-codec pcm_s16le --timeout 60000 "$@"
	ffmpeg -v error -y -i "$output" -map 0:a -f s16le -ac 1 "${output%.*}.pcm"
}

# The whole render and a 3-chunk one give the same samples.
expect_chunks_equal_whole() {
	render_pcm whole.mov "$@"
	render_pcm par.mov --concurrency 3 "$@"
	cmp whole.pcm par.pcm || fail "the 3-chunk render's sound differs from the whole render's"
}

# window_db FILE.pcm START SECONDS: the RMS level (dB) of that window.
window_db() {
	ffmpeg -v info -f s16le -ar 48000 -ac 1 -i "$1" \
		-af "atrim=start=$2:duration=$3,astats=measure_overall=RMS_level" \
		-f null - 2>&1 | sed -n 's/.*RMS level dB: //p' | tail -n 1
}

# expect_loud / expect_quiet FILE START SECONDS
expect_loud() {
	local db
	db=$(window_db "$@")
	awk -v d="$db" 'BEGIN { exit !(d != "-inf" && d > -30) }' || fail "$1 at $2 s for $3 s: $db dB, expected sound"
}
expect_quiet() {
	local db
	db=$(window_db "$@")
	awk -v d="$db" 'BEGIN { exit !(d == "-inf" || d < -60) }' || fail "$1 at $2 s for $3 s: $db dB, expected silence"
}

test_video_without_audio_is_silent_and_renders() {
	ffmpeg -v error -f lavfi -i testsrc=size=32x32:rate=30:duration=2 -pix_fmt yuv420p broll.mp4
	ffmpeg -v error -f lavfi -i sine=frequency=440:duration=3 -ar 48000 tone.wav
	media_page '<video src="broll.mp4"></video><audio src="tone.wav" data-helios-offset="1"></audio>'
	render_pcm out.mov --frame-count 60
	expect_quiet out.pcm 0 1
	expect_loud out.pcm 1 1
	# Alone, it gives no sound at all, and no sound track.
	media_page '<video src="broll.mp4"></video>'
	TMPDIR=$PWD/tmp expect_exit 0 helios render page.html -o alone.mov --mode dom --width 32 --height 32 \
		--frame-count 30 --timeout 60000
	expect_eq "$(ffprobe -v error -show_entries stream=codec_type -of csv=p=0 alone.mov)" video
}

test_looping_audio_repeats_to_the_end_exactly_in_chunks() {
	# 1 s of tone then 0.5 s of silence, looped from 0.5 s on: sound in
	# [0.5, 1.5), [2, 3), silence in [1.5, 2) and before 0.5.
	ffmpeg -v error -f lavfi -i sine=frequency=440:sample_rate=48000:duration=1 -af apad,atrim=end_sample=72000 tone.wav
	media_page '<audio src="tone.wav" loop data-helios-offset="0.5"></audio>'
	expect_chunks_equal_whole --frame-count 90
	expect_eq "$(wc -c <whole.pcm)" 288000
	expect_quiet whole.pcm 0 0.5
	expect_loud whole.pcm 0.5 1
	expect_quiet whole.pcm 1.55 0.4
	expect_loud whole.pcm 2 1
	# With a seek, the first pass starts there and the next from the file's start.
	media_page '<audio src="tone.wav" loop data-helios-seek="0.5"></audio>'
	expect_chunks_equal_whole --frame-count 90
	expect_loud whole.pcm 0 0.5
	expect_quiet whole.pcm 0.55 0.4
	expect_loud whole.pcm 1 1
	expect_quiet whole.pcm 2.05 0.4
	expect_loud whole.pcm 2.5 0.5
}
