# helios-tui --replay: keys from a script, drawn off-screen, the last screen
# compared with a golden file at a fixed size (tests/fixtures/tui/).

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
