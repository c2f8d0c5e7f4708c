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
		pgrep -f -- "long.mp4.part-" >/dev/null && break
		sleep 0.05
	done
	pgrep -f -- "long.mp4.part-" >/dev/null || { kill -KILL $pid; fail "the render did not start"; }
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
