# helios job validate / show: our files, upstream's, and broken ones.

test_show_prints_the_table() {
	make_comp
	helios render comp.html -o final.mp4 --concurrency 4 --start-frame 100 --emit-job job.json >/dev/null
	expect_exit 0 helios job show job.json
	expect_contains out "job.json: 30 frames (100-129) at 30 fps, 1920x1080, 4 chunks -> final.mp4"
	expect_contains out "start+count"
	# id, start-end inclusive, start+count, from and to timecodes, output.
	grep -qE '^ +0  100-107 +100\+8 +00:00:03\.333  00:00:03\.600  final_part_0\.mp4$' out ||
		fail "row 0 wrong: $(cat out)"
	grep -qE '^ +3  124-129 +124\+6 +00:00:04\.133  00:00:04\.333  final_part_3\.mp4$' out ||
		fail "row 3 wrong: $(cat out)"
	expect_contains out "timeline"
	expect_contains out "merge: helios merge final.mp4 final_part_0.mp4 final_part_1.mp4 final_part_2.mp4 final_part_3.mp4"
	[ ! -s err ] || fail "stderr: $(cat err)"
}

test_show_and_validate_upstream_fixture() {
	cp "$HELIOS_FIXTURES/upstream-job.json" job.json
	expect_exit 0 helios job validate job.json
	expect_eq "$(cat out)" "job.json: valid: 4 chunks, frames 0-99 (100 frames) at 30 fps"
	expect_exit 0 helios job show job.json
	grep -qE '^ +3  75-99 +75\+25 +00:00:02\.500  00:00:03\.333  temp_1712345678901_part_3\.mov$' out ||
		fail "row 3 wrong: $(cat out)"
}

test_validate_our_plans() {
	make_comp
	for args in "--concurrency 1" "--concurrency 7 --balance" "--chunk-size 4" \
		"--keyframe-interval 8 --concurrency 3" "--frame-count 3 --concurrency 9"; do
		# shellcheck disable=SC2086
		helios render comp.html $args --emit-job job.json >/dev/null 2>&1
		expect_exit 0 helios job validate job.json
		expect_contains out "job.json: valid"
	done
}

# broken EXPR WANT: a seed job changed by the Python statement EXPR (on j)
# fails validation with exit 2 and one line containing WANT.
broken() {
	python3 -c 'import json,sys; j=json.load(open("seed.json")); exec(sys.argv[1]); json.dump(j, open("bad.json","w"))' "$1"
	expect_exit 2 helios job validate bad.json
	expect_lines err 1
	expect_contains err "helios: 'bad.json': $2"
	[ ! -s out ] || fail "stdout: $(cat out)"
	expect_exit 2 helios job show bad.json
	expect_contains err "$2"
}

test_validate_rejects_broken_jobs() {
	make_comp
	helios render comp.html -o final.mp4 --concurrency 4 --emit-job seed.json >/dev/null
	broken 'j["chunks"][2]["startFrame"] = 17' "chunks[2].startFrame: 17, expected 16 (frames are missing)"
	broken 'j["chunks"][2]["startFrame"] = 15' "chunks[2].startFrame: 15, expected 16 (chunks overlap)"
	broken 'j["chunks"][1]["id"] = 5' "chunks[1].id: 5, expected 1"
	broken 'j["chunks"][3]["outputFile"] = "final_part_0.mp4"' "chunks: output 'final_part_0.mp4' is used twice"
	broken 'del j["chunks"][3]["frameCount"]' "chunks[3].frameCount: missing"
	broken 'del j["metadata"]["fps"]' "metadata.fps: missing"
	broken 'j["metadata"]["totalFrames"] = 31' "chunks: cover 30 frames, metadata.totalFrames is 31"
	broken 'j["mergeCommand"] = "helios merge final.mp4 final_part_0.mp4 final_part_2.mp4 final_part_1.mp4 final_part_3.mp4"' \
		"mergeCommand: input 'final_part_2.mp4' is not chunks[1].outputFile"
	broken 'j["mergeCommand"] = "helios merge final.mp4 final_part_0.mp4"' \
		"mergeCommand: does not list chunks[1].outputFile"
	broken 'j["metadata"]["formatVersion"] = 2' "metadata.formatVersion: 2: written by a newer helios"
}

test_validate_usage_errors() {
	expect_exit 2 helios job validate missing.json
	expect_lines err 1
	expect_contains err "'missing.json'"
	printf '{\n  "metadata": {,\n' >bad.json
	expect_exit 2 helios job validate bad.json
	expect_lines err 1
	expect_contains err "not valid JSON (line 2"
	expect_exit 2 helios job validate
	expect_lines err 1
	expect_exit 2 helios job validate a.json b.json
	expect_lines err 1
	expect_exit 2 helios job frobnicate x.json
	expect_contains err "unknown subcommand 'frobnicate'"
}
