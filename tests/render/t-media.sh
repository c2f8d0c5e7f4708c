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

# expect_part_equal_whole FPS START COUNT ARGS...: frames START.. of
# whole.pcm (rendered at FPS) are the samples a render of those frames
# alone gives (one chunk in the middle: cheaper than a 3-chunk run).
expect_part_equal_whole() {
	local fps=$1 start=$2 count=$3
	shift 3
	render_pcm part.mov --fps "$fps" --start-frame "$start" --frame-count "$count" "$@"
	tail -c +$((start * 48000 / fps * 2 + 1)) whole.pcm | head -c $((count * 48000 / fps * 2)) >whole-part.pcm
	expect_eq "$(wc -c <part.pcm)" "$((count * 48000 / fps * 2))" "bytes of the part's sound"
	cmp whole-part.pcm part.pcm || fail "frames $start+$count rendered alone differ from the whole render's"
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

# expect_gain FILE START SECONDS GAIN: the window's level is the level of
# the tone at full gain (FULL, measured in the file) changed by 20 log10(GAIN) dB,
# within 0.5 dB.
expect_gain() {
	local db
	db=$(window_db "$1" "$2" "$3")
	awk -v d="$db" -v f="$FULL" -v g="$4" 'BEGIN { w = f + 20 * log(g) / log(10); exit !(d != "-inf" && d - w < 0.5 && w - d < 0.5) }' ||
		fail "$1 at $2 s for $3 s: $db dB, expected $FULL dB at gain $4"
}

test_fades_follow_the_clip_exactly_in_chunks() {
	ffmpeg -v error -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=3 tone.wav
	# Linear: half way through each second-long fade the gain is 0.5.
	media_page '<audio src="tone.wav" data-helios-fade-in="1" data-helios-fade-out="1"></audio>'
	render_pcm whole.mov --fps 5 --frame-count 15
	expect_part_equal_whole 5 3 10
	FULL=$(window_db whole.pcm 1.2 0.6)
	expect_gain whole.pcm 0.45 0.1 0.5
	expect_gain whole.pcm 2.45 0.1 0.5
	expect_quiet whole.pcm 0 0.01
	expect_quiet whole.pcm 2.99 0.01
	# quad.in: the gain is the square of the progress, 0.25 half way.
	media_page '<audio src="tone.wav" data-helios-fade-in="1" data-helios-fade-easing="quad.in"></audio>'
	render_pcm quad.mov --fps 5 --frame-count 15
	expect_gain quad.pcm 0.45 0.1 0.25
	expect_gain quad.pcm 2.45 0.1 1
}

test_a_fade_out_ends_with_the_file_or_the_composition() {
	# A 2 s file from 0.5 s ends at 2.5 s: its fade-out is over by then.
	ffmpeg -v error -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=2 tone.wav
	media_page '<audio src="tone.wav" data-helios-offset="0.5" data-helios-fade-out="0.5"></audio>'
	render_pcm file.mov --fps 5 --frame-count 15
	FULL=$(window_db file.pcm 1 0.8)
	expect_gain file.pcm 2.2 0.1 0.5
	expect_quiet file.pcm 2.5 0.5
	# Looping, it plays on: its fade-out ends with the composition's 3 s.
	media_page '<audio src="tone.wav" loop data-helios-offset="0.5" data-helios-fade-out="0.5"></audio>'
	render_pcm whole.mov --fps 5 --frame-count 15
	expect_part_equal_whole 5 12 2
	expect_gain whole.pcm 2.0 0.45 1
	expect_gain whole.pcm 2.7 0.1 0.5
	expect_quiet whole.pcm 2.995 0.005
}

# zero_crossings FILE.pcm START SECONDS: the window's zero-crossing rate
# (crossings per sample): 2 f / 48000 for a tone of f Hz.
zero_crossings() {
	ffmpeg -v info -f s16le -ar 48000 -ac 1 -i "$1" \
		-af "atrim=start=$2:duration=$3,astats" \
		-f null - 2>&1 | sed -n 's/.*Zero crossings rate: //p' | tail -n 1
}

test_playback_rate_plays_audio_faster_at_its_pitch_exactly_in_chunks() {
	# Tone, silence, tone: a second each.
	ffmpeg -v error -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=1 \
		-af apad=whole_len=96000,aloop=loop=0 -f wav a.wav
	ffmpeg -v error -i a.wav -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=1 \
		-filter_complex '[0][1]concat=n=2:v=0:a=1' tone.wav
	media_page '<audio id="a" src="tone.wav"></audio><script>a.playbackRate = 2</script>'
	render_pcm whole.mov --fps 5 --frame-count 15
	expect_eq "$(wc -c <whole.pcm)" 288000
	expect_loud whole.pcm 0 0.45
	expect_quiet whole.pcm 0.55 0.4
	expect_loud whole.pcm 1.05 0.4
	expect_quiet whole.pcm 1.55 1.45
	# The pitch is the file's: 1000 Hz, not 2000.
	awk -v z="$(zero_crossings whole.pcm 0.1 0.3)" 'BEGIN { exit !(z > 0.040 && z < 0.0435) }' ||
		fail "zero-crossing rate $(zero_crossings whole.pcm 0.1 0.3), expected 0.0417 (1000 Hz)"
	expect_part_equal_whole 5 3 5
	# The attribute, and a rate outside 0.5-2: four times as fast.
	media_page '<audio src="tone.wav" playbackRate="4"></audio>'
	render_pcm four.mov --fps 5 --frame-count 15
	expect_loud four.pcm 0 0.2
	expect_quiet four.pcm 0.3 0.15
	expect_loud four.pcm 0.55 0.15
	expect_quiet four.pcm 0.8 2.2
}

# colour_video FILE: red, green, blue, white for a second each, 32x32.
colour_video() {
	ffmpeg -v error -f lavfi -i "color=red:s=32x32:r=10:d=1" -f lavfi -i "color=lime:s=32x32:r=10:d=1" \
		-f lavfi -i "color=blue:s=32x32:r=10:d=1" -f lavfi -i "color=white:s=32x32:r=10:d=1" \
		-filter_complex '[0][1][2][3]concat=n=4:v=1:a=0' -c:v libvpx -g 1 -b:v 200k "$1"
}

# colour_of FILE FRAME: the colour of the frame's middle, as a name.
colour_of() {
	ffmpeg -v error -i "$1" -vf "select=eq(n\\,$2),crop=2:2:16:16" -frames:v 1 -f rawvideo -pix_fmt rgb24 - |
		od -An -tu1 -N3 | awk '{ r = $1 > 128; g = $2 > 128; b = $3 > 128
			print (r && g && b) ? "white" : (r && !g && !b) ? "red" : (g && !r && !b) ? "green" : (b && !r && !g) ? "blue" : "other(" $0 ")" }'
}

# expect_colours FILE COLOUR...: frame i of FILE shows the i-th colour.
expect_colours() {
	local file=$1 i=0 got=
	shift
	for want in "$@"; do
		got="$got $(colour_of "$file" $i)"
		i=$((i + 1))
	done
	expect_eq "$got" " $*" "colours of the frames of $file"
}

# render_video OUTPUT ARGS...: a small dom render of page.html.
render_video() {
	local output=$1
	shift
	mkdir -p tmp
	TMPDIR=$PWD/tmp expect_exit 0 helios render page.html -o "$output" --mode dom --width 32 --height 32 \
		--timeout 60000 "$@"
}

# A page showing one muted video at 32x32.
video_page() {
	media_page "<video $1 muted style=\"display:block;width:32px;height:32px\"></video>"
}

test_playback_rate_shows_a_video_at_rate_times_t() {
	colour_video rgb.webm
	# At 2.5 frames a second, rate 2: file times 0, 0.8, 1.6, 2.4, 3.2.
	video_page 'src="rgb.webm" playbackRate="2"'
	render_video v.mp4 --fps 5/2 --frame-count 5
	expect_colours v.mp4 red red green blue white
	# With an offset and a seek: (t - 0.4) * 2 + 0.7 (0 before the offset).
	video_page 'src="rgb.webm" playbackRate="2" data-helios-offset="0.4" data-helios-seek="0.7"'
	render_video o.mp4 --fps 5/2 --frame-count 5
	expect_colours o.mp4 red red green blue white
}

test_a_looping_video_wraps_at_its_files_end_exactly_in_chunks() {
	colour_video rgb.webm
	# A frame a second from 0.5 s into the 4 s file: 4.5 s is 0.5 s again.
	video_page 'src="rgb.webm" loop data-helios-seek="0.5"'
	render_video whole.mp4 --fps 1 --frame-count 6
	expect_colours whole.mp4 red green blue white red green
	render_video part.mp4 --fps 1 --start-frame 4 --frame-count 2
	expect_colours part.mp4 red green
}

test_a_video_is_ready_before_its_frame_is_captured() {
	colour_video rgb.webm
	# Not loaded until asked: frame 0 waits for its first picture.
	video_page 'src="rgb.webm" preload="none"'
	render_video v.mp4 --fps 1 --frame-count 2
	expect_colours v.mp4 red green
	# A file the browser cannot play is an error naming it.
	echo 'not a video' >bad.webm
	video_page 'src="bad.webm"'
	mkdir -p tmp
	TMPDIR=$PWD/tmp expect_exit 1 helios render page.html -o bad.mp4 --mode dom --width 32 --height 32 \
		--fps 1 --frame-count 1 --timeout 60000
	expect_contains err "cannot play the video 'bad.webm': "
}

test_animation_frame_callbacks_read_the_frames_media_time() {
	colour_video rgb.webm
	# The box turns white once the video is at 0.5 s or later: at 0.6 s
	# (frame 3), not a frame late.
	media_page '<video id="v" src="rgb.webm" muted style="width:2px;height:2px"></video>
<div id="b" style="position:absolute;left:0;top:0;width:32px;height:32px"></div>
<script>requestAnimationFrame(function f() {
	b.style.background = v.currentTime >= 0.5 ? "white" : "red";
	requestAnimationFrame(f);
});</script>'
	render_video v.mp4 --fps 5 --frame-count 5
	expect_colours v.mp4 red red red white white
}

test_media_in_shadow_roots_and_iframes_are_heard_and_synced() {
	colour_video rgb.webm
	ffmpeg -v error -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=1 tone.wav
	# In an open shadow root: a video (0.5 s in at 0 s, 1.5 s at 1 s) and a
	# tone from 1 s; in a same-origin iframe, a tone from 2 s.
	media_page '<div id="host"></div>
<iframe srcdoc="<audio src=tone.wav data-helios-offset=2></audio>" style="display:none"></iframe>
<script>host.attachShadow({ mode: "open" }).innerHTML =
	"<video src=rgb.webm muted data-helios-seek=0.5 style=\"display:block;width:32px;height:32px\"></video>" +
	"<audio src=tone.wav data-helios-offset=1></audio>";</script>'
	render_pcm whole.mov --fps 1 --frame-count 3
	expect_colours whole.mov red green blue
	expect_quiet whole.pcm 0 0.95
	expect_loud whole.pcm 1.05 0.9
	expect_loud whole.pcm 2.05 0.9
}

test_canvas_mode_finds_a_canvas_in_a_shadow_root() {
	media_page '<div id="host"></div>
<script>const c = document.createElement("canvas");
c.width = c.height = 32;
host.attachShadow({ mode: "open" }).appendChild(c);
const g = c.getContext("2d");
g.fillStyle = "#00f";
g.fillRect(0, 0, 32, 32);</script>'
	render_video c.mp4 --mode canvas --fps 1 --frame-count 1
	expect_colours c.mp4 blue
}

test_a_helios_page_is_heard_at_its_own_volume_rate_and_fades() {
	[ -n "${HELIOS_COMPOSITIONS:-}" ] ||
		skip "the test compositions are not built: ${HELIOS_COMPOSITIONS_MISSING:-run sh tools/deps.sh --install}"
	cp "$HELIOS_COMPOSITIONS"/helios-media.html page.html
	cp "$HELIOS_COMPOSITIONS"/helios-media.js .
	ffmpeg -v error -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=3 tone.wav
	# Volume 0.5, twice as fast (the file ends at 1.5 s), faded in over 1 s.
	render_pcm whole.mov --fps 5 --frame-count 15
	FULL=$(window_db whole.pcm 1.1 0.3)
	expect_gain whole.pcm 0.45 0.1 0.5
	expect_quiet whole.pcm 1.55 1.45
	expect_gain whole.pcm 1.1 0.3 1
	awk -v f="$FULL" 'BEGIN { exit !(f < -26) }' ||
		fail "the page's volume 0.5 is not heard: $FULL dB at 1.1 s"
}
