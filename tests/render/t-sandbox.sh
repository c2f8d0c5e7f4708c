# The browser's sandbox as root: the browser runs as the user nobody with
# Chromium's sandbox on (its renderers under a seccomp filter, in user
# namespaces of their own); where that cannot start, one line and exit 2,
# and --no-sandbox is the explicit way to render without it.

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root: only a root helios runs the browser as another user"
}

# A canvas page painted one green.
green_page() {
	cat >page.html <<-'HTML'
		<!doctype html><canvas width=64 height=36></canvas><script>
		const c = document.querySelector('canvas').getContext('2d');
		c.fillStyle = 'rgb(0,200,0)'; c.fillRect(0, 0, 64, 36);
		</script>
	HTML
}

# expect_green VIDEO: its first frame, decoded and averaged, is the page's green.
expect_green() {
	local rgb
	rgb=$(ffmpeg -v error -i "$1" -frames:v 1 -vf scale=1:1 -f rawvideo -pix_fmt rgb24 - | od -An -tu1 | xargs)
	set -- $rgb
	[ "$#" = 3 ] && [ "$1" -lt 30 ] && [ "$2" -gt 170 ] && [ "$3" -lt 30 ] ||
		fail "first frame's colour is '$rgb', expected about 0 200 0"
}

expect_tmp_empty() {
	[ -z "$(ls -A tmp)" ] || { ls -laR tmp >&2; fail "temporary files left in \$TMPDIR"; }
}

# field PID NAME: the value of NAME: in /proc/PID/status (tabs as spaces).
field() {
	sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" | tr '\t' ' '
}

# is_below PID ANCESTOR: PID's chain of parents holds ANCESTOR.
is_below() {
	local p=$1
	while [ -n "$p" ] && [ "$p" -gt 1 ]; do
		p=$(awk '{ sub(/.*\) /, ""); print $2 }' "/proc/$p/stat" 2>/dev/null) || return 1
		[ "$p" = "$2" ] && return 0
	done
	return 1
}

# renderer_below PID: a renderer process of the browser below PID whose
# seccomp filter is on (it sets it up as it starts), if any yet.
renderer_below() {
	local r
	for r in $(pgrep -f -- '--type=renderer'); do
		is_below "$r" "$1" && [ "$(field "$r" Seccomp)" = 2 ] && { echo "$r"; return; }
	done
	true
}

# without_userns COMMAND...: COMMAND as root of a user namespace mapping
# uids and gids 0-65535 to ours, in which no user namespace may be
# created (user.max_user_namespaces is 0 there: the kernel's own switch,
# as a machine or container with them off has it), so Chromium's sandbox
# cannot start.  Nothing outside is changed.  Its exit status.
without_userns() {
	local pid rc=0
	rm -f gate
	mkfifo gate
	# Mapped only after it started: it execs again to become the
	# namespace's root with its capabilities.
	unshare --user sh -c 'read x <gate && exec sh -c "echo 0 >/proc/sys/user/max_user_namespaces && exec \"\$@\"" sh "$@"' \
		sh "$@" &
	pid=$!
	for _ in $(seq 400); do
		[ "$(readlink /proc/$pid/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break
		sleep 0.05
	done
	# Not mapped, it would wait at the gate for ever: ended instead.
	echo '0 0 65536' >/proc/$pid/uid_map && echo '0 0 65536' >/proc/$pid/gid_map ||
		{ kill $pid 2>/dev/null || true; wait $pid || true; skip "cannot make a user namespace and map its users here"; }
	echo go >gate
	wait $pid || rc=$?
	return $rc
}

test_as_root_the_renderer_runs_as_nobody_under_seccomp() {
	need_root
	setup_tmp
	# A page that never finishes loading: the render waits while we look.
	local_service /dev/null '<!doctype html><canvas></canvas><img src="/hang.png">'
	helios render "http://127.0.0.1:$port/" -o out.mp4 --width 64 --height 36 --frame-count 2 \
		--timeout 60 >out 2>err &
	pid=$!
	at_exit "kill $pid 2>/dev/null || true"
	renderer=
	for _ in $(seq 300); do
		renderer=$(renderer_below $pid)
		[ -n "$renderer" ] && break
		sleep 0.1
	done
	[ -n "$renderer" ] || { cat err >&2; fail "no renderer under a seccomp filter in 30 s"; }
	expect_eq "$(field "$renderer" Uid)" "65534 65534 65534 65534" "the renderer's uids"
	expect_eq "$(field "$renderer" Gid)" "65534 65534 65534 65534" "the renderer's gids"
	[ "$(readlink /proc/$renderer/ns/user)" != "$(readlink /proc/self/ns/user)" ] ||
		fail "the renderer is in our user namespace"
	# The browser itself: nobody too, holding no group of ours.
	browser=$(pgrep -f -- "--user-data-dir=$PWD/tmp/helios-chromium" | head -n 1)
	[ -n "$browser" ] || fail "no browser found"
	expect_eq "$(field "$browser" Uid)" "65534 65534 65534 65534" "the browser's uids"
	expect_eq "$(field "$browser" Groups | xargs)" "65534" "the browser's groups"
	expect_eq "$(field "$browser" CapEff)" "0000000000000000" "the browser's capabilities"
	# Its profile is its own; our directory around it only lets it through.
	dir=$(echo tmp/helios-chromium.*)
	expect_eq "$(stat -c '%U %a' "$dir")" "root 711"
	expect_eq "$(stat -c '%U %a' "$dir/profile")" "nobody 700"
	expect_eq "$(stat -c '%U %a' "$dir/browser.log")" "root 600"
	kill -TERM $pid
	rc=0
	wait $pid || rc=$?
	expect_eq "$rc" 143
	expect_tmp_empty
}

# The browser through a wrapper that writes down its user and arguments.
test_as_root_a_sandboxed_render_has_the_right_pixels() {
	need_root
	setup_tmp
	green_page
	shell=/usr/lib/chromium/chromium-headless-shell
	[ -x $shell ] || skip "no $shell"
	touch record
	chmod 666 record
	printf '#!/bin/sh\necho "$(id -u) $*" >>%s\nexec %s "$@"\n' "$PWD/record" $shell >browser
	chmod 755 browser
	HELIOS_CHROMIUM=$PWD/browser expect_exit 0 helios render page.html -o out.mp4 --width 64 --height 36 \
		--frame-count 5
	expect_green out.mp4
	expect_tmp_empty
	expect_lines record 1
	expect_eq "$(cut -d ' ' -f 1 record)" 65534 "the browser's uid"
	expect_not_contains record --no-sandbox
}

test_no_sandbox_renders_and_goes_into_the_chunk_commands() {
	setup_tmp
	green_page
	expect_exit 0 helios render page.html -o out.mp4 --width 64 --height 36 --frame-count 5 --no-sandbox
	expect_green out.mp4
	expect_tmp_empty
	expect_exit 0 helios render page.html -o final.mp4 --frame-count 4 --concurrency 2 --no-sandbox \
		--emit-job job.json
	expect_eq "$(json job.json 'all(" --no-sandbox" in c["command"] for c in j["chunks"])')" True
	expect_exit 0 helios job validate job.json
}

# Where user namespaces are off (a container's seccomp profile, a
# hardened kernel), the render refuses in one line naming why, and
# --no-sandbox renders.
test_without_user_namespaces_the_render_refuses_until_no_sandbox() {
	need_root
	command -v unshare >/dev/null || skip "no unshare(1)"
	setup_tmp
	green_page
	rc=0
	without_userns helios render page.html -o out.mp4 --width 64 --height 36 --frame-count 5 >out 2>err || rc=$?
	expect_eq "$rc" 2
	expect_eq "$(cat err)" "helios: render: the browser's sandbox cannot start here: user nobody may not create a user namespace: user namespaces are off (user.max_user_namespaces = 0); --no-sandbox renders without it, the browser as root"
	[ ! -e out.mp4 ] || fail "an output was written"
	expect_tmp_empty
	rc=0
	without_userns helios probe page.html --frame-count 5 >out 2>err || rc=$?
	expect_eq "$rc" 2
	expect_contains err "helios: probe: the browser's sandbox cannot start here:"
	expect_lines err 1
	rc=0
	without_userns helios render page.html -o out.mp4 --width 64 --height 36 --frame-count 5 --no-sandbox \
		>out 2>err || rc=$?
	[ "$rc" = 0 ] || { cat err >&2; fail "--no-sandbox: exit status $rc"; }
	expect_green out.mp4
	expect_tmp_empty
}

test_as_root_a_tmpdir_closed_to_nobody_is_refused() {
	need_root
	green_page
	mkdir -m 700 closed
	TMPDIR=$PWD/closed expect_exit 2 helios render page.html -o out.mp4 --width 64 --height 36 --frame-count 5
	expect_eq "$(sed 's/helios-chromium\.[^/]*/X/' err)" "helios: render: the browser's profile '$PWD/closed/X/profile' is closed to user nobody, who runs the browser for root: set TMPDIR to a directory every user may enter, such as /tmp"
	[ -z "$(ls -A closed)" ] || fail "left in \$TMPDIR: $(ls -A closed)"
}
