# helios-tui --replay: keys from a script, drawn off-screen, the last screen
# compared with a golden file at a fixed size (tests/fixtures/tui/).
source "$HELIOS_TESTS/tui/tmux.sh"	# expect_row

golden() {
	local name=$1
	shift
	make_comp
	LANG=C.UTF-8 TERM=xterm helios-tui comp.html -o final.mp4 --concurrency 4 --emit-job job.json \
		--replay keys "$@" >screen 2>err || { cat err >&2; fail "helios-tui --replay failed"; }
	[ ! -s err ] || { cat err >&2; fail "stderr is not empty"; }
	# HELIOS_GOLDEN_UPDATE=1 writes the screens as the new goldens (then
	# read their diff before committing them).
	[ -z "${HELIOS_GOLDEN_UPDATE:-}" ] || cp screen "$HELIOS_FIXTURES/tui/$name.txt"
	diff -u "$HELIOS_FIXTURES/tui/$name.txt" screen || fail "screen differs from $name.txt"
}

test_seed_screen_100x30() {
	: >keys
	golden seed-100x30
}

test_count_five_screen_80x24() {
	echo '<Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Right> ] ] ]' >keys
	golden count5-80x24 --size 80x24
}

test_too_small_and_back() {
	make_comp
	echo '<Resize:60x20>' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui comp.html --replay keys >screen
	expect_contains screen "Terminal too small: 60x20."
	echo '<Resize:60x20> <Down> <Resize:80x24>' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui comp.html --replay keys >screen
	expect_contains screen "output_part_0.mp4"
	expect_lines screen 24
}

test_timing_reports_a_median() {
	make_comp
	echo '<Down> <Up> ] [' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui comp.html --replay keys --timing >screen 2>err
	grep -qE '^keys 4 median [0-9.]+ ms p90 [0-9.]+ ms max [0-9.]+ ms$' err || { cat err >&2; fail "no timing line"; }
}

test_replay_rejects_unknown_keys() {
	make_comp
	echo '<Nope>' >keys
	expect_exit 2 helios-tui comp.html --replay keys
	expect_contains err "unknown key '<Nope>'"
}

test_load_base_url_job_restores_local_input() {
	make_comp
	helios render comp.html --base-url https://cdn.example/r/ --concurrency 2 --emit-job cli.json >/dev/null
	cp cli.json job.json
	# Step a field up and back so the session is dirty, then save over the loaded file.
	echo '<Down> <Down> <Down> <Right> <Left> <F2>' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui --load job.json --replay keys --size 100x30 >screen 2>err ||
		{ cat err >&2; fail "helios-tui --load failed"; }
	expect_contains screen "Input             comp.html"
	expect_contains screen "wrote job.json"
	cmp job.json cli.json || fail "the reloaded session saved different bytes"
}

test_save_refuses_to_replace_the_input() {
	make_comp
	cp comp.html orig.html
	echo '<F2>' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui comp.html --emit-job ./comp.html --replay keys --size 100x30 >screen 2>err ||
		{ cat err >&2; fail "helios-tui --replay failed"; }
	expect_contains screen "'./comp.html' is the input; the job file would replace it"
	expect_not_contains screen "wrote ./comp.html"
	cmp comp.html orig.html || fail "the save replaced the composition"
}

# Issue 26 item 1: the form says when rows are out of sight, and where.
test_form_scrolls_with_an_indicator() {
	echo '' >keys
	golden seed-100x30
	expect_contains screen "── ↓ 10 more below ──"
	# Up from the first row wraps to the last: the rows above are counted.
	echo '<Up>' >keys
	golden form-end-100x30
	expect_contains screen "── ↑ 10 more above ──"
	grep -q '^ > Base URL ' screen || fail "the last row is not focused"
}

# Issue 26 item 1: the value column grows with the terminal: at 200
# columns a long path is whole and every row fits.
test_wide_screen_shows_paths_whole() {
	mkdir -p examples/a-rather-long-folder-name/scenes renders/newbie
	make_comp examples/a-rather-long-folder-name/scenes/intro.html
	echo '' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui examples/a-rather-long-folder-name/scenes/intro.html \
		-o "$PWD/renders/newbie/final.mp4" --replay keys --size 200x50 >screen
	expect_row Input 'examples/a-rather-long-folder-name/scenes/intro\.html'
	expect_row Output "$PWD/renders/newbie/final\.mp4"
	expect_row "Base URL" '\(not set\)'
	expect_not_contains screen "more below"
	expect_not_contains screen "…"
	# At 100 columns the form keeps 40 and the path loses its middle.
	LANG=C.UTF-8 TERM=xterm helios-tui examples/a-rather-long-folder-name/scenes/intro.html \
		--replay keys --size 100x30 >screen
	expect_row Input 'exam…es/intro\.html'
}

# Issue 26 item 1: a value or message cut on the form is whole one key
# away (i), and the status line says so.
test_i_shows_the_focused_field_in_full() {
	mkdir -p examples/a-rather-long-folder-name/scenes
	make_comp examples/a-rather-long-folder-name/scenes/intro.html
	echo '' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui examples/a-rather-long-folder-name/scenes/intro.html \
		--video-codec h264_nvenc --replay keys --size 80x24 >screen
	expect_contains screen "i shows the field in full"
	echo 'i' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui examples/a-rather-long-folder-name/scenes/intro.html \
		--replay keys --size 80x24 >screen
	expect_contains screen "Input (any key closes)"
	expect_contains screen "│ examples/a-rather-long-folder-name/scenes/intro.html"
	expect_contains screen "│ composition to render: an HTML file or an http(s)/file URL"
	# The codec's warning, cut under the form, in full (j moves to the row).
	printf '%s ' j j j j j j j j j j j j i >keys
	LANG=C.UTF-8 TERM=xterm helios-tui examples/a-rather-long-folder-name/scenes/intro.html \
		--video-codec h264_nvenc --replay keys --size 80x24 >screen
	expect_contains screen "Video codec (any key closes)"
	grep -A3 'warning: --video-codec h264_nvenc' screen | grep -q "ffmpeg must provide it" ||
		{ cat screen >&2; fail "the warning is not whole"; }
	echo 'i x' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui examples/a-rather-long-folder-name/scenes/intro.html \
		--replay keys --size 80x24 >screen
	expect_not_contains screen "any key closes"
}

# replay ARGS...: the last screen of helios-tui ARGS --replay keys, in ./screen.
replay() {
	LANG=C.UTF-8 TERM=xterm helios-tui "$@" --replay keys >screen 2>err || { cat err >&2; fail "helios-tui --replay failed"; }
}

# Issue 26 item 2: / finds the chunk of a frame; : or g goes to a chunk,
# in a plan of a million chunks too.
test_slash_finds_a_frame_and_g_goes_to_a_chunk() {
	make_comp
	echo '/ 2 5 <Enter>' >keys
	replay comp.html --concurrency 4
	expect_contains screen "Chunk 3 command:"
	expect_contains screen "frame 25 is in chunk 3"
	echo '/ 9 9 <Enter>' >keys
	replay comp.html --concurrency 4
	expect_contains screen "frame 99 is not rendered: the plan has frames 0-29"
	echo ': 2 <Enter>' >keys
	replay comp.html --concurrency 4
	expect_contains screen "Chunk 2 command:"
	echo 'g 9 <Enter>' >keys
	replay comp.html --concurrency 4
	expect_contains screen "no chunk 9: the plan has 4 (0-3)"
	echo 'g 9 9 9 9 9 9 <Enter>' >keys
	replay comp.html --frame-count 3000000 --concurrency 1000000
	expect_contains screen "Chunk 999999 command:"
	grep -qE '^.*│999999  2999997-2999999 ' screen || { cat screen >&2; fail "chunk 999999 is not in the table"; }
	echo '/ 1 2 <Esc>' >keys
	replay comp.html --concurrency 4
	expect_contains screen "Chunk 0 command:"
	echo 'g 1' >keys
	replay comp.html --concurrency 4
	expect_contains screen "Go to chunk: 1  (Enter go, Esc close)"
}

# Issue 26 item 2: FPS steps through the common rates; a typed one stays.
test_fps_offers_the_common_rates() {
	make_comp
	echo 'j j j j j <Right>' >keys
	replay comp.html
	expect_row FPS 50
	echo 'j j j j j <Left> <Left>' >keys
	replay comp.html
	expect_row FPS 25
	echo 'j j j j j <Left>' >keys
	replay comp.html
	expect_row FPS '30000/1001'
	expect_contains screen "30 frames, 1.001 s at 30000/1001 fps"
	echo 'j j j j j 1 2 . 5 <Enter>' >keys
	replay comp.html
	expect_row FPS '12\.5'
}

# Issue 26 item 2: "other…" in the codec list types any encoder.
test_codec_list_takes_another_encoder() {
	make_comp
	printf '%s ' j j j j j j j j j j j j '<Enter>' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' \
		'<Down>' '<Down>' '<Down>' '<Down>' '<Enter>' h 2 6 4 _ n v e n c '<Enter>' >keys
	replay comp.html
	grep -q '^\*> Video codec  *h264_nvenc' screen || { cat screen >&2; fail "the typed encoder is not on its row"; }
	expect_contains screen "--video-codec h264_nvenc"
	printf '%s ' j j j j j j j j j j j j '<Enter>' >keys
	replay comp.html --video-codec h264_nvenc
	expect_contains screen "other…       type an encoder's name (the workers' ffmpeg must have it): now h264_nvenc"
}

# Issue 26 item 2: the picker's Ctrl-U clears what was typed; ~/ is home.
test_picker_takes_ctrl_u_and_home() {
	make_comp
	mkdir home
	make_comp home/intro.html
	echo '<Enter> x y z <C-u>' >keys
	replay comp.html --size 100x30
	grep -q 'Filter or path: *│' screen || { cat screen >&2; fail "Ctrl-U did not clear the filter"; }
	expect_contains screen "comp.html"
	echo '<Enter> ~ / i n t r o . h t m l <Enter>' >keys
	HOME=$PWD/home replay comp.html
	expect_row Input 'home/intro\.html'
}

# Issue 26 item 2: no key is silently ignored; the help stops at its end.
test_unknown_key_hints_and_help_stops_at_its_end() {
	make_comp
	echo 'x' >keys
	replay comp.html
	expect_contains screen "no action on that key here: ? lists the keys"
	echo '? <PgDn> <PgDn> <PgDn> <PgDn> <PgDn> <PgDn>' >keys
	replay comp.html
	cp screen end.txt
	expect_contains end.txt "Up/Down scroll) — end"
	expect_contains end.txt "keep the file; nothing is saved"
	echo '? <PgDn> <PgDn> <PgDn> <PgDn> <PgDn> <PgDn> <PgDn> <PgDn> <PgDn> <PgDn> <Down> <Down>' >keys
	replay comp.html
	cmp screen end.txt || { diff end.txt screen >&2; fail "the help scrolled past its end"; }
	echo '?' >keys
	replay comp.html
	expect_contains screen "Up/Down scroll) ↓ more"
}

# Issue 26 item 2: Ctrl-C asks first when there are unsaved changes, in
# the form and while a field is edited.
test_ctrl_c_asks_with_unsaved_changes() {
	make_comp
	echo 'j j j j j <Right> <C-c>' >keys
	replay comp.html
	expect_contains screen "Unsaved changes"
	echo 'j j j j j <Enter> 2 <C-c>' >keys
	replay comp.html
	expect_contains screen "Unsaved changes"
}

# Issue 26 item 2: [modified] is a difference from the saved state.
test_modified_means_different_from_saved() {
	make_comp
	echo 'j j j j j <Right> <Left>' >keys
	replay comp.html
	expect_not_contains screen "[modified]"
	echo 'j j j j j <Right>' >keys
	replay comp.html
	expect_contains screen "[modified]"
}

# Issue 26 item 2: a missing input is marked on its row at once.
test_missing_input_is_marked_at_once() {
	echo '' >keys
	replay missing.html
	grep -q '^!> Input  *missing\.html' screen || { cat screen >&2; fail "the Input row is not marked"; }
	expect_contains screen "input: 'missing.html': No such file"
	make_comp missing.html
	replay missing.html
	grep -q '^ > Input  *missing\.html' screen || { cat screen >&2; fail "an existing input is marked"; }
}
