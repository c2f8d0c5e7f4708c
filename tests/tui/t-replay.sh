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
	expect_contains screen "── ↓ 4 more below ──"
	# Up from the first row wraps to the last: the rows above are counted.
	echo '<Up>' >keys
	golden form-end-100x30
	expect_contains screen "── ↑ 4 more above ──"
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
