# Issue 12 item 9: one set of command-line rules for every subcommand:
# abbreviated long options, "did you mean", messages that name their
# subcommand, --help within 80 columns with defaults written one way,
# standard input as "-".

test_unambiguous_prefixes_work_everywhere() {
	make_comp
	expect_exit 0 helios render comp.html --emit job.json --conc 2
	expect_contains out "wrote job.json: 2 chunks"
	expect_exit 0 helios render comp.html --emit=job2.json --frame-c 6
	cmp -s job.json job2.json && fail "--frame-c was not --frame-count"
	expect_exit 0 helios job run job.json --dry --conc 2
	expect_exit 0 helios job export job.json --to make --para 2
	expect_contains out "MAKEFLAGS += -j2"
}

test_ambiguous_prefixes_name_the_candidates() {
	make_comp
	helios render comp.html --concurrency 2 --emit-job job.json >/dev/null
	expect_exit 2 helios render comp.html --c 2 --emit-job x.json
	expect_eq "$(cat err)" "helios: render: --c: ambiguous: could be --concurrency, --chunk-size, --chunk-duration, --canvas-selector"
	expect_exit 2 helios job run job.json --re
	expect_eq "$(cat err)" "helios: job run: --re: ambiguous: could be --retries, --resume"
	expect_exit 2 helios merge --f 30 x.mp4 a.mp4
	expect_eq "$(cat err)" "helios: merge: --f: ambiguous: could be --fps, --ffmpeg"
	expect_exit 2 helios job export job.json --to make --r 1
	expect_contains err "helios: job export: --r: ambiguous: could be --retries, --requests"
	[ ! -e x.json ] || fail "x.json written"
}

test_did_you_mean() {
	make_comp
	expect_exit 2 helios rendr comp.html
	expect_eq "$(cat err)" "helios: unknown command 'rendr' (did you mean 'render'?)"
	expect_exit 2 helios job valdate job.json
	expect_eq "$(cat err)" "helios: job: unknown subcommand 'valdate' (did you mean 'validate'?)"
	expect_exit 2 helios render comp.html --widht 640
	expect_eq "$(cat err)" "helios: render: unknown option '--widht' (did you mean --width?)"
	expect_exit 2 helios render comp.html --hlep
	expect_contains err "(did you mean --help?)"
	expect_exit 2 helios job run job.json --concurency 2
	expect_eq "$(cat err)" "helios: job run: unknown option '--concurency' (did you mean --concurrency?)"
	expect_exit 2 helios merge --ffmepg x out.mp4 a.mp4
	expect_eq "$(cat err)" "helios: merge: unknown option '--ffmepg' (did you mean --ffmpeg?)"
	expect_exit 2 helios render comp.html --frobnicate
	expect_eq "$(cat err)" "helios: render: unknown option '--frobnicate' (see --help)"
}

# Every message names the subcommand that wrote it: "helios: job run: …".
test_messages_name_their_subcommand() {
	make_comp
	helios render comp.html --concurrency 2 --emit-job job.json >/dev/null
	expect_exit 2 helios job run job.json --chunk 9
	expect_lines err 1
	expect_contains err "helios: job run: "
	expect_contains err "9"
	expect_exit 2 helios render comp.html --fps abc
	expect_eq "$(cat err)" "helios: render: --fps: 'abc': not a frame rate (use 30, 29.97 or 30000/1001)"
	expect_exit 2 helios render nothere.html --emit-job x.json
	expect_contains err "helios: render: input: 'nothere.html'"
	expect_exit 2 helios job show nothere.json
	expect_eq "$(cat err)" "helios: job show: 'nothere.json': No such file or directory"
	expect_exit 2 helios job validate nothere.json
	expect_contains err "helios: job validate: 'nothere.json'"
	expect_exit 2 helios job export nothere.json --to make
	expect_contains err "helios: job export: "
	expect_exit 2 helios job run job.json --timeout
	expect_eq "$(cat err)" "helios: job run: --timeout: missing value"
	expect_exit 2 helios merge --quality
	expect_eq "$(cat err)" "helios: merge: --quality: missing value"
	expect_exit 2 helios job run job.json --dry-run=1
	expect_eq "$(cat err)" "helios: job run: --dry-run: takes no value"
}

test_load_names_the_file_once() {
	expect_exit 2 helios-tui --load nothere.json
	expect_lines err 1
	expect_eq "$(grep -o nothere.json err | wc -l | tr -d ' ')" 1 "times the name is said"
}

test_job_show_and_validate_read_standard_input() {
	make_comp
	helios render comp.html -o final.mp4 --concurrency 2 --emit-job job.json >/dev/null
	helios job show job.json >from-file
	expect_exit 0 sh -c 'helios job show - <job.json'
	expect_eq "$(tail -n +2 out)" "$(tail -n +2 from-file)"
	expect_contains out "standard input: 30 frames (0-29) at 30 fps"
	expect_exit 0 sh -c 'cat job.json | helios job validate -'
	expect_eq "$(cat out)" "standard input: valid: 2 chunks, frames 0-29 (30 frames) at 30 fps"
	expect_exit 2 sh -c 'echo "{" | helios job show -'
	expect_eq "$(cat err)" "helios: job show: standard input: not valid JSON (line 1, byte 2)"
}

# Every --help fits 80 columns, and writes a default as "(default: X)".
test_every_help_fits_80_columns() {
	local cmd
	for cmd in "" render job "job run" "job show" "job validate" "job export" merge; do
		# shellcheck disable=SC2086
		helios $cmd --help >help || fail "helios $cmd --help failed"
		awk -v c="helios $cmd" 'length > 80 { print c ": " length ": " $0; bad = 1 } END { exit bad }' help ||
			fail "helios $cmd --help has lines wider than 80 columns"
		if grep -E '\(default [^:]|; default ' help; then
			fail "helios $cmd --help writes a default another way than '(default: X)'"
		fi
	done
	helios-tui --help >help
	awk 'length > 80 { print; bad = 1 } END { exit bad }' help || fail "helios-tui --help is wider than 80"
	if grep -E '\(default [^:]|; default ' help; then fail "helios-tui --help: another way of writing a default"; fi
	helios render --help >help
	expect_contains help "(default: jpeg)"
	expect_contains help "(default: 30)"
}

test_man_pages_write_defaults_one_way() {
	local page
	for page in "$HELIOS_TESTS"/../man/*.[157] "$HELIOS_TESTS"/../man/helios-tui.1.in; do
		if grep -nE '\(default [^:]|; default |\(default$|, default ' "$page"; then
			fail "$(basename "$page"): a default not written as 'Default: X.' or '(default: X)'"
		fi
	done
}

test_synopsis_lists_job_export() {
	man -l "$HELIOS_TESTS/../man/helios.1" 2>/dev/null | col -b >page.txt || skip "man is not installed"
	sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' page.txt >synopsis
	expect_contains synopsis "validate|show|run|export"
}
