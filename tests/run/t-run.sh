# helios job run: chunks as real ffmpeg renders of a test source.

make_job() {
	python3 "$HELIOS_TESTS/run/make_job.py" "$@"
}

# frames FILE: video frames in FILE, counted by ffprobe.
frames() {
	ffprobe -v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets -of csv=p=0 "$1"
}

# alive PREFIX: how many processes have a command line starting with PREFIX
# (arguments joined by blanks).  pgrep reads the process table in one
# process: a loop forking for every process took seconds on a loaded machine.
alive() {
	local pattern
	pattern=$(printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g')
	pgrep -c -f -- "^$pattern" || true
}

test_merged_frame_count_is_the_sum() {
	make_job --chunks 3 --frames 8
	expect_exit 0 helios job validate job.json
	expect_exit 0 helios job run job.json --concurrency 2
	expect_eq "$(frames final.mp4)" 24
	expect_eq "$(ffprobe -v error -select_streams v:0 -show_entries stream=r_frame_rate,avg_frame_rate -of csv=p=0 final.mp4)" "30/1,30/1"
	expect_contains err "done: 3 chunks, 24 frames"
	expect_contains job.state.json '"merged": true'
	[ -f job.logs/chunk-0.log ] && [ -f job.logs/merge.log ]
}

test_failing_chunk_fails_the_job() {
	make_job --chunks 3 --cmd-1 "sh -c 'echo cannot render frame 9 >&2; exit 3'"
	expect_exit 1 helios job run job.json --concurrency 1
	expect_contains err "chunk 1: failed: exit status 3"
	expect_contains err "cannot render frame 9"
	expect_contains err "chunk 1: exit status 3 (log: job.logs/chunk-1.log)"
	expect_contains err "helios: job run: 'job.json': 1 of 3 chunks failed; no merge"
	[ ! -e final.mp4 ] || fail "a merged file appeared"
	# Without --keep-going nothing starts after the failure.
	[ ! -e final_part_2.mp4 ] || fail "chunk 2 ran after chunk 1 failed"
	expect_contains job.state.json '"status": "failed"'
}

# A chunk's log is replayed to the terminal with its control characters
# escaped, whatever the chunk's program wrote into it (issue 23).
test_failed_chunk_log_is_replayed_escaped() {
	printf '#!/bin/sh\nprintf "\\033]0;pwned\\007\\033[2J\\033[32mhelios: render: done\\r\\n\\377" >&2\nexit 3\n' >pwn.sh
	make_job --chunks 1 --cmd-0 "sh pwn.sh"
	expect_exit 1 helios job run job.json
	grep -qP '\x1b' job.logs/chunk-0.log || fail "the log does not hold the raw bytes"
	expect_contains err '| \x1b]0;pwned\x07\x1b[2J\x1b[32mhelios: render: done\x0d'
	expect_contains err '| \xff'
	! grep -qP '[\x1b\x07\r\xff]' err || { od -c err >&2; fail "control characters reached the terminal"; }
}

test_keep_going_lets_the_others_finish() {
	make_job --chunks 3 --cmd-0 "sh -c 'exit 1'"
	expect_exit 1 helios job run job.json --concurrency 1 --keep-going
	[ -e final_part_1.mp4 ] && [ -e final_part_2.mp4 ] || fail "other chunks did not run"
	[ ! -e final.mp4 ] || fail "merged despite a failed chunk"
	expect_contains err "chunk 0: exit status 1 (log: job.logs/chunk-0.log)"
}

test_flaky_chunk_succeeds_on_retry() {
	make_job --chunks 2 --cmd-1 "sh -c 'n=\$(cat tries 2>/dev/null || echo 0); echo \$((n + 1)) >tries; [ \$n -ge 1 ] || exit 7; exec {ffmpeg}'"
	expect_exit 0 helios job run job.json --retries 2
	expect_eq "$(cat tries)" 2
	expect_contains err "chunk 1: exit status 7; retrying in 1.0 s (attempt 2 of 3)"
	expect_eq "$(frames final.mp4)" 16
	expect_contains job.logs/chunk-1.log "attempt 2"
}

test_retries_run_out() {
	make_job --chunks 1 --cmd "sh -c 'echo try >>tries; exit 1'"
	expect_exit 1 helios job run job.json --retries 1
	expect_lines tries 2
}

test_wrong_frame_count_fails_verification() {
	make_job --chunks 2 --frames 8 --cmd-1 "$(make_job --job /dev/stdout --chunks 2 --frames 5 |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["chunks"][1]["command"])')"
	expect_exit 1 helios job run job.json
	expect_contains err "'final_part_1.mp4' has 5 video frames, expected 8"
	[ ! -e final.mp4 ] || fail "merged despite a bad chunk"
}

# Every packet there, but garbage in the second half of the media data:
# decoding finds it, so the chunk is not recorded done and --resume redoes it.
test_garbage_media_data_fails_verification() {
	cat >spoil.py <<-'PY'
	import struct, sys
	d = bytearray(open(sys.argv[1], "rb").read())
	i = d.find(b"mdat")
	size = struct.unpack(">I", d[i - 4:i])[0]
	for k in range(i + 4 + size // 2, i - 4 + size):
	    d[k] = (k * 131 + 7) % 256
	open(sys.argv[1], "wb").write(d)
	PY
	make_job --chunks 2 --frames 30 --cmd-1 "sh -c '{ffmpeg} && python3 spoil.py {out}'"
	expect_exit 1 helios job run job.json --retries 0
	expect_contains err "'final_part_1.mp4' has "
	expect_contains err "video frames, expected 30"
	[ ! -e final.mp4 ] || fail "merged despite a spoilt chunk"
	expect_eq "$(json job.state.json '[c["status"] for c in j["chunks"]]')" "['done', 'failed']"
}

test_missing_output_fails_the_chunk() {
	make_job --chunks 1 --cmd "true"
	expect_exit 1 helios job run job.json
	expect_contains err "did not write 'final_part_0.mp4'"
	expect_exit 0 helios job run job.json --no-verify --no-merge
}

test_stuck_chunk_is_killed_by_timeout() {
	make_job --chunks 2 --cmd-1 "sh -c 'sleep 29.17; :'"
	start=$(date +%s)
	# --keep-going: chunk 0, a real encode, may pass 0.5 s itself on a
	# loaded machine; its failure must not stop chunk 1 first.
	expect_exit 1 helios job run job.json --timeout 0.5 --keep-going
	[ $(($(date +%s) - start)) -lt 25 ] || fail "took too long (the chunk sleeps 29 s)"
	expect_contains err "chunk 1: failed: timed out after 0.5 s"
	expect_eq "$(alive 'sleep 29.17')" 0
}

# Without --timeout a chunk still has one, from its frames: 300 s and 10 s
# a frame, which each attempt's first log line states (issue 23).
test_chunks_have_a_default_timeout_from_their_frames() {
	make_job --chunks 2 --frames 8
	expect_exit 0 helios job run job.json
	expect_contains job.logs/chunk-0.log "--- helios: chunk 0, attempt 1 (timeout 380 s, the default for its frames): "
	make_job --chunks 1 --frames 30
	expect_exit 0 helios job run job.json
	expect_contains job.logs/chunk-0.log "(timeout 600 s, the default for its frames)"
	expect_exit 0 helios job run job.json --timeout 45 --force	# up to date: only --force runs it again
	expect_contains job.logs/chunk-0.log "--- helios: chunk 0, attempt 1 (timeout 45 s): "
}

test_resume_runs_only_what_is_missing() {
	make_job --chunks 4 --cmd "sh -c 'echo {id} >>ran; [ {id} != 2 ] || [ -e fixed ] || exit 1; exec {ffmpeg}'"
	expect_exit 1 helios job run job.json --keep-going --concurrency 2
	expect_eq "$(sort ran | tr '\n' ' ')" "0 1 2 3 "
	: >ran
	touch fixed
	expect_exit 0 helios job run job.json --resume
	expect_eq "$(cat ran)" 2
	expect_contains err "resume: 3 of 4 chunks already done"
	expect_eq "$(frames final.mp4)" 32
	# A done chunk whose output changed runs again.
	: >ran
	echo damaged >final_part_1.mp4
	expect_exit 0 helios job run job.json --resume
	expect_eq "$(cat ran)" 1
}

test_sigint_stops_every_child() {
	make_job --chunks 4 --cmd "sh -c 'echo {id} >>started; sleep 31.{id}7; :'"
	helios job run job.json --concurrency 2 >out 2>err &
	pid=$!
	wait_for started 2
	for _ in $(seq 600); do [ "$(alive 'sleep 31.')" = 2 ] && break; sleep 0.05; done
	expect_eq "$(alive 'sleep 31.')" 2
	kill -INT $pid
	rc=0
	wait $pid || rc=$?
	expect_eq "$rc" 130 "exit status after SIGINT"
	expect_eq "$(alive 'sleep 31.')" 0
	expect_contains err "interrupted"
	[ -f job.state.json ] || fail "no state recorded"
	expect_lines started 2
}

test_sigterm_exits_143() {
	make_job --chunks 1 --cmd "sh -c 'trap \"\" TERM; echo up >up; sleep 32.5; :'"
	helios job run job.json >out 2>err &
	pid=$!
	for _ in $(seq 600); do [ -e up ] && break; sleep 0.05; done
	kill -TERM $pid
	sleep 0.3
	# The chunk ignores SIGTERM: a second signal kills it at once.
	kill -TERM $pid
	rc=0
	wait $pid || rc=$?
	expect_eq "$rc" 143
	expect_eq "$(alive 'sleep 32.5')" 0
}

test_concurrency_is_honoured() {
	make_job --chunks 6 --cmd "sh -c 'echo + >>trace; sleep 0.2; echo - >>trace'"
	expect_exit 0 helios job run job.json --concurrency 2 --no-verify --no-merge
	expect_eq "$(awk '/\+/ {n++; if (n > max) max = n} /-/ {n--} END {print max}' trace)" 2
	expect_lines trace 12
}

test_upstream_job_merges_into_mp4() {
	make_job --upstream --chunks 3 --frames 8
	expect_contains job.json '"command": "./helios render ffmpeg -v error'
	expect_exit 0 helios job validate job.json
	expect_exit 0 helios job run job.json
	[ -f temp_final_part_0.mov ] || fail "no chunk output"
	expect_eq "$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of csv=p=0 temp_final_part_0.mov)" pcm_s16le
	expect_eq "$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of csv=p=0 final.mp4)" aac
	expect_eq "$(frames final.mp4)" 24
}

test_paths_with_spaces_and_quotes() {
	dir="my renders/it's \$here"
	mkdir -p "$dir"
	(cd "$dir" && make_job --chunks 2 --output "cut 'one' \"x\".mp4")
	expect_exit 0 helios job validate "$dir/job.json"
	expect_exit 0 helios job run "$dir/job.json"
	expect_eq "$(frames "$dir/cut 'one' \"x\".mp4")" 16
	[ -f "$dir/job.state.json" ] && [ -f "$dir/job.logs/chunk-1.log" ] || fail "state or logs missing"
}

test_chunk_option_runs_one_chunk_and_no_merge() {
	make_job --chunks 3
	expect_exit 0 helios job run job.json --chunk 1
	[ -f final_part_1.mp4 ] && [ ! -e final_part_0.mp4 ] && [ ! -e final.mp4 ] || fail "ran more than chunk 1"
	expect_exit 2 helios job run job.json --chunk 3
	expect_contains err "--chunk 3"
	expect_exit 0 helios job run job.json --chunk 0
	expect_exit 0 helios job run job.json --chunk 2
	expect_exit 0 helios job run job.json --resume
	expect_contains err "resume: 3 of 3 chunks already done"
	expect_eq "$(frames final.mp4)" 24
}

test_dry_run_prints_and_runs_nothing() {
	make_job --chunks 2 --output "a b.mp4"
	expect_exit 0 helios job run job.json --dry-run
	expect_lines out 4
	expect_contains out "cd $PWD"
	expect_contains out "-frames:v 8 -c:v libx264 -pix_fmt yuv420p 'a b_part_1.mp4'"
	expect_contains out " merge 'a b.mp4' 'a b_part_0.mp4' 'a b_part_1.mp4'"
	[ ! -e "a b_part_0.mp4" ] && [ ! -e job.logs ] && [ ! -e job.state.json ] || fail "dry run ran something"
}

test_helios_bin_overrides_the_merge_program() {
	make_job --chunks 1
	printf '#!/bin/sh\necho "$@" >merge-args\n: >final.mp4\n' >fake-helios
	chmod +x fake-helios
	HELIOS_BIN=$PWD/fake-helios expect_exit 0 helios job run job.json
	expect_eq "$(cat merge-args)" "merge final.mp4 final_part_0.mp4"
}

# Issue 10 item 4: only `helios merge` merges, and done means the output exists.
test_merge_must_be_helios_merge() {
	make_job --chunks 2
	mkdir elsewhere
	echo keep >elsewhere/victim
	python3 - <<-'PY'
	import json
	j = json.load(open("job.json"))
	j["mergeCommand"] = j["mergeCommand"].replace("helios merge", "rm -f elsewhere/victim merge")
	json.dump(j, open("job.json", "w"))
	PY
	expect_exit 2 helios job validate job.json
	expect_contains err "helios: job validate: 'job.json': mergeCommand: not a 'helios merge' command"
	expect_exit 2 helios job run job.json
	expect_contains err "mergeCommand: not a 'helios merge' command"
	[ -f elsewhere/victim ] || fail "the merge command ran"
	[ ! -e final_part_0.mp4 ] || fail "chunks ran for a job that is not valid"
}

test_done_only_when_the_merge_wrote_the_output() {
	make_job --chunks 1
	printf '#!/bin/sh\nexit 0\n' >fake-helios
	chmod +x fake-helios
	HELIOS_BIN=$PWD/fake-helios expect_exit 1 helios job run job.json
	expect_contains err "merge: exited with status 0 but did not write 'final.mp4'"
	expect_contains err "helios: job run: 'job.json': the merge failed"
	expect_not_contains err "done:"
	expect_not_contains job.state.json '"merged": true'
}

test_bad_usage_exits_2() {
	make_job --chunks 1
	expect_exit 2 helios job run job.json --concurrency 0
	expect_contains err "--concurrency: '0'"
	expect_exit 2 helios job run job.json --timeout abc
	expect_exit 2 helios job run job.json --bogus
	expect_exit 2 helios job run
	expect_exit 2 helios job run missing.json
	echo '{}' >bad.json
	expect_exit 2 helios job run bad.json
	expect_exit 0 helios job run --help
	expect_contains out "--concurrency N"
}

# Issue 10 item 10: --resume relies on the state file; a run that could not
# write it has failed, and says why.
test_failed_state_write_fails_the_run() {
	make_job --chunks 2
	mkdir job.state.json
	expect_exit 1 helios job run job.json
	expect_contains err "helios: job run: 'job.json': the work is done, but the state is not recorded: cannot write 'job.state.json': Is a directory"
	expect_not_contains err "done:"
}

# The exports' last step: only the merge, split by helios, state kept.
test_merge_only_runs_just_the_merge() {
	make_job --chunks 2
	expect_exit 0 helios job run job.json --chunk 0
	expect_exit 0 helios job run job.json --chunk 1
	expect_exit 0 helios job run job.json --merge-only
	expect_contains err "done: merged 2 chunks in"
	expect_contains err "-> final.mp4"
	expect_eq "$(frames final.mp4)" 16
	expect_eq "$(json job.state.json '[c["status"] for c in j["chunks"]], j["merged"]')" "(['done', 'done'], True)"
	expect_exit 2 helios job run job.json --merge-only --chunk 1
	expect_contains err "--merge-only: cannot be combined with --chunk"
	expect_exit 2 helios job run job.json --merge-only --no-merge
	rm final_part_1.mp4
	expect_exit 1 helios job run job.json --merge-only
	expect_contains err "chunk 1 cannot be merged: its output is missing"
}

# Issue 22: a second run of a finished job renders nothing and says so in
# one line; without its merged output, only the merge runs again.
test_second_run_of_a_finished_job_does_nothing() {
	make_job --chunks 3 --cmd "sh -c 'echo {id} >>ran; exec {ffmpeg}'"
	expect_exit 0 helios job run job.json
	: >ran
	expect_exit 0 helios job run job.json
	expect_eq "$(cat ran)" ""
	expect_eq "$(cat err)" "up to date: 3 chunks -> final.mp4 (nothing to do)"
	expect_exit 0 helios job run job.json --chunk 1 --no-merge
	expect_eq "$(cat err)" "up to date: chunk 1 (nothing to do)"
	rm final.mp4
	expect_exit 0 helios job run job.json
	expect_eq "$(cat ran)" ""
	expect_eq "$(frames final.mp4)" 24
}

# Issue 22: a finished video that the job did not make is replaced with a
# word, said before any chunk renders; the job's own, silently.
test_replacing_an_output_of_another_plan_is_said() {
	make_job --chunks 2
	ffmpeg -v error -f lavfi -i testsrc=size=32x32:rate=5 -frames:v 2 final.mp4
	expect_exit 0 helios job run job.json
	expect_eq "$(head -n 1 err)" "replacing 'final.mp4' (made by another plan)"
	expect_eq "$(frames final.mp4)" 16
	sed 's/final_part/other_part/g' job.json >other.json
	expect_exit 0 helios job run other.json
	expect_eq "$(head -n 1 err)" "replacing 'final.mp4' (made by another plan)"
	# job.json's chunks are up to date, its merged file is not.
	expect_exit 0 helios job run job.json --merge-only
	expect_eq "$(head -n 1 err)" "replacing 'final.mp4' (made by another plan)"
	rm final_part_1.mp4
	expect_exit 0 helios job run job.json
	expect_contains err "merge: done"
	expect_not_contains err "replacing"
}

# Issue 22: a job planned again (other chunk commands) never merges the old
# plan's chunk files: --merge-only names the first and fails, a run renders
# them all again.
test_replanned_job_is_rendered_again_never_merged() {
	make_job --chunks 3 --frames 8
	expect_exit 0 helios job run job.json
	make_job --chunks 3 --frames 5
	expect_exit 1 helios job run job.json --merge-only
	expect_contains err "chunk 0 cannot be merged: 'final_part_0.mp4' is not recorded as made by this plan"
	expect_eq "$(frames final.mp4)" 24
	expect_exit 0 helios job run job.json
	expect_eq "$(frames final.mp4)" 15
}

# Issue 22: a finished chunk overwritten with zeros at the same size is
# rendered again (its output changed after it was recorded), not merged.
test_zeroed_chunk_is_rendered_again() {
	make_job --chunks 3 --cmd "sh -c 'echo {id} >>ran; exec {ffmpeg}'"
	expect_exit 0 helios job run job.json
	: >ran
	dd if=/dev/zero of=final_part_1.mp4 bs="$(stat -c %s final_part_1.mp4)" count=1 conv=notrunc 2>/dev/null
	expect_exit 1 helios job run job.json --merge-only
	expect_contains err "chunk 1 cannot be merged: its output changed after it was rendered"
	expect_exit 0 helios job run job.json --resume
	expect_contains err "chunk 1 renders again: its output changed after it was rendered"
	expect_eq "$(cat ran)" 1
	expect_eq "$(frames final.mp4)" 24
}

# wait_for FILE [LINES]: until FILE has at least LINES lines (default 1).
wait_for() {
	for _ in $(seq 600); do
		[ "$(wc -l <"$1" 2>/dev/null || echo 0)" -ge "${2:-1}" ] && return 0
		sleep 0.05
	done
	fail "'$1' did not get ${2:-1} lines"
}

# Chunks that wait for the file "go" before they render.  A second run
# that is not refused would wait too: those run under timeout(1).
gated_job() {
	make_job --chunks "${1:-2}" --cmd "sh -c 'echo {id} >>started; for i in \$(seq 400); do [ -e go ] && break; sleep 0.05; done; exec {ffmpeg}'"
}

test_second_run_of_a_job_is_refused() {
	gated_job 2
	helios job run job.json --concurrency 2 >first.out 2>first.err &
	pid=$!
	trap 'kill $pid 2>/dev/null || true' EXIT
	wait_for started 2
	expect_exit 1 timeout 20 helios job run job.json --resume
	expect_contains err "helios: job run: 'job.json' is already being run by another helios (pid $pid)"
	expect_lines err 1
	expect_exit 1 timeout 20 helios job run job.json --chunk 1
	expect_contains err "helios: job run: chunk 1 of 'job.json' is already being run by another helios (pid $pid)"
	touch go
	wait $pid || fail "the first run failed: $(cat first.err)"
	expect_lines started 2
	expect_eq "$(frames final.mp4)" 16
	# Once it is over, the job can run again.
	expect_exit 0 helios job run job.json --resume
}

test_chunk_runs_share_a_job_but_not_a_chunk() {
	gated_job 3
	helios job run job.json --chunk 0 >c0.out 2>c0.err &
	pid=$!
	wait_for started
	helios job run job.json --chunk 1 >c1.out 2>c1.err &
	other=$!
	trap 'kill $pid $other 2>/dev/null || true' EXIT
	wait_for started 2
	expect_exit 1 timeout 20 helios job run job.json --chunk 0
	expect_contains err "helios: job run: chunk 0 of 'job.json' is already being run by another helios (pid $pid)"
	expect_exit 1 timeout 20 helios job run job.json
	expect_contains err "is already being run by another helios (pid "
	touch go
	wait $pid || fail "chunk 0 failed: $(cat c0.err)"
	wait $other || fail "chunk 1 failed: $(cat c1.err)"
	expect_exit 0 helios job run job.json --resume
	expect_eq "$(frames final.mp4)" 24
}

# gone PREFIX: within 3 s no process has a command line starting with PREFIX.
gone() {
	for _ in $(seq 600); do
		[ "$(alive "$1")" = 0 ] && return 0
		sleep 0.05
	done
	fail "$(alive "$1") process(es) '$1' still running"
}

test_sigkill_of_the_runner_ends_its_chunks() {
	make_job --chunks 2 --cmd "sh -c 'echo {id} >>started; exec sleep 33.{id}7'"
	helios job run job.json --concurrency 2 >out 2>err &
	pid=$!
	wait_for started 2
	for _ in $(seq 600); do [ "$(alive 'sleep 33.')" = 2 ] && break; sleep 0.05; done
	expect_eq "$(alive 'sleep 33.')" 2
	kill -KILL $pid
	wait $pid || true
	gone 'sleep 33.'
}

test_timeout_ends_a_grandchild_that_left_the_group() {
	# setsid(1) without -f execs in a new session; with -f it forks and the
	# parent exits, so the sleep is orphaned while the chunk still runs.
	make_job --chunks 1 --cmd "sh -c 'setsid sleep 34.5 & setsid -f sleep 34.6; echo up >up; sleep 34.7'"
	expect_exit 1 helios job run job.json --timeout 1
	expect_contains err "chunk 0: failed: timed out after 1 s"
	[ -e up ] || fail "the chunk did not start its grandchildren"
	gone 'sleep 34.'
}

test_a_finished_chunk_leaves_nothing_running() {
	make_job --chunks 2 --cmd "sh -c 'setsid -f sleep 35.{id}; exec {ffmpeg}'"
	expect_exit 0 helios job run job.json
	gone 'sleep 35.'
}
