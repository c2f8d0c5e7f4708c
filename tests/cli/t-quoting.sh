# Hostile input and output names: the chunk and merge commands in the job
# split back into exactly the intended argv under /bin/sh and under a
# reference splitter like upstream's (quotes and backslash escapes).

# field FILE EXPR DEST: write a job field's text to DEST, byte for byte.
field() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); open(sys.argv[3],"wb").write(eval(sys.argv[2]).encode("utf-8","surrogateescape"))' "$1" "$2" "$3"
}

# same_words CMDFILE WORD...: the command in CMDFILE splits into WORD... under
# both splitters.  /bin/sh evaluates it with a fake helios that prints its argv.
same_words() {
	local cmdfile=$1
	shift
	printf '%s\0' "$@" >want.bin
	python3 "$HELIOS_TESTS/shsplit.py" <"$cmdfile" >py.bin || fail "reference splitter refused: $(cat "$cmdfile")"
	sh -c 'helios() { printf "%s\0" helios "$@"; }; eval "$(cat "$1")"' sh "$cmdfile" >sh.bin ||
		fail "sh refused: $(cat "$cmdfile")"
	cmp -s py.bin want.bin || { od -c py.bin | head >&2; od -c want.bin | head >&2; fail "reference splitter: wrong words for: $(cat "$cmdfile")"; }
	cmp -s sh.bin want.bin || { od -c sh.bin | head >&2; od -c want.bin | head >&2; fail "/bin/sh: wrong words for: $(cat "$cmdfile")"; }
}

# plan_hostile INPUT OUTPUT [JOBDIR]: plan one chunk and check its commands.
plan_hostile() {
	local input=$1 output=$2 jobdir=${3:-.} in_rel out_rel stem ext
	mkdir -p "$(dirname -- "$input")" "$(dirname -- "$output")" "$jobdir"
	echo '<canvas></canvas>' >"$input"
	expect_exit 0 helios render --frame-count 30 -o "$output" --emit-job "$jobdir/job.json" -- "$input"
	in_rel=$(python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]), end="")' "$input" "$jobdir"; echo x)
	in_rel=${in_rel%x}
	out_rel=$(python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]), end="")' "$output" "$jobdir"; echo x)
	out_rel=${out_rel%x}
	case $in_rel in -*) in_rel=./$in_rel ;; esac
	case $out_rel in -*) out_rel=./$out_rel ;; esac
	stem=${out_rel%.*}
	ext=.${out_rel##*.}
	field "$jobdir/job.json" 'j["chunks"][0]["command"]' cmd.txt
	same_words cmd.txt helios render "$in_rel" -o "${stem}_part_0$ext" --start-frame 0 \
		--frame-count 30 --width 1920 --height 1080 --fps 30 --mode canvas
	field "$jobdir/job.json" 'j["mergeCommand"]' merge.txt
	same_words merge.txt helios merge "$out_rel" "${stem}_part_0$ext"
	field "$jobdir/job.json" 'j["chunks"][0]["outputFile"]' part.txt
	[ "$(cat part.txt; echo x)" = "${stem}_part_0${ext}x" ] || fail "outputFile is '$(cat part.txt)'"
	# Seen from the job directory the input is the file we made.
	(cd "$jobdir" && cmp -s -- "$in_rel" "$OLDPWD/$input") || fail "input '$in_rel' is not '$input' from '$jobdir'"
	expect_exit 0 helios job validate "$jobdir/job.json"
}

test_spaces_and_quotes() {
	plan_hostile "my comp.html" "final cut.mp4"
	plan_hostile "it's.html" "don't.mp4"
	plan_hostile 'say "hi".html' 'a "b" c.mkv'
	plan_hostile "''.html" "'.mov"
}

test_shell_metacharacters() {
	plan_hostile '$HOME.html' '$(id).mp4'
	plan_hostile 'a;b.html' 'a&&b||c.mp4'
	plan_hostile '`id`.html' '${x}`y`.webm'
	plan_hostile '*.html' '?[a]{b,c}.mp4'
	plan_hostile '#x.html' 'a#b!.mp4'
	plan_hostile '~x.html' '=x.mp4'
	plan_hostile '-dash.html' '-out.mp4'
}

test_backslashes_newlines_tabs() {
	plan_hostile 'back\slash.html' 'trailing\.mp4'
	plan_hostile "$(printf 'new\nline.html')" "$(printf 'tab\there.mp4')"
	plan_hostile "$(printf 'x\\\ny.html')" "$(printf 'q\\\\"\t.mp4')"
}

# Newlines are fine in the input and the job's directory; an output's are
# not (issue 10 item 9): its chunks would render, then the merge refuse
# them, as ffmpeg's concat list cannot hold a line break.
test_line_break_in_an_output_is_refused_when_planned() {
	local nl
	nl=$(printf 'a\nb')
	make_comp
	expect_exit 2 helios render comp.html -o "$nl.mp4" --emit-job job.json
	expect_eq "$(cat err)" "helios: render: --output: 'a?b.mp4': holds a line break, which the merge (ffmpeg's concat list) cannot take"
	mkdir "$nl"
	expect_exit 2 helios render comp.html -o "$nl/out.mp4" --emit-job job.json
	expect_exit 2 helios render comp.html -o "$(printf 'a\rb.mp4')" --emit-job job.json
	(cd "$nl" && expect_exit 2 helios render ../comp.html --emit-job job.json) || fail "planned in $nl"
	expect_contains "$nl/err" "--output: its directory's path holds a line break"
	[ ! -e job.json ] && [ ! -e "$nl/job.json" ] || fail "a job file was written"
}

test_non_ascii() {
	plan_hostile "né ü 日本語.html" "vidéo ✓.mp4"
}

test_everything_at_once_in_job_directories() {
	local nasty out
	nasty=$(printf "in dir 'q' \"d\" \$x;\`y\`\\\\ né\ttab\nnl")
	out=${nasty%?nl}	# an output cannot hold the line break
	plan_hostile "$nasty/comp $nasty.html" "$out/out $out.mp4" "jobs $nasty"
	plan_hostile "comp.html" "renders/$out.mkv" "jobs/$nasty/deep"
}

test_hostile_values_of_other_flags_stay_quoted() {
	make_comp
	# --fps with a slash is a plain word; a codec name never needs quotes;
	# the job records settings exactly as canonicalised.
	expect_exit 0 helios render comp.html --fps 24000/1001 --emit-job job.json
	field job.json 'j["chunks"][0]["command"]' cmd.txt
	same_words cmd.txt helios render comp.html -o output_part_0.mp4 --start-frame 0 \
		--frame-count 24 --width 1920 --height 1080 --fps 24000/1001 --mode canvas
}

test_javascript_whitespace_stays_inside_quotes() {
	# Upstream's splitter separates words at any JavaScript whitespace.
	plan_hostile "$(printf 'nb\302\240sp.html')" "$(printf 'ideo\343\200\200graphic.mp4')"
	plan_hostile "$(printf 'line\342\200\250sep.html')" "$(printf 'bom\357\273\277.mkv')"
	plan_hostile "$(printf 'v\vf\fr\r.html')" "x.mp4"
}

# The job of the issue's hostile name, run the way upstream's Node.js runner
# runs one: each command split by its parseCommand (the faithful model in
# tests/shsplit.py) and executed from the job's directory, no shell.
test_hostile_job_runs_through_upstreams_splitter() {
	command -v ffmpeg >/dev/null || skip "ffmpeg is not installed"
	mkdir -p tmp && export TMPDIR=$PWD/tmp
	local dir="my dir/it's \$HOME é\\b"
	mkdir -p "$dir"
	echo '<!doctype html><canvas width="64" height="48"></canvas>' >"$dir/comp.html"
	(cd "$dir" && expect_exit 0 helios render comp.html -o "out é\\b.mp4" --width 64 --height 48 \
		--frame-count 4 --concurrency 2 --emit-job "job \\.json") || fail "planning failed"
	python3 - "$dir/job \\.json" "$HELIOS_TESTS/shsplit.py" <<-'PY' || fail "upstream's runner model failed"
	import importlib.util, json, os, subprocess, sys
	spec = importlib.util.spec_from_file_location("shsplit", sys.argv[2])
	shsplit = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(shsplit)
	job = json.load(open(sys.argv[1]))
	cwd = os.path.dirname(os.path.abspath(sys.argv[1]))
	for command in [c["command"] for c in job["chunks"]] + [job["mergeCommand"]]:
	    argv = shsplit.split(command)
	    print("argv:", argv)
	    subprocess.run(argv, cwd=cwd, check=True)
	PY
	[ -f "$dir/out é\\b.mp4" ] || fail "no merged output"
	expect_eq "$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames \
		-of csv=p=0 "$dir/out é\\b.mp4")" 4
}
