# Plans written by `helios render --emit-job`: frame arithmetic, codecs,
# chunk counts, paths relative to the job, --base-url, determinism.

# chunks FILE EXPR: a Python expression over each chunk c, as a list.
chunks() {
	json "$1" "[$2 for c in j['chunks']]"
}

test_fractional_duration_keeps_fractions() {
	make_comp
	expect_exit 0 helios render comp.html --duration 2.5 --fps 30 --emit-job job.json
	expect_eq "$(json job.json 'j["metadata"]["totalFrames"]')" 75
	expect_eq "$(json job.json 'j["metadata"]["duration"]')" 2.5
	expect_exit 0 helios render comp.html --duration 0.1 --emit-job job.json
	expect_eq "$(json job.json 'j["metadata"]["totalFrames"]')" 3
	expect_exit 0 helios render comp.html --duration 0.7 --emit-job job.json
	expect_eq "$(json job.json 'j["metadata"]["totalFrames"]')" 21
	expect_exit 0 helios render comp.html --duration 10 --fps 29.97 --emit-job job.json
	expect_eq "$(json job.json 'j["metadata"]["totalFrames"]')" 300
	expect_eq "$(json job.json 'j["metadata"]["fps"]')" 29.97
}

test_ntsc_rate_as_a_fraction() {
	make_comp
	expect_exit 0 helios render comp.html --fps 30000/1001 --concurrency 2 --emit-job job.json
	expect_eq "$(json job.json 'j["metadata"]["totalFrames"]')" 30
	expect_eq "$(json job.json 'round(j["metadata"]["fps"], 6)')" 29.97003
	expect_eq "$(json job.json 'j["metadata"]["settings"]["fps"]')" 30000/1001
	expect_eq "$(chunks job.json '" --fps 30000/1001 " in c["command"]')" "[True, True]"
	# Upstream's renderer reads --fps as a float: validate says the job needs ours.
	expect_exit 0 helios job validate job.json
	expect_contains out "only helios's own renderer"
	expect_exit 0 helios render comp.html --fps 30000/1001 --duration 1001 --emit-job job.json
	expect_eq "$(json job.json 'j["metadata"]["totalFrames"]')" 30000
}

test_explicit_codecs_in_every_chunk_command() {
	make_comp
	expect_exit 0 helios render comp.html -o v.webm --video-codec libvpx-vp9 --audio-codec libopus \
		--quality 40 --concurrency 5 --emit-job job.json
	expect_eq "$(chunks job.json '"--video-codec libvpx-vp9 --audio-codec libopus" in c["command"] and " --quality 40 " in c["command"]')" \
		"[True, True, True, True, True]"
	expect_exit 0 helios render comp.html -o p.mov --video-codec prores_ks --audio-codec pcm_s16le \
		--mode dom --no-headless --width 1280 --height 720 --concurrency 3 --emit-job job.json
	expect_eq "$(chunks job.json 'c["command"].endswith("--width 1280 --height 720 --fps 30 --mode dom --video-codec prores_ks --audio-codec pcm_s16le --no-headless")')" \
		"[True, True, True]"
	expect_eq "$(json job.json 'j["metadata"]["settings"]["video-codec"]')" prores_ks
	# Without codecs none are named.
	expect_exit 0 helios render comp.html --concurrency 2 --emit-job job.json
	expect_eq "$(chunks job.json '"codec" in c["command"]')" "[False, False]"
}

test_more_chunks_than_frames() {
	make_comp
	expect_exit 0 helios render comp.html --frame-count 5 --concurrency 8 --emit-job job.json
	expect_lines err 1
	expect_contains err "helios: render: note: 5 frames make only 5 chunks, not 8"
	expect_contains out "5 chunks"
	expect_eq "$(chunks job.json 'c["frameCount"]')" "[1, 1, 1, 1, 1]"
	expect_exit 0 helios job validate job.json
	# The ceiling rule: 9 frames over 4 is 3 chunks of 3.
	expect_exit 0 helios render comp.html --frame-count 9 --concurrency 4 --emit-job job.json
	expect_contains err "9 frames make only 3 chunks, not 4"
	expect_eq "$(chunks job.json 'c["frameCount"]')" "[3, 3, 3]"
	# --balance gives the four.
	expect_exit 0 helios render comp.html --frame-count 9 --concurrency 4 --balance --emit-job job.json
	[ ! -s err ] || fail "note without need: $(cat err)"
	expect_eq "$(chunks job.json 'c["frameCount"]')" "[3, 2, 2, 2]"
}

test_every_strategy_from_the_cli() {
	make_comp
	expect_exit 0 helios render comp.html --frame-count 100 --chunk-size 30 --emit-job job.json
	expect_eq "$(chunks job.json 'c["frameCount"]')" "[30, 30, 30, 10]"
	expect_exit 0 helios render comp.html --frame-count 100 --chunk-duration 0.5 --fps 24 --emit-job job.json
	expect_eq "$(chunks job.json 'c["frameCount"]')" "[12, 12, 12, 12, 12, 12, 12, 12, 4]"
	expect_exit 0 helios render comp.html --frame-count 100 --concurrency 3 --keyframe-interval 12 \
		--start-frame 7 --emit-job job.json
	expect_eq "$(chunks job.json 'c["startFrame"]')" "[7, 43, 79]"
	expect_eq "$(json job.json 'j["metadata"]["startFrame"]')" 7
	expect_exit 0 helios job validate job.json
}

test_paths_relative_to_the_job_directory() {
	make_comp
	mkdir jobs
	expect_exit 0 helios render comp.html -o jobs/final.mp4 --concurrency 2 --emit-job jobs/job.json
	expect_eq "$(json jobs/job.json 'j["metadata"]["output"]')" final.mp4
	expect_eq "$(json jobs/job.json 'j["metadata"]["input"]')" ../comp.html
	expect_eq "$(chunks jobs/job.json 'c["outputFile"]')" "['final_part_0.mp4', 'final_part_1.mp4']"
	expect_eq "$(json jobs/job.json 'j["chunks"][0]["command"].split()[2]')" ../comp.html
	expect_eq "$(json jobs/job.json 'j["mergeCommand"]')" "helios merge final.mp4 final_part_0.mp4 final_part_1.mp4"
	# The input, seen from the job directory, is the composition.
	(cd jobs && cmp "$(json job.json 'j["metadata"]["input"]')" ../comp.html)

	mkdir -p a/b
	expect_exit 0 helios render ./comp.html -o final.mp4 --emit-job a/b/job.json
	expect_eq "$(json a/b/job.json 'j["metadata"]["input"]')" ../../comp.html
	expect_eq "$(json a/b/job.json 'j["metadata"]["output"]')" ../../final.mp4
	expect_eq "$(json a/b/job.json 'j["chunks"][0]["outputFile"]')" ../../final_part_0.mp4

	expect_exit 0 helios render "$PWD/comp.html" -o "$PWD/jobs/x.mkv" --emit-job jobs/abs.json
	expect_eq "$(json jobs/abs.json 'j["metadata"]["input"]')" ../comp.html
	expect_eq "$(json jobs/abs.json 'j["metadata"]["output"]')" x.mkv

	# Run from elsewhere: still relative to the job file.
	mkdir elsewhere
	(cd elsewhere && helios render ../comp.html -o ../jobs/y.mp4 --emit-job ../jobs/e.json >/dev/null)
	expect_eq "$(json jobs/e.json 'j["metadata"]["input"]')" ../comp.html
	expect_eq "$(json jobs/e.json 'j["metadata"]["output"]')" y.mp4
}

test_dash_names_stay_names() {
	echo '<canvas></canvas>' >-comp.html
	expect_exit 0 helios render -o -final.mp4 --concurrency 2 --emit-job job.json -- -comp.html
	expect_eq "$(json job.json 'j["metadata"]["input"]')" ./-comp.html
	expect_eq "$(json job.json 'j["mergeCommand"]')" "helios merge ./-final.mp4 ./-final_part_0.mp4 ./-final_part_1.mp4"
	expect_exit 0 helios job validate job.json
}

test_base_url_rewrites_the_input() {
	mkdir -p comps jobs
	make_comp "comps/my comp.html"
	expect_exit 0 helios render "comps/my comp.html" --base-url https://cdn.example/site/ \
		--emit-job jobs/job.json
	expect_eq "$(json jobs/job.json 'j["metadata"]["input"]')" "https://cdn.example/site/../comps/my%20comp.html"
	expect_eq "$(json jobs/job.json 'j["metadata"]["inputFile"]')" "../comps/my comp.html"
	expect_eq "$(json jobs/job.json 'j["chunks"][0]["command"].split()[2]')" \
		"https://cdn.example/site/../comps/my%20comp.html"
	expect_exit 0 helios render "comps/my comp.html" --job-base-url http://localhost:8080 --emit-job job.json
	expect_eq "$(json job.json 'j["metadata"]["input"]')" "http://localhost:8080/comps/my%20comp.html"
	# A URL input needs no file and is left alone.
	expect_exit 0 helios render https://h/comp.html --emit-job url.json
	expect_eq "$(json url.json 'j["metadata"]["input"]')" https://h/comp.html
}

test_same_settings_same_bytes() {
	make_comp
	helios render comp.html --fps 29.97 --duration 100 --concurrency 13 --balance -o x.mkv \
		--emit-job one.json >/dev/null
	helios render comp.html --fps 29.97 --duration 100 --concurrency 13 --balance -o x.mkv \
		--emit-job two.json >/dev/null
	cmp one.json two.json
	# Flag order and spelling do not matter, only the values.
	helios render --emit-job=three.json --balance -ox.mkv --concurrency=13 --duration 100.0 \
		--fps 29.970 comp.html >/dev/null
	cmp one.json three.json
}

test_overwrites_an_earlier_job() {
	make_comp
	helios render comp.html --concurrency 2 --emit-job job.json >/dev/null
	expect_exit 0 helios render comp.html --concurrency 3 --emit-job job.json
	expect_eq "$(json job.json 'len(j["chunks"])')" 3
	[ "$(ls -A | grep -c tmp)" = 0 ] || fail "temporary file left: $(ls -A)"
}

test_help_lists_every_flag_of_the_table() {
	local table flag
	table="$HELIOS_TESTS/../include/helios/options.h"
	[ -f "$table" ] || fail "no option table at $table"
	# X(ID, "name", "alias" or NULL, ...
	sed -n 's/^[[:space:]]*X([A-Z_]*, "\([a-z-]*\)", \(NULL\|"\([a-z-]*\)"\).*/\1 \3/p' "$table" >flags
	[ "$(wc -l <flags)" -ge 20 ] || fail "read only $(wc -l <flags) options from $table"
	expect_exit 0 helios render --help
	for flag in $(cat flags); do
		[ "$flag" = input ] && continue
		grep -qE -- "--$flag([ ,=]|$)" out || fail "--$flag missing from 'helios render --help'"
	done
	expect_contains out "-o, --output"
	# And nothing in --help that the table does not have.
	grep -oE -- '--[a-z][a-z-]*' out | sort -u | while read -r flag; do
		[ "$flag" = --help ] && continue
		grep -qx -- "${flag#--}" <(tr ' ' '\n' <flags) || fail "$flag in --help but not in the table"
	done
}

test_explicit_uneven_ranges() {
	make_comp
	expect_exit 0 helios render comp.html --ranges 0-99,100-249,250-299 --emit-job job.json
	expect_eq "$(cat out)" "wrote job.json: 3 chunks, frames 0-299 (300 frames)"
	expect_eq "$(chunks job.json '(c["startFrame"], c["frameCount"])')" "[(0, 100), (100, 150), (250, 50)]"
	expect_eq "$(json job.json 'j["metadata"]["totalFrames"]')" 300
	expect_eq "$(json job.json 'j["metadata"]["settings"]["ranges"]')" "0-99,100-249,250-299"
	expect_contains job.json '"mergeCommand": "helios merge output.mp4 output_part_0.mp4 output_part_1.mp4 output_part_2.mp4"'
	expect_exit 0 helios job validate job.json
	# From a start frame; a frame count must agree.
	expect_exit 0 helios render comp.html --start-frame 10 --frame-count 20 --ranges 10-14,15-29 --emit-job job.json
	expect_eq "$(chunks job.json '(c["startFrame"], c["frameCount"])')" "[(10, 5), (15, 15)]"
	cp job.json good.json
	for bad in "0-9,11-19:range 2 (11-19): starts at 11, not at 10" "0-9,5-19:range 2 (5-19): starts at 5, not at 10" "9-0:range 1 (9-0): ends before it starts" \
		"0-9,:range 1: not FIRST-LAST" "5-9:begins at frame 5, not at --start-frame 0"; do
		expect_exit 2 helios render comp.html --ranges "${bad%%:*}" --emit-job job.json
		expect_contains err "helios: render: --ranges: '${bad%%:*}': ${bad#*:}"
		expect_lines err 1
		cmp -s job.json good.json || fail "a refused plan touched the earlier job"
	done
	expect_exit 2 helios render comp.html --ranges 0-9 --frame-count 30 --emit-job job.json
	expect_contains err "covers 10 frames, not the --frame-count 30"
	expect_exit 2 helios render comp.html --ranges 0-9 --chunk-size 3 --emit-job job.json
	expect_contains err "give one way to split"
}

test_job_validate_reads_the_new_settings() {
	make_comp
	expect_exit 0 helios render comp.html --ranges 0-9,10-29 --max-chunks 4 --emit-job job.json
	expect_exit 0 helios job validate job.json
	# A job whose recorded ranges are not a list is malformed, at its place.
	sed 's/"ranges": "0-9,10-29"/"ranges": "0-9,12-29"/' job.json >bad.json
	expect_exit 2 helios job validate bad.json
	expect_contains err "metadata.settings: --ranges: '0-9,12-29': range 2 (12-29): starts at 12"
	sed 's/"max-chunks": "4"/"max-chunks": "0"/' job.json >bad.json
	expect_exit 2 helios job validate bad.json
	expect_contains err "--max-chunks"
}

test_max_chunks_caps_every_split() {
	make_comp
	expect_exit 0 helios render comp.html --frame-count 100 --concurrency 8 --max-chunks 3 --emit-job job.json
	expect_eq "$(chunks job.json 'c["frameCount"]')" "[34, 34, 32]"
	expect_eq "$(json job.json 'j["metadata"]["settings"]["max-chunks"]')" 3
	[ ! -s err ] || fail "a cap is not a shortfall: $(cat err)"
	# By size: chunks grow so there are no more than the cap.
	expect_exit 0 helios render comp.html --frame-count 100 --chunk-size 10 --max-chunks 4 --emit-job job.json
	expect_eq "$(chunks job.json 'c["frameCount"]')" "[25, 25, 25, 25]"
	# By duration: a short video keeps its fewer chunks, a long one is capped.
	expect_exit 0 helios render comp.html --duration 2 --chunk-duration 1 --max-chunks 4 --emit-job job.json
	expect_eq "$(chunks job.json 'c["frameCount"]')" "[30, 30]"
	expect_exit 0 helios render comp.html --duration 600 --chunk-duration 1 --max-chunks 4 \
		--keyframe-interval 60 --emit-job job.json
	expect_eq "$(chunks job.json 'c["frameCount"]')" "[4500, 4500, 4500, 4500]"
	expect_exit 2 helios render comp.html --max-chunks 0 --emit-job job.json
	expect_contains err "--max-chunks: '0'"
}
