# Pages whose animation runs on timers, SVG SMIL and iframes, written the
# way their libraries' documentation shows (typed.js, Glide) or as any page
# would (a setInterval counter, a class added by setTimeout to start a CSS
# transition): the frame at time t shows the state the page reaches at t,
# two renders are identical, a job of 3 chunks equals the render in one
# piece and --start-frame equals the tail of the whole.  Pages from
# tests/compositions, 192x108 in dom mode, 2 s at 30 fps.

setup() {
	[ -n "${HELIOS_COMPOSITIONS:-}" ] ||
		skip "the test compositions are not built: ${HELIOS_COMPOSITIONS_MISSING:-run sh tools/deps.sh --install}"
	mkdir -p tmp
	export TMPDIR=$PWD/tmp
}

FRAMES=60
TAIL=45

frame_hashes() {
	ffmpeg -v error -i "$1" -map 0:v -f framemd5 - | grep -v '^#' | awk -F', *' '{print $6}'
}

# differing A B: how many lines of files A and B differ (a missing line too).
differing() {
	paste -d' ' "$1" "$2" | awk '$1 != $2 { n++ } END { print n + 0 }'
}

# exact PAGE [FLAGS...]: renders whole.mp4 ($FRAMES frames), again.mp4,
# job.mp4 (3 chunks by `helios job run`) and tail.mp4 (--start-frame
# $TAIL); fails naming every check that does not hold.
exact() {
	local page=$1 bad="" n
	shift
	set -- "$page" --mode dom --width 192 --height 108 --quality 0 "$@"
	expect_exit 0 helios render "$@" -o whole.mp4 --frame-count $FRAMES
	expect_exit 0 helios render "$@" -o again.mp4 --frame-count $FRAMES
	expect_exit 0 helios render "$@" -o job.mp4 --frame-count $FRAMES --concurrency 3 --emit-job job.json
	expect_exit 0 helios job run job.json --concurrency 3
	expect_exit 0 helios render "$@" -o tail.mp4 --start-frame $TAIL --frame-count $((FRAMES - TAIL))
	for v in whole again job tail; do frame_hashes $v.mp4 >$v.md5; done
	n=$(differing whole.md5 again.md5)
	[ "$n" -eq 0 ] || bad="$bad; two renders differ in $n of $FRAMES frames"
	n=$(differing whole.md5 job.md5)
	[ "$n" -eq 0 ] || bad="$bad; a job of 3 chunks differs from the whole in $n frames"
	sed -n "$((TAIL + 1)),\$p" whole.md5 >whole-tail.md5
	n=$(differing whole-tail.md5 tail.md5)
	[ "$n" -eq 0 ] || bad="$bad; --start-frame $TAIL differs from the whole in $n frames"
	[ -z "$(ls -A tmp)" ] || bad="$bad; temporary files left in \$TMPDIR"
	[ -z "$bad" ] || fail "$(basename "$page"):${bad#;}"
}

# markers VIDEO: the number each frame's stripes show (marker.js).
markers() {
	ffmpeg -v error -i "$1" -vf "crop=iw:ih/2:0:0,scale=16:1:flags=area,format=gray" -f rawvideo - |
		od -An -v -tu1 -w16 |
		awk '{ v = 0; for (k = 1; k <= 16; k++) if ($k > 127) v += 2 ^ (k - 1); print v }'
}

# gray VIDEO X Y W H: the mean gray level of a rectangle, one line a frame.
gray() {
	ffmpeg -v error -i "$1" -vf "crop=$4:$5:$2:$3,scale=1:1:flags=area,format=gray" -f rawvideo - |
		od -An -v -tu1 -w1
}

# expect_ramp FILE START: frame i of the levels in FILE is 0 until START
# seconds, then rises linearly to 255 over one second (within 6).
expect_ramp() {
	awk -v start="$2" '{
		t = (NR - 1) / 30; want = (t - start) * 255; want = want < 0 ? 0 : want > 255 ? 255 : want
		if ($1 - want > 6 || want - $1 > 6) { printf "frame %d: level %d, expected %.0f\n", NR - 1, $1, want; bad = 1 }
	} END { exit bad }' "$1" >ramp.err || { head ramp.err >&2; fail "$1: not the ramp from ${2} s"; }
}

test_setinterval_counter() {
	setup
	exact "$HELIOS_COMPOSITIONS/counter.html"
	# Ticks every 100 ms: frame i shows floor(i / 3).
	markers whole.mp4 >got
	seq 0 $((FRAMES - 1)) | awk '{ print int($1 / 3) }' >want
	cmp -s got want || { paste got want | head -20 >&2; fail "the counter does not follow the composition's time"; }
}

test_typed_js_typewriter() {
	setup
	exact "$HELIOS_COMPOSITIONS/typewriter.html"
	# A keystroke every 50-75 ms (typeSpeed 50, humanized): at 1 s 13-20
	# characters are typed, one more at most from frame to frame.
	markers whole.mp4 >got
	awk 'NR > 1 && ($1 < last || $1 > last + 1) { print "frame " NR - 1 ": " last " then " $1; bad = 1 }
	     { last = $1 } NR == 31 && ($1 < 13 || $1 > 20) { print "frame 30: " $1 " characters"; bad = 1 }
	     END { exit bad }' got >typed.err || { cat typed.err >&2; fail "typed.js does not type at its speed"; }
}

test_css_transition_started_by_settimeout() {
	setup
	exact "$HELIOS_COMPOSITIONS/transition.html"
	gray whole.mp4 16 16 160 76 >levels
	expect_ramp levels 0.5
}

test_svg_smil_animation_in_the_page_and_a_shadow_root() {
	setup
	exact "$HELIOS_COMPOSITIONS/smil.html"
	gray whole.mp4 16 8 160 38 >page
	expect_ramp page 0.5
	gray whole.mp4 16 62 160 38 >shadow
	expect_ramp shadow 0
}

test_glide_carousel_autoplay() {
	setup
	exact "$HELIOS_COMPOSITIONS/carousel.html"
	# Autoplay every 800 ms, a 300 ms linear slide: red until 0.8 s, green
	# from 1.1 s, blue from 1.9 s; at 0.9333 s the track has moved 4/9 of
	# the width, so green starts at column 192 - 85.3.
	ffmpeg -v error -i whole.mp4 -vf "format=rgb24,crop=iw:1:0:54" -f rawvideo - |
		od -An -v -tu1 -w576 >rows
	# colour ROW X: r, g or b, whichever channel is brightest at column X.
	colour() {
		sed -n "$(($1 + 1))p" rows | awk -v x="$2" '{
			r = $(3 * x + 1); g = $(3 * x + 2); b = $(3 * x + 3)
			print (r > g && r > b) ? "r" : (g > b) ? "g" : "b" }'
	}
	expect_eq "$(colour 15 96)" r "at 0.5 s"
	expect_eq "$(colour 36 96)" g "at 1.2 s"
	expect_eq "$(colour 58 96)" b "at 1.93 s"
	expect_eq "$(colour 28 104)" r "at 0.933 s, left of the edge"
	expect_eq "$(colour 28 109)" g "at 0.933 s, right of the edge"
}

test_same_origin_iframes_keep_composition_time() {
	setup
	exact "$HELIOS_COMPOSITIONS/iframe.html"
	markers whole.mp4 >got
	seq 0 $((FRAMES - 1)) | awk '{ print int($1 / 3) }' >want
	cmp -s got want || { paste got want | head -20 >&2; fail "the counter in the iframe does not follow the composition's time"; }
	gray whole.mp4 8 58 80 22 >smil
	expect_ramp smil 0.5
	gray whole.mp4 104 58 80 46 >transition
	expect_ramp transition 0.5
}

test_a_runaway_timer_is_an_error_naming_it() {
	setup
	# Each callback sets two more: past five deep they wait 4 ms, and still
	# double every 4 ms: 8191 by frame 16 (0.533 s), 16383 more by frame 17.
	cat >runaway.html <<'HTML'
<!doctype html><body style="background:#000"><script>
function spawn() { setTimeout(spawn, 0); setTimeout(spawn, 0); }
setTimeout(spawn, 500);
</script></body>
HTML
	expect_exit 1 helios render runaway.html -o out.mp4 --mode dom --width 64 --height 48 --frame-count 30
	expect_contains err "helios: render: frame 17: Error: timers: more than 10000 timer callbacks are due by frame 17 (0.567 s), the last setTimeout(spawn, 4) set at 0.5"
	[ ! -e out.mp4 ] || fail "a video of a page whose timers ran away"
}

test_an_exception_in_a_timer_ends_the_render_naming_it() {
	setup
	cat >throws.html <<'HTML'
<!doctype html><body style="background:#000"><script>
setTimeout(function tick() { null.x; }, 100);
</script></body>
HTML
	expect_exit 1 helios render throws.html -o out.mp4 --mode dom --width 64 --height 48 --frame-count 10
	# As before timers ran on composition time: the page's own exception,
	# where it was thrown, at the frame the timer was due (0.1 s).
	expect_contains err "helios: render: frame 3: the page threw an exception: TypeError: Cannot read properties of null (reading 'x') at $PWD/throws.html:2:"
}
