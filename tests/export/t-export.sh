# helios job export: the text of every format, checked by the tools that
# read it (shellcheck, sh, make, GNU parallel, a YAML parser), with a
# stand-in helios that records what it is asked to do.  The end-to-end runs
# with the real runner are in t-export-run.sh.

# A 7-chunk job of 70 frames in directory $1 (created), output $2.  It is
# planned in a plain directory and moved: a job cannot be planned where the
# merge could not list its chunks (a line break), yet its scripts must
# still quote such a directory.
seven_chunk_job() {
	mkdir -p "$1" plan.tmp
	make_comp plan.tmp/comp.html
	(cd plan.tmp && helios render comp.html -o "$2" --frame-count 70 --concurrency 7 \
		--emit-job job.json >/dev/null)
	mv plan.tmp/comp.html plan.tmp/job.json "$1/"
	rmdir plan.tmp
}

# A directory name with what breaks naive quoting: blanks, both quotes, '$',
# ';', a backquote, a newline and a non-ASCII letter.
hostile_dir() {
	printf '%s/a b'\''c"d$e;f`g\nh \303\251' "$PWD"
}

# The same without what make cannot name (';', '|', '\', tab, newline).
make_hostile_dir() {
	printf '%s/sp ace'\''q"d$x#h%%p:c=e (1)' "$PWD"
}

# An output name that needs quoting in every format.
hostile_output="fin al'\$x.mp4"

# fake/helios: a stand-in that records its working directory and arguments,
# NUL-separated, in log/<chunk-ID|merge>, appends to log/runs, makes the file
# the real one would make (FAKE_PART: chunk output path without "<id>.mp4";
# FAKE_OUTPUT: the merged file), and fails on the chunk named by FAKE_FAIL
# after writing part of its output.
make_fake_helios() {
	mkdir -p fake log
	cat >fake/helios <<-FAKE
	#!/bin/sh
	log='$PWD/log'
	case \$1:\$4 in
	job:--merge-only) what=merge out=\${FAKE_OUTPUT:-/dev/null/x} ;;
	job:*) what=chunk-\$5 out=\${FAKE_PART:-/dev/null/x}\$5.mp4 ;;
	*) what=\$1 out=\$2 ;;
	esac
	printf '%s\0' "\$PWD" "\$@" >"\$log/\$what"
	echo "\$what" >>"\$log/runs"
	if [ "\$what" = "\${FAKE_FAIL:-}" ]; then
		echo partial >"\$out"
		exit 1
	fi
	case \$what in
	merge) if [ -n "\${FAKE_OUTPUT:-}" ]; then echo done >"\$out"; fi ;;
	*) if [ -n "\${FAKE_PART:-}" ]; then echo done >"\$out"; fi ;;
	esac
	FAKE
	chmod +x fake/helios
}

# expect_args FILE ARG...: the stand-in recorded exactly these words.
expect_args() {
	local file=$1
	shift
	[ -f "$file" ] || fail "$file: not recorded (the command did not run)"
	printf '%s\0' "$@" | cmp -s - "$file" ||
		fail "$file: recorded $(tr '\0' '|' <"$file"), expected $(printf '%s|' "$@")"
}

# expect_merge_args LOG DIR JOB: the merge ran as `helios job run JOB
# --merge-only` from DIR; the job's mergeCommand never reaches a shell.
expect_merge_args() {
	expect_args "$1" "$2" job run "$3" --merge-only
}

test_k8s_yaml_for_seven_chunks() {
	seven_chunk_job . final.mp4
	expect_exit 0 helios job export job.json --to k8s --parallelism 3 --retries 2 \
		--volume-claim renders --namespace video --image registry.example/helios:1 -o jobs.yaml
	[ ! -s out ] || fail "wrote to stdout with -o"
	python3 - "$PWD/jobs.yaml" "$PWD/job.json" <<-'PY'
	import json, sys, yaml
	docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]
	job = json.load(open(sys.argv[2]))
	assert len(docs) == 2, docs
	chunks, merge = docs
	for d, part in ((chunks, "chunks"), (merge, "merge")):
	    assert d["apiVersion"] == "batch/v1" and d["kind"] == "Job", d
	    assert d["metadata"]["namespace"] == "video", d["metadata"]
	    assert d["metadata"]["name"] == "final-" + part, d["metadata"]
	    assert d["metadata"]["labels"]["app.kubernetes.io/component"] == part
	    pod = d["spec"]["template"]["spec"]
	    assert pod["restartPolicy"] == "Never", pod
	    (c,) = pod["containers"]
	    assert c["image"] == "registry.example/helios:1", c
	    assert c["volumeMounts"] == [{"name": "work", "mountPath": "/work"}], c
	    assert pod["volumes"] == [{"name": "work", "persistentVolumeClaim": {"claimName": "renders"}}], pod
	s = chunks["spec"]
	assert s["completionMode"] == "Indexed", s
	assert s["completions"] == 7 == len(job["chunks"]), s
	assert s["parallelism"] == 3 and s["backoffLimitPerIndex"] == 2 and s["maxFailedIndexes"] == 0, s
	# Exactly what `helios job run --chunk` expects: the job file, the index.
	cmd = s["template"]["spec"]["containers"][0]["command"]
	assert cmd == ["helios", "job", "run", "/work/job.json", "--chunk", "$(JOB_COMPLETION_INDEX)", "--no-merge"], cmd
	m = merge["spec"]
	assert m["completions"] == 1 and m["backoffLimit"] == 2, m
	cmd = m["template"]["spec"]["containers"][0]["command"]
	assert cmd == ["helios", "job", "run", "/work/job.json", "--merge-only"], cmd
	PY
}

test_k8s_hostile_paths_survive() {
	local dir
	dir=$(hostile_dir)
	seven_chunk_job "$dir" "$hostile_output"
	# The workdir is the job directory itself, so the merge can really run here.
	expect_exit 0 helios job export "$dir/job.json" --to k8s --volume-claim "claim \"x\"" \
		--workdir "$dir" -o jobs.yaml
	make_fake_helios
	# Expand the commands as Kubernetes does ($$ is '$', $(VAR) a variable),
	# then run them as the container would.
	python3 - "$PWD/jobs.yaml" "$dir" <<-'PY'
	import os, re, subprocess, sys, yaml
	docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]
	env = {"JOB_COMPLETION_INDEX": "4"}
	def expand(s):
	    return re.sub(r"\$\$|\$\((\w+)\)", lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)), s)
	pods = [[expand(a) for a in d["spec"]["template"]["spec"]["containers"][0]["command"]] for d in docs]
	assert docs[0]["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"] == 'claim "x"'
	assert docs[0]["spec"]["template"]["spec"]["containers"][0]["workingDir"] == sys.argv[2]
	fake = os.path.join(os.getcwd(), "fake")
	for argv in pods:
	    argv[0] = os.path.join(fake, argv[0]) if argv[0] == "helios" else argv[0]
	    subprocess.run(argv, check=True, env=dict(os.environ, PATH=fake + ":" + os.environ["PATH"]))
	PY
	expect_args log/chunk-4 "$PWD" job run "$dir/job.json" --chunk 4 --no-merge
	expect_merge_args log/merge "$PWD" "$dir/job.json"
}

test_parallel_script_passes_shellcheck() {
	seven_chunk_job . final.mp4
	expect_exit 0 helios job export job.json --to parallel --parallelism 4 --retries 2 \
		--hosts :,worker1 -o run.sh
	[ -x run.sh ] || fail "run.sh is not executable"
	shellcheck run.sh
	bash -n run.sh
	sh -n run.sh
	expect_contains run.sh "seq 0 6 | parallel -q -j 4 --joblog \"\$joblog\" --retries 3 --halt soon,fail=1 -S :,worker1"
	expect_contains run.sh "sh -c 'helios job run \"\$1\" --chunk \"\$2\" --no-merge || {"
	expect_contains run.sh "sh \"\$job\" {} \"\$failed\" || status=\$?"
	expect_contains run.sh "failed=$PWD/job.parallel.failed.log"
	expect_contains run.sh "joblog=$PWD/job.parallel.log"
	expect_contains run.sh "shared filesystem"
}

test_parallel_hostile_paths_survive_and_resume() {
	local dir
	dir=$(hostile_dir)
	seven_chunk_job "$dir" "$hostile_output"
	expect_exit 0 helios job export "$dir/job.json" --to parallel --hosts : -o run.sh
	shellcheck run.sh
	make_fake_helios
	# Chunk 5 fails: the run stops and there is no merge.
	expect_exit 1 env PATH="$PWD/fake:$PATH" FAKE_FAIL=chunk-5 sh run.sh
	[ ! -e log/merge ] || fail "merged after a failed chunk"
	expect_args log/chunk-5 "$PWD" job run "$dir/job.json" --chunk 5 --no-merge
	# Fixed: the second run runs every chunk again (helios job run decides
	# what is up to date, issue 22), then the merge.
	: >log/runs
	expect_exit 0 env PATH="$PWD/fake:$PATH" sh run.sh
	grep -qx chunk-5 log/runs || fail "chunk 5 not run again"
	expect_eq "$(grep -c chunk- log/runs)" 7
	for i in 0 1 2 3 4 5 6; do
		expect_args log/chunk-$i "$PWD" job run "$dir/job.json" --chunk $i --no-merge
	done
	expect_merge_args log/merge "$PWD" "$dir/job.json"
}

test_make_hostile_paths_survive() {
	local dir
	dir=$(make_hostile_dir)
	seven_chunk_job "$dir" "$hostile_output"
	expect_exit 0 helios job export "$dir/job.json" --to make -o "jobs.mk"
	make_fake_helios
	export FAKE_PART="$dir/${hostile_output%.mp4}_part_"
	export FAKE_OUTPUT="$dir/$hostile_output"
	expect_exit 0 env PATH="$PWD/fake:$PATH" make -j2 -f jobs.mk
	for i in 0 1 2 3 4 5 6; do
		expect_args log/chunk-$i "$PWD" job run "$dir/job.json" --chunk $i --no-merge
	done
	expect_merge_args log/merge "$PWD" "$dir/job.json"
	[ -f "$dir/$hostile_output" ] || fail "no final output"
	# Everything is made: a second run still asks helios, which knows
	# whether each output is up to date (issue 22).
	: >log/runs
	expect_exit 0 env PATH="$PWD/fake:$PATH" make -j2 -f jobs.mk
	expect_not_contains out "Nothing to be done"
	expect_eq "$(sort log/runs | tr '\n' ' ')" "chunk-0 chunk-1 chunk-2 chunk-3 chunk-4 chunk-5 chunk-6 merge "
}

test_make_failed_chunk_leaves_no_partial_output() {
	seven_chunk_job . final.mp4
	expect_exit 0 helios job export job.json --to make -o jobs.mk
	make_fake_helios
	export FAKE_PART="$PWD/final_part_"
	export FAKE_OUTPUT="$PWD/final.mp4"
	expect_exit 2 env PATH="$PWD/fake:$PATH" FAKE_FAIL=chunk-3 make -f jobs.mk
	[ -f log/chunk-3 ] || fail "chunk 3 did not run"
	[ ! -e final_part_3.mp4 ] || fail "the failed chunk's partial output is still there"
	[ ! -e final.mp4 ] && [ ! -e log/merge ] || fail "merged after a failed chunk"
	# Fixed: every command runs again; helios renders only what is not up
	# to date (issue 22).
	: >log/runs
	expect_exit 0 env PATH="$PWD/fake:$PATH" make -f jobs.mk
	expect_eq "$(tr '\n' ' ' <log/runs)" "chunk-0 chunk-1 chunk-2 chunk-3 chunk-4 chunk-5 chunk-6 merge "
}

test_make_refuses_what_make_cannot_name() {
	local dir=$PWD/semi\;colon
	seven_chunk_job "$dir" final.mp4
	echo earlier >jobs.mk
	expect_exit 2 helios job export "$dir/job.json" --to make -o jobs.mk
	expect_lines err 1
	expect_contains err "make cannot name a file"
	expect_eq "$(cat jobs.mk)" earlier "an earlier file is kept"
	[ -z "$(find . -name 'jobs.mk.tmp*')" ] || fail "temporary file left behind"
}

test_slurm_scripts_pass_shellcheck_and_run() {
	local dir
	dir=$(hostile_dir)
	seven_chunk_job "$dir" "$hostile_output"
	expect_exit 0 helios job export "$dir/job.json" --to slurm --parallelism 3 -o "$dir/render.sh"
	for f in render.sh render.array.sbatch render.merge.sbatch; do
		shellcheck "$dir/$f"
		bash -n "$dir/$f"
	done
	expect_contains "$dir/render.array.sbatch" "#SBATCH --array=0-6%3"
	# The submit script: the array first, then the merge depending on it.
	make_fake_helios
	cat >fake/sbatch <<-FAKE
	#!/bin/sh
	printf '%s\0' "\$@" >>'$PWD/log/sbatch'
	echo '42;cluster'
	FAKE
	chmod +x fake/sbatch
	expect_exit 0 env PATH="$PWD/fake:$PATH" sh "$dir/render.sh"
	expect_args log/sbatch --parsable "--output=$dir/render_%A_%a.log" "$dir/render.array.sbatch" \
		--parsable --kill-on-invalid-dep=yes --dependency=afterok:42 "--output=$dir/render_merge_%j.log" "$dir/render.merge.sbatch"
	# The array body as the engine runs it, one task per index, then the merge.
	local path=$PWD/fake:$PATH
	for i in 0 1 2 3 4 5 6; do
		(cd / && PATH=$path SLURM_ARRAY_TASK_ID=$i sh "$dir/render.array.sbatch")
		expect_args log/chunk-$i "/" job run "$dir/job.json" --chunk $i --no-merge --resume
	done
	(cd / && PATH=$path sh "$dir/render.merge.sbatch")
	expect_merge_args log/merge "/" "$dir/job.json"
}

test_usage_errors_exit_2_with_one_line() {
	seven_chunk_job . final.mp4
	for args in "--to" "--to nope" "" "--to slurm" "--to k8s" "--to make --hosts :" \
		"--to parallel --image x" "--to make --parallelism 0" "--to make --retries x" \
		"--to make --frobnicate" "--to k8s --volume-claim c --workdir rel" \
		"--to k8s --volume-claim c --requests cpu" "--to k8s --volume-claim c --limits memory=1GB" \
		"--to slurm -o s.sh --requests cpu=1" "--to k8s --volume-claim c --ttl-after-finished -1"; do
		# shellcheck disable=SC2086
		expect_exit 2 helios job export job.json $args
		expect_lines err 1
		[ ! -s out ] || fail "stdout for '$args'"
	done
	expect_exit 2 helios job export --to make
	expect_exit 2 helios job export missing.json --to make
	expect_contains err "missing.json"
}

test_help_and_man_page_list_every_option() {
	helios job export --help >help.txt
	for flag in --to --output --parallelism --retries --hosts --image --namespace --volume-claim --workdir \
		--requests --limits --ttl-after-finished; do
		grep -qE -- "$flag[ ,]" help.txt || fail "$flag missing from --help"
		sed 's/\\-/-/g' "$HELIOS_TESTS/../man/helios-job.1" | grep -qF -- "$flag" ||
			fail "$flag missing from helios-job(1)"
	done
	helios job --help | grep -q '^  export ' || fail "export missing from helios job --help"
}

# Issue 10 item 10: a write that fails says why.
test_write_failure_names_the_reason() {
	make_comp
	helios render comp.html --frame-count 3000 --chunk-size 1 --emit-job job.json >/dev/null
	full_disk full 64
	expect_exit 1 helios job export job.json --to make -o full/jobs.mk
	expect_contains err "cannot write '$PWD/full/jobs.mk': No space left on device"
	expect_lines err 1
	[ -z "$(ls -A full)" ] || fail "left behind: $(ls -A full)"
}
