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

# Issue 22 item 4: the note names the flags it means, and only those.
test_note_names_the_flags() {
	make_comp
	helios render comp.html --fps 30000/1001 --image-format png --width 64 --height 48 \
		--emit-job job.json >/dev/null
	expect_exit 0 helios job validate job.json
	expect_contains out "job.json: note: chunk commands use flags that only helios's own renderer accepts: --fps 30000/1001, --image-format"
	expect_not_contains out "--width"
}

# A flag no renderer knows fails every worker: an error, with a suggestion.
test_misspelled_chunk_flag_is_an_error() {
	make_comp
	helios render comp.html --width 320 --height 180 --concurrency 2 --emit-job job.json >/dev/null
	sed 's/--width 320/--widht 320/' job.json >bad.json
	expect_exit 2 helios job validate bad.json
	expect_eq "$(cat err)" "helios: job validate: 'bad.json': chunks[0].command: unknown option '--widht' (did you mean --width?)"
	expect_not_contains out "renderer"
	sed 's/--height 180/--height 99999/' job.json >big.json
	expect_exit 2 helios job validate big.json
	expect_contains err "chunks[0].command: --height"
	# Upstream's own job files stay valid.
	expect_exit 0 helios job validate "$HELIOS_FIXTURES/upstream-job.json"
	expect_not_contains out "note"
}

# Issue 22 item 4: "./p0.mp4" and "a/../p0.mp4" are "p0.mp4".
test_chunk_outputs_are_compared_resolved() {
	make_comp
	helios render comp.html -o p.mp4 --width 64 --height 48 --concurrency 3 --emit-job job.json >/dev/null
	sed 's/p_part_1\.mp4/.\/p_part_0.mp4/g' job.json >dot.json
	expect_exit 2 helios job validate dot.json
	expect_eq "$(cat err)" "helios: job validate: 'dot.json': chunks[1].outputFile './p_part_0.mp4' is the same file as chunks[0].outputFile 'p_part_0.mp4'"
	sed 's/p_part_2\.mp4/a\/..\/p_part_0.mp4/g' job.json >up.json
	expect_exit 2 helios job validate up.json
	expect_contains err "chunks[2].outputFile 'a/../p_part_0.mp4' is the same file as chunks[0].outputFile 'p_part_0.mp4'"
	expect_exit 0 helios job validate job.json
}
