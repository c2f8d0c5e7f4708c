# How pages load: a local input is served over HTTP on 127.0.0.1 from its
# directory (or --root), only to our own user; a page or a resource it
# needs that fails to load is an error naming it, not a video of the
# failure.

# A page that draws a red canvas once its script under /js/ has run.
site() {
	mkdir -p site/pages site/js
	cat >site/pages/comp.html <<-'EOF'
		<!doctype html><canvas width="64" height="48"></canvas><script src="/js/draw.js"></script>
	EOF
	echo 'const c = document.querySelector("canvas").getContext("2d"); c.fillStyle = "#f00"; c.fillRect(0, 0, 64, 48);' \
		>site/js/draw.js
}

# The mean red of the video's first frame (0-255).
red() {
	ffmpeg -v error -i "$1" -frames:v 1 -vf scale=1:1:flags=area,format=rgb24 -f rawvideo - | od -An -tu1 | awk '{print $1}'
}

# http_server SCRIPT: a Python HTTP server on a free port of 127.0.0.1 that
# answers every GET with SCRIPT's (status, body); sets $port, $server_pid.
http_server() {
	rm -f port
	python3 -u -c '
import http.server, sys
status, body = sys.argv[1].split(" ", 1)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(int(status))
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(body.encode())
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_port)
s.serve_forever()' "$1" >port &
	server_pid=$!
	at_exit "kill $server_pid 2>/dev/null || true"
	for _ in $(seq 600); do [ -s port ] && break; sleep 0.1; done
	port=$(cat port)
	[ -n "$port" ] || fail "the test's HTTP server did not start"
}

test_absolute_paths_resolve_inside_the_root() {
	site
	setup_tmp
	expect_exit 0 helios render site/pages/comp.html --root site -o out.mp4 --width 64 --height 48 --frame-count 2
	[ "$(red out.mp4)" -gt 200 ] || fail "the script under /js/ did not run"
	# Without --root the page's own directory is the root: /js/ is not there.
	expect_exit 1 helios render site/pages/comp.html -o out2.mp4 --width 64 --height 48 --frame-count 2
	expect_eq "$(cat err)" "helios: render: cannot load the script '$PWD/site/pages/js/draw.js': HTTP 404 Not Found"
	[ ! -e out2.mp4 ] || fail "a video of a page whose script did not load"
}

test_root_reaches_chunk_commands_relative_to_the_job() {
	site
	mkdir jobs
	expect_exit 0 helios render site/pages/comp.html --root site -o jobs/out.mp4 --width 64 --height 48 \
		--frame-count 4 --concurrency 2 --emit-job jobs/job.json
	expect_eq "$(json jobs/job.json 'j["chunks"][0]["command"]')" \
		"helios render ../site/pages/comp.html -o out_part_0.mp4 --start-frame 0 --frame-count 2 --width 64 --height 48 --fps 30 --mode canvas --root ../site"
	setup_tmp
	expect_exit 0 helios job run jobs/job.json
	[ "$(red jobs/out.mp4)" -gt 200 ] || fail "the chunks did not load the script"
}

test_root_must_hold_the_input() {
	site
	mkdir other
	expect_exit 2 helios render site/pages/comp.html --root other -o out.mp4 --frame-count 1
	expect_eq "$(cat err)" "helios: render: --root: 'other' does not contain the input 'site/pages/comp.html'"
	expect_exit 2 helios render site/pages/comp.html --root missing -o out.mp4 --frame-count 1
	expect_eq "$(cat err)" "helios: render: --root: 'missing': No such file or directory"
}

test_main_document_with_an_http_error_is_an_error() {
	setup_tmp
	for answer in "404 <h1>Not Found</h1>" "500 <h1>Internal error</h1>"; do
		http_server "$answer"
		expect_exit 1 helios render "http://127.0.0.1:$port/comp.html" -o out.mp4 --width 64 --height 48 \
			--frame-count 2
		kill $server_pid
		expect_contains err "helios: render: cannot load the page 'http://127.0.0.1:$port/comp.html': HTTP ${answer%% *}"
		expect_lines err 1
		[ ! -e out.mp4 ] || fail "a video of the error page"
	done
}

test_missing_image_is_an_error() {
	echo '<!doctype html><img src="missing.png"><canvas></canvas>' >comp.html
	setup_tmp
	expect_exit 1 helios render comp.html -o out.mp4 --width 64 --height 48 --frame-count 2
	expect_eq "$(cat err)" "helios: render: cannot load the image '$PWD/missing.png': HTTP 404 Not Found"
}

test_failed_fetch_is_the_pages_business() {
	# A page may probe for optional data: a failed fetch() is not an error.
	cat >comp.html <<-'EOF'
		<!doctype html><canvas></canvas><script>fetch("optional.json").catch(() => null);</script>
	EOF
	setup_tmp
	expect_exit 0 helios render comp.html -o out.mp4 --width 64 --height 48 --frame-count 2
}

# While a render waits on a page that never settles, talk to its server.
test_server_answers_only_our_user_and_stays_inside_the_root() {
	command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
	[ "$(id -u)" = 0 ] || skip "needs root to connect as another user"
	mkdir -p site
	echo secret >outside.txt
	ln -s ../outside.txt site/link.txt
	echo '<!doctype html><canvas></canvas><script>window.helios = { waitUntilStable: () => new Promise(() => {}) };</script>' \
		>site/comp.html
	setup_tmp
	helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 1 --timeout 20 >render.out 2>&1 &
	render_pid=$!
	read -r _ port <<<"$(served_port $render_pid)"
	[ -n "$port" ] || { kill $render_pid; fail "no server found for the render"; }
	get() {
		raw_request "$port" "b\"GET $1 HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n\""
	}
	expect_eq "$(get /comp.html)" "HTTP/1.1 200 OK"
	expect_eq "$(get /nothere.html)" "HTTP/1.1 404 Not Found"
	expect_eq "$(get /../outside.txt)" "HTTP/1.1 400 Bad Request"
	expect_eq "$(get /%2e%2e/outside.txt)" "HTTP/1.1 400 Bad Request"
	expect_eq "$(get /link.txt)" "HTTP/1.1 403 Forbidden"
	expect_eq "$(setpriv --reuid=65534 --regid=65534 --clear-groups bash -c "$(declare -f get raw_request); port=$port; get /comp.html")" \
		"closed"
	kill -TERM $render_pid
	wait $render_pid || true
	expect_eq "$(pgrep -f "$PWD/tmp/helios-chromium" || true)" ""
}
