# Assertions for the shell tests; each prints what differed and fails.

fail() {
	echo "FAILED: $*" >&2
	return 1
}

# expect_exit CODE command...: run command, compare its exit status.
# Its stdout and stderr are kept in ./out and ./err for later checks.
expect_exit() {
	local want=$1 got=0
	shift
	"$@" >out 2>err || got=$?
	plain_progress_aside
	if [ "$got" != "$want" ]; then
		echo "command: $*" >&2
		echo "stdout:" >&2; cat out >&2
		echo "stderr:" >&2; cat err >&2
		fail "exit status $got, expected $want"
	fi
}

# Off a terminal a run writes a progress line every 5 seconds: how many
# depends on the machine's speed and load, so they are dropped from ./err
# and a test's count of lines in ./err holds on a loaded machine.
# "render: 12/30 frames, 4.1 fps, ETA 0:04", "job run: 3/8 frames
# (0/2 chunks), 1.0 fps, ETA 0:05".
plain_progress_aside() {
	local pattern='^[a-z ]+: [0-9]+/[0-9]+ frames( \([0-9]+/[0-9]+ chunks\))?, [0-9.]+ fps, ETA [^ ]+$'
	grep -qE "$pattern" err || return 0
	grep -vE "$pattern" err >err.rest || true
	mv err.rest err
}

# skip REASON: this test cannot run here; the runner prints the reason.
skip() {
	echo "$*"
	exit 77
}

expect_eq() {
	[ "$1" = "$2" ] || fail "got '$1', expected '$2'${3:+ ($3)}"
}

# expect_contains FILE TEXT: FILE holds TEXT (fixed string).
expect_contains() {
	grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$1' does not contain '$2'"; }
}

expect_not_contains() {
	! grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$1' contains '$2'"; }
}

# expect_lines FILE N: FILE has exactly N lines.
expect_lines() {
	local n
	n=$(wc -l <"$1")
	[ "$n" -eq "$2" ] || { cat "$1" >&2; fail "'$1' has $n lines, expected $2"; }
}

# json FILE EXPR: evaluate a Python expression on the parsed file, bound to j.
json() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# pcm_error GOT WANT: two files of 16-bit mono PCM compared block by block
# (2000 samples); prints the largest root mean square difference.  Audio
# shifted by an encoder's priming is thousands off; a lossy codec's own
# noise on a quiet tone is a few hundred.
pcm_error() {
	python3 -c '
import struct, sys
def pcm(name):
    data = open(name, "rb").read()
    return struct.unpack("<%dh" % (len(data) // 2), data)
got, want = pcm(sys.argv[1]), pcm(sys.argv[2])
n = min(len(got), len(want))
print(max(int((sum((got[i] - want[i]) ** 2 for i in range(b, min(b + 2000, n))) / 2000) ** 0.5)
          for b in range(0, n, 2000)))' "$1" "$2"
}

# setup_tmp: TMPDIR inside the test directory, so that a render's
# temporary files (the browser's profile) can be found and checked.
setup_tmp() {
	mkdir -p tmp
	export TMPDIR=$PWD/tmp
}

# A composition to plan from.
make_comp() {
	echo '<!doctype html><canvas></canvas>' >"${1:-comp.html}"
}

# at_exit COMMAND: run COMMAND (a shell word list, eval'd) when the test
# ends, passed or failed; the latest first.  For daemons a test starts.
at_exit() {
	_helios_at_exit="$1${_helios_at_exit:+; $_helios_at_exit}"
	# shellcheck disable=SC2064
	trap "$_helios_at_exit" EXIT
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# full_disk DIR KB: a tmpfs of KB kilobytes at DIR (removed when the test
# ends), or skip saying why.
full_disk() {
	mkdir -p "$1"
	mount -t tmpfs -o "size=${2}k" tmpfs "$1" 2>mount.err ||
		skip "cannot mount a tmpfs to fill: $(head -n 1 mount.err)"
	at_exit "umount '$PWD/$1'"
}

# raw_request PORT BYTES: send BYTES (a Python bytes expression) to
# 127.0.0.1:PORT and print the answer's status line, or "closed" when the
# connection ended without one, "silent" when nothing came in 30 s.
raw_request() {
	python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(30)
s.sendall(eval(sys.argv[2]))
data = b""
try:
    while True:
        b = s.recv(65536)
        if not b: break
        data += b
except ConnectionResetError:
    pass
except socket.timeout:
    data = data or b"silent"
print(data.split(b"\r\n")[0].decode() if data else "closed")' "$1" "$2"
}

# served_port PID: "SERVER PORT", the file server process of the render
# PID and the port it listens on.
served_port() {
	local server port=
	for _ in $(seq 600); do
		server=$(pgrep -P "$1" -x helios | head -n 1)
		[ -n "$server" ] &&
			port=$(ss -ltnpH 'src 127.0.0.1' | grep "pid=$server," | awk '{ sub(/.*:/, "", $4); print $4 }' |
				head -n 1)
		[ -n "$port" ] && { echo "$server $port"; return; }
		sleep 0.1
	done
	fail "no server found for the render"
}

# local_service WAV PAGE: a second local HTTP service that answers a GET
# of a .wav with WAV's bytes, of /hang... never, of anything else with the
# text PAGE; sets $port.
local_service() {
	rm -f port
	python3 -u -c '
import http.server, sys, time
data = open(sys.argv[1], "rb").read()
page = sys.argv[2].encode()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/hang"):
            time.sleep(3600)
            return
        body = data if self.path.endswith(".wav") else page
        self.send_response(200)
        self.send_header("Content-Type", "audio/wav" if body is data else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
class S(http.server.ThreadingHTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
print(s.server_port)
s.serve_forever()' "$1" "$2" >port &
	at_exit "kill $! 2>/dev/null || true"
	for _ in $(seq 600); do [ -s port ] && break; sleep 0.1; done
	port=$(cat port)
	[ -n "$port" ] || fail "the test's HTTP server did not start"
}
