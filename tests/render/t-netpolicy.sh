# The network policy: a page (and ffmpeg reading its sound) reaches its own
# server and public addresses, never another service on loopback or a
# private address unless --allow-net names it; --offline keeps it to its
# files.  Every service here listens on 127.0.0.1 only.

# services: a service on two loopback ports, $secret_port and $relay_port,
# that writes every request line it gets to ./requests.  The first holds
# /secret (readable from any origin), /tone.wav and a WebSocket at /ws that
# says "the secret"; the second redirects /go and /go.wav to the first.
services() {
	ffmpeg -v error -f lavfi -i sine=frequency=440:duration=2 -ar 48000 tone.wav
	rm -f ports
	: >requests
	python3 -u -c '
import base64, hashlib, http.server, sys, threading
tone = open("tone.wav", "rb").read()
log = open("requests", "a")
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        log.write("%s %s\n" % (self.server.server_port, self.requestline)); log.flush()
        if self.server is relay:
            self.send_response(302)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Location", "http://127.0.0.1:%d%s" % (secret.server_port,
                             "/tone.wav" if self.path.endswith(".wav") else "/secret"))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/ws":
            key = self.headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", base64.b64encode(hashlib.sha1(key.encode()).digest()).decode())
            self.end_headers()
            self.wfile.write(b"\x81\x0athe secret")
            self.wfile.flush()
            self.rfile.read(2)
        else:
            body = tone if self.path == "/tone.wav" else b"the secret"
            self.send_response(200)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    def log_message(self, *a): pass
class S(http.server.ThreadingHTTPServer):
    daemon_threads = True
secret = S(("127.0.0.1", 0), H)
relay = S(("127.0.0.1", 0), H)
threading.Thread(target=relay.serve_forever, daemon=True).start()
print(secret.server_port, relay.server_port)
secret.serve_forever()' >ports &
	at_exit "kill $! 2>/dev/null || true"
	for _ in $(seq 100); do [ -s ports ] && break; sleep 0.1; done
	read -r secret_port relay_port <ports || fail "the test's HTTP service did not start"
}

# The mean colour of the video's first frame, "R G B" (0-255).
colour() {
	ffmpeg -v error -i "$1" -frames:v 1 -vf scale=1:1:flags=area,format=rgb24 -f rawvideo - | od -An -tu1 |
		awk '{print $1, $2, $3}'
}

# probing_page FILE FETCH_URL WS_URL XHR_URL: a page that reads the secret
# by fetch(), a WebSocket and XMLHttpRequest, and loads FETCH_URL in an
# iframe and an <img> too; it paints red where fetch() got the secret,
# green where the WebSocket did, blue where XHR did.
probing_page() {
	cat >"$1" <<-EOF
		<!doctype html><body style="margin:0"><canvas width="64" height="48"></canvas><script>
		function ws(u) {
		  return new Promise((ok) => {
		    try {
		      const s = new WebSocket(u);
		      s.onmessage = (m) => { ok(m.data); s.close(); };
		      s.onerror = () => ok('');
		    } catch (e) { ok(''); }
		  });
		}
		function xhr(u) {
		  return new Promise((ok) => {
		    const x = new XMLHttpRequest();
		    x.open('GET', u);
		    x.onload = () => ok(x.responseText);
		    x.onerror = () => ok('');
		    x.send();
		  });
		}
		window.helios = { waitUntilStable: async () => {
		  let f = '';
		  try { const r = await fetch('$2'); f = await r.text(); } catch (e) {}
		  const w = await ws('$3'), x = await xhr('$4');
		  for (const tag of ['iframe', 'img']) {
		    const e = document.createElement(tag);
		    await new Promise((ok) => { e.onload = e.onerror = ok; e.src = '$2'; document.body.append(e); });
		  }
		  const hit = (t) => t === 'the secret' ? 'ff' : '00';
		  const c = document.querySelector('canvas').getContext('2d');
		  c.fillStyle = '#' + hit(f) + hit(w) + hit(x);
		  c.fillRect(0, 0, 64, 48);
		} };
		</script></body>
	EOF
}

test_no_request_reaches_another_loopback_service_by_default() {
	services
	mkdir -p site
	probing_page site/comp.html "http://localhost:$secret_port/secret" "ws://127.0.0.1:$secret_port/ws" \
		"http://127.0.0.1:$secret_port/secret"
	setup_tmp
	for mode in canvas dom; do
		expect_exit 1 helios render site/comp.html -o out.mp4 --mode $mode --width 64 --height 48 --frame-count 1
		# localhost is refused for its address, and the line says how to allow it.
		expect_eq "$(cat err)" "helios: render: blocked request to http://localhost:$secret_port/secret: 127.0.0.1 is a loopback address (allow it with --allow-net localhost:$secret_port)"
		[ ! -e out.mp4 ] || fail "$mode: a video was written"
	done
	# No fetch, WebSocket, XHR, iframe or image got to the service.
	expect_eq "$(cat requests)" ""
}

test_allow_net_opens_the_named_service() {
	services
	mkdir -p site
	probing_page site/comp.html "http://localhost:$secret_port/secret" "ws://127.0.0.1:$secret_port/ws" \
		"http://127.0.0.1:$secret_port/secret"
	setup_tmp
	# The address also allows a name that resolves to it (localhost).
	expect_exit 0 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 1 \
		--allow-net "example.com,127.0.0.1:$secret_port"
	set -- $(colour out.mp4)
	[ "$1" -gt 200 ] && [ "$2" -gt 200 ] && [ "$3" -gt 200 ] ||
		fail "fetch, WebSocket and XHR did not all read the secret: $*"
	expect_contains requests "$secret_port GET /ws HTTP/1.1"
	# Another port of the same host stays closed.
	expect_exit 1 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 1 \
		--allow-net "localhost:$relay_port" --allow-net "127.0.0.1:$relay_port"
	expect_contains err "blocked request to http://localhost:$secret_port/secret: "
}

test_a_redirect_to_a_blocked_host_is_blocked() {
	services
	mkdir -p site
	echo "<script>window.helios = { waitUntilStable: () => fetch('http://127.0.0.1:$relay_port/go').catch(() => {}) };</script><canvas></canvas>" \
		>site/fetch.html
	echo "<!doctype html><canvas></canvas><audio preload=none src=\"http://127.0.0.1:$relay_port/go.wav\"></audio>" \
		>site/audio.html
	setup_tmp
	# The browser's redirect, then ffmpeg's.
	for page in fetch:secret audio:tone.wav; do
		expect_exit 1 helios render "site/${page%%:*}.html" -o out.mp4 --width 64 --height 48 --frame-count 2 \
			--allow-net "127.0.0.1:$relay_port"
		expect_eq "$(cat err)" "helios: render: blocked request to http://127.0.0.1:$secret_port/${page#*:}: 127.0.0.1 is a loopback address (allow it with --allow-net 127.0.0.1:$secret_port)"
	done
	# Both asked the relay and followed it no further.
	expect_contains requests "$relay_port GET /go HTTP/1.1"
	expect_contains requests "$relay_port GET /go.wav HTTP/1.1"
	expect_not_contains requests "$secret_port "
}

test_sound_from_another_service_needs_allow_net() {
	services
	mkdir -p site
	echo "<!doctype html><canvas></canvas><audio src=\"http://127.0.0.1:$secret_port/tone.wav\"></audio>" \
		>site/comp.html
	setup_tmp
	expect_exit 1 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 15
	expect_eq "$(cat err)" "helios: render: blocked request to http://127.0.0.1:$secret_port/tone.wav: 127.0.0.1 is a loopback address (allow it with --allow-net 127.0.0.1:$secret_port)"
	expect_eq "$(cat requests)" ""
	expect_exit 0 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 15 \
		--allow-net "127.0.0.1:$secret_port"
	# The tone is in the video: loud, not silence.
	level=$(ffmpeg -v info -i out.mp4 -af volumedetect -f null - 2>&1 | sed -n 's/.*mean_volume: \(-*[0-9.]*\) dB/\1/p')
	[ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l > -30) }' || fail "mean volume '$level' dB: no tone"
	# https goes through the proxy too: ffmpeg's CONNECT is refused.
	echo "<!doctype html><canvas></canvas><audio preload=none src=\"https://127.0.0.1:$secret_port/tone.wav\"></audio>" \
		>site/comp.html
	expect_exit 1 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 2
	expect_eq "$(cat err)" "helios: render: blocked request to 127.0.0.1:$secret_port: 127.0.0.1 is a loopback address (allow it with --allow-net 127.0.0.1:$secret_port)"
}

test_offline_refuses_other_hosts_before_dns() {
	mkdir -p site
	# .invalid never resolves: refused by name, not for a failed lookup.
	echo '<!doctype html><canvas></canvas><script>window.helios = { waitUntilStable: () => fetch("https://cdn.helios.invalid/lib.js").catch(() => {}) };</script>' \
		>site/comp.html
	setup_tmp
	expect_exit 1 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 1 --offline
	expect_eq "$(cat err)" "helios: render: blocked request to cdn.helios.invalid:443: --offline keeps the page to its own files (allow it with --allow-net cdn.helios.invalid:443)"
}

test_bad_allow_net_values_are_refused_and_good_ones_reach_chunks() {
	make_comp
	for value in "localhost:0" "http://localhost:80/" "[::1" "a,,b" "host:99999"; do
		expect_exit 2 helios render comp.html --allow-net "$value" --emit-job job.json
		expect_contains err "helios: render: --allow-net: '$value': "
		expect_lines err 1
		[ ! -e job.json ] || fail "$value: a job was written"
	done
	expect_exit 0 helios render comp.html --allow-net localhost:8080 --allow-net "[::1]:9" --offline \
		--emit-job job.json
	expect_contains job.json "--allow-net 'localhost:8080,[::1]:9' --offline"
	expect_exit 0 helios job validate job.json
}
