# A composition is untrusted code: what it may reach (its served root,
# without hidden files), what it may not (any other file, another local
# service), and that a hostile page cannot hang the render or fill the
# disk.  Everything here stays on 127.0.0.1.

# The mean colour of the video's first frame, "R G B" (0-255).
colour() {
	ffmpeg -v error -i "$1" -frames:v 1 -vf scale=1:1:flags=area,format=rgb24 -f rawvideo - | od -An -tu1 |
		awk '{print $1, $2, $3}'
}

# expect_green VIDEO WHAT: the page drew green (it got nothing), not red.
expect_green() {
	local c
	c=$(colour "$1")
	set -- $c "$2"
	[ "$2" -gt 200 ] && [ "$1" -lt 60 ] || fail "$4: the frame is $1 $2 $3, not green"
}

# hostile_page FILE URL...: a page that fetches every URL (and reads it by
# XMLHttpRequest too) and paints the frame red when any of them answered
# with bytes, green when none did, in canvas and dom mode alike.
hostile_page() {
	local file=$1 list=
	shift
	for u in "$@"; do list="$list'$u',"; done
	cat >"$file" <<-EOF
		<!doctype html><body style="margin:0"><canvas width="64" height="48"></canvas><script>
		const urls = [$list];
		function xhr(u) {
		  return new Promise((ok) => {
		    try {
		      const x = new XMLHttpRequest();
		      x.open('GET', u);
		      x.onload = () => ok(x.status === 200 || x.status === 0 ? x.responseText : '');
		      x.onerror = () => ok('');
		      x.send();
		    } catch (e) { ok(''); }
		  });
		}
		window.helios = { waitUntilStable: async () => {
		  let got = '';
		  for (const u of urls) {
		    try { const r = await fetch(u); if (r.ok) got += await r.text(); } catch (e) {}
		    got += await xhr(u);
		  }
		  const c = document.querySelector('canvas').getContext('2d');
		  c.fillStyle = got ? '#f00' : '#0f0';
		  c.fillRect(0, 0, 64, 48);
		  document.body.style.background = got ? '#f00' : '#0f0';
		} };
		</script></body>
	EOF
}

test_page_reads_no_file_outside_its_root() {
	mkdir -p site secret
	echo "the secret" >secret/s.txt
	hostile_page site/read.html "file:///etc/passwd" "file://$PWD/secret/s.txt" "/../secret/s.txt" \
		"/..%2Fsecret%2Fs.txt" "/%2e%2e/secret/s.txt"
	setup_tmp
	for mode in canvas dom; do
		for input in site/read.html "file://$PWD/site/read.html"; do
			expect_exit 0 helios render "$input" -o "out.mp4" --mode $mode --width 64 --height 48 --frame-count 1
			expect_green out.mp4 "$mode, $input"
		done
	done
	# The sanity check: the same page reads what its root holds.
	hostile_page site/own.html "s.txt"
	cp secret/s.txt site/s.txt
	expect_exit 0 helios render "file://$PWD/site/own.html" -o own.mp4 --width 64 --height 48 --frame-count 1
	[ "$(colour own.mp4 | awk '{print $1}')" -gt 200 ] || fail "the page could not read its own file"
}

test_file_url_input_keeps_its_query_and_refuses_other_hosts() {
	mkdir -p site
	cat >site/q.html <<-'EOF'
		<!doctype html><body style="margin:0"><canvas width="64" height="48"></canvas><script>
		const c = document.querySelector('canvas').getContext('2d');
		c.fillStyle = location.search === '?c=red' && location.protocol === 'http:' ? '#f00' : '#00f';
		c.fillRect(0, 0, 64, 48);
		</script></body>
	EOF
	setup_tmp
	expect_exit 0 helios render "file://$PWD/site/q.html?c=red" -o q.mp4 --width 64 --height 48 --frame-count 1
	[ "$(colour q.mp4 | awk '{print $1}')" -gt 200 ] || fail "not served over HTTP with its query: $(colour q.mp4)"
	expect_exit 1 helios render "file://otherhost$PWD/site/q.html" -o q2.mp4 --frame-count 1
	expect_eq "$(cat err)" "helios: render: cannot open 'file://otherhost$PWD/site/q.html': not a file on this machine"
}

test_hidden_files_are_not_served() {
	mkdir -p site/.git site/sub/.cache
	echo "TOKEN=1" >site/.env
	echo "[remote]" >site/.git/config
	echo "cached" >site/sub/.cache/x.txt
	ln -s .git site/linked
	hostile_page site/comp.html /.env /.git/config /%2Egit/config /sub/.cache/x.txt /linked/config .env
	setup_tmp
	for mode in canvas dom; do
		expect_exit 0 helios render site/comp.html -o out.mp4 --mode $mode --width 64 --height 48 --frame-count 1
		expect_green out.mp4 "$mode"
	done
	# A root that is itself hidden is served: the user named it.
	mkdir -p .site
	echo "data" >.site/data.txt
	hostile_page .site/comp.html data.txt
	expect_exit 0 helios render .site/comp.html -o own.mp4 --width 64 --height 48 --frame-count 1
	[ "$(colour own.mp4 | awk '{print $1}')" -gt 200 ] || fail "a hidden root's own file was not served"
}

test_server_refuses_bad_heads_and_caps_connections() {
	mkdir -p site
	echo '<!doctype html><canvas></canvas><script>window.helios = { waitUntilStable: () => new Promise(() => {}) };</script>' \
		>site/comp.html
	setup_tmp
	helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 1 --timeout 120 >render.out 2>&1 &
	render_pid=$!
	at_exit "kill $render_pid 2>/dev/null || true"
	read -r server port <<<"$(served_port $render_pid)"
	[ -n "$port" ] || fail "no server found for the render"
	# The status line and the seconds it took.
	ask() {
		local t=$SECONDS
		echo "$(raw_request "$port" "$1") $((SECONDS - t))"
	}
	got=$(ask 'b"GET /comp\0.html HTTP/1.1\r\nHost: x\r\n\r\n"')
	expect_eq "${got% *}" "HTTP/1.1 400 Bad Request"
	# At once: not after the 60 s a connection may idle (the machine may be busy).
	[ "${got##* }" -lt 20 ] || fail "a NUL answered after ${got##* } s"
	got=$(ask 'b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n"')
	expect_eq "${got% *}" "HTTP/1.1 431 Request Header Fields Too Large"
	got=$(ask 'b"GET /comp.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"')
	expect_eq "${got% *}" "HTTP/1.1 200 OK"
	# 100 idle connections at once: at most 64 handlers (and the server).
	python3 -c '
import socket, sys, time
conns = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for _ in range(100)]
open("held", "w").close()
time.sleep(120)' "$port" &
	holder=$!
	at_exit "kill $holder 2>/dev/null || true"
	for _ in $(seq 600); do [ -e held ] && break; sleep 0.1; done
	most=0
	for _ in $(seq 50); do
		n=$(pgrep -g "$server" | wc -l)
		[ "$n" -gt "$most" ] && most=$n
		[ "$most" -gt 65 ] && break
		sleep 0.1
	done
	kill $holder
	[ "$most" -ge 60 ] || fail "only $most processes: the connections were not served"
	[ "$most" -le 65 ] || fail "$most processes serve 100 connections"
	kill -TERM $render_pid
	wait $render_pid || true
}


test_media_sources_stay_inside_the_root() {
	mkdir -p site/.hidden secret
	ffmpeg -v error -f lavfi -i sine=frequency=440:duration=2 -ar 48000 secret/voice.wav
	cp secret/voice.wav site/.hidden/voice.wav
	cp secret/voice.wav site/tone.wav
	ln -s ../secret/voice.wav site/link.wav
	mkfifo site/fifo.wav
	printf '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n%s\n#EXT-X-ENDLIST\n' "$PWD/secret/voice.wav" \
		>site/list.wav
	local_service secret/voice.wav ""
	setup_tmp
	for src in "file://$PWD/secret/voice.wav" "/..%2Fsecret%2Fvoice.wav" "link.wav" ".hidden/voice.wav" \
		"fifo.wav" "http://127.0.0.1:$port/tone.wav" "http://localhost:$port/tone.wav" \
		"http://[::ffff:127.0.0.1]:$port/tone.wav"; do
		echo "<!doctype html><canvas></canvas><audio preload=none src=\"$src\"></audio>" >site/comp.html
		expect_exit 1 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 2 --timeout 30
		case $src in
		http://*)	# as the browser wrote the URL: [::ffff:7f00:1]
			expect_contains err "helios: render: blocked request to http://"
			expect_contains err ":$port/tone.wav: " ;;
		*) expect_contains err "helios: render: audio: '" ;;
		esac
		expect_lines err 1
		[ ! -e out.mp4 ] || fail "$src: a video with that source"
	done
	# A playlist inside the root that names a file outside is no source either.
	echo '<!doctype html><canvas></canvas><audio preload=none src="list.wav"></audio>' >site/comp.html
	expect_exit 1 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 2 --timeout 30
	[ ! -e out.mp4 ] || fail "list.wav: a video with that source"
	# What the root holds plays.
	echo '<!doctype html><canvas></canvas><audio preload=none src="tone.wav"></audio>' >site/comp.html
	expect_exit 0 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 30
	expect_eq "$(ffprobe -v error -select_streams a -show_entries stream=codec_name -of csv=p=0 out.mp4)" aac
}

test_media_source_errors_name_it() {
	mkdir -p site secret
	ffmpeg -v error -f lavfi -i sine=frequency=440:duration=1 -ar 48000 secret/voice.wav
	ln -s ../secret/voice.wav site/link.wav
	setup_tmp
	echo "<!doctype html><canvas></canvas><audio preload=none src=\"file://$PWD/secret/voice.wav\"></audio>" \
		>site/comp.html
	expect_exit 1 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 2
	expect_eq "$(cat err)" "helios: render: audio: 'file://$PWD/secret/voice.wav': a file outside the served directory, which a composition may not read"
	echo '<!doctype html><canvas></canvas><audio preload=none src="link.wav"></audio>' >site/comp.html
	expect_exit 1 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 2
	expect_contains err "helios: render: audio: 'http://127.0.0.1:"
	expect_contains err "/link.wav': the file server refuses it (403 Forbidden)"
	port=$(free_port)
	echo "<!doctype html><canvas></canvas><audio preload=none src=\"http://127.0.0.1:$port/x.wav\"></audio>" \
		>site/comp.html
	expect_exit 1 helios render site/comp.html -o out.mp4 --width 64 --height 48 --frame-count 2
	expect_eq "$(cat err)" "helios: render: blocked request to http://127.0.0.1:$port/x.wav: 127.0.0.1 is a loopback address (allow it with --allow-net 127.0.0.1:$port)"
}

# A source of the origin the user named (the input's own server) is read,
# and one that never answers ends the render within --timeout.
test_a_stalled_source_ends_within_the_timeout() {
	mkdir -p tmp
	ffmpeg -v error -f lavfi -i sine=frequency=440:duration=1 tmp/tone.wav
	local_service tmp/tone.wav '<!doctype html><canvas></canvas><audio preload=none src="/hang.wav"></audio>'
	setup_tmp
	helios render "http://127.0.0.1:$port/comp.html" -o out.mp4 --width 64 --height 48 --frame-count 2 \
		--timeout 20 >out 2>err &
	pid=$!
	at_exit "kill $pid 2>/dev/null || true"
	# 20 s: at load 30 the browser's own start took more than 5.
	for _ in $(seq 1200); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
	if kill -0 $pid 2>/dev/null; then
		fail "still rendering 120 s after a --timeout of 20 s"
	fi
	rc=0
	wait $pid || rc=$?
	expect_eq "$rc" 1
	expect_contains err "hang.wav"
	[ ! -e out.mp4 ] || fail "a video without its sound"
}

test_a_dialog_is_an_error_at_once() {
	setup_tmp
	echo '<!doctype html><canvas></canvas><script>alert("hello there");</script>' >alert.html
	cat >confirm.html <<-'EOF'
		<!doctype html><canvas></canvas><script>
		window.helios = { waitUntilStable: async () => { confirm("are you sure?"); } };
		</script>
	EOF
	echo '<!doctype html><canvas></canvas><script>prompt("name?", "x");</script>' >prompt.html
	# The error comes from the dialog at once, not from the --timeout.
	start=$(date +%s)
	expect_exit 1 helios render alert.html -o a.mp4 --width 64 --height 48 --frame-count 1 --timeout 60
	expect_eq "$(cat err)" "helios: render: the page opened an alert dialog: hello there"
	expect_exit 1 helios render confirm.html -o a.mp4 --width 64 --height 48 --frame-count 1 --timeout 60
	expect_eq "$(cat err)" "helios: render: frame 0: the page opened a confirm dialog: are you sure?"
	expect_exit 1 helios render prompt.html -o a.mp4 --width 64 --height 48 --frame-count 1 --timeout 60 --mode dom
	expect_eq "$(cat err)" "helios: render: the page opened a prompt dialog: name?"
	[ $(($(date +%s) - start)) -lt 60 ] || fail "the dialogs took $(($(date +%s) - start)) s"
	[ ! -e a.mp4 ] || fail "a video of a page stuck in a dialog"
}

test_page_storage_is_capped() {
	mkdir -p site
	cat >site/fill.html <<-'EOF'
		<!doctype html><body style="margin:0"><canvas width="64" height="48"></canvas><script>
		window.helios = { waitUntilStable: async () => {
		  let written = 0;
		  const chunk = new Uint8Array(1 << 20).fill(7);
		  try {
		    const dir = await navigator.storage.getDirectory();
		    const w = await (await dir.getFileHandle('big', { create: true })).createWritable();
		    for (let i = 0; i < 200; i++) { await w.write(chunk); written += chunk.length; }
		    await w.close();
		  } catch (e) {}
		  try {
		    const db = await new Promise((ok, no) => {
		      const r = indexedDB.open('fill', 1);
		      r.onupgradeneeded = () => r.result.createObjectStore('s');
		      r.onsuccess = () => ok(r.result);
		      r.onerror = () => no(r.error);
		    });
		    for (let i = 0; i < 200; i++) {
		      await new Promise((ok, no) => {
		        const t = db.transaction('s', 'readwrite');
		        t.objectStore('s').put(new Blob([chunk]), i);
		        t.oncomplete = ok;
		        t.onerror = t.onabort = () => no(t.error);
		      });
		      written += chunk.length;
		    }
		  } catch (e) {}
		  const c = document.querySelector('canvas').getContext('2d');
		  c.fillStyle = written > (150 << 20) ? '#f00' : '#0f0';
		  c.fillRect(0, 0, 64, 48);
		} };
		</script></body>
	EOF
	setup_tmp
	expect_exit 0 helios render site/fill.html -o out.mp4 --width 64 --height 48 --frame-count 1 --timeout 120
	expect_green out.mp4 "more than 150 MiB stored"
}
