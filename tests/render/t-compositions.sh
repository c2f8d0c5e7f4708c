# Compositions written against the real Helios core library (npm), with
# GSAP, three.js on WebGL and React on top: every frame shows the
# composition's time, renders repeat exactly, and a chunk or a chunked job
# equals the same frames of a render in one piece.  The pages are bundled
# from tests/compositions by tests/run.sh; each draws its frame number as
# 16 stripes (tests/compositions/src/marker.js) that `markers` reads back.

setup() {
	[ -n "${HELIOS_COMPOSITIONS:-}" ] ||
		skip "the test compositions are not built: ${HELIOS_COMPOSITIONS_MISSING:-run sh tools/deps.sh --install}"
	mkdir -p tmp
	export TMPDIR=$PWD/tmp
}

# markers VIDEO: the number each frame's stripes show, one line per frame.
markers() {
	ffmpeg -v error -i "$1" -vf "crop=iw:ih/2:0:0,scale=16:1:flags=area,format=gray" -f rawvideo - |
		od -An -v -tu1 -w16 |
		awk '{ v = 0; for (k = 1; k <= 16; k++) if ($k > 127) v += 2 ^ (k - 1); print v }'
}

# One md5 per decoded frame.
frame_hashes() {
	ffmpeg -v error -i "$1" -map 0:v -f framemd5 - | grep -v '^#' | awk -F', *' '{print $6}'
}

# expect_markers VIDEO FIRST STEP COUNT: frame i shows FIRST + STEP * i.
expect_markers() {
	markers "$1" >"$1.markers"
	seq 0 $(($4 - 1)) | awk -v a="$2" -v b="$3" '{ print a + b * $1 }' >"$1.expected"
	cmp -s "$1.markers" "$1.expected" || {
		paste "$1.markers" "$1.expected" | awk '$1 != $2 { print "frame " NR - 1 ": shows " $1 ", expected " $2 }' | head >&2
		fail "$1: frames do not show the composition's time"
	}
}

# check_page PAGE FIRST STEP [RENDER FLAGS...]: the four checks on 24
# frames: frame i shows FIRST + STEP * i; a second render is identical; a
# job of 3 chunks run by `helios job run` equals the render in one piece;
# --start-frame 15 renders frames 15-23 of the whole.
check_page() {
	local page=$1 first=$2 step=$3
	shift 3
	set -- "$page" --width 192 --height 108 --quality 0 "$@"
	expect_exit 0 helios render "$@" -o whole.mp4 --frame-count 24
	expect_markers whole.mp4 "$first" "$step" 24
	expect_exit 0 helios render "$@" -o again.mp4 --frame-count 24
	frame_hashes whole.mp4 >whole.md5
	frame_hashes again.mp4 >again.md5
	cmp -s whole.md5 again.md5 || fail "two renders of $page differ"
	expect_exit 0 helios render "$@" -o job.mp4 --frame-count 24 --concurrency 3 --emit-job job.json
	expect_exit 0 helios job run job.json --concurrency 3
	frame_hashes job.mp4 >job.md5
	cmp -s whole.md5 job.md5 || fail "a job of 3 chunks differs from the render in one piece"
	expect_exit 0 helios render "$@" -o tail.mp4 --start-frame 15 --frame-count 9
	frame_hashes tail.mp4 >tail.md5
	sed -n '16,24p' whole.md5 | cmp -s - tail.md5 || fail "frames 15-23 rendered alone differ from the whole"
	expect_markers tail.mp4 $((first + 15 * step)) "$step" 9
	[ -z "$(ls -A tmp)" ] || { ls -la tmp >&2; fail "temporary files left in \$TMPDIR"; }
}

# vite_build DIR: `vite build` of tests/compositions/vite-app with Vite's
# default configuration, into DIR.
vite_build() {
	local vite=$HELIOS_TESTS/compositions/node_modules/.bin/vite
	[ -x "$vite" ] || skip "vite is not installed (run sh tools/deps.sh --install)"
	"$vite" build "$HELIOS_TESTS/compositions/vite-app" --outDir "$PWD/$1" --emptyOutDir \
		--logLevel warn >vite.log 2>&1 || { cat vite.log >&2; fail "vite build failed"; }
	grep -q 'src="/assets/index-[^"]*\.js"' "$1/index.html" || { cat "$1/index.html" >&2; fail "no absolute asset path"; }
}

test_helios_on_canvas() {
	setup
	check_page "$HELIOS_COMPOSITIONS/helios-canvas.html" 0 1
}

test_helios_on_canvas_at_a_lower_fps_than_the_page() {
	setup
	# A 30 fps composition rendered at 15 fps shows every second frame;
	# waitUntilStable resolves for each (it used to time out at frame 1).
	check_page "$HELIOS_COMPOSITIONS/helios-canvas.html" 0 2 --fps 15 --timeout 60
}

test_helios_page_at_60_fps_rendered_at_30() {
	setup
	check_page "$HELIOS_COMPOSITIONS/helios-canvas-60.html" 0 2 --timeout 60
}

test_helios_dom_with_css_animations() {
	setup
	check_page "$HELIOS_COMPOSITIONS/helios-css.html" 0 1 --mode dom
}

test_gsap_timeline_registered_for_the_renderer() {
	setup
	check_page "$HELIOS_COMPOSITIONS/gsap.html" 0 1 --mode dom
}

test_threejs_webgl_in_canvas_mode() {
	setup
	check_page "$HELIOS_COMPOSITIONS/three.html" 0 1
}

test_threejs_webgl_in_dom_mode() {
	setup
	check_page "$HELIOS_COMPOSITIONS/three.html" 0 1 --mode dom
}

test_react_page() {
	setup
	check_page "$HELIOS_COMPOSITIONS/react.html" 0 1 --mode dom
}

test_vite_build_renders_exactly() {
	setup
	vite_build dist
	# Its module script and stylesheet under /assets/ and its data fetched
	# from /offset.json (1000) all load: frame i shows 1000 + i.
	check_page dist/index.html 1000 1
}

test_vite_build_missing_asset_is_an_error_naming_it() {
	setup
	vite_build dist
	css=$(cd dist && ls assets/*.css)
	rm "dist/$css"
	expect_exit 1 helios render dist/index.html -o out.mp4 --width 64 --height 48 --frame-count 2
	expect_eq "$(cat err)" "helios: render: cannot load the stylesheet '$PWD/dist/$css': HTTP 404 Not Found"
	[ ! -e out.mp4 ] || fail "a video of a page that did not load"
}

test_helios_page_given_as_a_file_url() {
	setup
	# A file:// URL is loaded as it is, not served: the bundles work there too.
	expect_exit 0 helios render "file://$HELIOS_COMPOSITIONS/helios-canvas.html" -o url.mp4 \
		--width 192 --height 108 --frame-count 12
	expect_markers url.mp4 0 1 12
}
