# The native renderer: frame counts, sizes, exact rates, determinism, chunks
# that equal the whole, audio slices, and failures that leave nothing behind.
# Every render runs with TMPDIR inside the test directory, so the browser's
# profile (and so its processes' command lines) can be found and checked.

examples=$HELIOS_TESTS/../examples

# No process of our browser is left and its profile is gone.
expect_no_browser() {
	local left
	left=$(pgrep -f -- "$PWD/tmp/helios-chromium" || true)
	[ -z "$left" ] || { ps -o pid,args -p "$(echo $left | tr ' ' ,)" >&2; fail "browser processes left: $left"; }
	[ -z "$(ls -A tmp)" ] || { ls -la tmp >&2; fail "temporary files left in \$TMPDIR"; }
}

# render ARGS...: helios render that must succeed, then the checks above.
render() {
	setup_tmp
	expect_exit 0 helios render "$@"
	expect_no_browser
}

# render_fails MESSAGE ARGS...: exit 1, MESSAGE on stderr, no output, no browser.
render_fails() {
	local message=$1
	shift
	setup_tmp
	expect_exit 1 helios render "$@" -o out.mp4
	expect_contains err "$message"
	expect_lines err 1
	[ -z "$(ls out.mp4* 2>/dev/null)" ] || fail "output left behind: $(ls out.mp4*)"
	expect_no_browser
}

# One md5 per decoded frame.
frame_hashes() {
	ffmpeg -v error -i "$1" -map 0:v -f framemd5 - | grep -v '^#' | awk -F', *' '{print $6}'
}

probe() {
	ffprobe -v error -select_streams "$2" -count_frames -show_entries "stream=$3" -of csv=p=0 "$1"
}

test_canvas_render_has_exact_frames_size_and_rate() {
	render "$examples/canvas-clock.html" -o clock.mp4 --width 320 --height 240 --frame-count 30
	expect_eq "$(probe clock.mp4 v:0 nb_read_frames)" 30
	expect_eq "$(probe clock.mp4 v:0 width,height)" "320,240"
	expect_eq "$(probe clock.mp4 v:0 r_frame_rate,avg_frame_rate)" "30/1,30/1"
	expect_eq "$(frame_hashes clock.mp4 | sort -u | wc -l)" 30 "every frame differs"
	# Not run on a terminal: no bar, but the summary (a CI log shows it).
	grep -qE '^done: 30 frames \(1\.000 s\) in 0:[0-9]{2}, [0-9.]+ fps -> clock\.mp4 \([0-9]+ (bytes|kB)\)$' err ||
		{ cat err >&2; fail "no summary line"; }
	expect_lines err 1
}

test_dom_css_animation_moves_and_is_deterministic() {
	render "$examples/css-dom.html" -o a.mp4 --mode dom --width 320 --height 240 --frame-count 20 --fps 24
	render "$examples/css-dom.html" -o b.mp4 --mode dom --width 320 --height 240 --frame-count 20 --fps 24
	expect_eq "$(probe a.mp4 v:0 r_frame_rate,nb_read_frames)" "24/1,20"
	frame_hashes a.mp4 >a.md5
	frame_hashes b.mp4 >b.md5
	expect_eq "$(sort -u a.md5 | wc -l)" 20 "every frame differs"
	cmp a.md5 b.md5 || fail "two renders differ"
}

# Two renders of the same settings are the same bytes in every container
# (Matroska's random UIDs are off), merged from chunks too.
test_renders_are_byte_identical_in_every_container() {
	local ext
	for ext in mp4 mov mkv webm; do
		render "$examples/canvas-clock.html" -o a.$ext --width 160 --height 120 --frame-count 8
		render "$examples/canvas-clock.html" -o b.$ext --width 160 --height 120 --frame-count 8
		cmp a.$ext b.$ext || fail "two renders to .$ext differ"
	done
	render "$examples/canvas-clock.html" -o a.mkv --width 160 --height 120 --frame-count 8 --concurrency 2
	render "$examples/canvas-clock.html" -o b.mkv --width 160 --height 120 --frame-count 8 --concurrency 2
	cmp a.mkv b.mkv || fail "two merged renders to .mkv differ"
}

# writable FILE...: empty files that a wrapper of the browser appends to,
# which it may write as the user it runs as (nobody, for a root helios).
writable() {
	local f
	for f; do
		: >"$f"
		chmod 666 "$f"
	done
}

# The browser helios would start, behind a wrapper that records its
# arguments in browser.args and drops those named in $DROP.
wrap_browser() {
	local real
	writable browser.args
	for real in /usr/lib/chromium/chromium-headless-shell /usr/lib/chromium/headless_shell \
		"$(command -v chromium || true)"; do
		[ -x "$real" ] && break
	done
	cat >browser.sh <<EOF
#!/bin/sh
printf '%s\\n' "\$@" >>$PWD/browser.args
for a; do shift; case " \$DROP " in *" \$a "*) ;; *) set -- "\$@" "\$a" ;; esac; done
exec $real "\$@"
EOF
	chmod +x browser.sh
}

# Headless, the compositor runs in the browser process: the same frames as
# with a GPU process of its own.
test_in_process_gpu_keeps_the_frames() {
	wrap_browser
	HELIOS_CHROMIUM=$PWD/browser.sh render "$examples/css-dom.html" -o in.mkv --mode dom \
		--width 320 --height 240 --frame-count 12 --quality 0
	grep -qx -- --in-process-gpu browser.args || fail "the browser was started without --in-process-gpu"
	HELIOS_CHROMIUM=$PWD/browser.sh DROP=--in-process-gpu render "$examples/css-dom.html" -o out.mkv \
		--mode dom --width 320 --height 240 --frame-count 12 --quality 0
	frame_hashes in.mkv >in.md5
	frame_hashes out.mkv >out.md5
	expect_lines in.md5 12
	cmp in.md5 out.md5 || fail "frames differ with the compositor in the browser process"
}

# chunk_equals_whole W H START COUNT EXT: frames START.. of a lossless dom
# render of START + COUNT frames equal a render of those frames alone.
chunk_equals_whole() {
	local size="--width $1 --height $2" start=$3 count=$4 ext=$5
	render "$examples/css-dom.html" -o whole.$ext --mode dom $size --frame-count $((start + count)) --quality 0
	render "$examples/css-dom.html" -o part.$ext --mode dom $size --start-frame $start --frame-count $count \
		--quality 0
	frame_hashes whole.$ext | tail -n "$count" >whole.md5
	frame_hashes part.$ext >part.md5
	expect_lines part.md5 "$count"
	cmp whole.md5 part.md5 || fail "frames $start-$((start + count - 1)) rendered alone differ from the whole render"
}

test_chunk_equals_the_same_frames_of_the_whole() {
	chunk_equals_whole 320 240 10 10 mp4
	expect_eq "$(ffprobe -v error -show_entries format=duration -of csv=p=0 part.mp4)" "0.333333"
}

# At 640x360, with the browser's partial raster, frames 16-25 of a whole
# render kept edges of the frames before them (80 dB PSNR, not equal).
test_chunk_equals_the_whole_at_640x360() {
	chunk_equals_whole 640 360 16 10 mkv
}

test_canvas_chunk_is_exact_too() {
	render "$examples/canvas-clock.html" -o whole.mkv --width 160 --height 120 --frame-count 20 --quality 0
	render "$examples/canvas-clock.html" -o part.mkv --width 160 --height 120 --start-frame 15 \
		--frame-count 5 --quality 0 --image-format png
	render "$examples/canvas-clock.html" -o whole-png.mkv --width 160 --height 120 --frame-count 20 \
		--quality 0 --image-format png
	frame_hashes whole-png.mkv | sed -n '16,20p' >whole.md5
	frame_hashes part.mkv >part.md5
	cmp whole.md5 part.md5 || fail "canvas frames 15-19 rendered alone differ"
	frame_hashes whole.mkv | sed -n '16,20p' | cmp -s - whole.md5 && fail "jpeg and png frames are identical: --image-format had no effect"
	true
}

# The example with sound, its tone file beside it.
tone_page() {
	cp "$examples/audio-tone.html" .
	ffmpeg -v error -f lavfi -i sine=frequency=440:duration=3 -ar 48000 tone.wav
}

# render_tone OUTPUT ARGS...: a small dom render of it with PCM sound.
render_tone() {
	local output=$1
	shift
	render audio-tone.html -o "$output" --mode dom --width 64 --height 48 --audio-codec pcm_s16le "$@"
}

test_audio_chunk_has_exactly_its_slice() {
	tone_page
	render_tone whole.mov --frame-count 20
	render_tone p0.mov --frame-count 10
	render_tone p1.mov --start-frame 10 --frame-count 10
	for f in whole p0 p1; do
		ffmpeg -v error -i $f.mov -map 0:a -f s16le -ac 1 $f.pcm
	done
	# 10 frames at 30 fps are 16000 samples of 2 bytes.
	expect_eq "$(wc -c <p1.pcm)" 32000
	cat p0.pcm p1.pcm | cmp - whole.pcm || fail "the two chunks' audio differs from the whole's"
	# The tone starts at 0.5 s: silence before it, sound after.
	expect_eq "$(head -c 32000 whole.pcm | od -An -v -tx1 | tr -d ' \n' | tr -d 0)" ""
	[ -n "$(tail -c 16000 whole.pcm | od -An -v -tx1 | tr -d ' \n' | tr -d 0)" ] || fail "no tone"
	# In MP4 the AAC track lasts exactly its frames too.
	render audio-tone.html -o p1.mp4 --mode dom --width 64 --height 48 --start-frame 10 --frame-count 10
	expect_eq "$(ffprobe -v error -select_streams a:0 -show_entries stream=duration_ts,time_base -of csv=p=0 p1.mp4)" \
		"1/48000,16000"
}

test_props_reach_the_page() {
	cat >props.html <<'HTML'
<!doctype html><canvas width="8" height="8"></canvas>
<script>
if (!window.__HELIOS_PROPS__ || window.__HELIOS_PROPS__.n !== 3) throw new Error('props missing');
</script>
HTML
	render props.html -o ok.mp4 --width 16 --height 16 --frame-count 2 --props '{"n": 3}'
	render_fails "props missing" props.html --width 16 --height 16 --frame-count 2
	expect_exit 2 helios render props.html -o bad.mp4 --props '{n: 3}'
	expect_contains err "--props: '{n: 3}': not valid JSON"
}

test_missing_file() {
	render_fails "render: cannot open 'nope.html': No such file or directory" nope.html
}

test_page_that_throws() {
	printf '<!doctype html>\n<body>\n<script>\nfunction go() {\n  throw new Error("boom");\n}\ngo();\n</script>\n' >throws.html
	render_fails "render: the page threw an exception: Error: boom at $PWD/throws.html:5:9" throws.html
}

# expect_no_control FILE: FILE holds no ESC, BEL or CR (bytes a terminal
# would obey).
expect_no_control() {
	! grep -qP '[\x1b\x07\r]' "$1" || { od -c "$1" >&2; fail "'$1' holds control characters"; }
}

# A page's exception holding escape sequences reaches the terminal escaped:
# it can neither retitle the window, clear the screen nor fake a line of
# ours, from a render or from job run replaying the chunk's log (issue 23).
test_page_exception_cannot_write_to_the_terminal() {
	cat >pwn.html <<'HTML'
<!doctype html><canvas width=32 height=32></canvas>
<script>throw new Error("\x1b]0;pwned\x07\x1b[2J\x1b[32mhelios: render: done");</script>
HTML
	render_fails 'render: the page threw an exception: Error: \x1b]0;pwned\x07\x1b[2J\x1b[32mhelios: render: done at ' \
		pwn.html --width 32 --height 32 --frame-count 2
	expect_no_control err
	expect_exit 0 helios render pwn.html --width 32 --height 32 --frame-count 2 -o pwn.mp4 --emit-job job.json
	expect_exit 1 helios job run job.json
	expect_contains err '| helios: render: the page threw an exception: Error: \x1b]0;pwned\x07\x1b[2J\x1b[32mhelios'
	expect_no_control err
}

test_page_that_throws_during_a_frame() {
	printf '<!doctype html><canvas></canvas><script>\nrequestAnimationFrame(function f(t) { if (t > 100) null.x; requestAnimationFrame(f); });\n</script>\n' >later.html
	render_fails "render: frame 4: TypeError: Cannot read properties of null (reading 'x') at $PWD/later.html:2:" \
		later.html --width 32 --height 32 --frame-count 10
}

# A dom render of 80 frames or more may be shared by two browsers taking
# alternate frames (HELIOS_BROWSERS=2 forces it, 1 forbids it): the same
# frames as one browser's.
test_dom_two_browsers_equal_one() {
	HELIOS_BROWSERS=2 render "$examples/css-dom.html" -o two.mkv --mode dom --width 160 --height 120 \
		--frame-count 91 --quality 0
	expect_lines err 1	# the summary, no note
	HELIOS_BROWSERS=1 render "$examples/css-dom.html" -o one.mkv --mode dom --width 160 --height 120 \
		--frame-count 91 --quality 0
	frame_hashes two.mkv >two.md5
	frame_hashes one.mkv >one.md5
	expect_lines two.md5 91
	expect_eq "$(sort -u two.md5 | wc -l)" 91 "every frame differs"
	cmp two.md5 one.md5 || fail "two browsers' frames differ from one browser's"
}

# A page that counts the frames it has shown renders wrongly in a browser
# that shows every other one: the second browser is sent away, with a note.
test_dom_page_that_keeps_state_keeps_one_browser() {
	cat >count.html <<'EOF'
<!doctype html><p id="n" style="font-size: 60px">0</p><script>
let shown = 0;
requestAnimationFrame(function f() { document.getElementById('n').textContent = ++shown; requestAnimationFrame(f); });
</script>
EOF
	HELIOS_BROWSERS=2 render count.html -o two.mkv --mode dom --width 160 --height 120 --frame-count 81 --quality 0
	expect_contains err "helios: render: note: frame 32 differs when the frames before it were not shown: the page keeps state between frames, so one browser renders every frame"
	HELIOS_BROWSERS=1 render count.html -o one.mkv --mode dom --width 160 --height 120 --frame-count 81 --quality 0
	frame_hashes two.mkv >two.md5
	frame_hashes one.mkv >one.md5
	cmp two.md5 one.md5 || fail "the page's frames differ from one browser's"
}

# An exception in a frame of the second browser is that frame's.
test_dom_second_browser_frame_that_throws() {
	printf '<!doctype html><p>x</p><script>\nrequestAnimationFrame(function f(t) { if (t > 2050) null.x; requestAnimationFrame(f); });\n</script>\n' >later.html
	HELIOS_BROWSERS=2 render_fails "render: frame 62: TypeError: Cannot read properties of null (reading 'x') at $PWD/later.html:2:" \
		later.html --mode dom --width 32 --height 32 --frame-count 90
}

# The second browser only saves time: when it does not start, the first
# renders every frame, and a note says why.
test_dom_second_browser_that_does_not_start() {
	wrap_browser
	writable starts
	sed -i "2i echo started >>$PWD/starts; [ \$(wc -l <$PWD/starts) -lt 2 ] || { echo 'no second one' >&2; exit 1; }" \
		browser.sh
	HELIOS_CHROMIUM=$PWD/browser.sh HELIOS_BROWSERS=2 render "$examples/css-dom.html" -o two.mkv --mode dom \
		--width 160 --height 120 --frame-count 90 --quality 0
	expect_lines starts 2
	expect_contains err "helios: render: note: a second browser did not start: the browser crashed or quit (exit status 1: no second one); one browser renders every frame"
	expect_lines err 2
	HELIOS_BROWSERS=1 render "$examples/css-dom.html" -o one.mkv --mode dom --width 160 --height 120 \
		--frame-count 90 --quality 0
	frame_hashes two.mkv >two.md5
	frame_hashes one.mkv >one.md5
	cmp two.md5 one.md5 || fail "the frames differ from one browser's"
}

# --verbose says which path the frames take, and why; a job does not
# record it and its chunk commands do not pass it.
test_verbose_says_the_path() {
	HELIOS_BROWSERS=1 render "$examples/css-dom.html" -o dom.mp4 --mode dom --width 160 --height 120 \
		--frame-count 80 --verbose
	expect_contains err "helios: render: note: dom mode: each frame a screenshot as JPEG, encoded by ffmpeg (libx264)"
	expect_contains err "helios: render: note: dom mode: one browser renders every frame (HELIOS_BROWSERS=1)"
	expect_lines err 3
	HELIOS_BROWSERS=2 render "$examples/css-dom.html" -o dom.mp4 --mode dom --width 160 --height 120 \
		--frame-count 80 --verbose
	expect_contains err "helios: render: note: dom mode: HELIOS_BROWSERS=2: a second browser takes every other frame from frame 32"
	render "$examples/canvas-clock.html" -o clock.mp4 --width 160 --height 120 --frame-count 3 --verbose
	expect_contains err "helios: render: note: canvas mode: each frame read with toDataURL as JPEG, encoded by ffmpeg (libx264)"
	expect_lines err 2
	render "$examples/canvas-clock.html" -o clock.mp4 --width 160 --height 120 --frame-count 3
	expect_lines err 1
	expect_exit 0 helios render "$examples/css-dom.html" --verbose --concurrency 2 --emit-job job.json
	! grep -q verbose job.json || fail "--verbose reached the job: $(grep verbose job.json)"
}

test_canvas_mode_without_a_canvas() {
	echo '<!doctype html><p>no canvas</p>' >dom.html
	render_fails "render: canvas mode: no element matches 'canvas' (use --mode dom or --canvas-selector)" dom.html
	render_fails "render: canvas mode: no element matches '#stage'" dom.html --canvas-selector '#stage'
}

test_missing_browser() {
	make_comp
	HELIOS_CHROMIUM=/nonexistent render_fails \
		"render: browser not found: HELIOS_CHROMIUM='/nonexistent': No such file or directory" comp.html
}

# A browser that dies of a fault before the first frame is started once
# more, which only --verbose tells.  Here the page's server kills the first
# browser (SIGSEGV, as a crash of Chromium's own) when it asks for the page.
test_browser_crash_while_loading_is_started_once_more() {
	wrap_browser
	writable browser.pids
	sed -i "2i echo \$\$ >>$PWD/browser.pids" browser.sh
	python3 -u -c '
import http.server, os, signal, sys
asked = []
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        asked.append(1)
        if len(asked) % 2:
            os.kill(int(open("browser.pids").read().split()[-1]), signal.SIGSEGV)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<!doctype html><canvas width=64 height=48></canvas>")
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_port)
s.serve_forever()' >port &
	local server=$! port=
	at_exit "kill $server 2>/dev/null || true"
	for _ in $(seq 600); do [ -s port ] && break; sleep 0.1; done
	port=$(cat port)
	HELIOS_CHROMIUM=$PWD/browser.sh render "http://127.0.0.1:$port/comp.html" -o out.mp4 --width 64 --height 48 \
		--frame-count 2 --verbose
	expect_lines browser.pids 2
	expect_contains err "render: note: the browser crashed or quit (killed by signal 11 (Segmentation fault)); starting it once more"
	expect_eq "$(probe out.mp4 v:0 nb_read_frames)" 2
	# Without --verbose only the summary says anything.
	HELIOS_CHROMIUM=$PWD/browser.sh render "http://127.0.0.1:$port/comp.html" -o out2.mp4 --width 64 \
		--height 48 --frame-count 2
	expect_lines browser.pids 4
	expect_lines err 1
}

# A browser that crashes again is reported, after one more start.
test_browser_that_crashes_twice_is_an_error() {
	make_comp
	writable starts
	printf '#!/bin/sh\necho started >>%s/starts\nkill -SEGV $$\n' "$PWD" >browser.sh
	chmod +x browser.sh
	setup_tmp
	HELIOS_CHROMIUM=$PWD/browser.sh expect_exit 1 helios render comp.html -o out.mp4 --frame-count 2
	expect_lines starts 2
	expect_eq "$(cat err)" "helios: render: the browser crashed or quit (killed by signal 11 (Segmentation fault)) (at its second start: the first crashed)"
	[ ! -e out.mp4 ] || fail "an output from a browser that never ran"
	expect_no_browser
}

test_page_that_never_settles_hits_the_timeout() {
	echo '<!doctype html><canvas></canvas><script>window.helios = { waitUntilStable() { return new Promise(() => {}); } };</script>' >stuck.html
	render_fails "render: frame 0 was not ready within the --timeout of 10 s" stuck.html --timeout 10
}

test_existing_output_survives_a_failure() {
	echo old >out.mp4
	echo '<!doctype html><script>throw new Error("x")</script>' >bad.html
	setup_tmp
	expect_exit 1 helios render bad.html -o out.mp4
	expect_eq "$(cat out.mp4)" old
	expect_eq "$(ls)" "$(printf 'bad.html\nerr\nout\nout.mp4\ntmp')"
}

# Every frame with its timestamps: equal lists mean equal pictures at equal times.
frame_lines() {
	ffmpeg -v error -i "$1" -map 0:v -f framemd5 - | grep -v '^#'
}

# duration (container), duration and frame count (video stream).
durations() {
	ffprobe -v error -select_streams v:0 -count_frames \
		-show_entries format=duration:stream=duration,nb_read_frames -of csv=p=0 "$1" | tr '\n' ' '
}

# 31 frames at 30000/1001 fps in 3 chunks: seams fall between frames whose
# times are not whole milliseconds.  --quality 0 makes x264 lossless, so
# equal decoded frames mean equal captured pictures.
comp_args() {
	echo "$examples/css-dom.html --mode dom --width 160 --height 120 --frame-count 31 --fps 30000/1001 --quality 0"
}

test_job_of_three_chunks_equals_the_whole() {
	render $(comp_args) -o whole.mp4
	expect_exit 0 helios render $(comp_args) -o final.mp4 --concurrency 3 --emit-job job.json
	expect_exit 0 helios job run job.json --concurrency 3
	expect_no_browser
	expect_eq "$(json job.json 'len(j["chunks"])')" 3
	frame_lines whole.mp4 >whole.md5
	frame_lines final.mp4 >final.md5
	expect_lines whole.md5 31
	cmp whole.md5 final.md5 || { diff whole.md5 final.md5 >&2; fail "merged chunks differ from the whole render"; }
	# 31 * 1001 / 30000 s exactly, in the container too (not rounded to 1.035).
	expect_eq "$(durations final.mp4)" "1.034367,31 1.034367 "
	expect_eq "$(durations whole.mp4)" "1.034367,31 1.034367 "
}

test_render_concurrency_equals_the_whole() {
	render $(comp_args) -o whole.mp4
	mkdir sub
	render $(comp_args) -o sub/par.mp4 --concurrency 3
	# Off a terminal only the summary, naming the output as the user did
	# (not from the work directory), and nothing left but the output.
	expect_lines err 1
	expect_contains err "-> sub/par.mp4 ("
	expect_eq "$(ls -A sub)" "par.mp4"
	frame_lines whole.mp4 >whole.md5
	frame_lines sub/par.mp4 >par.md5
	cmp whole.md5 par.md5 || fail "helios render --concurrency 3 differs from the whole render"
	expect_eq "$(durations sub/par.mp4)" "1.034367,31 1.034367 "
}

test_concurrency_with_chunk_size_runs_every_chunk() {
	render "$examples/canvas-clock.html" -o whole.mkv --width 64 --height 48 --frame-count 12 --quality 0
	render "$examples/canvas-clock.html" -o par.mkv --width 64 --height 48 --frame-count 12 --quality 0 \
		--chunk-size 5
	frame_hashes whole.mkv >whole.md5
	frame_hashes par.mkv >par.md5
	expect_lines par.md5 12
	cmp whole.md5 par.md5 || fail "chunks of 5 frames differ from the whole render"
	expect_eq "$(ls -A)" "$(printf 'err\nout\npar.mkv\ntmp\nwhole.md5\nwhole.mkv\npar.md5' | sort)"
}

# PCM is lossless and needs no encoder priming: the merged sound must be
# the one-piece render's, sample for sample, across both seams (one of
# them in the middle of the tone).
test_parallel_render_audio_has_no_gap_at_a_seam() {
	tone_page
	render_tone whole.mov --frame-count 45
	render_tone par.mov --frame-count 45 --concurrency 3
	for f in whole par; do
		ffmpeg -v error -i $f.mov -map 0:a -f s16le -ac 1 $f.pcm
	done
	# 45 frames at 30 fps are 72000 samples of 2 bytes.
	expect_eq "$(wc -c <par.pcm)" 144000
	cmp whole.pcm par.pcm || fail "the merged audio differs from the whole render's"
	# And it is sound, not silence, after the second seam (frame 30, 1 s).
	[ -n "$(tail -c +96001 par.pcm | head -c 9600 | od -An -v -tx1 | tr -d ' \n' | tr -d 0)" ] || fail "silence at the seam"
}

# AAC in MP4 (the default): the merge rebuilds the sound chunk by chunk, so
# no seam keeps the encoder's priming and the length is exact.
test_parallel_render_aac_has_no_priming_at_a_seam() {
	tone_page
	render_tone whole.mov --frame-count 45
	render audio-tone.html -o par.mp4 --mode dom --width 64 --height 48 --frame-count 45 --concurrency 3
	expect_eq "$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name,duration_ts -of csv=p=0 par.mp4)" \
		"aac,72000"
	for f in whole.mov par.mp4; do
		ffmpeg -v error -i $f -map 0:a -f s16le -ac 1 $f.pcm
	done
	err=$(pcm_error par.mp4.pcm whole.mov.pcm)
	[ "$err" -lt 2000 ] || fail "the merged sound is $err off the one-piece render's"
}

test_parallel_render_failure_keeps_finished_chunks() {
	# Frames from 0.5 s on throw: the second and third chunks fail (the
	# first may finish or be stopped by then).
	printf '<!doctype html><canvas></canvas><script>\nrequestAnimationFrame(function f(t) { if (t > 500) null.x; requestAnimationFrame(f); });\n</script>\n' >late.html
	setup_tmp
	expect_exit 1 helios render late.html -o bad.mp4 --width 32 --height 32 --frame-count 30 --concurrency 3
	expect_no_browser
	expect_contains err "TypeError: Cannot read properties of null (reading 'x') at $PWD/late.html:2:"
	expect_contains err "helios: render: '.bad.mp4.helios/job.json': "
	expect_contains err "helios: render: the finished chunks are kept in '.bad.mp4.helios'; to finish from them: helios job run .bad.mp4.helios/job.json --resume"
	[ ! -e bad.mp4 ] || fail "output written"
	[ -e .bad.mp4.helios/job.state.json ] || fail "the work directory was not kept"
	# Fixed page: the run finishes from the work directory and writes the
	# output.  The composition is part of every chunk's fingerprint, so a
	# chunk finished before the edit renders again (t-fingerprint.sh).
	sed -i 's/t > 500/t > 5000/' late.html
	expect_exit 0 helios job run .bad.mp4.helios/job.json --resume
	expect_eq "$(probe bad.mp4 v:0 nb_read_frames)" 30
	expect_no_browser
}

test_renderer_flags_go_into_chunk_commands() {
	make_comp
	expect_exit 0 helios render comp.html -o final.mp4 --concurrency 2 --image-format png \
		--canvas-selector '#main canvas' --timeout 5 --emit-job job.json
	expect_eq "$(json job.json 'j["chunks"][1]["command"]')" \
		"helios render comp.html -o final_part_1.mp4 --start-frame 15 --frame-count 15 --width 1920 --height 1080 --fps 30 --mode canvas --image-format png --canvas-selector '#main canvas' --timeout 5"
	expect_eq "$(json job.json 'j["metadata"]["settings"]["image-format"]')" png
	expect_exit 0 helios render comp.html -o final.mp4 --emit-job plain.json
	expect_eq "$(json plain.json '"image-format" in j["metadata"]["settings"]')" False
}

# An odd size, which libx264 refuses, is now refused when planning: an
# ffmpeg on PATH that asks the real one for an encoder it lacks fails instead.
test_ffmpeg_errors_are_reported_in_its_words() {
	mkdir bin
	printf '#!/bin/bash\nlast=${@: -1}\nexec %s "${@:1:$#-1}" -c:v no_such_encoder "$last"\n' \
		"$(command -v ffmpeg)" >bin/ffmpeg
	chmod +x bin/ffmpeg
	PATH=$PWD/bin:$PATH render_fails "render: ffmpeg failed (exit status 1)" \
		"$examples/canvas-clock.html" --width 64 --height 48 --frame-count 3
	expect_contains err "Unknown encoder 'no_such_encoder'"
}

# Rendering as PID 1 of a new PID namespace makes `<output>.part-<pid>`
# predictable; a link planted under that name must not be followed.
test_render_temp_file_is_not_a_planted_link() {
	unshare --pid --fork true 2>/dev/null || skip "cannot start a PID namespace (unshare --pid)"
	echo precious >victim
	for pid in 1 2 3; do ln -s victim "out.mp4.part-$pid"; done
	setup_tmp
	expect_exit 0 unshare --pid --fork helios render "$examples/canvas-clock.html" -o out.mp4 \
		--width 64 --height 48 --frame-count 2
	echo precious | cmp -s - victim || fail "the victim was overwritten through the planted link"
	[ -f out.mp4 ] && [ ! -L out.mp4 ] || fail "out.mp4 is not a plain file"
	expect_eq "$(probe out.mp4 v:0 nb_read_frames)" 2
	expect_no_browser
}

# Issue 22 item 6: ffmpeg writes the temporary file through the descriptor
# helios created it on (/dev/fd/3), never opening it again by name; the mp4
# muxer's second pass (faststart) reads it back through the same.
test_render_ffmpeg_writes_through_our_descriptor() {
	command -v strace >/dev/null || skip "strace is not installed"
	strace -f -o probe.trace -e trace=openat true 2>/dev/null || skip "strace cannot trace here"
	for out in out.mp4 out.mkv; do
		# LeakSanitizer cannot run under ptrace: off for the traced run.
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			expect_exit 0 strace -f -o trace -e trace=openat helios render "$examples/canvas-clock.html" \
			-o "$out" --width 64 --height 48 --frame-count 3
		expect_eq "$(probe "$out" v:0 nb_read_frames)" 3
		grep -q "$out\.part-.*O_CREAT|O_EXCL" trace || fail "helios did not create the temporary file"
		! grep "$out\.part-" trace | grep -E 'O_TRUNC|O_WRONLY|O_RDWR' | grep -v O_EXCL ||
			fail "the temporary file was opened again for writing by name"
		grep -q '"/dev/fd/3", O_WRONLY' trace || fail "ffmpeg did not write through /dev/fd/3"
	done
}

# A render killed outright (SIGKILL: no handler runs) takes its browser,
# its ffmpeg, its file server and its network proxy with it.  They are
# stopped first (SIGSTOP), so that they cannot end on their own when their
# pipes close: only a signal can end them.
test_sigkill_of_a_render_ends_its_browser_and_ffmpeg() {
	setup_tmp
	helios render "$examples/canvas-clock.html" -o long.mp4 --width 64 --height 48 --frame-count 100000 \
		>out 2>err &
	pid=$!
	trap 'kill -KILL $pid $(pgrep -f -- "$PWD/tmp/helios-chromium") 2>/dev/null || true' EXIT
	for _ in $(seq 300); do
		pgrep -P $pid -x ffmpeg >/dev/null && break
		sleep 0.05
	done
	children=$(pgrep -P $pid | tr '\n' ' ')
	expect_eq "$(echo $children | wc -w)" 4 "the browser, ffmpeg, the file server and the network proxy"
	kill -STOP $children
	kill -KILL $pid
	wait $pid || true
	for _ in $(seq 600); do
		left=$(pgrep -f -- "$PWD/tmp/helios-chromium" || true)
		for child in $children; do
			! kill -0 "$child" 2>/dev/null || left="$left $child"
		done
		[ -z "$left" ] && break
		sleep 0.05
	done
	[ -z "$left" ] || { ps -o pid,stat,args -p "$(echo $left | tr ' ' ,)" >&2; fail "left running: $left"; }
}
