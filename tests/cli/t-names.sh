# File names a job file cannot carry are refused up front.

test_non_utf8_output_is_refused() {
	make_comp
	echo keep >job.json
	expect_exit 2 helios render comp.html -o "$(printf 'caf\351.mp4')" --emit-job job.json
	expect_contains err "--output: "
	expect_contains err "not valid UTF-8"
	expect_lines err 1
	expect_eq "$(cat job.json)" keep
}

test_non_utf8_input_is_refused() {
	name=$(printf 'comp\377.html')
	make_comp "$name"
	expect_exit 2 helios render "$name" --emit-job job.json
	expect_contains err "not valid UTF-8"
	[ ! -e job.json ] || fail "job.json written"
}

test_utf8_names_are_kept() {
	make_comp "écran.html"
	expect_exit 0 helios render "écran.html" -o "café.mp4" --emit-job job.json
	expect_eq "$(json job.json 'j["chunks"][0]["outputFile"]')" "café_part_0.mp4"
}

test_hidden_file_name_is_not_a_container() {
	make_comp
	expect_exit 2 helios render comp.html -o .mp4 --emit-job job.json
	expect_contains err "--output: '.mp4': unknown container"
}
