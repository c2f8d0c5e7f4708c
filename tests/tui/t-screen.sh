# helios-tui on a real terminal: tmux runs the installed program, the tests
# send keys and read the screen.
source "$HELIOS_TESTS/tui/tmux.sh"

seed() {
	make_comp
	tui_start comp.html -o final.mp4 --concurrency 4 "$@"
	tui_wait "final_part_3.mp4"
}

test_seed_plan_shows_last_chunk_and_boundary_24() {
	seed
	expect_contains screen "4 chunks: smallest 6, largest 8 frames"
	grep -qE ' 3  24-29 +6 +0\.20  final_part_3\.mp4' screen || fail "no row of chunk 3"
	# the timeline's boundary labels
	grep -E '^.{41}0 +8 +16 +24 +30$' screen || fail "no timeline labels 0 8 16 24 30"
	expect_contains screen "helios merge final.mp4 final_part_0.mp4"
	tui_keys q
	tui_exited 0
}

test_split_count_four_to_five_updates_table_and_commands() {
	seed
	tui_focus Chunks
	tui_keys Enter C-u 5 Enter
	tui_wait "final_part_4.mp4"
	expect_contains screen "5 chunks of 6 frames"
	grep -qE ' 4  24-29 +6 +0\.20  final_part_4\.mp4' screen || fail "no row of chunk 4"
	expect_contains screen "final_part_3.mp4 final_part_4.mp4"	# merge command
	expect_contains screen "--concurrency 5"			# equivalent CLI
	tui_keys Right
	tui_wait "6 chunks of 5 frames"
	tui_keys Left Left
	tui_wait "4 chunks: smallest 6, largest 8 frames"
}

test_ctrl_s_writes_the_same_bytes_as_the_cli() {
	seed --emit-job tui.json
	tui_focus Chunks
	tui_keys Right
	tui_wait "[modified]"
	tui_keys C-s
	tui_wait "wrote tui.json: 5 chunks"
	tui_wait_gone "[modified]"
	expect_exit 0 helios render comp.html -o final.mp4 --concurrency 5 --emit-job cli.json
	cmp tui.json cli.json || fail "helios-tui and helios render wrote different files"
	tui_keys q
	tui_exited 0
}

test_f2_asks_for_a_path_when_there_is_none() {
	seed
	tui_keys F2
	tui_wait "Job file path to save to"
	tui_keys C-u "my job.json" Enter
	tui_wait "wrote my job.json: 4 chunks"
	expect_exit 0 helios render comp.html -o final.mp4 --concurrency 4 --emit-job cli.json
	cmp "my job.json" cli.json || fail "files differ"
}

# Issue 22: F2 asks before it replaces a file that is not the job this
# session loaded or saved; n keeps it, y replaces it.
test_f2_asks_before_replacing_another_file() {
	echo '{"not": "a job of this session"}' >job.json
	cp job.json kept.json
	seed --emit-job job.json
	tui_keys F2
	tui_wait "'job.json' is not the job loaded or saved here: replace it? (y/n)"
	tui_keys n
	tui_wait "not saved: 'job.json' is kept as it was"
	cmp job.json kept.json || fail "n replaced the file"
	tui_keys F2
	tui_wait "replace it? (y/n)"
	tui_keys y
	tui_wait "wrote job.json: 4 chunks"
	expect_exit 0 helios render comp.html -o final.mp4 --concurrency 4 --emit-job cli.json
	cmp job.json cli.json || fail "y did not write the job"
	# Saved, it is this session's own: no question.
	tui_focus Chunks
	tui_keys Right
	tui_wait "[modified]"
	tui_keys F2
	tui_wait "wrote job.json: 5 chunks"
	# Save and quit over another file asks too, then quits.
	tui_keys Right
	tui_wait "[modified]"
	cp kept.json job.json.new && mv job.json.new job.json
	tui_keys q
	tui_wait "Unsaved changes"
	tui_keys y
	tui_wait "replace it? (y/n)"
	tui_keys y
	tui_exited 0
	expect_contains job.json '"frameCount"'
}

test_invalid_fps_shows_error_and_refuses_to_save() {
	seed --emit-job job.json
	tui_focus FPS
	tui_keys Enter C-u abc Enter
	tui_wait "--fps: 'abc'"
	expect_contains screen "No plan can be made:"
	grep -q '^!> FPS  *abc' screen || fail "the FPS row is not marked"
	tui_keys C-s
	tui_wait "cannot save"
	[ ! -e job.json ] || fail "a job file was written"
	# Esc on a new edit puts back the bad text; fixing it makes a plan again
	tui_keys Enter C-u 25 Enter
	tui_wait "25 frames, 1.000 s at 25 fps"
}

test_quit_with_unsaved_changes_asks() {
	seed
	tui_focus Chunks
	tui_keys Right
	tui_wait "[modified]"
	tui_keys q
	tui_wait "Unsaved changes"
	tui_keys Escape
	tui_wait_gone "Unsaved changes"
	tui_running
	tui_keys q
	tui_wait "Unsaved changes"
	tui_keys n
	tui_exited 0
}

test_quit_without_changes_does_not_ask() {
	seed
	tui_keys F10
	tui_exited 0
}

test_resize_to_80x24_and_60x20() {
	seed
	tmux -S "$TUI_SOCK" resize-window -t tui -x 80 -y 24
	tui_wait "Chunk 0 command:"
	expect_contains screen "final_part_3.mp4"
	tmux -S "$TUI_SOCK" resize-window -t tui -x 60 -y 20
	tui_wait "Terminal too small: 60x20."
	expect_contains screen "needs at least 80x24"
	tmux -S "$TUI_SOCK" resize-window -t tui -x 100 -y 30
	tui_wait "final_part_3.mp4"
	tui_running
	tui_keys q
	tui_exited 0
}

test_help_opens_and_closes() {
	seed
	tui_keys F1
	tui_wait "Keys (Esc, q or F1 closes"
	expect_contains screen "previous field"
	tui_keys Escape
	tui_wait_gone "Keys (Esc"
	tui_keys '?'
	tui_wait "Keys (Esc"
	tui_keys q
	tui_wait_gone "Keys (Esc"
	tui_running
}

test_input_picker_selects_a_file_in_a_subdirectory() {
	mkdir scenes
	make_comp scenes/intro.html
	touch scenes/notes.txt
	seed
	tui_focus Input
	tui_keys Enter
	tui_wait "Filter or path:"
	expect_contains screen "scenes/"
	expect_contains screen ".."
	tui_keys sce Enter
	tui_wait "Input: scenes "
	expect_contains screen "notes.txt"
	tui_keys intro Enter
	tui_wait "helios render scenes/intro.html"
	expect_row Input 'scenes/intro\.html'
}

test_picker_takes_a_typed_url() {
	seed
	tui_focus Input
	tui_keys Enter
	tui_wait "Filter or path:"
	tui_keys "https://example.com/c.html" Enter
	tui_wait "helios render https://example.com/c.html"
}

test_codec_list_marks_what_the_container_cannot_hold() {
	seed
	tui_focus "Video codec"
	tui_keys Enter
	tui_wait "Video codec for final.mp4"
	expect_contains screen "prores_ks    Apple ProRes"
	expect_contains screen "[not in mp4]"
	# (default), libx264, libx265, libvpx, libvpx-vp9, libaom-av1, prores_ks
	tui_keys Down Down Down Down Down Down Enter
	tui_wait "mp4 cannot hold prores_ks"
	expect_contains screen "No plan can be made:"
}

test_loaded_job_restores_its_settings() {
	make_comp
	mkdir jobs
	expect_exit 0 helios render comp.html -o out/final.webm --fps 24 --concurrency 3 --balance \
		--emit-job jobs/job.json
	tui_start --load jobs/job.json
	tui_wait "final_part_2.webm"
	expect_row Input 'comp\.html'
	expect_row Output "out/final\.webm"
	expect_row FPS "24"
	expect_row Chunks "3"
	expect_row Balance "yes"
	expect_contains screen "job: jobs/job.json"
	tui_keys C-s
	tui_wait "wrote jobs/job.json"
	cp jobs/job.json again.json
	expect_exit 0 helios render comp.html -o out/final.webm --fps 24 --concurrency 3 --balance \
		--emit-job jobs/job.json
	cmp jobs/job.json again.json || fail "saving a loaded job changed it"
}

test_json_argument_loads_and_flags_override() {
	make_comp
	expect_exit 0 helios render comp.html -o final.mp4 --concurrency 3 --emit-job job.json
	tui_start job.json --concurrency 2
	tui_wait "2 chunks of 15 frames"
}

test_upstream_job_falls_back_with_a_notice() {
	make_comp
	cat >up.json <<'JSON'
{"metadata":{"totalFrames":60,"fps":30,"width":640,"height":360,"duration":2},
 "chunks":[{"id":0,"startFrame":0,"frameCount":30,"outputFile":"a_part_0.mp4","command":"helios render comp.html -o a_part_0.mp4"},
  {"id":1,"startFrame":30,"frameCount":30,"outputFile":"a_part_1.mp4","command":"helios render comp.html -o a_part_1.mp4"}],
 "mergeCommand":"helios merge a.mp4 a_part_0.mp4 a_part_1.mp4"}
JSON
	tui_start --load up.json comp.html
	tui_wait "records no settings"
	expect_row Width "640"
	expect_contains screen "2 chunks of 30 frames"
}

test_upstream_job_input_and_output_come_from_its_commands() {
	make_comp
	cat >up.json <<'JSON'
{"metadata":{"totalFrames":60,"fps":30,"width":640,"height":360,"duration":2},
 "chunks":[{"id":0,"startFrame":0,"frameCount":30,"outputFile":"a_part_0.mp4","command":"helios render comp.html -o a_part_0.mp4 --start-frame 0 --frame-count 30"},
  {"id":1,"startFrame":30,"frameCount":30,"outputFile":"a_part_1.mp4","command":"helios render comp.html -o a_part_1.mp4 --start-frame 30 --frame-count 30"}],
 "mergeCommand":"helios merge a.mp4 a_part_0.mp4 a_part_1.mp4"}
JSON
	tui_start --load up.json
	tui_wait "records no settings"
	expect_row Input "comp.html"
	expect_row Output "a.mp4"
}

test_non_ascii_paths_display() {
	make_comp "été 東京.html"
	tui_start "été 東京.html" -o "vidéo.mp4"
	tui_wait "vidéo_part_0.mp4"
	expect_contains screen "été 東京.html"
	expect_contains screen "helios render 'été 東京.html'"
}

test_no_color_gives_a_monochrome_screen() {
	make_comp
	TUI_ENV=NO_COLOR=1 tui_start comp.html
	tui_wait "output_part_0.mp4"
	grep -q $'\e\\[3[0-7]m\|\e\\[4[0-7]m\|\e\\[38;\|\e\\[48;' screen.ansi && fail "colours with NO_COLOR"
	tui_keys q
	tui_exited 0
	tui_start comp.html --no-color
	tui_wait "output_part_0.mp4"
	grep -q $'\e\\[3[0-7]m\|\e\\[38;' screen.ansi && fail "colours with --no-color"
	tui_start comp.html
	tui_wait "output_part_0.mp4"
	grep -q $'\e\\[3[0-7]m\|\e\\[38;\|\e\\[4[0-7]m' screen.ansi || fail "no colours by default"
}

test_no_terminal_exits_2() {
	make_comp
	expect_exit 2 helios-tui comp.html </dev/null
	expect_contains err "helios-tui: needs a terminal"
	[ ! -s out ] || fail "wrote to stdout"
}

test_bad_flag_exits_2() {
	expect_exit 2 helios-tui --fps abc
	expect_contains err "helios-tui: --fps: 'abc'"
	expect_exit 2 helios-tui --load missing.json
	expect_contains err "missing.json"
}

test_mouse_clicks_select_a_field_and_a_chunk() {
	seed
	# X10 mouse reports (what kmous of screen-256color announces):
	# ESC [ M, then button+32, column+33, row+33 (0-based); button 3 is
	# the release.
	tui_keys -l $'\e[M %&\e[M#%&'	# column 4, row 5: the Height row
	tui_wait " > Height"
	tui_keys -l $'\e[M J)\e[M#J)'	# column 41, row 8: the table row of chunk 1
	tui_wait "Chunk 1 command:"
	expect_contains screen "helios render comp.html -o final_part_1.mp4 --start-frame"
	tui_keys q
	tui_exited 0
}

test_no_mouse_leaves_clicks_alone() {
	seed --no-mouse
	tui_keys -l $'\e[M %&'
	tui_keys ']'
	tui_wait "Chunk 1 command:"
	grep -q '^ > Input' screen || fail "a click moved the focus with --no-mouse"
}

test_dumb_terminal_is_refused_cleanly() {
	make_comp
	TUI_ENV=TERM=dumb tui_start comp.html
	for _ in $(seq 1200); do [ -s tui.status ] && break; sleep 0.05; done
	expect_eq "$(cat tui.status)" 2 "exit status"
	expect_eq "$(cat tui.err)" "helios-tui: the terminal 'dumb' cannot place the cursor, which the planner needs (set TERM, for example TERM=xterm-256color, or plan with 'helios render INPUT [options] --emit-job PATH')"
}

test_j_k_and_the_wheel_move_like_the_arrows() {
	make_comp
	# j twice, k once: the second field (Output); the wheel moves the chunk
	# selection three rows at a time.
	echo 'j j k <WheelDown:70,10> <WheelDown:70,10> <WheelUp:70,10>' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui comp.html --frame-count 300 --chunk-size 10 --replay keys >screen
	grep -q '^ > Output ' screen || { cat screen >&2; fail "j/k did not move to Output"; }
	expect_contains screen "Chunk 3 command:"
}

# Issue 12 item 8: an encoder helios does not know is a warning on its row
# ('*'), in the words `helios render` prints, and the job can be saved.
test_unknown_encoder_is_marked_and_saved() {
	make_comp
	printf '%s ' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' '<Down>' '<F2>' >keys
	LANG=C.UTF-8 TERM=xterm helios-tui comp.html --video-codec h264_nvenc --emit-job job.json \
		--replay keys --size 100x44 >screen
	grep -q '^\*> Video codec  *h264_nvenc' screen || { cat screen >&2; fail "the row is not marked '*'"; }
	expect_contains screen "warning: --video-codec h264_nvenc:"
	expect_contains screen "workers' ffmpeg must provide it"
	expect_contains screen "wrote job.json"
	expect_exit 0 helios render comp.html --video-codec h264_nvenc --emit-job cli.json
	cmp job.json cli.json || fail "helios-tui and helios render wrote different files"
}

# Issue 12 item 10: a name too long for its column loses its middle, not
# its end, so the chunk outputs of a narrow table stay told apart.
test_long_names_are_shortened_in_the_middle() {
	make_comp
	mkdir -p "renders of the week"
	TUI_COLS=80 TUI_LINES=24 tui_start comp.html -o "renders of the week/output.mp4" --frame-count 120 \
		--concurrency 12 --emit-job "renders of the week/a job file with a long name.json"
	tui_wait "Chunks"
	tui_keys ']' ']' ']' ']' ']' ']' ']' ']' ']' ']'
	tui_wait "Chunk 10 command:"
	# output_part_9.mp4 and output_part_10.mp4 in 8 columns
	grep -qE '│ 9  90-99 +10 +0\.33  o…_9\.mp4$' screen || { cat screen >&2; fail "chunk 9's output is not 'o…_9.mp4'"; }
	grep -qE '│10  100-109 +10 +0\.33  o…10\.mp4$' screen || fail "chunk 10's output is not 'o…10.mp4'"
	# The form and the title keep the file name's end too.
	grep -q '^   Output            rend…ek/output\.mp4 │' screen || fail "the Output field is not shortened in the middle"
	grep -q '^   Job file          rend…ong name\.json │' screen || fail "the Job file field is not shortened in the middle"
	grep -q 'job: renders …ile with a long name\.json F1 help' screen || fail "the title's job path is not shortened in the middle"
	tui_keys q
	tui_exited 0
}

# Issue 26 item 2: Ctrl-C quits (the question with unsaved changes is in
# t-replay.sh: test_ctrl_c_asks_with_unsaved_changes).
test_ctrl_c_quits() {
	seed
	tui_keys C-c
	tui_exited 0
}
