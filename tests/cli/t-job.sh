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

# Upstream's job files carry no metadata.input or metadata.output: the
# merge command names the output (make needs it as a target).
test_upstream_job_exports_to_make() {
	cp "$HELIOS_FIXTURES/upstream-job.json" job.json
	expect_exit 0 helios job export job.json --to make -o job.mk
	grep -q "^$PWD/final.mp4: " job.mk || { cat job.mk >&2; fail "no rule for final.mp4"; }
	expect_exit 0 helios job show job.json
	expect_contains out "4 chunks -> final.mp4"
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
	expect_contains err "helios: job validate: 'bad.json': $2"
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

# refused FILE WANT: every reader of a job refuses FILE with exit 2 and one
# line holding WANT, and writes nothing.
refused() {
	local cmd
	for cmd in "job validate" "job show" "job run" "job export --to make -o x.mk"; do
		# shellcheck disable=SC2086
		expect_exit 2 timeout 10 helios ${cmd%% -o*} "$1" ${cmd#"${cmd%% -o*}"}
		expect_lines err 1
		expect_contains err "$2"
	done
	LANG=C.UTF-8 TERM=xterm expect_exit 2 timeout 10 helios-tui --load "$1" --replay /dev/null --size 80x24
	expect_contains err "$2"
	[ ! -e x.mk ] && [ ! -e "${1%.json}.state.json" ] && [ ! -e final_part_0.mp4 ] || fail "something was written"
}

# Issue 10 item 9: jobs that validate today but could not run to the end.
test_jobs_that_cannot_finish_are_refused() {
	make_comp
	helios render comp.html -o final.mp4 --concurrency 4 --emit-job seed.json >/dev/null
	broken 'j["chunks"][1]["command"] = ""' "chunks[1].command: empty"
	refused bad.json "chunks[1].command: empty"
	broken 'j["chunks"][2]["command"] += " \"--mode"' "chunks[2].command: unterminated double quote"
	refused bad.json "chunks[2].command: unterminated double quote"
	broken 'j["chunks"][0]["command"] = "rm -f comp.html render"' "chunks[0].command: not a 'helios render' command"
	broken 'j["chunks"][3]["outputFile"] = "final\npart_3.mp4"; j["mergeCommand"] = j["mergeCommand"].replace("final_part_3", "\"final\npart_3\"")' \
		"chunks[3].outputFile: holds a line break, which the merge cannot list"
	refused bad.json "chunks[3].outputFile: holds a line break"
	broken 'j["metadata"]["formatVersion"] = 4294967297' "metadata.formatVersion: 4294967297: written by a newer helios"
	refused bad.json "metadata.formatVersion: 4294967297"
	{ cat seed.json; echo '{"chunks": []}'; } >bad.json
	refused bad.json "'bad.json': text after the JSON object (line 54, byte 1)"
	sed 's|"input": "comp.html"|"input": "comp\xff.html"|' seed.json >bad.json
	refused bad.json "'bad.json': not UTF-8 text (line 3, byte 19)"
}

test_plans_that_could_not_finish_are_refused() {
	make_comp
	expect_exit 2 helios render comp.html --base-url "$(printf 'http://x\377/')" --emit-job job.json
	expect_eq "$(cat err)" "helios: render: --base-url: 'http://x?/': not valid UTF-8 (job files are JSON, which holds only UTF-8)"
	expect_exit 2 helios render comp.html --video-codec "$(printf '\377')" --emit-job job.json
	expect_lines err 1
	expect_exit 2 helios render comp.html -o "$(printf 'a\nb.mp4')" --emit-job job.json
	expect_lines err 1
	expect_contains err "--output: 'a?b.mp4': holds a line break"
	[ ! -e job.json ] || fail "a job file was written"
}

# Issue 10 item 10: a FIFO (or any file that is not regular) is refused at
# once, not waited on.
test_fifo_job_file_is_refused() {
	mkfifo fifo.json
	refused fifo.json "'fifo.json': not a regular file"
	mkdir dir.json
	expect_exit 2 timeout 10 helios job validate dir.json
	expect_contains err "'dir.json': not a regular file"
}

# Issue 10 item 10: job show never sends a name's control characters to the terminal.
test_show_escapes_control_characters() {
	make_comp
	helios render comp.html -o "$(printf 'x\033[2Jy\tz\302\233.mp4')" --concurrency 2 --emit-job job.json >/dev/null
	expect_exit 0 helios job show job.json
	expect_contains out "-> x?[2Jy?z?.mp4"
	expect_contains out "x?[2Jy?z?_part_1.mp4"
	expect_contains out "merge: helios merge 'x?[2Jy?z?.mp4'"
	! grep -q "$(printf '[\033\t]')" out || fail "a control character reached stdout: $(od -c out | head)"
	LANG=C.UTF-8 expect_exit 0 helios job show job.json
	! grep -q "$(printf '\302\233')" out || fail "a C1 control reached stdout"
}

# Issue 12 item 8: one rule for --props, whoever wrote the job: the planner,
# the TUI (tests/unit/test_tui_state.c) and the validator refuse the same text.
test_props_must_be_one_json_value() {
	make_comp
	expect_exit 2 helios render comp.html --props '{a:1}' --emit-job job.json
	expect_lines err 1
	expect_contains err "--props: '{a:1}': not valid JSON (at byte 2: expected a key in double quotes)"
	[ ! -e job.json ] || fail "job.json written"
	helios render comp.html -o final.mp4 --concurrency 2 --props '{"a": 1}' --emit-job seed.json >/dev/null
	broken 'j["chunks"][1]["command"] = j["chunks"][1]["command"].replace("\"a\"", "a")' \
		"chunks[1].command: --props: not valid JSON (at byte 2: expected a key in double quotes)"
	broken 'j["metadata"]["settings"]["props"] = "[1,]"' \
		"metadata.settings: --props: '[1,]': not valid JSON (at byte 4"
}
