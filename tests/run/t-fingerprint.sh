# Issue 22: a chunk counts as done only while its output carries its plan's
# fingerprint, with real renders: a job planned again at another size, a
# chunk zeroed behind the runner's back, a file the page loads edited, the
# composition edited.

# A page that loads late.txt only while the time is in [0.2 s, 0.4 s), with
# a synchronous request so that the frame waits for it: at 10 fps in chunks
# of 2 frames, only chunk 1 reads it.
write_page() {
	cat >page.html <<-'HTML'
	<!doctype html>
	<canvas width="64" height="36"></canvas>
	<script>
	const g = document.querySelector('canvas').getContext('2d');
	function draw() {
		const ms = performance.now();
		let color = '#204080';
		if (ms >= 200 && ms < 400) {
			const x = new XMLHttpRequest();
			x.open('GET', 'late.txt', false);
			x.send();
			color = x.responseText.trim();
		}
		g.fillStyle = color;
		g.fillRect(0, 0, 64, 36);
		requestAnimationFrame(draw);
	}
	requestAnimationFrame(draw);
	</script>
	HTML
	echo '#00ff00' >late.txt
}

# The red, green and blue of each frame, averaged to one pixel.
colors() {
	ffmpeg -v error -i "$1" -vf scale=1:1 -f rawvideo -pix_fmt rgb24 - | od -An -v -tu1 -w3 |
		awk '{ printf "%s%s ", ($1 > 128 ? "r" : "-"), ($2 > 128 ? "g" : "-") }'
}

size_of() {
	ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 "$1"
}

tag_of() {
	ffprobe -v error -show_entries format_tags=comment -of default=nw=1:nk=1 "$1"
}

# plan WIDTH HEIGHT FRAMES CHUNKS: the page's job, at 10 fps.
plan() {
	expect_exit 0 helios render page.html -o final.mp4 --width "$1" --height "$2" --fps 10 --frame-count "$3" \
		--concurrency "$4" --emit-job job.json
}

test_replanned_size_and_a_zeroed_chunk_are_rendered_again() {
	write_page
	plan 64 36 4 2
	expect_exit 0 helios job run job.json --concurrency 2
	expect_eq "$(size_of final.mp4)" "64,36"
	# The output carries the fingerprint the state records.
	expect_eq "$(tag_of final_part_1.mp4)" \
		"helios fingerprint $(json job.state.json 'j["chunks"][1]["fingerprint"]')"
	# The merged file does not claim to be chunk 0 (the concat demuxer
	# keeps no input's comment; the state records the merge's own).
	expect_eq "$(tag_of final_part_0.mp4)" \
		"helios fingerprint $(json job.state.json 'j["chunks"][0]["fingerprint"]')"
	expect_eq "$(tag_of final.mp4)" ""
	plan 96 54 4 2
	expect_exit 1 helios job run job.json --merge-only
	expect_contains err "chunk 0 cannot be merged: 'final_part_0.mp4' is not recorded as made by this plan"
	expect_exit 0 helios job run job.json --concurrency 2
	expect_eq "$(size_of final.mp4)" "96,54"
	# Zeros at the same size and time: only the output itself can tell.
	touch -r final_part_1.mp4 stamp
	dd if=/dev/zero of=final_part_1.mp4 bs="$(stat -c %s final_part_1.mp4)" count=1 conv=notrunc 2>/dev/null
	touch -r stamp final_part_1.mp4
	expect_exit 1 helios job run job.json --merge-only
	expect_contains err "chunk 1 cannot be merged: its output does not carry the chunk's fingerprint"
	expect_exit 0 helios job run job.json
	expect_contains err "resume: 1 of 2 chunks already done; chunk 1 renders again"
	expect_eq "$(size_of final.mp4)" "96,54"
	expect_eq "$(colors final.mp4)" "-- -- -g -g "
}

test_an_edited_file_renders_only_the_chunks_that_loaded_it() {
	write_page
	plan 64 36 6 3
	expect_exit 0 helios job run job.json --concurrency 2
	expect_eq "$(colors final.mp4)" "-- -- -g -g -- -- "
	expect_eq "$(json job.state.json '[[r["path"] for r in c["reads"]] for c in j["chunks"]]')" \
		"[['page.html'], ['page.html', 'late.txt'], ['page.html']]"
	echo '#ff0000' >late.txt
	expect_exit 0 helios job run job.json --concurrency 2
	expect_contains err "resume: 2 of 3 chunks already done; chunk 1 renders again: 'late.txt', which the page loaded, changed"
	expect_not_contains err "chunk 0: started"
	expect_not_contains err "chunk 2: started"
	expect_eq "$(colors final.mp4)" "-- -- r- r- -- -- "
	# The composition itself: every chunk.
	sed -i 's/#204080/#f02080/' page.html
	expect_exit 0 helios job run job.json --concurrency 2
	expect_contains err "resume: 0 of 3 chunks already done; chunk 0 renders again: its output is from another plan"
	expect_eq "$(colors final.mp4)" "r- r- r- r- r- r- "
	expect_exit 0 helios job run job.json
	expect_eq "$(cat err)" "up to date: 3 chunks -> final.mp4 (nothing to do)"
}

# --force: every chunk and the merge again, though all is up to date; with
# --merge-only, only the merge, and a stale chunk is still refused.
test_force_renders_what_is_up_to_date() {
	write_page
	plan 64 36 4 2
	expect_exit 0 helios job run job.json --concurrency 2
	expect_exit 0 helios job run job.json
	expect_eq "$(cat err)" "up to date: 2 chunks -> final.mp4 (nothing to do)"
	stat -c %y final_part_0.mp4 final_part_1.mp4 final.mp4 >before
	expect_exit 0 helios job run job.json --concurrency 2 --force
	expect_contains err "chunk 0: started"
	expect_contains err "chunk 1: started"
	expect_contains err "merge: started"
	expect_contains err "done: 2 chunks, 4 frames"
	stat -c %y final_part_0.mp4 final_part_1.mp4 final.mp4 >after
	expect_eq "$(grep -cFx -f before after)" 0
	expect_exit 0 helios job run job.json
	expect_eq "$(cat err)" "up to date: 2 chunks -> final.mp4 (nothing to do)"
	stat -c %y final.mp4 >before
	expect_exit 0 helios job run job.json --merge-only --force
	expect_contains err "done: merged 2 chunks"
	expect_not_contains err "chunk 0: started"
	expect_eq "$(stat -c %y final.mp4 | grep -cFx -f before)" 0
	expect_eq "$(colors final.mp4)" "-- -- -g -g "
	sed -i 's/#204080/#f02080/' page.html
	expect_exit 1 helios job run job.json --merge-only --force
	expect_contains err "chunk 0 cannot be merged: its output is from another plan"
}
