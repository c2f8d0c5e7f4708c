# Image sequences (-o f_%05d.png): one file per composition frame, numbered
# by it; chunks of a job write disjoint files of one sequence, the merge
# checks that every frame is there once, and a run renders again only the
# chunks whose frames are missing or changed.  Every check decodes the
# images with ffmpeg.

# A canvas whose grey level is the frame number times 20 (time t * 30 fps):
# a decoded pixel tells which frame a file holds.
grey_comp() {
	cat >comp.html <<'HTML'
<!doctype html><html><body style="margin:0"><canvas width="64" height="36"></canvas><script>
const g = document.querySelector('canvas').getContext('2d');
function draw(ms) {
	const level = Math.round(ms / 1000 * 30) * 20;
	g.fillStyle = `rgb(${level},${level},${level})`;
	g.fillRect(0, 0, 64, 36);
	requestAnimationFrame(draw);
}
requestAnimationFrame(draw);
</script></body></html>
HTML
}

# The grey level at (10, 10) of an image file, decoded by ffmpeg.
grey_of() {
	ffmpeg -v error -i "$1" -f rawvideo -pix_fmt gray - |
		python3 -c 'import sys; print(sys.stdin.buffer.read()[10 * 64 + 10])'
}

# One md5 of the decoded pixels per file of a directory, in name order.
decoded() {
	local f
	for f in "$1"/*; do
		ffmpeg -v error -i "$f" -f framemd5 - | grep -v '^#' | awk -F', *' '{print $6}'
	done
}

expect_near() {
	[ "$1" -ge $(($2 - 3)) ] && [ "$1" -le $(($2 + 3)) ] || fail "got $1, expected $2 (within 3)${3:+ ($3)}"
}

test_jpeg_and_webp_sequences_take_their_encoders() {
	grey_comp
	setup_tmp
	expect_exit 0 helios render comp.html -o j/%d.jpg --width 64 --height 36 --start-frame 3 --frame-count 1
	expect_eq "$(ls -A j)" "3.jpg"
	expect_eq "$(ffprobe -v error -show_entries stream=codec_name,pix_fmt -of csv=p=0 j/3.jpg)" "mjpeg,yuvj420p"
	expect_near "$(grey_of j/3.jpg)" 60
	expect_exit 0 helios render comp.html -o w/f%02d.webp --width 64 --height 36 --start-frame 1 --frame-count 1
	expect_eq "$(ls -A w)" "f01.webp"
	expect_eq "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 w/f01.webp)" "webp"
	expect_near "$(grey_of w/f01.webp)" 20
}

test_sequence_numbered_by_frame_and_a_three_chunk_job_equals_it() {
	grey_comp
	setup_tmp
	expect_exit 0 helios render comp.html -o whole/f_%05d.png --width 64 --height 36 --start-frame 3 --frame-count 6
	expect_eq "$(ls -A whole | tr '\n' ' ')" "f_00003.png f_00004.png f_00005.png f_00006.png f_00007.png f_00008.png "
	expect_eq "$(ffprobe -v error -show_entries stream=codec_name,width,height,pix_fmt -of csv=p=0 whole/f_00003.png)" \
		"png,64,36,rgb24"
	for f in 3 4 5 6 7 8; do
		expect_near "$(grey_of "whole/f_0000$f.png")" $((f * 20)) "frame $f"
	done
	expect_contains err "-> whole/f_%05d.png ("

	expect_exit 0 helios render comp.html -o parts/f_%05d.png --width 64 --height 36 --start-frame 3 \
		--frame-count 6 --concurrency 3 --emit-job job.json
	expect_eq "$(json job.json '[c["outputFile"] for c in j["chunks"]]')" \
		"['parts/f_00004.png', 'parts/f_00006.png', 'parts/f_00008.png']"
	expect_eq "$(json job.json 'j["mergeCommand"]')" \
		"helios merge parts/f_%05d.png --start-frame 3 parts/f_00004.png parts/f_00006.png parts/f_00008.png"
	expect_exit 0 helios job validate job.json
	# Upstream's renderer writes videos only.
	expect_contains out "chunk commands use flags that only helios's own renderer accepts: -o parts/f_%05d.png"
	expect_exit 0 helios job run job.json
	expect_eq "$(ls -A parts | tr '\n' ' ')" "$(ls -A whole | tr '\n' ' ')"
	expect_eq "$(decoded parts)" "$(decoded whole)" "decoded frames"

	expect_exit 0 helios job run job.json
	expect_contains err "up to date: 3 chunks"
	# A frame gone: its chunk alone renders again, and the sequence is whole.
	rm parts/f_00005.png
	expect_exit 0 helios job run job.json
	expect_contains err "chunk 1 renders again: its output is missing"
	expect_not_contains err "chunk 0: started"
	expect_not_contains err "chunk 2: started"
	expect_eq "$(decoded parts)" "$(decoded whole)" "decoded frames after the second run"
}

test_image_outputs_refused_at_planning() {
	make_comp
	expect_exit 2 helios render comp.html -o poster.png --emit-job job.json
	expect_contains err "--output: 'poster.png': an image sequence names each file by its frame number with %d or %0Nd (such as f_%05d.png)"
	expect_exit 2 helios render comp.html -o 'f_%d_%d.jpg' --emit-job job.json
	expect_contains err "the frame number is one %d or %0Nd in the file name"
	expect_exit 2 helios render comp.html -o 'f_%d.png' --audio-codec aac --emit-job job.json
	expect_contains err "--audio-codec: 'aac': png cannot hold aac"
	expect_exit 2 helios render comp.html -o 'f_%d.webp' --quality 30 --emit-job job.json
	expect_contains err "--quality: '30': libwebp has no quality scale"
	[ ! -e job.json ] || fail "a job was written"
}

test_merge_checks_every_frame_once() {
	for f in 0 1 2 3 4 5; do
		ffmpeg -v error -f lavfi -i color=c=gray:s=16x16 -frames:v 1 "f_0$f.png"
	done
	expect_exit 0 helios merge 'f_%02d.png' f_02.png f_05.png
	expect_exit 2 helios merge 'f_%02d.png' --start-frame 1 f_02.png f_02.png
	expect_contains err "'f_02.png' (frame 2) does not come after 'f_02.png' (frame 2): chunks overlap"
	expect_exit 2 helios merge 'f_%02d.png' --start-frame 1 f_2.png
	expect_contains err "'f_2.png' is not a frame of the sequence 'f_%02d.png'"
	rm f_03.png
	expect_exit 1 helios merge 'f_%02d.png' f_02.png f_05.png
	expect_contains err "'f_03.png' is missing (frames 3-5 end in 'f_05.png')"
	expect_exit 2 helios merge 'f_%02d.png' --quality 3 f_02.png
	expect_contains err "an image sequence is checked, not encoded"
}

test_stills_show_the_frames_asked_for() {
	grey_comp
	setup_tmp
	expect_exit 0 helios render comp.html --frame 7 -o stills/poster.png --width 64 --height 36
	expect_eq "$(ls -A stills)" "poster.png"
	expect_eq "$(ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 stills/poster.png)" \
		"png,64,36"
	expect_near "$(grey_of stills/poster.png)" 140
	expect_exit 0 helios render comp.html --frame 1,4,9 -o thumbs/t_%d.jpg --width 64 --height 36
	expect_eq "$(ls -A thumbs | tr '\n' ' ')" "t_1.jpg t_4.jpg t_9.jpg "
	expect_near "$(grey_of thumbs/t_1.jpg)" 20
	expect_near "$(grey_of thumbs/t_4.jpg)" 80
	expect_near "$(grey_of thumbs/t_9.jpg)" 180
}

test_stills_refused_at_planning() {
	make_comp
	expect_exit 2 helios render comp.html --frame 3 -o x.mp4
	expect_contains err "--frame: '3': stills are images: give -o a .png, .jpg or .webp name"
	expect_exit 2 helios render comp.html --frame 1,2 -o poster.png
	expect_contains err "several frames are several files: put the frame number in the output's name (such as thumb_%d.png)"
	expect_exit 2 helios render comp.html --frame 2,1 -o 't_%d.png'
	expect_contains err "--frame: '2,1': frame 1 after frame 2: list the frames in ascending order, each once"
	expect_exit 2 helios render comp.html --frame 1 -o p.png --concurrency 2
	expect_contains err "stills render in one piece (not with --concurrency)"
	expect_exit 2 helios render comp.html --frame 1 -o p.png --emit-job job.json
	expect_contains err "not as a job (--emit-job)"
	[ ! -e job.json ] && [ ! -e p.png ] || fail "a file was written"
}
