# helios probe: what a page declares (window.helios, a canvas, sound) and
# what it costs, as text and JSON; the ETA follows the cost model; bad input
# is one message and status 2.  Real Chromium and ffmpeg; the Helios pages
# are the test compositions built with the npm library.

examples=$HELIOS_TESTS/../examples

# Nothing is left in $TMPDIR: no sample, no merge, no browser profile.
expect_clean_tmp() {
	[ -z "$(ls -A tmp)" ] || { ls -la tmp >&2; fail "temporary files left in \$TMPDIR"; }
}

test_json_fields_and_types_of_a_plain_page() {
	setup_tmp
	expect_exit 0 helios probe "$examples/intro.html" --json --width 320 --height 180 --concurrency 4 --samples 12
	expect_clean_tmp
	cp out probe.json
	# Every field with its type; a plain page declares nothing (null).
	expect_eq "$(json probe.json '[
		type(j["input"]) is str,
		j["composition"] == {"helios": False, "duration": None, "fps": None, "width": None, "height": None},
		j["capture"]["width"] == 320 and j["capture"]["height"] == 180,
		j["capture"]["mode"] == "canvas" and j["capture"]["measuredMode"] == "canvas",
		j["capture"]["canvasFound"] is True and type(j["capture"]["canvasWidth"]) is int,
		j["sounds"] == [],
		all(type(j["cost"][k]) is float and j["cost"][k] >= 0 for k in
		    ["launchSeconds", "loadSeconds", "oneFrameSeconds", "runSeconds", "finishSeconds", "closeSeconds",
		     "chunkStartSeconds",
		     "frameSeconds", "mergeSeconds", "mergePerChunkSeconds", "coresBusy"]),
		type(j["cost"]["cores"]) is int and j["cost"]["cores"] >= 1,
		j["cost"]["frameSeconds"] > 0 and j["cost"]["chunkStartSeconds"] > 0,
		[s["frame"] for s in j["cost"]["samples"]] == [0, 1, 2, 3, 4, 12, 13, 14, 15, 16, 25, 26],
		all(type(s["seconds"]) is float and s["seconds"] > 0 for s in j["cost"]["samples"]),
		j["plan"] == {"startFrame": 0, "totalFrames": 30, "fps": 30, "chunks": 4,
		              "chunkSeconds": j["plan"]["chunkSeconds"]},
		[e["workers"] for e in j["eta"]] == [1, 2, 4],
		all(type(e["seconds"]) is float and e["hereSeconds"] >= e["seconds"] for e in j["eta"]),
		type(j["best"]["chunks"]) is int and j["best"]["workers"] == 4 and j["best"]["chunks"] >= 1,
	]')" "[True, True, True, True, True, True, True, True, True, True, True, True, True, True, True]"
}

test_eta_follows_the_cost_model() {
	setup_tmp
	expect_exit 0 helios probe "$examples/intro.html" --json --width 320 --height 180 --frame-count 40 \
		--concurrency 4 --samples 3
	cp out probe.json
	# 4 chunks of 10 frames: on 1 worker all four in a row, on 2 two rounds,
	# on 4 one; the merge of 4 chunks after them.
	expect_eq "$(json probe.json '(lambda c, e: [
		abs(e[w] - (r * (c["chunkStartSeconds"] + 10 * c["frameSeconds"]) + c["mergeSeconds"]
		            + 4 * c["mergePerChunkSeconds"])) < 1e-4
		for w, r in [(1, 4), (2, 2), (4, 1)]])(j["cost"], {x["workers"]: x["seconds"] for x in j["eta"]})')" \
		"[True, True, True]"
	expect_eq "$(json probe.json 'len(j["cost"]["samples"])')" 3
	expect_eq "$(json probe.json 'abs(j["best"]["seconds"] - min(x["seconds"] for x in j["eta"])) < 1e-5 or j["best"]["seconds"] < min(x["seconds"] for x in j["eta"])')" True
}

test_reads_the_duration_and_fps_of_a_helios_page() {
	[ -n "${HELIOS_COMPOSITIONS:-}" ] ||
		skip "the test compositions are not built: ${HELIOS_COMPOSITIONS_MISSING:-run sh tools/deps.sh --install}"
	setup_tmp
	# helios-canvas-60.html: new Helios({ duration: 20, fps: 60 }).
	expect_exit 0 helios probe "$HELIOS_COMPOSITIONS/helios-canvas-60.html" --json --width 192 --height 108 \
		--samples 2
	expect_clean_tmp
	cp out probe.json
	expect_eq "$(json probe.json '[j["composition"]["helios"], j["composition"]["duration"], j["composition"]["fps"]]')" \
		"[True, 20, 60]"
	expect_eq "$(json probe.json 'type(j["composition"]["width"]) is int')" True
	expect_exit 0 helios probe "$HELIOS_COMPOSITIONS/helios-canvas.html" --width 192 --height 108 --samples 2
	expect_contains out "helios     duration 20 s, fps 30"
}

test_text_report_of_a_plain_page() {
	setup_tmp
	expect_exit 0 helios probe "$examples/canvas-clock.html" --width 320 --height 180 --samples 2
	expect_contains out "helios     none (no window.helios: give --duration and --fps)"
	expect_contains out "capture    320x180, mode canvas, canvas 'canvas' found (320x180)"
	expect_contains out "encoder    ffmpeg, from the captured images"
	expect_contains out "sound      none"
	expect_contains out "cost on this machine (2 frames measured)"
	expect_contains out "  workers    wall time   here ("
	expect_contains out "best         1 chunk on 1 worker"
	[ ! -s err ] || fail "stderr is not empty: $(cat err)"
}

# A canvas render to WebM is encoded in the page: the probe measures that
# path, which costs less per frame than the images ffmpeg encodes to VP9.
test_canvas_to_webm_is_measured_encoded_in_the_page() {
	setup_tmp
	expect_exit 0 helios probe "$examples/canvas-clock.html" -o out.webm --json --width 320 --height 180 \
		--frame-count 60 --samples 10
	expect_clean_tmp
	cp out page.json
	expect_exit 0 helios probe "$examples/canvas-clock.html" -o out.mp4 --json --width 320 --height 180 \
		--frame-count 60 --samples 10
	cp out mp4.json
	expect_eq "$(json page.json '[j["capture"]["encodedInPage"], len(j["cost"]["samples"]), j["cost"]["frameSeconds"] > 0]')" \
		"[True, 10, True]"
	expect_eq "$(json mp4.json 'j["capture"]["encodedInPage"]')" False
	expect_exit 0 helios probe "$examples/canvas-clock.html" -o out.webm --width 320 --height 180 --samples 2
	expect_contains out "encoder    the browser's (WebCodecs), ffmpeg muxes"
}

test_canvas_mode_without_a_canvas_is_measured_in_dom_mode() {
	setup_tmp
	expect_exit 0 helios probe "$examples/css-dom.html" --json --width 320 --height 180 --samples 2
	cp out probe.json
	expect_eq "$(json probe.json '[j["capture"]["canvasFound"], j["capture"]["canvasWidth"], j["capture"]["measuredMode"]]')" \
		"[False, None, 'dom']"
	expect_exit 0 helios probe "$examples/css-dom.html" --width 320 --height 180 --samples 2
	expect_contains out "no canvas matches 'canvas' (canvas mode fails: measured in dom mode)"
}

test_sound_sources_are_listed() {
	command -v ffmpeg >/dev/null || skip "ffmpeg is not installed"
	setup_tmp
	cp "$examples/audio-tone.html" page.html
	ffmpeg -v error -f lavfi -i sine=frequency=440:duration=3 -ar 48000 tone.wav
	expect_exit 0 helios probe page.html --json --mode dom --width 320 --height 180 --samples 2
	cp out probe.json
	expect_eq "$(json probe.json '[len(j["sounds"]), j["sounds"][0].endswith("/tone.wav")]')" "[1, True]"
}

test_bad_input_is_one_message_and_status_2() {
	setup_tmp
	expect_exit 2 helios probe missing.html
	expect_eq "$(cat err)" "helios: probe: input: 'missing.html': No such file or directory"
	mkdir dir
	expect_exit 2 helios probe dir
	expect_lines err 1
	expect_exit 2 helios probe "$examples/intro.html" --samples 0
	expect_eq "$(cat err)" "helios: probe: --samples: '0': out of range (1-1000)"
	expect_exit 2 helios probe "$examples/intro.html" --workers x
	expect_lines err 1
	expect_exit 2 helios probe "$examples/intro.html" --fps abc
	expect_contains err "helios: probe: --fps: 'abc'"
	expect_lines err 1
	expect_exit 2 helios probe "$examples/intro.html" --no-such-flag
	expect_lines err 1
	[ ! -s out ] || fail "stdout is not empty: $(cat out)"
	expect_clean_tmp
}

test_a_page_that_fails_is_status_1() {
	setup_tmp
	printf '<!doctype html><canvas></canvas><script>throw new Error("boom")</script>\n' >bad.html
	expect_exit 1 helios probe bad.html --samples 1
	expect_contains err "helios: probe: "
	expect_contains err "boom"
	expect_lines err 1
	expect_clean_tmp
}

test_chunk_time_sizes_chunks_from_a_measurement() {
	setup_tmp
	expect_exit 0 helios render "$examples/intro.html" --width 320 --height 180 --duration 20 --chunk-time 2 \
		--emit-job job.json
	expect_clean_tmp
	expect_lines err 1
	expect_contains err "helios: render: note: --chunk-time 2: chunks of "
	# The job keeps the time asked for and the size it gave; every chunk but
	# the last has that size, the size the note's own measurement gives for
	# 2 s (the measurement follows the machine's load, the rule does not).
	size=$(json job.json 'j["metadata"]["settings"]["chunk-size"]')
	expect_eq "$(json job.json 'j["metadata"]["settings"]["chunk-time"]')" 2
	expect_eq "$(json job.json "all(c['frameCount'] == $size for c in j['chunks'][:-1])")" True
	expect_eq "$(json job.json "len(j['chunks']) == -(-600 // $size)")" True
	sed -n 's/.*chunks of \([0-9]*\) frames, about [0-9.]* s each here (\([0-9.]*\) s start-up + \([0-9.]*\) s a frame).*/\1 \2 \3/p' \
		err >figures
	expect_eq "$(cut -d' ' -f1 figures)" "$size"
	expect_eq "$(awk '{ want = (2 - $2) / $3; d = $1 - want
		print (want < 1 ? $1 == 1 : d <= 1 && d >= -1) }' figures)" 1 "$(cat err)"
	expect_exit 0 helios job validate job.json
	# Capped: never more than --max-chunks.
	expect_exit 0 helios render "$examples/intro.html" --width 320 --height 180 --duration 20 --chunk-time 0.5 \
		--max-chunks 3 --emit-job job.json
	expect_eq "$(json job.json 'len(j["chunks"])')" 3
	# probe plans by time too.
	expect_exit 0 helios probe "$examples/intro.html" --json --width 320 --height 180 --duration 20 \
		--chunk-time 0.5 --max-chunks 3 --samples 2
	expect_eq "$(json out 'j["plan"]["chunks"]')" 3
}

test_chunk_time_refuses_a_second_split() {
	expect_exit 2 helios render "$examples/intro.html" --chunk-time 2 --chunk-size 10 --emit-job job.json
	expect_eq "$(cat err)" "helios: render: --chunk-time: give either --chunk-size or --chunk-time, not both"
	expect_exit 2 helios render "$examples/intro.html" --chunk-time 2 --balance --emit-job job.json
	expect_contains err "give one way to split"
	expect_lines err 1
	[ ! -e job.json ] || fail "a job was written"
}

test_from_page_takes_the_duration_and_fps_not_given() {
	[ -n "${HELIOS_COMPOSITIONS:-}" ] ||
		skip "the test compositions are not built: ${HELIOS_COMPOSITIONS_MISSING:-run sh tools/deps.sh --install}"
	setup_tmp
	cp "$HELIOS_COMPOSITIONS"/helios-canvas* .
	# new Helios({ duration: 20, fps: 60 }): 1200 frames at 60 fps.
	expect_exit 0 helios render helios-canvas-60.html --from-page --width 192 --height 108 --concurrency 4 \
		--emit-job job.json
	expect_clean_tmp
	expect_eq "$(cat err)" "helios: render: note: --from-page: --duration 20, --fps 60 from the page"
	expect_eq "$(json job.json '[j["metadata"][k] for k in ("totalFrames", "fps", "fromPage")]')" \
		"[1200, 60, 'duration,fps']"
	expect_eq "$(json job.json '[j["metadata"]["settings"][k] for k in ("duration", "fps", "from-page")]')" \
		"['20', '60', '1']"
	expect_eq "$(json job.json 'j["chunks"][0]["command"].split(" --fps ")[1].split()[0]')" 60
	expect_exit 0 helios job validate job.json
	# What the user gives wins; only the rest comes from the page.
	expect_exit 0 helios render helios-canvas-60.html --from-page --fps 30 --width 192 --height 108 \
		--emit-job job.json
	expect_eq "$(json job.json '[j["metadata"][k] for k in ("totalFrames", "fps", "fromPage")]')" \
		"[600, 30, 'duration']"
	expect_exit 0 helios render helios-canvas-60.html --from-page --frame-count 10 --width 192 --height 108 \
		--emit-job job.json
	expect_eq "$(json job.json '[j["metadata"][k] for k in ("totalFrames", "fps", "fromPage")]')" "[10, 60, 'fps']"
	# Both given: the page is not loaded, nothing is recorded as taken.
	HELIOS_CHROMIUM=/nonexistent expect_exit 0 helios render helios-canvas-60.html --from-page --duration 1 \
		--fps 30 --emit-job job.json
	expect_eq "$(json job.json '"fromPage" in j["metadata"]')" False
}

test_from_page_refuses_a_page_that_declares_nothing() {
	setup_tmp
	echo '{}' >job.json
	expect_exit 2 helios render "$examples/intro.html" --from-page --emit-job job.json
	expect_eq "$(cat err)" "helios: render: --from-page: '$examples/intro.html' declares no duration or fps (it has no window.helios): give --duration and --fps"
	expect_eq "$(cat job.json)" "{}"
	expect_clean_tmp
}

test_planning_without_from_page_starts_no_browser() {
	# No browser can start, and planning does not need one.
	HELIOS_CHROMIUM=/nonexistent expect_exit 0 helios render "$examples/intro.html" --concurrency 3 \
		--ranges 0-9,10-29 --max-chunks 5 --emit-job job.json
	HELIOS_CHROMIUM=/nonexistent expect_exit 1 helios render "$examples/intro.html" --from-page --emit-job job.json
	expect_lines err 1
}
