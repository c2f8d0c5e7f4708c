# Progress while chunks run: frames inside running chunks (a chunk's helios
# render reports them on the descriptor the runner gives), the
# machine-readable stream (--progress-file), and output that honours the
# terminal (TERM=dumb, its width).

. "$HELIOS_TESTS/tui/tmux.sh"

examples=$HELIOS_TESTS/../examples

make_job() {
	python3 "$HELIOS_TESTS/run/make_job.py" "$@"
}

# A chunk that reports FRAMES done on its channel, then waits for ./go.
reporting_chunk() {
	echo "sh -c 'printf \"frame=$1\\nprogress=continue\\n\" >&3; while [ ! -e go ]; do sleep 0.05; done; {ffmpeg}'"
}

# pane_start COLS ARGS...: run ARGS in a COLSx24 tmux pane (TERM
# screen-256color); its stderr is the pane, its exit status goes to
# ./pane.status.  The tui_* helpers read the pane.
pane_start() {
	local cols=$1 a
	shift
	printf '#!/bin/sh\ncd %s && env PATH="%s" TERM=screen-256color' "'$PWD'" "$PATH" >pane.sh
	for a in "$@"; do
		printf " '%s'" "$a" >>pane.sh
	done
	printf '\necho $? >pane.status\n' >>pane.sh
	chmod +x pane.sh
	tmux_pane "$PWD/pane.sh" "$cols" 24
}

pane_exited() {
	for _ in $(seq 600); do
		[ -s pane.status ] && return 0
		sleep 0.05
	done
	tui_capture
	cat screen >&2
	fail "the command in the pane did not end"
}

# in_pty COLS [NAME=VALUE...] ARGS...: run ARGS on a pseudo-terminal of
# COLS columns, its raw output (escapes and all) in ./pty.out; returns its
# exit status.
in_pty() {
	python3 - "$@" <<'EOF'
import fcntl, os, pty, struct, sys, termios
cols, args = int(sys.argv[1]), sys.argv[2:]
env = dict(os.environ)
while args and "=" in args[0]:
    k, v = args.pop(0).split("=", 1)
    env[k] = v
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    os.execvpe(args[0], args, env)
out = b""
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    out += data
open("pty.out", "wb").write(out)
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
EOF
}

# The widest line of ./pty.out once escapes are taken out (a \r starts a
# line again, as on the screen), but for the closing "done:" line, which is
# a message, not the live display.
widest_line() {
	python3 -c '
import re, sys
text = open("pty.out", "rb").read().decode("utf-8", "replace")
text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
print(max(len(x) for x in re.split(r"[\r\n]", text) if not x.startswith("done:")))'
}

# Issue 12 item 5: the bar counts the frames of running chunks.
test_job_run_shows_frames_inside_running_chunks() {
	command -v tmux >/dev/null || skip "no tmux"
	make_job --chunks 2 --frames 8 --cmd-0 "$(reporting_chunk 5)" --cmd-1 "$(reporting_chunk 3)"
	pane_start 100 helios job run job.json --concurrency 2
	tui_wait "0/2 chunks  8/16 frames"
	grep -qE "chunk 0 +frames 0-7  running [0-9:]+  5/8" screen || { cat screen >&2; fail "chunk 0's row"; }
	grep -qE "chunk 1 +frames 8-15  running [0-9:]+  3/8" screen || { cat screen >&2; fail "chunk 1's row"; }
	grep -qE "fps .* ETA [0-9]" screen || { cat screen >&2; fail "no speed or time left"; }
	touch go
	pane_exited
	expect_eq "$(cat pane.status)" 0
	tui_capture
	expect_contains screen "done: 2 chunks, 16 frames"
}

# A real render in chunks: each chunk's helios render reports its frames;
# the last line names the output as the user does, not from the work
# directory.
test_render_in_chunks_reports_frames_as_they_are_done() {
	command -v tmux >/dev/null || skip "no tmux"
	mkdir sub
	pane_start 80 helios render "$examples/canvas-clock.html" --width 64 --height 48 --frame-count 600 \
		--concurrency 2 -o sub/clock.mp4
	for _ in $(seq 600); do
		tui_capture
		grep -qE '0/2 chunks  [1-9][0-9]*/600 frames' screen && break
		[ -s pane.status ] && break
		sleep 0.05
	done
	grep -qE '0/2 chunks  [1-9][0-9]*/600 frames' screen || { cat screen >&2; fail "no frames before a chunk ended"; }
	cp screen part-way.screen
	pane_exited
	expect_eq "$(cat pane.status)" 0
	tui_capture
	expect_not_contains screen "../"
	grep -qE '^done: 600 frames \(20\.000 s\) in [0-9:]+, [0-9.]+ fps -> sub/clock\.mp4 \(' screen ||
		{ cat screen >&2; fail "the last line"; }
}

# The child side on its own: given a descriptor in HELIOS_PROGRESS_FD, a
# render reports on it; the job's chunk commands are the same with or
# without a progress file.
test_a_chunk_render_reports_on_the_descriptor_it_is_given() {
	HELIOS_PROGRESS_FD=3 expect_exit 0 helios render "$examples/canvas-clock.html" --width 64 --height 48 \
		--frame-count 12 -o c.mp4 3>channel.txt
	expect_eq "$(grep '^frame=' channel.txt | tail -n 1)" "frame=12"
	expect_eq "$(tail -n 1 channel.txt)" "progress=end"
	expect_exit 0 helios render "$examples/canvas-clock.html" --concurrency 2 --emit-job plain.json
	expect_exit 0 helios render "$examples/canvas-clock.html" --concurrency 2 --progress-file p.txt \
		--emit-job job.json
	cmp plain.json job.json || fail "--progress-file changed the job"
	[ ! -e p.txt ] || fail "planning wrote a progress file"
}

# Issue 12 item 6: ffmpeg's -progress convention.
test_job_run_progress_file_blocks() {
	make_job --chunks 2 --frames 8 --cmd "sh -c 'printf \"frame=4\\nprogress=continue\\n\" >&3; sleep 1; {ffmpeg}'"
	expect_exit 0 helios job run job.json --concurrency 2 --progress-file p.txt
	python3 - p.txt <<'EOF' || fail "bad blocks"
import sys
keys = ["frame", "total_frames", "fps", "out_time_us", "out_time", "speed", "elapsed", "chunks_done",
        "chunks_total", "progress"]
blocks, block = [], []
for line in open(sys.argv[1]).read().splitlines():
    k, v = line.split("=", 1)
    block.append((k, v))
    if k == "progress":
        blocks.append(dict(block))
        assert [k for k, _ in block] == keys, block
        block = []
assert not block, "a block without its progress line"
assert len(blocks) >= 2, blocks
assert all(b["progress"] == "continue" for b in blocks[:-1]), blocks
last = blocks[-1]
assert last["progress"] == "end", last
assert (last["frame"], last["total_frames"], last["chunks_done"], last["chunks_total"]) == ("16", "16", "2", "2"), last
assert last["out_time"] == "00:00:00.533333" and last["out_time_us"] == "533333", last
assert any(b["chunks_done"] == "0" and b["frame"] == "8" for b in blocks), blocks
frames = [int(b["frame"]) for b in blocks]
assert frames == sorted(frames), frames
EOF
	expect_exit 0 helios job run job.json --progress-file -
	expect_eq "$(tail -n 1 out)" "progress=end"
	expect_exit 1 helios job run job.json --progress-file nodir/p.txt
	expect_eq "$(cat err)" "helios: job run: --progress-file: cannot write 'nodir/p.txt': No such file or directory"
}

test_render_progress_file_ends_the_stream() {
	expect_exit 0 helios render "$examples/canvas-clock.html" --width 64 --height 48 --frame-count 30 \
		-o c.mp4 --progress-file -
	expect_eq "$(tail -n 1 out)" "progress=end"
	expect_eq "$(grep '^frame=' out | tail -n 1)" "frame=30"
	expect_eq "$(grep '^out_time=' out | tail -n 1)" "out_time=00:00:01.000000"
	expect_eq "$(grep '^total_frames=' out | sort -u)" "total_frames=30"
}

# Issue 12 item 7: TERM=dumb gets plain lines, not escapes.
test_term_dumb_gets_plain_lines() {
	make_job --chunks 2 --frames 4
	in_pty 80 TERM=dumb helios job run job.json
	! grep -q $'\033' pty.out || { cat -v pty.out >&2; fail "escapes under TERM=dumb"; }
	expect_contains pty.out "chunk 0: started (frames 0-3)"
	expect_contains pty.out "done: 2 chunks, 8 frames"
	in_pty 80 TERM=dumb helios render "$examples/canvas-clock.html" --width 64 --height 48 --frame-count 20 -o c.mp4
	! grep -q $'\033' pty.out || { cat -v pty.out >&2; fail "escapes from render under TERM=dumb"; }
	expect_contains pty.out "done: 20 frames"
}

# ... and no line wider than the terminal.
test_progress_fits_40_columns() {
	in_pty 40 TERM=xterm helios render "$examples/canvas-clock.html" --width 64 --height 48 --frame-count 60 -o c.mp4
	expect_contains pty.out "frames"
	[ "$(widest_line)" -le 39 ] || { cat -v pty.out >&2; fail "a line of $(widest_line) columns at 40"; }
	make_job --chunks 2 --frames 4 --cmd "sh -c 'sleep 0.6; {ffmpeg}'"
	in_pty 40 TERM=xterm helios job run job.json --concurrency 2
	expect_contains pty.out "chunks"
	[ "$(widest_line)" -le 39 ] || { cat -v pty.out >&2; fail "a live line of $(widest_line) columns at 40"; }
}
