# The page encoder: canvas renders to VP9 or AV1 are encoded in the browser
# (WebCodecs) and ffmpeg only muxes.  Two renders are equal frame for frame,
# chunks that start on a group of pictures (120 frames) merge into exactly
# the one-piece render, the colours keep their levels, --quality reaches the
# encoder, and what the browser cannot encode falls back to ffmpeg, saying so.

examples=$HELIOS_TESTS/../examples

setup() {
	mkdir -p tmp
	export TMPDIR=$PWD/tmp
}

# Every frame with its timestamps: equal lists mean equal pictures at equal times.
frame_lines() {
	ffmpeg -v error -i "$1" -map 0:v -f framemd5 - | grep -v '^#'
}

# page_render ARGS...: a render that the browser must encode (skip when it cannot).
page_render() {
	expect_exit 0 helios render "$@"
	grep -q '^helios: render: note: .* encoded by ffmpeg from images: the browser' err &&
		skip "the browser cannot encode here: $(head -n 1 err)"
	expect_contains err "encoded in the browser (WebCodecs), ffmpeg muxes"
}

clock_args() {
	echo "$examples/canvas-clock.html --width 64 --height 48 --fps 30000/1001"
}

test_two_renders_are_equal_frame_for_frame() {
	page_render $(clock_args) --frame-count 40 -o a.webm
	expect_contains err "helios: render: note: VP9 encoded in the browser (WebCodecs), ffmpeg muxes"
	expect_lines err 2
	page_render $(clock_args) --frame-count 40 -o b.webm
	frame_lines a.webm >a.md5
	frame_lines b.webm >b.md5
	expect_lines a.md5 40
	expect_eq "$(awk -F', *' '{print $6}' a.md5 | sort -u | wc -l)" 40 "every frame differs"
	cmp a.md5 b.md5 || fail "two renders differ"
	# ffmpeg copied the browser's stream: no second encoding.
	expect_eq "$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,r_frame_rate -of csv=p=0 a.webm)" \
		"vp9,30000/1001"
}

# 250 frames in chunks of 120: both seams on a group boundary.  In MP4 too,
# where the time base is exact.
test_chunks_on_group_boundaries_equal_the_whole() {
	page_render $(clock_args) --frame-count 250 -o whole.mp4 --video-codec libvpx-vp9
	expect_exit 0 helios render $(clock_args) --frame-count 250 -o final.mp4 --video-codec libvpx-vp9 \
		--chunk-size 120 --emit-job job.json
	expect_exit 0 helios job run job.json
	frame_lines whole.mp4 >whole.md5
	frame_lines final.mp4 >final.md5
	expect_lines whole.md5 250
	cmp whole.md5 final.md5 || { diff whole.md5 final.md5 | head >&2; fail "merged chunks differ from the whole render"; }
	expect_eq "$(ffprobe -v error -show_entries format=duration -of csv=p=0 final.mp4)" "8.341667"
}

# A chunk that starts off a group boundary starts a group of its own: its
# first frame is a key frame, and the render still has every frame.
test_chunk_off_a_boundary_starts_with_a_key_frame() {
	page_render $(clock_args) --start-frame 130 --frame-count 20 -o part.webm
	expect_eq "$(ffprobe -v error -select_streams v:0 -show_entries packet=flags -of csv=p=0 part.webm |
		grep -c K)" 1
	expect_eq "$(frame_lines part.webm | wc -l)" 20
}

# Eight flat bands; decoded to RGB they must come back within 3 levels of
# what the page drew, the stream saying full range BT.709.
bands_page() {
	cat >bands.html <<'EOF'
<!doctype html><body style="margin:0"><canvas></canvas><script>
const c = document.querySelector('canvas'); c.width = innerWidth; c.height = innerHeight;
const x = c.getContext('2d');
const colours = ['#000000', '#ffffff', '#ff0000', '#00ff00', '#0000ff', '#808080', '#102030', '#f0e0d0'];
requestAnimationFrame(function draw() {
  colours.forEach((col, i) => { x.fillStyle = col; x.fillRect(i * c.width / 8, 0, c.width / 8, c.height); });
  requestAnimationFrame(draw);
});
</script>
EOF
}

# band_colours VIDEO: the RGB at the middle of each band of the first frame.
band_colours() {
	ffmpeg -v error -i "$1" -frames:v 1 -vf "format=rgb24,crop=iw:1:0:ih/2" -f rawvideo - |
		od -An -v -tu1 -w3 | awk 'NR % 40 == 21 { print $1, $2, $3 }'
}

test_colours_keep_their_levels() {
	bands_page
	page_render bands.html -o bands.webm --width 320 --height 64 --frame-count 2 --quality 10
	expect_eq "$(ffprobe -v error -select_streams v:0 -show_entries \
		stream=color_range,color_space,color_primaries -of csv=p=0 bands.webm)" "pc,bt709,bt709"
	band_colours bands.webm >got
	expect_lines got 8
	printf '0 0 0\n255 255 255\n255 0 0\n0 255 0\n0 0 255\n128 128 128\n16 32 48\n240 224 208\n' >want
	paste -d' ' got want | awk '{ for (k = 1; k <= 3; k++) { d = $k - $(k + 3); if (d < -3 || d > 3) bad = 1 } }
		END { exit bad }' || { paste got want >&2; fail "colours are off by more than 3 levels"; }
}

test_quality_is_the_quantizer() {
	page_render "$examples/canvas-clock.html" --width 160 --height 120 --frame-count 10 -o fine.webm --quality 4
	page_render "$examples/canvas-clock.html" --width 160 --height 120 --frame-count 10 -o coarse.webm --quality 60
	[ "$(stat -c %s fine.webm)" -gt "$(stat -c %s coarse.webm)" ] ||
		fail "--quality 4 is not larger than --quality 60: $(stat -c %s fine.webm coarse.webm | tr '\n' ' ')"
}

test_av1_too() {
	page_render "$examples/canvas-clock.html" --width 64 --height 48 --frame-count 10 -o a.mkv \
		--video-codec libaom-av1
	expect_contains err "helios: render: note: AV1 encoded in the browser"
	expect_eq "$(ffprobe -v error -select_streams v:0 -count_frames \
		-show_entries stream=codec_name,nb_read_frames -of csv=p=0 a.mkv)" "av1,10"
}

test_sound_is_muxed_beside_it() {
	sed 's|<div class="meter"></div>|<canvas width="64" height="48"></canvas>|' "$examples/audio-tone.html" >tone.html
	ffmpeg -v error -f lavfi -i sine=frequency=440:duration=3 -ar 48000 tone.wav
	page_render tone.html -o tone.webm --width 64 --height 48 --frame-count 30
	expect_eq "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 tone.webm | tr '\n' ' ')" "vp9 opus "
}

# What the page encoder does not take keeps today's path: H.264, lossless
# (--quality 0), dom mode, without a word; a canvas of another size than
# the output (ffmpeg scales it) with a note saying why.
test_other_renders_keep_the_ffmpeg_path() {
	expect_exit 0 helios render "$examples/canvas-clock.html" --width 64 --height 48 --frame-count 3 -o a.mp4
	expect_lines err 1
	expect_exit 0 helios render "$examples/canvas-clock.html" --width 64 --height 48 --frame-count 3 -o a.webm \
		--quality 0
	expect_lines err 1
	expect_exit 0 helios render "$examples/css-dom.html" --mode dom --width 64 --height 48 --frame-count 3 -o b.webm
	expect_lines err 1
	echo '<!doctype html><canvas width="100" height="80"></canvas>' >fixed.html
	expect_exit 0 helios render fixed.html --width 64 --height 48 --frame-count 3 -o c.webm
	expect_contains err "helios: render: note: VP9 encoded by ffmpeg from images: the canvas is 100x80, not the output's 64x48"
	expect_lines err 2
	expect_eq "$(ffprobe -v error -select_streams v:0 -count_frames \
		-show_entries stream=width,height,nb_read_frames,color_range -of csv=p=0 c.webm)" "64,48,tv,3"
}
