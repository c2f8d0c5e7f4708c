# job validate notes when a job needs helios's own renderer, and only then.

test_fractional_fps_needs_our_renderer() {
	make_comp
	helios render comp.html --fps 30000/1001 --emit-job job.json >/dev/null
	expect_exit 0 helios job validate job.json
	expect_contains out "only helios's own renderer accepts"
}

test_plain_plan_needs_no_note() {
	make_comp
	helios render comp.html --fps 29.97 --video-codec libx264 --emit-job job.json >/dev/null
	expect_exit 0 helios job validate job.json
	expect_not_contains out "renderer"
}

# A chunk command is `helios render …`: any other program is refused, note or not.
test_ffmpeg_chunk_commands_are_refused() {
	cat >job.json <<'JSON'
{"metadata": {"totalFrames": 8, "fps": 30, "width": 64, "height": 48, "duration": 0.26},
 "chunks": [{"id": 0, "startFrame": 0, "frameCount": 8, "outputFile": "a.mp4",
             "command": "ffmpeg -v error -f lavfi -i testsrc=rate=30000/1001 -frames:v 8 a.mp4"}],
 "mergeCommand": "helios merge out.mp4 a.mp4"}
JSON
	expect_exit 2 helios job validate job.json
	expect_contains err "helios: job validate: 'job.json': chunks[0].command: not a 'helios render' command"
	expect_not_contains err "renderer"
}
