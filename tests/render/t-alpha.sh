# Transparency: a page with a transparent background renders transparent
# with a pixel format that has alpha (ProRes 4444 in .mov, VP9 with alpha
# in .webm, PNG sequences), in chunks too; what cannot hold alpha is
# refused at planning; helios merge keeps the alpha plane or fails.  Every
# check decodes the pixels with ffmpeg (VP9's alpha with libvpx-vp9).

# Half-transparent red at x < 32, nothing at x >= 48, and a half-
# transparent blue bar in a canvas (canvas mode captures only the canvas)
# that moves with time, so that frames differ.
alpha_comp() {
	cat >comp.html <<'HTML'
<!doctype html><html><body style="margin:0">
<div style="position:absolute;left:0;top:0;width:32px;height:36px;background:rgba(255,0,0,0.5)"></div>
<canvas width="64" height="36" style="position:absolute;left:0;top:0"></canvas><script>
const g = document.querySelector('canvas').getContext('2d');
function draw(ms) {
	g.clearRect(0, 0, 64, 36);
	g.fillStyle = 'rgba(0,0,255,0.5)';
	g.fillRect(32 + Math.round(ms / 1000 * 30) % 4, 0, 12, 36);
	requestAnimationFrame(draw);
}
requestAnimationFrame(draw);
</script></body></html>
HTML
}

# rgba FILE X [DECODER...]: "R G B A" of pixel (X, 10) of every frame, one
# line per frame.
rgba() {
	local file=$1 x=$2
	shift 2
	ffmpeg -v error "$@" -i "$file" -f rawvideo -pix_fmt rgba - | python3 -c '
import sys
d, x, n = sys.stdin.buffer.read(), int(sys.argv[1]), 64 * 36 * 4
for f in range(len(d) // n):
    p = f * n + (10 * 64 + x) * 4
    print(*d[p:p + 4])' "$x"
}

# expect_alpha FILE X WANT [DECODER...]: every frame's alpha at (X, 10) is
# WANT within 3.
expect_alpha() {
	local file=$1 x=$2 want=$3 a
	shift 3
	rgba "$file" "$x" "$@" >px
	[ -s px ] || fail "no frames decoded from $file"
	while read -r _ _ _ a; do
		[ "$a" -ge $((want - 3)) ] && [ "$a" -le $((want + 3)) ] || { cat px >&2; fail "$file: alpha $a at x=$x, expected $want"; }
	done <px
}

test_half_transparent_pixels_stay_half_transparent() {
	alpha_comp
	setup_tmp
	expect_exit 0 helios render comp.html --mode dom -o a.mov --video-codec prores_ks --pixel-format yuva444p10le \
		--width 64 --height 36 --frame-count 2
	expect_eq "$(ffprobe -v error -show_entries stream=codec_name,profile,pix_fmt -of csv=p=0 a.mov)" \
		"prores,4444,yuva444p12le"
	expect_alpha a.mov 5 128
	expect_alpha a.mov 60 0
	expect_eq "$(rgba a.mov 5 | head -n 1 | cut -d' ' -f1)" 255 "red where it is"
	expect_exit 0 helios render comp.html --mode dom -o a.webm --pixel-format yuva420p --width 64 --height 36 \
		--frame-count 2
	expect_eq "$(ffprobe -v error -show_entries stream_tags=alpha_mode -of csv=p=0 a.webm)" 1
	expect_alpha a.webm 5 128 -c:v libvpx-vp9
	expect_alpha a.webm 60 0 -c:v libvpx-vp9
	# Canvas mode: the canvas's own pixels, transparent where it drew nothing.
	expect_exit 0 helios render comp.html -o seq/c_%d.png --pixel-format rgba --width 64 --height 36 \
		--frame-count 1
	expect_eq "$(ffprobe -v error -show_entries stream=pix_fmt -of csv=p=0 seq/c_0.png)" rgba
	expect_alpha seq/c_0.png 5 0
	expect_alpha seq/c_0.png 40 128
}

test_three_chunk_job_equals_one_piece_alpha_included() {
	alpha_comp
	setup_tmp
	local args="comp.html --mode dom --video-codec prores_ks --pixel-format yuva444p10le --width 64 --height 36 --frame-count 6"
	# shellcheck disable=SC2086 # args are words
	expect_exit 0 helios render $args -o whole.mov
	# shellcheck disable=SC2086
	expect_exit 0 helios render $args -o parts.mov --concurrency 3 --emit-job job.json
	expect_exit 0 helios job run job.json
	expect_eq "$(ffprobe -v error -show_entries stream=pix_fmt -of csv=p=0 parts.mov)" yuva444p12le
	ffmpeg -v error -i whole.mov -f framemd5 -pix_fmt rgba - | grep -v '^#' | awk -F', *' '{print $6}' >whole.md5
	ffmpeg -v error -i parts.mov -f framemd5 -pix_fmt rgba - | grep -v '^#' | awk -F', *' '{print $6}' >parts.md5
	expect_lines whole.md5 6
	expect_eq "$(sort -u whole.md5 | wc -l)" 4 "the bar moves over 4 positions"
	cmp whole.md5 parts.md5 || { diff whole.md5 parts.md5 >&2; fail "merged chunks differ from the whole render"; }
	expect_alpha parts.mov 5 128
}

# Chunks made by ffmpeg: half-transparent grey VP9 with alpha, and one without.
vp9_chunk() {
	ffmpeg -v error -f lavfi -i "color=c=gray@0.5:s=64x36:r=30,format=yuva420p" -frames:v 3 -c:v libvpx-vp9 \
		-pix_fmt "$2" "$1"
}

test_merge_keeps_the_alpha_plane_and_refuses_an_input_without() {
	vp9_chunk p0.webm yuva420p
	vp9_chunk p1.webm yuva420p
	vp9_chunk opaque.webm yuv420p
	expect_exit 0 helios merge out.webm p0.webm p1.webm
	expect_eq "$(ffprobe -v error -show_entries stream_tags=alpha_mode -of csv=p=0 out.webm)" 1
	expect_eq "$(rgba out.webm 5 -c:v libvpx-vp9 | wc -l)" 6
	expect_alpha out.webm 5 128 -c:v libvpx-vp9
	expect_exit 1 helios merge mixed.webm p0.webm opaque.webm
	expect_contains err "helios: merge: 'opaque.webm' has no alpha plane, 'p0.webm' has one"
	[ ! -e mixed.webm ] || fail "a merge that failed wrote its output"
}

test_outputs_without_alpha_are_refused_at_planning() {
	make_comp
	expect_exit 2 helios render comp.html -o x.mov --pixel-format yuva444p10le --emit-job job.json
	expect_contains err "--pixel-format: 'yuva444p10le': libx264 in mov cannot hold transparency (use -o .mov with --video-codec prores_ks (yuva444p10le), -o .webm (libvpx-vp9, yuva420p), or an image sequence: .png (rgba) or .webp (yuva420p))"
	expect_exit 2 helios render comp.html -o x.mp4 --video-codec libvpx-vp9 --pixel-format yuva420p --emit-job job.json
	expect_contains err "mp4 cannot hold transparency"
	expect_exit 2 helios render comp.html -o 'f_%d.jpg' --pixel-format yuva420p --emit-job job.json
	expect_contains err "mjpeg in jpg cannot hold transparency"
	expect_exit 2 helios render comp.html -o x.webm --pixel-format yuva420p --image-format jpeg --emit-job job.json
	expect_contains err "transparency needs --image-format png, not jpeg"
	expect_exit 2 helios render comp.html -o x.mp4 --pixel-format yuv411p --emit-job job.json
	expect_contains err "--pixel-format: 'yuv411p': libx264 takes yuv420p, yuv422p, yuv444p"
	[ ! -e job.json ] || fail "a job was written"
	expect_exit 0 helios render comp.html -o x.webm --pixel-format yuva420p --concurrency 2 --emit-job job.json
	expect_contains job.json "--pixel-format yuva420p"
}
