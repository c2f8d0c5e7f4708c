# Encoder controls (issue 25): what each flag does, measured in the output
# by ffprobe, and the combinations refused at planning.

examples=$HELIOS_TESTS/../examples

enc_render() {
	mkdir -p tmp
	TMPDIR=$PWD/tmp expect_exit 0 helios render "$examples/canvas-clock.html" "$@"
}

# Bits per second of the video stream: its size over its duration.
video_rate() {
	ffprobe -v error -select_streams v:0 -show_entries stream=bit_rate -of csv=p=0 "$1"
}

# within ACTUAL WANTED PERCENT
within() {
	awk -v a="$1" -v w="$2" -v p="$3" 'BEGIN { d = (a - w) / w * 100; exit !(d <= p && d >= -p) }' ||
		fail "$1 is not within $3 % of $2"
}

test_video_bitrate_is_met_over_five_seconds() {
	enc_render -o a.mp4 --width 640 --height 360 --duration 5 --video-bitrate 800k
	within "$(video_rate a.mp4)" 800000 15
	enc_render -o b.mp4 --width 640 --height 360 --duration 5 --video-bitrate 400k --video-codec libx265
	within "$(video_rate b.mp4)" 400000 15
}

test_video_bitrate_refusals() {
	expect_exit 2 helios render "$examples/canvas-clock.html" -o a.mp4 --video-bitrate 2M --quality 20
	expect_contains err "--video-bitrate: '2M': give either --quality or --video-bitrate, not both"
	expect_exit 2 helios render "$examples/canvas-clock.html" -o a.mp4 --video-bitrate 2Mb
	expect_contains err "not a bitrate"
	[ ! -e a.mp4 ] || fail "an output was written"
}
