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
