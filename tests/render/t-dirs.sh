# Output directories that do not exist yet: a job planned here runs
# elsewhere, so rendering, merging and writing a job create the missing
# directories of their outputs; only one that cannot be created is an
# error, said early and naming it.

examples=$HELIOS_TESTS/../examples

test_readme_job_into_a_new_directory() {
	setup_tmp
	# The README's own example (there in out/, here in web/: ./out is where
	# expect_exit keeps stdout): -o and --emit-job in a directory not there.
	expect_exit 0 helios render "$examples/canvas-clock.html" --video-codec libvpx-vp9 --quality 32 \
		-o web/final.webm --emit-job web/job.json --width 64 --height 48 --frame-count 4 --concurrency 2
	expect_exit 0 helios job run web/job.json
	[ -f web/final.webm ] || fail "no web/final.webm"
}

test_job_whose_outputs_go_to_a_directory_made_by_its_chunks() {
	setup_tmp
	expect_exit 0 helios render "$examples/canvas-clock.html" -o renders/day1/final.mp4 --emit-job job.json \
		--width 64 --height 48 --frame-count 4 --concurrency 2
	[ ! -e renders ] || fail "planning made the output directory"
	expect_exit 0 helios job run job.json
	[ -f renders/day1/final.mp4 ] || fail "no renders/day1/final.mp4"
}

test_render_and_merge_make_their_directories() {
	setup_tmp
	expect_exit 0 helios render "$examples/canvas-clock.html" -o a/b/one.mp4 --width 64 --height 48 --frame-count 2
	expect_exit 0 helios render "$examples/canvas-clock.html" -o c/d/par.mp4 --width 64 --height 48 \
		--frame-count 4 --concurrency 2
	expect_eq "$(ls -A c/d)" par.mp4
	expect_exit 0 helios merge e/f/merged.mp4 a/b/one.mp4 c/d/par.mp4
	[ -f e/f/merged.mp4 ] || fail "no e/f/merged.mp4"
}

test_directory_that_cannot_be_made_is_named_before_the_browser_starts() {
	setup_tmp
	touch plain
	expect_exit 2 helios render "$examples/canvas-clock.html" -o plain/x.mp4 --frame-count 2
	expect_eq "$(cat err)" "helios: render: cannot create the directory 'plain': a file of that name exists"
	expect_exit 2 helios render "$examples/canvas-clock.html" -o plain/x.mp4 --frame-count 2 --emit-job plain/job.json
	expect_eq "$(cat err)" "helios: render: --emit-job: cannot create the directory 'plain': a file of that name exists"
	ffmpeg -v error -f lavfi -i testsrc=size=64x48:rate=30 -frames:v 2 -pix_fmt yuv420p a.mp4
	expect_exit 2 helios merge plain/m.mp4 a.mp4
	expect_eq "$(cat err)" "helios: merge: cannot create the directory 'plain': a file of that name exists"
	[ -z "$(ls -A tmp)" ] || fail "a browser profile was made: $(ls -A tmp)"
}
