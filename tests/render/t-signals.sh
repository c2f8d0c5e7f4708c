# Stopped by a signal, every program exits as a shell reports it: 130
# after SIGINT, 143 after SIGTERM, having ended its children and left no
# partial output.

examples=$HELIOS_TESTS/../examples

# stop_render SIGNAL ARGS...: start a long render, stop it with SIGNAL once
# it encodes; $rc is its exit status.
stop_render() {
	local signal=$1
	shift
	mkdir -p tmp
	export TMPDIR=$PWD/tmp
	helios render "$examples/canvas-clock.html" --width 64 --height 48 --frame-count 100000 "$@" >out 2>err &
	pid=$!
	for _ in $(seq 300); do
		pgrep -P $pid -x ffmpeg >/dev/null && break
		sleep 0.05
	done
	pgrep -P $pid -x ffmpeg >/dev/null || { kill -KILL $pid; fail "the render did not start"; }
	kill "-$signal" $pid
	rc=0
	wait $pid || rc=$?
}

test_sigint_and_sigterm_stop_a_render() {
	stop_render INT -o long.mp4
	expect_eq "$rc" 130 "exit status after SIGINT"
	expect_eq "$(cat err)" "helios: render: interrupted; 'long.mp4' not written"
	stop_render TERM -o long.mp4
	expect_eq "$rc" 143 "exit status after SIGTERM"
	[ -z "$(ls long.mp4* 2>/dev/null)" ] || fail "left behind: $(ls long.mp4*)"
	[ -z "$(ls -A tmp)" ] || fail "browser profile left: $(ls -A tmp)"
}

# descendants PID: the pids below PID, from the process table.
descendants() {
	local kids k
	kids=$(ps -o pid= --ppid "$1" 2>/dev/null) || return 0
	for k in $kids; do
		echo "$k"
		descendants "$k"
	done
}

# How many of the processes below PID run ffmpeg.
encoders_below() {
	local n=0 p
	for p in $(descendants "$1"); do
		[ "$(cat /proc/$p/comm 2>/dev/null)" = ffmpeg ] && n=$((n + 1))
	done
	echo $n
}

# A render in chunks stops every chunk and keeps the finished ones.
test_render_in_chunks_exits_130_and_143() {
	for signal in INT TERM; do
		rm -rf .long.mp4.helios
		helios render "$examples/canvas-clock.html" --width 64 --height 48 --frame-count 100000 \
			--concurrency 2 -o long.mp4 >out 2>err &
		pid=$!
		for _ in $(seq 1200); do
			[ "$(encoders_below $pid)" -ge 2 ] && break
			sleep 0.05
		done
		below=$(descendants $pid)
		[ "$(encoders_below $pid)" -ge 2 ] || { kill -KILL $pid; fail "the chunks did not start"; }
		kill "-$signal" $pid
		rc=0
		wait $pid || rc=$?
		expect_eq "$rc" "$([ $signal = INT ] && echo 130 || echo 143)" "exit status after SIG$signal"
		expect_contains err "--resume"
		for p in $below; do
			! kill -0 "$p" 2>/dev/null || fail "process $p ($(cat /proc/$p/comm)) outlived the render"
		done
		[ ! -e long.mp4 ] || fail "long.mp4 written"
	done
}

# helios merge: ffmpeg is stopped, nothing is written.
test_merge_exits_130_and_143() {
	ffmpeg -v error -y -f lavfi -i testsrc=size=64x48:rate=30 -frames:v 3 -c:v libx264 -pix_fmt yuv420p a.mp4
	printf '#!/bin/sh\necho up >up\nexec sleep 34.5\n' >slow-ffmpeg
	chmod +x slow-ffmpeg
	for signal in INT TERM; do
		rm -f up
		helios merge out.mp4 a.mp4 a.mp4 --ffmpeg ./slow-ffmpeg >out 2>err &
		pid=$!
		for _ in $(seq 200); do [ -e up ] && break; sleep 0.05; done
		[ -e up ] || { kill -KILL $pid; fail "ffmpeg did not start"; }
		kill "-$signal" $pid
		rc=0
		wait $pid || rc=$?
		expect_eq "$rc" "$([ $signal = INT ] && echo 130 || echo 143)" "exit status after SIG$signal"
		expect_eq "$(cat err)" "helios: merge: interrupted; 'out.mp4' not written"
		expect_eq "$(pgrep -fc -- "sleep 34\\.5")" 0
	done
}

# helios-tui: the screen is restored and the status is a signal's.
test_tui_exits_130_and_143() {
	command -v tmux >/dev/null || skip "no tmux"
	. "$HELIOS_TESTS/tui/tmux.sh"
	make_comp
	for signal in INT TERM; do
		tui_start comp.html
		tui_wait "Input"
		pid=$(pgrep -P "$(tmux -S "$TUI_SOCK" display -p -t tui '#{pane_pid}')" -x helios-tui)
		[ -n "$pid" ] || fail "no helios-tui process"
		kill "-$signal" "$pid"
		for _ in $(seq 200); do [ -s tui.status ] && break; sleep 0.05; done
		expect_eq "$(cat tui.status)" "$([ $signal = INT ] && echo 130 || echo 143)" "exit status after SIG$signal"
		expect_eq "$(cat tui.err)" \
			"helios-tui: $([ $signal = INT ] && echo interrupted || echo terminated); nothing more is saved"
	done
	tmux -S "$TUI_SOCK" kill-server 2>/dev/null || true
}

# --- a page whose media source never answers (issue 23) ---------------------
# Its <audio> goes to ffmpeg as an input, which then waits for it forever:
# the render and the probe end within --timeout all the same, and a signal
# ends them at once, leaving no process and no file behind.

# hang_server: a server on 127.0.0.1 that accepts and never answers; $port.
hang_server() {
	hang_page /hang.wav
	local_service /dev/null "$(cat hang.html)"
}

# hang_page SRC: hang.html, a canvas and an <audio> of SRC.
hang_page() {
	cat >hang.html <<HTML
<!doctype html><canvas width=64 height=48></canvas>
<audio preload=none src="$1"></audio>
<script>document.querySelector('canvas').getContext('2d').fillRect(0, 0, 8, 8);</script>
HTML
}

# running PATTERN: wait up to 60 s for a process whose command line holds
# PATTERN (ffmpeg reading the source); false if none came.
running() {
	for _ in $(seq 600); do
		pgrep -f -- "$1" >/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# finish_within SECONDS PID: wait for PID's end, at most SECONDS; $rc and
# $elapsed (whole seconds).  Past the bound it is killed and the test fails.
finish_within() {
	local bound=$1 pid=$2 start=$SECONDS
	while kill -0 "$pid" 2>/dev/null && [ $((SECONDS - start)) -lt "$bound" ]; do
		sleep 0.1
	done
	elapsed=$((SECONDS - start))
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		fail "still running after $bound s"
	fi
	rc=0
	wait "$pid" || rc=$?
}

# Nothing of ours is left: no process (those below the program, found
# before it ended, and any ffmpeg reading the source), no partial output, no
# temporary file.
expect_nothing_left() {
	local p
	for p in $below; do
		! kill -0 "$p" 2>/dev/null || fail "process $p ($(cat /proc/$p/cmdline | tr '\0' ' ')) outlived it"
	done
	[ -z "$(pgrep -f -- "$1")" ] || fail "a process still reads $1: $(pgrep -af -- "$1")"
	[ -z "$(ls out.* 2>/dev/null)" ] || fail "output left behind: $(ls out.*)"
	[ -z "$(ls -A tmp)" ] || fail "temporary files left: $(ls -A tmp)"
}

# run_hang COMMAND SRC [FFMPEG_SRC]: run helios COMMAND on a page whose
# audio is SRC (ffmpeg reads FFMPEG_SRC, by default SRC) with --timeout 8
# and check it ends within the timeout plus a margin for the browser's
# start on a busy machine, status 1, saying why.
run_hang() {
	local command=$1 src=$2 input=$3
	mkdir -p tmp
	export TMPDIR=$PWD/tmp
	helios "$command" "$input" -o out.mp4 --width 64 --height 48 --frame-count 3 --timeout 8 >out 2>err &
	local pid=$!
	running "$src" || true	# without ffmpeg's start the checks below say why
	below=$(descendants $pid)
	finish_within 120 $pid
	expect_eq "$rc" 1 "exit status"
	# ffprobe meets the source first (a source's streams are read before
	# the mix is built) and gives up after the --timeout, naming it.
	expect_contains err "$command: the media source '$src' cannot be read: $src: "
	expect_lines err 1
	expect_nothing_left "$src"
}

test_a_source_that_never_answers_ends_the_render_within_the_timeout() {
	hang_server
	run_hang render "http://127.0.0.1:$port/hang.wav" "http://127.0.0.1:$port/comp.html"
}

# A FIFO never reaches ffmpeg: the file server's rules refuse it (it is
# not a regular file), at once, naming it.
test_a_fifo_as_source_is_refused_at_once() {
	mkfifo hang.wav
	mkdir -p tmp
	export TMPDIR=$PWD/tmp
	hang_page hang.wav
	helios render hang.html -o out.mp4 --width 64 --height 48 --frame-count 3 --timeout 600 >out 2>err &
	local pid=$!
	below=$(descendants $pid)
	finish_within 120 $pid
	expect_eq "$rc" 1 "exit status"
	expect_contains err "hang.wav': the file server refuses it (403 Forbidden)"
	expect_lines err 1
	expect_nothing_left "$PWD/hang.wav"
}

test_a_source_that_never_answers_ends_the_probe_within_the_timeout() {
	hang_server
	run_hang probe "http://127.0.0.1:$port/hang.wav" "http://127.0.0.1:$port/comp.html"
}

# SIGINT and SIGTERM while ffmpeg waits for the source: 130 and 143 at once.
test_a_render_or_probe_waiting_for_a_source_stops_on_a_signal() {
	local command signal pid src
	hang_server
	src="http://127.0.0.1:$port/hang.wav"
	mkdir -p tmp
	export TMPDIR=$PWD/tmp
	for command in render probe; do
		for signal in INT TERM; do
			helios "$command" "http://127.0.0.1:$port/comp.html" -o out.mp4 --width 64 --height 48 --frame-count 3 \
				--timeout 600 >out 2>err &
			pid=$!
			running "$src" || { kill -KILL $pid; fail "ffmpeg did not start"; }
			below=$(descendants $pid)
			kill "-$signal" $pid
			finish_within 30 $pid
			expect_eq "$rc" "$([ $signal = INT ] && echo 130 || echo 143)" "$command: exit status after SIG$signal"
			expect_contains err "interrupted"
			expect_nothing_left "$src"
		done
	done
}
