# Issue 12 item 9: one set of command-line rules for every subcommand:
# abbreviated long options, "did you mean", messages that name their
# subcommand, --help within 80 columns with defaults written one way,
# standard input as "-", and shell completion from the tables.

# The installed share/ directory, beside the installed programs.
share_dir() {
	local bin
	bin=$(dirname "$(command -v helios)")
	echo "$bin/../share"
}

test_unambiguous_prefixes_work_everywhere() {
	make_comp
	expect_exit 0 helios render comp.html --emit job.json --conc 2
	expect_contains out "wrote job.json: 2 chunks"
	expect_exit 0 helios render comp.html --emit=job2.json --frame-c 6
	cmp -s job.json job2.json && fail "--frame-c was not --frame-count"
	expect_exit 0 helios job run job.json --dry --conc 2
	expect_exit 0 helios job export job.json --to make --para 2
	expect_contains out "MAKEFLAGS += -j2"
	# A command's own flags and the render options, under the one rule.
	expect_exit 2 helios probe missing.html --js
	expect_contains err "helios: probe: input: 'missing.html'"
	expect_exit 2 helios probe comp.html --w 2
	expect_eq "$(cat err)" "helios: probe: --w: ambiguous: could be --width, --workers"
	expect_exit 2 helios-tui --lo nothere.json
	expect_eq "$(cat err)" "helios-tui: --load: 'nothere.json': No such file or directory"
}

test_ambiguous_prefixes_name_the_candidates() {
	make_comp
	helios render comp.html --concurrency 2 --emit-job job.json >/dev/null
	expect_exit 2 helios render comp.html --c 2 --emit-job x.json
	expect_eq "$(cat err)" "helios: render: --c: ambiguous: could be --concurrency, --chunk-size, --chunk-duration, --chunk-time, --canvas-selector"
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
	for cmd in "" render job "job run" "job show" "job validate" "job export" merge probe; do
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
	expect_contains synopsis "--completion"
}

# bash: the installed script, driven as bash drives it (COMP_WORDS).
bash_complete() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _helios; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$(share_dir)/bash-completion/completions/helios" "$@"
}

test_bash_completion_from_the_tables() {
	local script
	script="$(share_dir)/bash-completion/completions/helios"
	[ -f "$script" ] || fail "make install did not install $script"
	helios --completion bash | cmp - "$script" || fail "the installed script is not what helios writes"
	expect_exit 2 helios --completion fish
	expect_eq "$(cat err)" "helios: --completion: 'fish': not a shell helios writes completion for (use bash or zsh)"
	expect_eq "$(bash -c 'source "$1"; complete -p helios' _ "$script")" "complete -o filenames -F _helios helios"
	expect_eq "$(bash_complete helios re)" "render"
	expect_eq "$(bash_complete helios job ex)" "export"
	expect_eq "$(bash_complete helios render comp.html --wi)" "--width"
	expect_eq "$(bash_complete helios render comp.html --mode '')" "$(printf 'canvas\ndom')"
	expect_eq "$(bash_complete helios render --video-codec libvpx)" "$(printf 'libvpx\nlibvpx-vp9')"
	expect_eq "$(bash_complete helios render --width '')" ""
	expect_eq "$(bash_complete helios job export j.json --to '')" "$(printf 'parallel\nmake\nk8s\nslurm')"
	expect_eq "$(bash_complete helios job run j.json --re)" "$(printf -- '--retries\n--resume')"
	expect_eq "$(bash_complete helios merge --ff)" "--ffmpeg"
	mkdir sub && : >sub/a.html
	expect_eq "$(bash_complete helios render sub/)" "sub/a.html"
	# Every render flag of the table is offered.
	bash_complete helios render -- >offered
	bash_complete helios render --  | grep -qx -- --props || fail "--props not offered"
	for flag in $(helios render --help | grep -oE '^  (-o, )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
		grep -qx -- "$flag" offered || fail "$flag is not completed"
	done
}

# Issue 26: probe accepts every render option, but its --help and its
# completion offer only those it uses: no job file, no run's reporting.
test_probe_offers_only_the_render_flags_it_uses() {
	helios probe --help >help.txt
	expect_contains help.txt "--canvas-selector SELECTOR"
	for flag in --emit-job --progress-file --verbose; do
		expect_not_contains help.txt "$flag"
		expect_eq "$(bash_complete helios probe comp.html "$flag")" ""
	done
	expect_eq "$(bash_complete helios render comp.html --emit)" "--emit-job"
	expect_eq "$(bash_complete helios probe comp.html --can)" "--canvas-selector"
}

# zsh: the installed function, through zsh's own completion system in a
# pseudo-terminal (zsh/zpty): what a Tab does to a line.  zsh_tab LINE WANT
# reads the screen until it holds WANT (a zsh pattern), for up to 60 s, so a
# loaded machine only makes it slower; each wait polls, none is fixed.
zsh_tab() {
	zsh -f -c '
		zmodload zsh/zpty
		zpty z "TERM=dumb zsh -f -i"
		zpty -w z "PS1=\"%% \"; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; zstyle \":completion:*\" list-prompt \"\"; print ready\$((6*7))"
		out=
		for i in {1..600}; do
			while zpty -r -t z line; do out+=$line; done
			[[ $out == *ready42* ]] && break
			sleep 0.1
		done
		zpty -w -n z "$2"$'"'"'\t'"'"'
		out=
		for i in {1..600}; do
			while zpty -r -t z line; do out+=$line; done
			[[ ${out//$'"'"'\r'"'"'/} == $~3 ]] && break
			sleep 0.1
		done
		print -r -- "${out//$'"'"'\r'"'"'/}"
		zpty -d z' _ "$(share_dir)/zsh/site-functions" "$1" "$2"
}

test_zsh_completion_from_the_tables() {
	[ -f "$(share_dir)/zsh/site-functions/_helios" ] || fail "make install did not install _helios"
	command -v zsh >/dev/null || skip "zsh is not installed (Debian: zsh)"
	zsh -n "$(share_dir)/zsh/site-functions/_helios" || fail "_helios is not valid zsh"
	zsh_tab "helios ren" '*helios render *' >screen
	expect_contains screen "helios render "
	zsh_tab "helios render comp.html --wi" '*--width=*' >screen
	expect_contains screen "helios render comp.html --width="
	zsh_tab "helios render --mode " '*canvas*dom*' >screen
	grep -q "canvas  *dom" screen || { cat screen >&2; fail "no canvas/dom list"; }
	zsh_tab "helios job " '*validate*--*' >screen
	expect_contains screen "validate  -- check a job file's fields and invariants"
	zsh_tab "helios job export j.json --to " '*k8s*make*parallel*slurm*' >screen
	grep -q "k8s  *make  *parallel  *slurm" screen || { cat screen >&2; fail "no format list"; }
	zsh_tab "helios job run j.json --re" '*--resume*skip what is up to date*' >screen
	expect_contains screen "--resume   -- what every run does, kept for scripts: skip what is up to date"
}
