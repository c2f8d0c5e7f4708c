# --preset reaches the encoder: x264 writes the settings it encoded with
# into the stream (an SEI message), where ultrafast is told from the
# default veryfast by its entropy coder (cabac=0) and subpixel search.

# The x264 settings of FILE that tell the preset apart.
x264_settings() {
	grep -aoE 'cabac=[01]|subme=[0-9]+' "$1" | tr '\n' ' '
}

test_preset_reaches_the_encoder() {
	make_comp
	setup_tmp
	expect_exit 0 helios render comp.html -o fast.mp4 --preset ultrafast --width 64 --height 36 --frame-count 2
	expect_eq "$(x264_settings fast.mp4)" "cabac=0 subme=0 "
	expect_exit 0 helios render comp.html -o default.mp4 --width 64 --height 36 --frame-count 2
	expect_eq "$(x264_settings default.mp4)" "cabac=1 subme=2 "
}

test_preset_refused_at_planning() {
	make_comp
	expect_exit 2 helios render comp.html -o x.mp4 --preset quick --emit-job job.json
	expect_contains err "--preset: 'quick': libx264's presets are ultrafast superfast veryfast faster fast medium slow slower veryslow placebo"
	expect_exit 2 helios render comp.html -o x.webm --preset slow --emit-job job.json
	expect_contains err "--preset: 'slow': libvpx-vp9 has no presets (libx264 and libx265 have)"
	[ ! -e job.json ] || fail "a job was written"
	expect_exit 0 helios render comp.html -o x.mp4 --preset slow --concurrency 2 --emit-job job.json
	expect_contains job.json "--preset slow"
}
