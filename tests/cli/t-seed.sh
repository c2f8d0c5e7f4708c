# The seed plan of DESIGN.md and its neighbours.

test_seed_plan_four_chunks() {
	make_comp
	expect_exit 0 helios render comp.html -o final.mp4 --concurrency 4 --emit-job job.json
	expect_contains out "job.json: 4 chunks"
	expect_eq "$(json job.json '[c["startFrame"] for c in j["chunks"]]')" "[0, 8, 16, 24]"
	expect_eq "$(json job.json '[c["frameCount"] for c in j["chunks"]]')" "[8, 8, 8, 6]"
	expect_eq "$(json job.json '[c["outputFile"] for c in j["chunks"]]')" \
		"['final_part_0.mp4', 'final_part_1.mp4', 'final_part_2.mp4', 'final_part_3.mp4']"
	expect_eq "$(json job.json 'j["mergeCommand"]')" \
		"helios merge final.mp4 final_part_0.mp4 final_part_1.mp4 final_part_2.mp4 final_part_3.mp4"
	expect_eq "$(json job.json 'j["chunks"][1]["command"]')" \
		"helios render comp.html -o final_part_1.mp4 --start-frame 8 --frame-count 8 --width 1920 --height 1080 --fps 30 --mode canvas"
	expect_eq "$(json job.json 'j["metadata"]["totalFrames"]')" 30
}

test_concurrency_one_gives_one_chunk() {
	make_comp
	expect_exit 0 helios render comp.html -o final.mp4 --emit-job job.json
	expect_eq "$(json job.json 'len(j["chunks"])')" 1
	expect_eq "$(json job.json 'j["chunks"][0]["frameCount"]')" 30
}

test_ten_frames_over_four() {
	make_comp
	expect_exit 0 helios render comp.html --frame-count 10 --concurrency 4 --emit-job job.json
	expect_eq "$(json job.json '[c["frameCount"] for c in j["chunks"]]')" "[3, 3, 3, 1]"
}
